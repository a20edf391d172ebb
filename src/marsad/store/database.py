"""Open a store by URL: SQLite file by default, PostgreSQL for a team; migrate on open.

    store = open_store("sqlite:///marsad.db")      # or postgresql://user:pw@host/db
    with store.session() as session:               # commits on success, rolls back on error
        ...

The URL comes from the argument, else the `MARSAD_DB` environment variable, else
`sqlite:///marsad.db`. `postgresql://` and `postgres://` URLs use the psycopg 3 driver.
Opening a store upgrades its schema to the newest Alembic revision shipped in the package
(under a PostgreSQL advisory lock, so several processes may open it at once).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Self

from sqlalchemy import create_engine, event, text
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_URL = "sqlite:///marsad.db"
MIGRATIONS = Path(__file__).resolve().parent / "migrations"
_MIGRATION_LOCK = 74_617_283  # pg_advisory_lock key for schema upgrades


class StoreError(Exception):
    """The store cannot be opened or used (bad URL, server down, newer schema)."""


def resolve_url(url: str | None = None) -> str:
    """The store URL to use: `url`, else $MARSAD_DB, else the default SQLite file."""
    url = url or os.environ.get("MARSAD_DB") or DEFAULT_URL
    if url.startswith("postgres://"):
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def redact(url: str) -> str:
    """The URL without its password, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _sqlite_pragmas(dbapi_connection, _record) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()


def make_engine(url: str) -> Engine:
    try:
        parsed = make_url(url)
    except ArgumentError as err:
        raise StoreError(f"--db: not a database URL: {url!r} ({err})") from None
    if parsed.get_backend_name() == "sqlite":
        database = parsed.database
        if database and database != ":memory:" and not database.startswith("file:"):
            parent = Path(database).expanduser().resolve().parent
            if not parent.is_dir():
                raise StoreError(f"--db: folder {parent} does not exist")
        engine = create_engine(url, connect_args={"timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    try:
        return create_engine(url, pool_pre_ping=True)
    except Exception as err:  # noqa: BLE001 - missing driver, bad options: one line
        raise StoreError(f"--db: cannot use {redact(url)}: {err}") from None


def _alembic_config(connection):
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    config = _alembic_config(None)
    return ScriptDirectory.from_config(config).get_current_head()


def current_revision(engine: Engine) -> str | None:
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


def migrate(engine: Engine, revision: str = "head") -> None:
    """Upgrade the schema to `revision` (no-op when already there)."""
    from alembic import command

    if revision == "head" and current_revision(engine) == head_revision():
        return
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _MIGRATION_LOCK})
        command.upgrade(_alembic_config(connection), revision)


class Store:
    """An open store: an engine, a session factory and the URL it came from."""

    def __init__(self, url: str | None = None, *, migrate_schema: bool = True) -> None:
        self.url = resolve_url(url)
        self.engine = make_engine(self.url)
        try:
            if migrate_schema:
                migrate(self.engine)
        except Exception as err:
            self.engine.dispose()
            raise StoreError(f"cannot open store {redact(self.url)}: {_short(err)}") from err
        self.sessionmaker = sessionmaker(self.engine, expire_on_commit=False)

    @property
    def dialect(self) -> str:
        return self.engine.dialect.name

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session that commits when the block ends and rolls back on an exception."""
        session = self.sessionmaker()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def close(self) -> None:
        self.engine.dispose()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"Store({redact(self.url)!r})"


def open_store(url: str | None = None) -> Store:
    """Open (and migrate) the store at `url`, $MARSAD_DB or `sqlite:///marsad.db`."""
    return Store(url)


def _short(err: BaseException) -> str:
    message = str(getattr(err, "orig", None) or err).strip().splitlines()
    return message[0] if message else type(err).__name__
