"""Alembic environment: always online, on the engine handed over by ``migrations.migrate``."""

from __future__ import annotations

from alembic import context

from inspector.server.db import metadata

engine = context.config.attributes["engine"]

with engine.connect() as connection:
    if connection.dialect.name == "postgresql":
        # Several app servers may start at once: one migrates, the others wait.
        connection.exec_driver_sql("SELECT pg_advisory_lock(724190001)")
        connection.commit()
    try:
        context.configure(connection=connection, target_metadata=metadata,
                          render_as_batch=connection.dialect.name == "sqlite")
        with context.begin_transaction():
            context.run_migrations()
        connection.commit()
    finally:
        if connection.dialect.name == "postgresql":
            connection.exec_driver_sql("SELECT pg_advisory_unlock(724190001)")
            connection.commit()
