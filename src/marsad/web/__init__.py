"""Web: FastAPI app, pages, map and review."""
