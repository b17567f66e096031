"""The web view: a read-only JSON API over an eventcoder database and the static page that draws it."""

from __future__ import annotations

import logging
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Annotated, Any

import duckdb
from fastapi import Depends, FastAPI, HTTPException, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import FileResponse, HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from starlette.middleware.trustedhost import TrustedHostMiddleware

from ..errors import ConfigError
from ..ontology import PLOVER_TYPES, cameo_table
from ..store.query import MAX_ROWS
from . import queries
from .queries import EventFilter

STATIC = Path(__file__).parent / "static"
# The libraries the page needs from static/vendor/ (copied there by `make vendor`).
VENDOR_FILES = ("d3.min.js", "topojson-client.min.js", "countries-110m.json")

# Host names a server bound to loopback answers to.
LOOPBACK_HOSTS = ["127.0.0.1", "localhost", "::1", "[::1]"]
CSP = "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'"
DOCS_CSP = "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; " + (
    "script-src 'self' 'unsafe-inline'"
)

log = logging.getLogger(__name__)


def vendor_missing(static: Path = STATIC) -> list[str]:
    """Vendored front-end files that are absent (empty when the page can draw everything)."""
    return [name for name in VENDOR_FILES if not (static / "vendor" / name).is_file()]


# What a parameter should look like, added to the message when it does not match its pattern.
HINTS = {
    "root": "a CAMEO root is two digits, e.g. 19",
    "country": "an ISO 3166 alpha-3 code, e.g. SYR",
    "order": "one of " + ", ".join(queries.ORDERS),
    "by": "one of " + ", ".join(queries.TIMELINE_KEYS),
}


def _validation_message(exc: RequestValidationError) -> str:
    # One readable line per bad parameter, e.g. "since: Input should be a valid date ...".
    parts = []
    for err in exc.errors():
        name = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path")) or "request"
        hint = HINTS.get(name) if err.get("type") == "string_pattern_mismatch" else None
        parts.append(f"{name}: {hint}" if hint else f"{name}: {err.get('msg', 'invalid')}")
    return "; ".join(parts)


def event_filter(
    actor: Annotated[
        str | None,
        Query(max_length=200, description="CAMEO code prefix, actor id, country or part of a name"),
    ] = None,
    country: Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$", description="ISO alpha-3")] = None,
    type: Annotated[str | None, Query(description="PLOVER event type, e.g. ASSAULT")] = None,
    root: Annotated[str | None, Query(pattern=r"^\d{2}$", description="CAMEO root, 2 digits")] = None,
    since: Annotated[date | None, Query(description="First day, YYYY-MM-DD")] = None,
    until: Annotated[date | None, Query(description="Last day, YYYY-MM-DD")] = None,
    place: Annotated[str | None, Query(max_length=200, description="Place name or country")] = None,
) -> EventFilter:
    """The shared filter parameters of every list endpoint, checked."""
    if type and type.upper() not in PLOVER_TYPES:
        raise HTTPException(400, f"type: unknown PLOVER type {type!r} (one of {', '.join(PLOVER_TYPES)})")
    if since and until and since > until:
        raise HTTPException(400, f"since ({since}) is after until ({until})")
    return EventFilter(
        actor=actor or None, country=country or None, plover_type=type or None, root=root or None,
        since=since, until=until, place=place or None,
    )  # fmt: skip


Filter = Annotated[EventFilter, Depends(event_filter)]


def cursor(request: Request) -> Iterator[duckdb.DuckDBPyConnection]:
    """A read-only connection for one request (503 while an ingest holds the file too long)."""
    try:
        con = queries.open_read(request.app.state.db_path)
    except ConfigError as exc:
        raise HTTPException(503, str(exc)) from None
    try:
        yield con
    finally:
        con.close()


Cur = Annotated[duckdb.DuckDBPyConnection, Depends(cursor)]


def create_app(db_path: str | Path, static: Path = STATIC, allowed_hosts: list[str] | None = None) -> FastAPI:
    """The FastAPI app for one database; each request reads it through its own read-only connection.

    `allowed_hosts` limits the Host header the app answers (None: any).
    """
    queries.check_database(db_path)  # fail before listening, with one clear line
    # The stock /docs page loads Swagger UI from a CDN; ours serves the vendored copy instead.
    app = FastAPI(
        title="eventcoder",
        summary="Read-only API over coded political events (CAMEO + PLOVER).",
        version="0.1.0",
        docs_url=None,
        redoc_url=None,
    )
    app.state.db_path = str(db_path)
    missing = vendor_missing(static)
    if missing:
        log.warning("web view: vendored libraries missing (%s); run `make vendor`", ", ".join(missing))

    @app.exception_handler(RequestValidationError)
    async def bad_params(request: Request, exc: RequestValidationError) -> JSONResponse:
        message = _validation_message(exc)
        return JSONResponse(
            status_code=422, content={"detail": message, "errors": jsonable_encoder(exc.errors())}
        )

    @app.get("/api/meta", summary="Database totals, date range and front-end status")
    def meta(cur: Cur) -> dict[str, Any]:
        info = queries.summary(cur)
        info["database"] = Path(app.state.db_path).name
        info["vendor_missing"] = vendor_missing(static)
        info["quad_classes"] = {
            1: "Verbal cooperation", 2: "Material cooperation", 3: "Verbal conflict", 4: "Material conflict"
        }  # fmt: skip
        info["plover_order"] = list(PLOVER_TYPES)
        info["cameo_roots"] = {c: i.name for c, i in cameo_table().items() if len(c) == 2}
        return info

    # HEAD too (uptime checks, `curl -I`); a route of its own keeps it out of the OpenAPI description.
    app.add_api_route("/api/meta", meta, methods=["HEAD"], include_in_schema=False)

    @app.get("/api/events", summary="Events matching the filters, one page at a time")
    def events(
        cur: Cur,
        f: Filter,
        limit: Annotated[int, Query(ge=1, le=1000)] = 100,
        offset: Annotated[int, Query(ge=0, le=MAX_ROWS)] = 0,
        order: Annotated[str, Query(pattern="^(" + "|".join(queries.ORDERS) + ")$")] = "day",
    ) -> dict[str, Any]:
        rows = queries.query_events(cur, f, limit=limit, offset=offset, order=order)
        names = cameo_table()
        for row in rows:
            info = names.get(row["cameo_code"] or "")
            row["cameo_name"] = info.name if info else None
        return {"total": queries.count_events(cur, f), "limit": limit, "offset": offset, "events": rows}

    @app.get("/api/events/{event_key}", summary="One event with its evidence sentences and articles")
    def event(cur: Cur, event_key: str) -> dict[str, Any]:
        row = queries.get_event(cur, event_key)
        if row is None:
            raise HTTPException(404, f"no event {event_key!r}")
        info = cameo_table().get(row["cameo_code"] or "")
        row["cameo_name"] = info.name if info else None
        row["mentions"] = queries.mentions_for(cur, event_key)
        return row

    @app.get("/api/actors", summary="Actors with their number of events")
    def actors(cur: Cur, f: Filter, limit: Annotated[int, Query(ge=1, le=2000)] = 200) -> dict[str, Any]:
        return {"actors": queries.actors(cur, f, limit=limit)}

    @app.get("/api/dyads", summary="Source->target pairs with count and mean Goldstein score")
    def dyads(cur: Cur, f: Filter, limit: Annotated[int, Query(ge=1, le=2000)] = 200) -> dict[str, Any]:
        return {"dyads": queries.dyads(cur, f, limit=limit)}

    @app.get("/api/timeline", summary="Event counts per day by quad class or PLOVER type")
    def timeline(
        cur: Cur,
        f: Filter,
        by: Annotated[str, Query(pattern="^(" + "|".join(queries.TIMELINE_KEYS) + ")$")] = "quad_class",
    ) -> dict[str, Any]:
        return {"by": by, "series": queries.timeline(cur, f, by=by)}

    @app.get("/api/places", summary="Geolocated events grouped by place")
    def places(cur: Cur, f: Filter, limit: Annotated[int, Query(ge=1, le=10000)] = 2000) -> dict[str, Any]:
        return {"places": queries.places(cur, f, limit=limit)}

    @app.api_route("/", methods=["GET", "HEAD"], include_in_schema=False)
    def index() -> FileResponse:
        return FileResponse(static / "index.html", headers={"Cache-Control": "no-cache"})

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        if (static / "vendor" / "swagger-ui-bundle.js").is_file():
            return get_swagger_ui_html(
                openapi_url="/openapi.json",
                title="eventcoder API",
                swagger_js_url="/static/vendor/swagger-ui-bundle.js",
                swagger_css_url="/static/vendor/swagger-ui.css",
                swagger_favicon_url="/static/favicon.svg",
            )
        return HTMLResponse(
            "<p>API docs need the vendored Swagger UI: run <code>make vendor</code>. "
            'The API description itself is at <a href="/openapi.json">/openapi.json</a>.</p>'
        )

    app.mount("/static", StaticFiles(directory=static), name="static")
    if allowed_hosts:
        # A page on another site could otherwise point its own host name at 127.0.0.1 (DNS rebinding)
        # and read this API from the user's browser.
        app.add_middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts)

    @app.middleware("http")
    async def headers(request: Request, call_next: Any) -> Any:
        # Read-only: anything but GET/HEAD is refused before it reaches a route.
        if request.method not in ("GET", "HEAD"):
            return JSONResponse(status_code=405, content={"detail": "read-only API: GET only"})
        response = await call_next(request)
        # Nothing loads from elsewhere; the policy makes an injected script inert even if one slipped in.
        # (Swagger UI's page carries an inline bootstrap script, so /docs gets the looser policy.)
        response.headers["Content-Security-Policy"] = DOCS_CSP if request.url.path == "/docs" else CSP
        response.headers["X-Content-Type-Options"] = "nosniff"
        return response

    return app
