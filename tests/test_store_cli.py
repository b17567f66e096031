"""`eventcoder ingest/events/stats/export` end to end with the real pipeline, including a crash
(SIGKILL) in the middle of an ingest and the re-run that completes it."""

from __future__ import annotations

import csv
import io
import json
import random
import signal
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from eventcoder.cli import main
from eventcoder.store import connect
from eventcoder.store import query as q
from test_store import dump

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
DEDUPE = Path(__file__).parent / "fixtures" / "dedupe"
EVENTCODER = str(Path(sys.executable).parent / "eventcoder")

pytestmark = pytest.mark.model


@pytest.fixture(scope="module")
def samples_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("cli") / "demo.duckdb"
    result = CliRunner().invoke(main, ["ingest", str(SAMPLES), "--db", str(db)])
    assert result.exit_code == 0, result.output
    return db


def test_ingest_samples_then_stats(samples_db: Path) -> None:
    result = CliRunner().invoke(main, ["stats", "--db", str(samples_db)])
    assert result.exit_code == 0, result.output
    for heading in ("articles", "mentions", "events", "Events by PLOVER type", "Top 10 dyads", "Events by"):
        assert heading in result.output
    con = connect(samples_db, read_only=True)
    totals = q.totals(con)
    con.close()
    assert totals["articles"] >= 10 and totals["mentions"] >= totals["events"] > 0


def test_second_ingest_stores_nothing_new(samples_db: Path) -> None:
    before = dump(samples_db)
    result = CliRunner().invoke(main, ["ingest", str(SAMPLES), "--db", str(samples_db)])
    assert result.exit_code == 0, result.output
    assert "stored 0 article(s)" in result.output
    assert dump(samples_db) == before


def test_events_formats_and_filters(samples_db: Path) -> None:
    runner = CliRunner()
    out = runner.invoke(main, ["events", "--db", str(samples_db), "--format", "jsonl", "--limit", "1000"])
    assert out.exit_code == 0, out.output
    rows = [json.loads(line) for line in out.output.splitlines() if line.startswith("{")]
    assert rows and all("event_key" in r for r in rows)
    fights = runner.invoke(
        main, ["events", "--db", str(samples_db), "--type", "FIGHT", "--format", "csv", "--limit", "1000"]
    )
    assert fights.exit_code == 0
    table = list(csv.DictReader(io.StringIO(fights.output)))
    assert table and {r["plover_type"] for r in table} == {"FIGHT"}
    assert len(table) == len([r for r in rows if r["plover_type"] == "FIGHT"])
    shown = runner.invoke(main, ["events", "--db", str(samples_db), "--since", "2024-12-08", "--limit", "5"])
    assert shown.exit_code == 0 and "2024-12-0" in shown.output
    bad = runner.invoke(main, ["events", "--db", str(samples_db), "--since", "8 Dec"])
    assert bad.exit_code == 2 and "--since" in bad.output


def test_events_on_a_missing_database_is_one_line(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["events", "--db", str(tmp_path / "none.duckdb")])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and "no such database" in result.output


def test_bad_input_is_reported_and_the_rest_stored(tmp_path: Path) -> None:
    src = tmp_path / "mixed.jsonl"
    good = {
        "id": "ok-1",
        "title": "Talks in Ankara",
        "text": "Turkish President Recep Tayyip Erdogan met Iranian Foreign Minister Abbas Araghchi "
        "in Ankara on Monday.",
        "published": "2024-12-03",
    }
    src.write_text(json.dumps(good) + "\n{not json\n", encoding="utf-8")
    db = tmp_path / "e.duckdb"
    proc = subprocess.run(
        [EVENTCODER, "ingest", str(src), "--db", str(db)], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 2
    assert f"{src}:2" in proc.stderr
    con = connect(db, read_only=True)
    assert q.totals(con)["articles"] == 1
    con.close()


def test_dedupe_fixtures(tmp_path: Path) -> None:
    db = tmp_path / "d.duckdb"
    result = CliRunner().invoke(main, ["ingest", str(DEDUPE), "--db", str(db)])
    assert result.exit_code == 0, result.output
    con = connect(db, read_only=True)
    try:
        # Two outlets, two days, different words: one capture of Hama.
        capture = q.query_events(con, q.EventFilter(root="19", place="Hama"))
        assert len(capture) == 1
        assert capture[0]["n_articles"] == 2 and capture[0]["first_reported"] < capture[0]["last_reported"]
        # A phone call and a visit between the same two presidents on the same day: two events.
        consult = q.query_events(con, q.EventFilter(plover_type="CONSULT", actor="TURGOV"))
        assert sorted(e["cameo_code"] for e in consult) == ["041", "042"]
        assert len({e["day"] for e in consult}) == 1
    finally:
        con.close()


def test_export_command(samples_db: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    for fmt in ("plover", "gdelt", "icews", "csv", "parquet"):
        out = tmp_path / f"out.{fmt}"
        result = runner.invoke(main, ["export", "--db", str(samples_db), "--format", fmt, "-o", str(out)])
        assert result.exit_code == 0, result.output
        assert out.stat().st_size > 0
    bad = runner.invoke(
        main, ["export", "--db", str(samples_db), "--format", "gdelt", "--table", "mentions", "-o", "x"]
    )
    assert bad.exit_code == 2


# -- crash and resume -------------------------------------------------------------------------------

LEADERS = [
    "Turkish President Recep Tayyip Erdogan",
    "Russian President Vladimir Putin",
    "Iranian Foreign Minister Abbas Araghchi",
    "Qatari Prime Minister Mohammed bin Abdulrahman Al Thani",
]
FORCES = ["Syrian rebels", "the Syrian army", "Israeli troops", "Kurdish fighters"]
CITIES = ["Hama", "Homs", "Aleppo", "Idlib", "Daraa", "Raqqa"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
TEMPLATES = [
    "{a} spoke by phone with {b} on {wd} about the war in Syria.",
    "{a} met {b} in Doha on {wd} to discuss a ceasefire.",
    "{f} captured {city} on {wd} after heavy fighting.",
    "{f} attacked positions of {g} near {city} on {wd}.",
    "{a} accused {b} of prolonging the conflict.",
    "{a} called on {b} to protect civilians in {city}.",
]


def generated_articles(n: int, seed: int = 11) -> list[dict[str, str]]:
    """`n` short news items written from our templates, with publication dates over three weeks."""
    rnd = random.Random(seed)
    out = []
    for k in range(n):
        published = date(2024, 11, 25) + timedelta(days=rnd.randrange(21))
        sentences = []
        for _ in range(3):
            a, b = rnd.sample(LEADERS, 2)
            f, g = rnd.sample(FORCES, 2)
            wd = WEEKDAYS[(published - timedelta(days=1 + rnd.randrange(2))).weekday()]
            sentences.append(rnd.choice(TEMPLATES).format(a=a, b=b, f=f, g=g, city=rnd.choice(CITIES), wd=wd))
        out.append(
            {
                "id": f"gen-{k:04d}",
                "title": f"Syria update {k}",
                "text": " ".join(sentences),
                "published": published.isoformat(),
                "source": ["Levant Wire", "Gulf Dispatch", "Northern Courier"][k % 3],
            }
        )
    return out


def _articles_stored(db: Path) -> int:
    try:
        con = connect(db, read_only=True, wait_s=5)
    except Exception:
        return 0
    try:
        return q.totals(con)["articles"]
    except Exception:
        return 0
    finally:
        con.close()


# The CLI with a pause after each committed batch (patched in, so the writer has no test hook),
# slow enough for the test to kill it mid-ingest.
SLOW_INGEST = """
import sys, time
from eventcoder.store import writer
real = writer._batches
def slow(*args, **kwargs):
    for batch in real(*args, **kwargs):
        yield batch
        time.sleep(0.5)  # after the batch is committed, before the next one is read
writer._batches = slow
from eventcoder.cli import main
sys.exit(main())
"""


@pytest.mark.slow
def test_sigkill_mid_ingest_then_rerun_equals_uninterrupted_run(tmp_path: Path) -> None:
    src = tmp_path / "news.jsonl"
    src.write_text("".join(json.dumps(a) + "\n" for a in generated_articles(300)), encoding="utf-8")
    reference = tmp_path / "ref.duckdb"
    done = subprocess.run(
        [EVENTCODER, "ingest", str(src), "--db", str(reference)], capture_output=True, text=True, timeout=300
    )
    assert done.returncode == 0, done.stderr

    db = tmp_path / "crashed.duckdb"
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_INGEST, "ingest", str(src), "--db", str(db), "--commit-every", "25"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 120
        while _articles_stored(db) < 50 and time.monotonic() < deadline:
            assert proc.poll() is None, "the ingest finished before it could be killed"
            time.sleep(0.1)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
    partial = _articles_stored(db)
    assert 50 <= partial < 300 and partial % 25 == 0  # whole batches only

    rerun = subprocess.run(
        [EVENTCODER, "ingest", str(src), "--db", str(db), "--commit-every", "25"],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert rerun.returncode == 0, rerun.stderr
    assert f"skipped {partial} already stored" in rerun.stdout
    assert dump(db) == dump(reference)
