"""The REST API (FastAPI, OpenAPI at /docs) and the dashboard server: `create_app(db, token=...)`."""
from .app import create_app

__all__ = ["create_app"]
