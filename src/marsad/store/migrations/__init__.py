"""Alembic migrations of the marsad store (run programmatically by `marsad.store.database`)."""
