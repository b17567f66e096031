"""The web view in headless Chromium against the real server on 127.0.0.1.

Set EVENTCODER_SCREENSHOTS=DIR to also write timeline.png, network.png, map.png and table.png there
(EVENTCODER_SCREENSHOT_DB=PATH shows that database instead of the test one).
"""

from __future__ import annotations

import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from eventcoder.serve.app import STATIC, create_app, vendor_missing
from test_serve_common import EVENTS, XSS_ACTOR, XSS_TEXT, build_db

pytestmark = pytest.mark.browser

CHROMIUM = Path("/usr/bin/chromium")
ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]  # fmt: skip

if not CHROMIUM.exists():
    pytest.skip("headless Chromium is not installed at /usr/bin/chromium", allow_module_level=True)
if vendor_missing():
    pytest.skip("front-end libraries are not vendored (run `make vendor`)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api")
uvicorn = pytest.importorskip("uvicorn")


class Server:
    """uvicorn in a thread on a free loopback port, stopped on exit."""

    def __init__(self, app: Any) -> None:
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.server = uvicorn.Server(
            uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        )
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.url = f"http://127.0.0.1:{self.port}/"

    def __enter__(self) -> Server:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("the web server did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_db(tmp_path_factory.mktemp("serve-browser") / "events.duckdb")


@pytest.fixture(scope="module")
def server(db: Path) -> Iterator[Server]:
    with Server(create_app(db)) as s:
        yield s


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield b
        b.close()


@pytest.fixture
def page(browser: Any, server: Server) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1400, "height": 1100})
    p = context.new_page()
    errors: list[str] = []
    p.on("pageerror", lambda exc: errors.append(str(exc)))
    # Nothing may be fetched from anywhere but our server.
    outside: list[str] = []
    p.on("request", lambda r: None if r.url.startswith(server.url) else outside.append(r.url))
    p.goto(server.url)
    wait_render(p, 1)
    yield p
    context.close()
    assert not errors, errors
    assert not outside, outside


def wait_render(page: Any, n: int) -> None:
    """Wait until the page has finished its n-th redraw of all views."""
    page.wait_for_function("n => Number(document.body.dataset.renders || 0) >= n", arg=n, timeout=15000)


def renders(page: Any) -> int:
    return int(page.evaluate("() => Number(document.body.dataset.renders || 0)"))


def counts(page: Any) -> dict[str, int]:
    return {
        "bars": page.locator("#timeline rect.bar").count(),
        "nodes": page.locator("#network g.node").count(),
        "edges": page.locator("#network path.link").count(),
        "points": page.locator("#map circle.point").count(),
        "rows": page.locator("#events tbody tr.event").count(),
    }


def expected(events: list[tuple[Any, ...]]) -> dict[str, int]:
    return {
        "bars": len({(e[0], e[6]) for e in events}),  # one per day and quad class
        "nodes": len({e[1] for e in events} | {e[2] for e in events}),
        "edges": len({(e[1], e[2]) for e in events}),
        "points": len({e[8] for e in events if e[8]}),
        "rows": len(events),
    }


def test_all_views_render_the_database(page: Any) -> None:
    assert counts(page) == expected(EVENTS)
    assert page.get_attribute("#timeline", "data-unit") == "day"
    assert page.locator("#map path.country").count() > 150  # Natural Earth 110m outlines
    # Conflict is drawn below the zero line, cooperation above it.
    zero = float(page.locator("#timeline line.zero").get_attribute("y1"))
    for bar in page.locator("#timeline rect.bar").all():
        top = float(bar.get_attribute("y"))
        if bar.get_attribute("data-key") in ("3", "4"):
            assert top >= zero - 0.5
        else:
            assert top + float(bar.get_attribute("height")) <= zero + 0.5
    assert page.locator("#notice").is_hidden()
    # Markup in an actor's name is drawn as text in the network and the table, never run.
    assert page.locator("#network g.node text", has_text=XSS_ACTOR).count() == 1
    assert page.locator("#events td", has_text=XSS_ACTOR).count() == 2
    assert page.locator("img").count() == 0
    assert page.evaluate("() => window.__pwned === undefined")
    assert "12 events" in page.locator("#summary").inner_text()
    roots = page.locator("select[name=root] option").evaluate_all("els => els.map(o => o.value)")
    assert roots == ["", *[f"{i:02d}" for i in range(1, 21)]]


def test_a_filter_changes_every_view(page: Any) -> None:
    before = renders(page)
    page.select_option("select[name=root]", "19")
    page.click("#filters button[type=submit]")
    wait_render(page, before + 1)
    assert counts(page) == expected([e for e in EVENTS if e[4] == "19"])
    assert set(page.locator("#timeline rect.bar").evaluate_all("els => els.map(e => e.dataset.key)")) == {"4"}
    assert "root=19" in page.url
    # Clicking an actor in the network narrows the other views to it.
    before = renders(page)
    page.click("#filters #clear")
    wait_render(page, before + 1)
    before = renders(page)
    page.locator("#network g.node", has_text="United Nations").locator("circle").click()
    wait_render(page, before + 1)
    assert counts(page) == expected([e for e in EVENTS if "un" in (e[1], e[2])])
    assert page.input_value("input[name=actor]") == "United Nations"


def test_timeline_brush_sets_the_date_filters(page: Any) -> None:
    box = page.locator("#timeline .brush .overlay").bounding_box()
    before = renders(page)
    y = box["y"] + box["height"] / 2
    # Drag across the first half of the time axis.
    page.mouse.move(box["x"] + 5, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.5, y, steps=8)
    page.mouse.up()
    wait_render(page, before + 1)
    since, until = page.input_value("input[name=since]"), page.input_value("input[name=until]")
    assert since and until and since <= until
    shown = [e for e in EVENTS if since <= _day(e[0]) <= until]
    assert 0 < len(shown) < len(EVENTS)
    assert counts(page)["rows"] == len(shown)
    assert counts(page)["points"] == expected(shown)["points"]
    # "all dates" drops the range again.
    before = renders(page)
    page.click("#all-dates")
    wait_render(page, before + 1)
    assert counts(page)["rows"] == len(EVENTS)
    assert page.locator("#all-dates").is_hidden()


def test_timeline_by_plover_type(page: Any) -> None:
    page.select_option("#timeline-by", "plover_type")
    page.wait_for_function("() => document.querySelector('#timeline rect.bar[data-key=FIGHT]') !== null")
    keys = page.locator("#timeline rect.bar").evaluate_all("els => els.map(e => e.dataset.key)")
    assert len(keys) == len({(e[0], e[7]) for e in EVENTS})
    assert set(keys) == {e[7] for e in EVENTS}
    legend = page.locator("#timeline-legend").inner_text()
    assert "FIGHT" in legend and "AGREE" in legend and "Verbal" not in legend


def _day(offset: int) -> str:
    from datetime import date, timedelta

    return (date(2024, 1, 1) + timedelta(days=offset)).isoformat()


def test_evidence_is_shown_as_text_never_as_markup(page: Any) -> None:
    row = page.locator("#events tr.event[data-key=ev04]")
    row.click()
    page.wait_for_selector("#events tr.detail .mention")
    detail = page.locator("#events tr.detail")
    assert detail.locator(".mention").count() == 2
    assert XSS_TEXT in detail.inner_text()
    assert "<script>" in detail.inner_text()
    assert detail.locator("img, script, b").count() == 0
    assert page.evaluate("() => window.__pwned === undefined")
    # The javascript: URL is shown as plain text, not as a link.
    hrefs = detail.locator("a").evaluate_all("els => els.map(a => a.getAttribute('href'))")
    assert hrefs == ["https://news.example.org/art040"]
    row.click()
    assert page.locator("#events tr.detail").count() == 0


def test_api_docs_page_works_offline(page: Any) -> None:
    page.goto(page.url.split("?")[0] + "docs")
    page.wait_for_selector(".opblock", timeout=15000)
    assert page.locator(".opblock").count() >= 7
    assert "/api/events" in page.locator("body").inner_text()


def test_page_still_works_without_vendored_libraries(db: Path, browser: Any, tmp_path: Path) -> None:
    static = tmp_path / "static"
    shutil.copytree(STATIC, static, ignore=shutil.ignore_patterns("vendor"))
    with Server(create_app(db, static=static)) as srv:
        p = browser.new_page()
        p.goto(srv.url)
        wait_render(p, 1)
        assert "make vendor" in p.locator("#notice").inner_text()
        assert p.locator("#events tbody tr.event").count() == len(EVENTS)
        assert "make vendor" in p.locator("#timeline").inner_text()
        p.close()


@pytest.mark.skipif(not os.environ.get("EVENTCODER_SCREENSHOTS"), reason="set EVENTCODER_SCREENSHOTS=DIR")
def test_write_screenshots(browser: Any, db: Path) -> None:
    """Write the documentation's pictures (EVENTCODER_SCREENSHOT_QUERY adds filters, e.g. since=...)."""
    out = Path(os.environ["EVENTCODER_SCREENSHOTS"])
    out.mkdir(parents=True, exist_ok=True)
    shown = Path(os.environ.get("EVENTCODER_SCREENSHOT_DB") or db)
    with Server(create_app(shown)) as srv:
        context = browser.new_context(viewport={"width": 1400, "height": 1000}, device_scale_factor=1)
        p = context.new_page()
        p.goto(srv.url + "?" + os.environ.get("EVENTCODER_SCREENSHOT_QUERY", ""))
        wait_render(p, 1)
        # The sticky filter bar would cover the top of a scrolled-to panel in the picture.
        p.evaluate("() => { document.querySelector('#filters').style.position = 'static'; }")
        # Open the event with the most mentions to show its evidence.
        mentions = p.locator("#events tbody tr.event td:last-child").all_inner_texts()
        p.locator("#events tbody tr.event").nth(
            max(range(len(mentions)), key=lambda i: int(mentions[i]))
        ).click()
        p.wait_for_selector("#events tr.detail .evidence")
        p.mouse.move(0, 0)  # no hover highlight in the pictures
        # The table's first rows are enough for the picture.
        p.evaluate(
            "() => { const t = document.querySelector('#table-view');"
            " t.style.maxHeight = '620px'; t.style.overflow = 'hidden'; }"
        )
        for name in ("timeline", "network", "map", "table"):
            p.locator(f"#{name}-view").screenshot(path=str(out / f"{name}.png"))
            assert (out / f"{name}.png").stat().st_size > 5000
        context.close()
