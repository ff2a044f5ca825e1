"""`flashpoint serve`: the REST API and the dashboard on one port (registered on the app by cli.py)."""
from __future__ import annotations

import os
from typing import Optional

import typer

from .cli_common import DB_HELP, db_path, err
from .errors import InputError

LOOPBACK = ("127.0.0.1", "::1", "localhost")


def serve(db: Optional[str] = typer.Option(None, "--db", help=DB_HELP),
          host: str = typer.Option("127.0.0.1", "--host", help="Address to bind (default loopback only)."),
          port: int = typer.Option(8000, "--port", help="Port to listen on.")) -> None:
    """Serve the REST API (OpenAPI at /docs) and the dashboard (at /). Read-only unless
    FLASHPOINT_API_TOKEN is set, which enables POST /api/articles with that bearer token."""
    import uvicorn

    from .api import create_app
    from .api.app import TOKEN_ENV

    if not 0 < port < 65536:
        raise InputError(f"--port {port} is not a port number (1-65535)")
    token = os.environ.get(TOKEN_ENV) or None
    if token is not None and len(token) < 16:
        raise InputError(f"{TOKEN_ENV} is shorter than 16 characters; use a long random token "
                         "(python -c 'import secrets; print(secrets.token_urlsafe(32))')")
    app = create_app(db_path(db), token=token)
    if host not in LOOPBACK:
        err.print(f"warning: serving on {host}, reachable from other machines"
                  + ("" if token is None else "; writes need the token"), markup=False, highlight=False)
    err.print(f"flashpoint: dashboard at http://{'[' + host + ']' if ':' in host else host}:{port}/ , "
              f"API docs at /docs ({'read-write with token' if token else 'read-only'})",
              markup=False, highlight=False)
    uvicorn.run(app, host=host, port=port, log_level="warning")
