"""The central server: FastAPI on uvicorn, SQLAlchemy Core on PostgreSQL or SQLite (DESIGN.md §3).

Needs the ``[server]`` extra. App servers keep no state of their own: everything (users, devices,
records, blobs, login attempts, push replies for idempotency) lives in the database, so a
municipality can run several behind a load balancer against one PostgreSQL.
"""
