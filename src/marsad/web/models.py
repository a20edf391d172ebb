"""Tables of the web app: accounts, API tokens, sessions, login failures, search index.

They live in the store's database and use its declarative `Base`; the Alembic migration
`migrations/versions/0100_web_accounts.py` creates them (keep the two in step).

- `User`: a named account with a role (viewer < analyst < admin) and an argon2 hash.
- `ApiToken`: a bearer token for scripts; only its sha256 is stored.
- `WebSession`: a browser session; the cookie holds a random token, the table its sha256.
- `LoginFailure`: failed logins, counted per user name and per client address to
  rate-limit guessing (shared by all server processes because it is in the database).
- `WebSetting`: key/value settings shared by the server processes (the CSRF signing key).
- `SearchEntry`: the normalised searchable text of an incident (`normalize_text` of its
  place, actor, type and its sources' titles, outlets and texts), kept in step lazily.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from marsad.store.models import Base, Id, utcnow

ROLES = ("viewer", "analyst", "admin")


class User(Base):
    __tablename__ = "web_users"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(120), nullable=False, unique=True)
    role: Mapped[str] = mapped_column(String(16), nullable=False, default="viewer")
    password_hash: Mapped[str | None] = mapped_column(Text)
    disabled: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_login: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class ApiToken(Base):
    __tablename__ = "web_tokens"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("web_users.id", ondelete="CASCADE"), nullable=False
    )
    name: Mapped[str] = mapped_column(String(120), nullable=False, default="")
    token_hash: Mapped[str] = mapped_column(String(64), nullable=False, unique=True)
    prefix: Mapped[str] = mapped_column(String(16), nullable=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    last_used: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    revoked: Mapped[bool] = mapped_column(Boolean, nullable=False, default=False)

    __table_args__ = (Index("ix_web_tokens_user", "user_id"),)


class WebSession(Base):
    __tablename__ = "web_sessions"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # sha256 of the cookie
    user_id: Mapped[int] = mapped_column(
        ForeignKey("web_users.id", ondelete="CASCADE"), nullable=False
    )
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)

    __table_args__ = (Index("ix_web_sessions_user", "user_id"),)


class LoginFailure(Base):
    __tablename__ = "web_login_failures"

    id: Mapped[int] = mapped_column(Id, primary_key=True, autoincrement=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), nullable=False)
    username: Mapped[str] = mapped_column(String(120), nullable=False)
    client: Mapped[str] = mapped_column(String(64), nullable=False)

    __table_args__ = (
        Index("ix_web_login_failures_user", "username", "at"),
        Index("ix_web_login_failures_client", "client", "at"),
    )


class WebSetting(Base):
    __tablename__ = "web_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text, nullable=False)


class SearchEntry(Base):
    __tablename__ = "web_search"

    incident_id: Mapped[int] = mapped_column(
        ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True
    )
    norm: Mapped[str] = mapped_column(Text, nullable=False)
    # copies of the incident's fields when the entry was built: rebuilt when they change
    updated_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    n_events: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
    n_documents: Mapped[int] = mapped_column(Integer, nullable=False, default=0)
