"""Store: documents, events, incidents and the audit log in SQLite or PostgreSQL.

    from marsad.store import open_store, queries
    with open_store("sqlite:///marsad.db") as store, store.session() as session:
        page = queries.list_incidents(session, grade="confirmed", limit=20)

Modules: `database` (open, migrate), `models` (tables), `ingest` (read, extract, store,
cluster), `feeds` (RSS/Atom), `incidents` (clustering against the store), `queries` (the read
and write API the CLI and web app share), `exports` (JSONL, CSV, Parquet, GeoJSON, ACLED,
PLOVER).
"""

__all__ = ["DEFAULT_URL", "Store", "StoreError", "open_store", "resolve_url"]


def __getattr__(name: str):
    """Load SQLAlchemy only when the store is used, so `marsad extract` starts fast."""
    if name in __all__:
        from marsad.store import database

        return getattr(database, name)
    raise AttributeError(f"module 'marsad.store' has no attribute {name!r}")
