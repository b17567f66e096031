"""`eventcoder serve`: the web view and JSON API over a database, read-only."""

from __future__ import annotations

import socket

import click

from ..errors import ConfigError
from . import main
from .options import db_option


def _check_port(host: str, port: int) -> None:
    """One clear line for a port that is taken, instead of uvicorn's log lines."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((host.strip("[]"), port))
        except OSError as exc:
            raise ConfigError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None


@main.command("serve")
@db_option
@click.option("--host", default="127.0.0.1", show_default=True, help="Address to listen on.")
@click.option("--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="Port.")
def serve_command(db_path: str, host: str, port: int) -> None:
    """Serve the web view (timeline, actor network, map, event table) and the JSON API at /api."""
    import uvicorn

    from ..serve.app import LOOPBACK_HOSTS, create_app, vendor_missing

    loopback = host in LOOPBACK_HOSTS
    # A missing or foreign database fails here, before listening.
    app = create_app(db_path, allowed_hosts=LOOPBACK_HOSTS if loopback else None)
    _check_port(host, port)
    if vendor_missing():
        click.echo(
            "eventcoder: note: charts disabled, front-end libraries missing; run `make vendor`", err=True
        )
    if not loopback:
        click.echo(f"eventcoder: note: listening on {host}: the view is open to your network", err=True)
    click.echo(f"eventcoder: serving {db_path} at http://{host}:{port}/ (Ctrl-C to stop)", err=True)
    uvicorn.run(app, host=host, port=port, log_level="warning")
