"""A small eventcoder database for the web-view tests: the store's schema, rows inserted with SQL.

The events are written by us for these tests; one article carries markup to check that the page
escapes what it shows.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import duckdb

from eventcoder.store.schema import ensure_schema

XSS_TITLE = "<script>window.__pwned = 1</script>Talks <b>resume</b>"
XSS_ACTOR = 'France <img src=x onerror="window.__pwned = 3">'
XSS_TEXT = 'Envoys met in Geneva <img src=x onerror="window.__pwned = 2"> on Tuesday.'

# (source name, country, sector, cameo) for the actors the events use.
ACTORS = {
    "tur": ("Turkey", "TUR", "GOV", "TURGOV"),
    "syr": ("Syria", "SYR", "GOV", "SYRGOV"),
    "rus": ("Russia", "RUS", "GOV", "RUSGOV"),
    "ukr": ("Ukraine", "UKR", "MIL", "UKRMIL"),
    "un": ("United Nations", None, "IGO", "IGOUNO"),
    "fra": (XSS_ACTOR, "FRA", "GOV", "FRAGOV"),
}
# (place, country, lat, lon)
PLACES = {
    "aleppo": ("Aleppo", "SYR", 36.2, 37.16),
    "kyiv": ("Kyiv", "UKR", 50.45, 30.52),
    "geneva": ("Geneva", "CHE", 46.2, 6.15),
    "ankara": ("Ankara", "TUR", 39.93, 32.86),
}
# (day offset from 2024-01-01, source, target, cameo, root, goldstein, quad, plover type, place)
EVENTS = [
    (0, "tur", "syr", "042", "04", 1.9, 1, "CONSULT", "ankara"),
    (3, "rus", "ukr", "190", "19", -10.0, 4, "FIGHT", "kyiv"),
    (3, "ukr", "rus", "190", "19", -10.0, 4, "FIGHT", "kyiv"),
    (7, "un", "syr", "070", "07", 7.0, 2, "AID", "aleppo"),
    (10, "fra", "ukr", "057", "05", 8.0, 1, "AGREE", "geneva"),
    (14, "rus", "ukr", "183", "18", -10.0, 4, "ASSAULT", "kyiv"),
    (14, "tur", "rus", "111", "11", -2.0, 3, "ACCUSE", None),
    (21, "syr", "tur", "130", "13", -4.4, 3, "THREATEN", "aleppo"),
    (28, "un", "ukr", "036", "03", 4.0, 1, "COOPERATE", "geneva"),
    (35, "rus", "ukr", "190", "19", -10.0, 4, "FIGHT", "kyiv"),
    (40, "fra", "rus", "163", "16", -5.6, 4, "SANCTION", None),
    (50, "tur", "syr", "042", "04", 1.9, 1, "CONSULT", "geneva"),
]


def _insert(con: duckdb.DuckDBPyConnection, table: str, row: dict[str, Any]) -> None:
    cols = ", ".join(row)
    con.execute(f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(row))})", list(row.values()))


def build_db(path: Path) -> Path:
    """Write the test database at `path` (the store's own schema) and return it."""
    con = duckdb.connect(str(path))
    ensure_schema(con)
    start = date(2024, 1, 1)
    for i, (off, src, tgt, code, root, gold, quad, ptype, place) in enumerate(EVENTS):
        day = start + timedelta(days=off)
        s, t = ACTORS[src], ACTORS[tgt]
        loc = PLACES[place] if place else (None, None, None, None)
        key = f"ev{i:02d}"
        xss = i == 4  # the Geneva agreement is reported by the article with markup in it
        text = XSS_TEXT if xss else f"{s[0]} and {t[0]}: event {code} reported on {day}."
        n_mentions = 2 if i in (1, 4) else 1
        coded = {
            "cameo_code": code, "cameo_root": root, "goldstein": gold, "quad_class": quad,
            "plover_type": ptype, "source_name": s[0], "source_country": s[1], "source_sector": s[2],
            "source_cameo": s[3], "source_actor_id": src, "target_name": t[0], "target_country": t[1],
            "target_sector": t[2], "target_cameo": t[3], "target_actor_id": tgt, "date": day.isoformat(),
            "date_precision": "day", "day": day, "location_name": loc[0], "location_country": loc[1],
            "lat": loc[2], "lon": loc[3], "confidence": 0.8,
        }  # fmt: skip
        _insert(con, "events", {
            "event_key": key, **coded, "n_mentions": n_mentions, "n_articles": n_mentions,
            "n_sources": n_mentions, "first_reported": day, "last_reported": day, "text": text,
        })  # fmt: skip
        for j in range(n_mentions):
            art = f"art{i:02d}{j}"
            title = XSS_TITLE if xss and j == 0 else f"Report {i}-{j} on {s[0]} and {t[0]}"
            url = "javascript:alert(1)" if xss and j == 1 else f"https://news.example.org/{art}"
            _insert(con, "articles", {
                "article_id": art, "content_hash": f"hash-{art}", "title": title, "published": day,
                "source": f"Outlet {j}", "url": url, "origin": "test", "n_words": 100,
            })  # fmt: skip
            _insert(con, "mentions", {
                "mention_id": f"m{i:02d}{j}", "event_key": key, "article_id": art, "sentence_index": j,
                "text": text, "trigger": "met", **coded, "confidence": 0.8 - 0.1 * j, "published": day,
                "article_source": f"Outlet {j}", "url": url,
            })  # fmt: skip
    con.close()
    return path
