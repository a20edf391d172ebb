"""Store fixtures: every store test runs on SQLite and on PostgreSQL.

The PostgreSQL runs need $MARSAD_TEST_PG (a postgresql+psycopg:// URL; `.ci/services` starts a
server and writes it to .ci/env) and are skipped without it. A test run gets its own schema
there (search_path in the URL), so concurrent runs on one server do not meet; the schema is
migrated once and emptied (TRUNCATE) before each test. SQLite tests copy a migrated file.
"""

from __future__ import annotations

import os
import shutil
import sys
import uuid
from pathlib import Path
from urllib.parse import quote

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "incidents"))

PG_URL = os.environ.get("MARSAD_TEST_PG")


def _pg_schema_url(base: str, schema: str) -> str:
    sep = "&" if "?" in base else "?"
    return f"{base}{sep}options={quote(f'-csearch_path={schema}')}"


@pytest.fixture(scope="session")
def _sqlite_template(tmp_path_factory):
    from marsad.store import open_store

    path = tmp_path_factory.mktemp("store-template") / "template.db"
    open_store(f"sqlite:///{path}").close()
    return path


@pytest.fixture(scope="session")
def _pg_schema():
    if not PG_URL:
        yield None
        return
    import sqlalchemy as sa

    from marsad.store import open_store
    from marsad.store.database import resolve_url

    schema = f"test_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    admin = sa.create_engine(resolve_url(PG_URL), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'CREATE SCHEMA "{schema}"'))
    url = _pg_schema_url(resolve_url(PG_URL), schema)
    store = open_store(url)
    tables = [t for t in sa.inspect(store.engine).get_table_names()
              if t != "alembic_version"]
    try:
        yield url, store.engine, tables
    finally:
        store.close()
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request, tmp_path, _sqlite_template, _pg_schema):
    """An empty, migrated store URL on each backend."""
    if request.param == "sqlite":
        path = tmp_path / "store.db"
        shutil.copyfile(_sqlite_template, path)
        return f"sqlite:///{path}"
    if _pg_schema is None:
        pytest.skip("MARSAD_TEST_PG is not set (run .ci/services for a PostgreSQL server)")
    import sqlalchemy as sa

    url, engine, tables = _pg_schema
    with engine.begin() as connection:
        connection.execute(sa.text(
            "TRUNCATE " + ", ".join(f'"{t}"' for t in tables) + " RESTART IDENTITY CASCADE"))
    return url


@pytest.fixture
def store(db_url):
    from marsad.store import open_store

    store = open_store(db_url)
    yield store
    store.close()
