"""`eventcoder serve`: the web view and JSON API over a database, read-only."""

from __future__ import annotations

import click

from . import main


@main.command("serve")
@click.option("--db", "db_path", default="events.duckdb", show_default=True, help="Database to show.")
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port.")
def serve_command(db_path: str, host: str, port: int) -> None:
    """Serve the web view (timeline, actor network, map, event table) and the JSON API at /api."""
    import uvicorn

    from ..serve.app import create_app, vendor_missing

    app = create_app(db_path)  # a missing or foreign database fails here, before listening
    if vendor_missing():
        click.echo(
            "eventcoder: note: charts disabled, front-end libraries missing; run `make vendor`", err=True
        )
    if host not in ("127.0.0.1", "localhost", "::1"):
        click.echo(f"eventcoder: note: listening on {host}: the view is open to your network", err=True)
    click.echo(f"eventcoder: serving {db_path} at http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
