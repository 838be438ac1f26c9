"""Alembic migrations for the server database, run programmatically (``migrate``)."""

from __future__ import annotations

from pathlib import Path

import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from ..storage import BlobStore

HERE = Path(__file__).resolve().parent


def config(engine: sa.Engine | None = None, store: BlobStore | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(HERE))
    cfg.attributes["engine"] = engine
    cfg.attributes["blob_store"] = store
    return cfg


def migrate(engine: sa.Engine, store: BlobStore | None = None) -> None:
    """Bring the database to the newest schema (creating it when empty). Safe to run twice. ``store``:
    where the files go (needed when an older database still holds files, see 0005)."""
    command.upgrade(config(engine, store), "head")


def current_revision(engine: sa.Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def head_revision() -> str | None:
    return ScriptDirectory.from_config(config()).get_current_head()
