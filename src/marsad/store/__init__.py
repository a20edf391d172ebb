"""Store: documents, events, incidents and the audit log in SQLite or PostgreSQL."""
