"""The back office's own tables (migration 0004): browser sessions and the access log."""

from __future__ import annotations

import sqlalchemy as sa

from ..db import metadata

web_sessions = sa.Table(
    "web_sessions", metadata,
    sa.Column("token_hash", sa.String(64), primary_key=True),  # SHA-256 of the cookie's random token
    sa.Column("user_id", sa.Integer, sa.ForeignKey("users.id"), nullable=False),
    sa.Column("csrf", sa.String(64), nullable=False),  # the token every form of this session carries
    sa.Column("created_at", sa.String(32), nullable=False),
    sa.Column("last_seen_at", sa.String(32), nullable=False),
    sa.Column("expires_at", sa.String(32), nullable=False),
    sa.Index("web_sessions_expiry", "expires_at"),
)

access_log = sa.Table(  # every page view and download that shows personal data
    "access_log", metadata,
    sa.Column("id", sa.Integer, primary_key=True, autoincrement=True),
    sa.Column("at", sa.String(32), nullable=False),
    sa.Column("user_id", sa.Integer, nullable=False),
    sa.Column("username", sa.String(200), nullable=False),
    sa.Column("action", sa.String(40), nullable=False),
    sa.Column("target", sa.String(200), nullable=False),  # a case id, a visit id, a team, a search
    sa.Column("detail", sa.String(500), nullable=False),
    sa.Column("ip", sa.String(64), nullable=False),
    sa.Index("access_log_at", "at"),
    sa.Index("access_log_target", "target"),
)
