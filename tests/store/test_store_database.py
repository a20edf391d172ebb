"""Opening a store: migrations shipped in the package, URL handling, one-line errors."""

from __future__ import annotations

import pytest
from sqlalchemy import inspect

from marsad.store import StoreError, open_store
from marsad.store.database import current_revision, head_revision, resolve_url


def test_migrations_create_the_schema_the_models_describe(db_url):
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    from marsad.store.models import Base

    store = open_store(db_url)
    try:
        assert current_revision(store.engine) == head_revision()

        def ours(name, type_, parent_names):
            # tables of other parts (the web app's) may exist; ours must match exactly
            if type_ == "schema":
                return True
            if type_ == "table":
                return name in Base.metadata.tables or name == "alembic_version"
            return parent_names.get("table_name") in Base.metadata.tables

        with store.engine.connect() as connection:
            context = MigrationContext.configure(connection, opts={"include_name": ours})
            diff = compare_metadata(context, Base.metadata)
        assert [d for d in diff if not (d[0] == "remove_table"
                                        and d[1].name == "alembic_version")] == []
        tables = set(inspect(store.engine).get_table_names())
        assert {"documents", "events", "evidence_spans", "incidents", "incident_members",
                "assessments", "audit_log", "ingest_runs", "ingest_errors"} <= tables
    finally:
        store.close()


def test_opening_twice_is_harmless(db_url):
    open_store(db_url).close()
    store = open_store(db_url)
    assert current_revision(store.engine) == head_revision()
    store.close()


def test_sha256_is_unique_in_the_schema(db_url):
    store = open_store(db_url)
    uniques = inspect(store.engine).get_unique_constraints("documents")
    store.close()
    assert any(u["column_names"] == ["sha256"] for u in uniques)


def test_url_resolution(monkeypatch):
    monkeypatch.delenv("MARSAD_DB", raising=False)
    assert resolve_url(None) == "sqlite:///marsad.db"
    monkeypatch.setenv("MARSAD_DB", "sqlite:///other.db")
    assert resolve_url(None) == "sqlite:///other.db"
    assert resolve_url("postgresql://u:p@h/db") == "postgresql+psycopg://u:p@h/db"
    assert resolve_url("postgres://u:p@h/db") == "postgresql+psycopg://u:p@h/db"


def test_bad_urls_give_one_line_errors(tmp_path):
    with pytest.raises(StoreError) as err:
        open_store("not a url")
    assert "--db" in str(err.value) and "\n" not in str(err.value)
    with pytest.raises(StoreError) as err:
        open_store(f"sqlite:///{tmp_path}/missing/dir/x.db")
    assert "does not exist" in str(err.value)
    with pytest.raises(StoreError) as err:
        open_store("postgresql://nobody:wrong@127.0.0.1:1/none")
    assert "cannot open store" in str(err.value) and "wrong" not in str(err.value)
