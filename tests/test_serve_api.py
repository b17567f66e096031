"""The web view's JSON API, through FastAPI's TestClient on a small database."""

from __future__ import annotations

import warnings
from pathlib import Path
from typing import Any

import duckdb
import pytest

with warnings.catch_warnings():
    # Starlette's TestClient warns that it will move from httpx to httpx2; httpx is what we pin.
    warnings.simplefilter("ignore")
    from fastapi.testclient import TestClient

from eventcoder.errors import ConfigError
from eventcoder.serve import queries
from eventcoder.serve.app import LOOPBACK_HOSTS, create_app
from test_serve_common import EVENTS, XSS_TEXT, XSS_TITLE, build_db


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_db(tmp_path_factory.mktemp("serve") / "events.duckdb")


@pytest.fixture(scope="module")
def client(db: Path) -> Any:
    with TestClient(create_app(db)) as c:
        yield c


def get(client: Any, url: str, **params: Any) -> Any:
    r = client.get(url, params=params)
    assert r.status_code == 200, r.text
    return r.json()


def test_events_all_and_paginated(client: Any) -> None:
    body = get(client, "/api/events")
    assert body["total"] == len(EVENTS)
    assert len(body["events"]) == len(EVENTS)
    days = [e["day"] for e in body["events"]]
    assert days == sorted(days)
    page = get(client, "/api/events", limit=5, offset=5)
    assert page["total"] == len(EVENTS) and page["limit"] == 5 and page["offset"] == 5
    assert [e["event_key"] for e in page["events"]] == [e["event_key"] for e in body["events"][5:10]]
    assert body["events"][0]["cameo_name"]  # codebook name added for the table


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"actor": "RUS"}, 6),  # country code matches either side
        ({"actor": "igouno"}, 2),  # CAMEO code prefix, any case
        ({"actor": "ukraine"}, 6),  # part of a name
        ({"country": "SYR"}, 4),
        ({"type": "FIGHT"}, 3),
        ({"type": "fight", "actor": "UKR"}, 3),
        ({"root": "19"}, 3),
        ({"since": "2024-01-15", "until": "2024-02-05"}, 5),
        ({"place": "kyiv"}, 4),
        ({"place": "CHE"}, 3),
    ],
)
def test_event_filters(client: Any, params: dict[str, str], expected: int) -> None:
    body = get(client, "/api/events", **params)
    assert body["total"] == expected
    assert len(body["events"]) == expected


def test_filters_apply_to_every_aggregate(client: Any) -> None:
    tl = get(client, "/api/timeline", root="19")
    assert sum(r["n"] for r in tl["series"]) == 3
    assert {str(r["key"]) for r in tl["series"]} == {"4"}
    by_type = get(client, "/api/timeline", by="plover_type", actor="TUR")
    assert {r["key"] for r in by_type["series"]} == {"CONSULT", "ACCUSE", "THREATEN"}
    dy = get(client, "/api/dyads", root="19")["dyads"]
    assert {(d["source"], d["target"]): d["n"] for d in dy} == {
        ("Russia", "Ukraine"): 2,
        ("Ukraine", "Russia"): 1,
    }
    assert all(d["mean_goldstein"] == -10.0 for d in dy)
    places = get(client, "/api/places", since="2024-01-08")["places"]
    assert {p["name"]: p["n"] for p in places} == {"Kyiv": 2, "Geneva": 3, "Aleppo": 2}
    actors = get(client, "/api/actors", country="SYR")["actors"]
    assert {a["actor"]: a["n"] for a in actors} == {"Syria": 4, "Turkey": 3, "United Nations": 1}


def test_event_detail_has_evidence(client: Any) -> None:
    ev = get(client, "/api/events/ev04")
    assert ev["plover_type"] == "AGREE"
    assert len(ev["mentions"]) == 2
    first = ev["mentions"][0]
    assert first["text"] == XSS_TEXT and first["article_title"] == XSS_TITLE  # raw: the page escapes it
    assert first["source_outlet"] == "Outlet 0" and first["article_url"].startswith("https://")
    assert client.get("/api/events/nope").status_code == 404


@pytest.mark.parametrize(
    ("url", "word"),
    [
        ("/api/events?since=2024-13-01", "since"),
        ("/api/events?until=yesterday", "until"),
        ("/api/events?limit=0", "limit"),
        ("/api/events?limit=5000", "limit"),
        ("/api/events?offset=-1", "offset"),
        ("/api/events?root=1", "root"),
        ("/api/events?root=ab", "root"),
        ("/api/events?country=FRANCE", "country"),
        ("/api/events?order=random", "order"),
        ("/api/timeline?by=goldstein", "by"),
    ],
)
def test_bad_parameters_are_422_with_a_message(client: Any, url: str, word: str) -> None:
    r = client.get(url)
    assert r.status_code == 422
    assert r.json()["detail"].startswith(word + ":")


def test_pattern_errors_say_what_is_expected(client: Any) -> None:
    assert client.get("/api/events?root=7").json()["detail"] == "root: a CAMEO root is two digits, e.g. 19"
    assert "ISO 3166 alpha-3" in client.get("/api/actors?country=SY").json()["detail"]


def test_bad_combinations_are_400(client: Any) -> None:
    r = client.get("/api/events", params={"since": "2024-03-01", "until": "2024-01-01"})
    assert r.status_code == 400 and "after" in r.json()["detail"]
    r = client.get("/api/dyads", params={"type": "HUG"})
    assert r.status_code == 400 and "PLOVER" in r.json()["detail"]


def test_read_only(client: Any) -> None:
    for method in ("post", "put", "delete", "patch"):
        r = getattr(client, method)("/api/events")
        assert r.status_code == 405


def test_openapi_docs_and_page(client: Any) -> None:
    spec = get(client, "/openapi.json")
    assert {"/api/events", "/api/events/{event_key}", "/api/actors", "/api/dyads", "/api/timeline"} <= set(
        spec["paths"]
    )
    docs = client.get("/docs")
    assert docs.status_code == 200 and "cdn" not in docs.text.lower()
    page = client.get("/")
    assert page.status_code == 200 and "eventcoder" in page.text
    assert "default-src 'self'" in page.headers["content-security-policy"]
    meta = get(client, "/api/meta")
    assert meta["n_events"] == len(EVENTS) and meta["first_day"] == "2024-01-01"


def test_loopback_server_refuses_foreign_host_names(db: Path) -> None:
    with TestClient(create_app(db, allowed_hosts=LOOPBACK_HOSTS), base_url="http://127.0.0.1:8000") as c:
        assert c.get("/api/meta").status_code == 200
        assert c.get("/api/meta", headers={"host": "localhost:8000"}).status_code == 200
        assert c.get("/api/meta", headers={"host": "attacker.example:8000"}).status_code == 400


def test_missing_or_foreign_database(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match="no such database"):
        create_app(tmp_path / "absent.duckdb")
    other = tmp_path / "other.duckdb"
    duckdb.connect(str(other)).execute("CREATE TABLE t(x INT)").close()
    with pytest.raises(ConfigError, match="not an eventcoder database"):
        create_app(other)


def test_reads_are_read_only_and_see_new_data(tmp_path: Path) -> None:
    db = build_db(tmp_path / "live.duckdb")
    with TestClient(create_app(db)) as c:
        assert c.get("/api/events").json()["total"] == len(EVENTS)
        # The server holds no connection between requests: a writer (an ingest) can commit meanwhile.
        con = duckdb.connect(str(db))
        con.execute("DELETE FROM events WHERE cameo_root = '19'")
        con.close()
        assert c.get("/api/events").json()["total"] == len(EVENTS) - 3
        # And a request's own connection cannot write.
        con = queries.open_read(db)
        with pytest.raises(duckdb.Error, match="read-only"):
            con.execute("DELETE FROM events")
        con.close()


def test_busy_database_is_503(db: Path, client: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    def busy(path: Any, wait_s: float = 0) -> Any:
        raise ConfigError(f"{path}: database is being written by another process")

    monkeypatch.setattr(queries, "open_read", busy)
    r = client.get("/api/events")
    assert r.status_code == 503 and "written by another process" in r.json()["detail"]
