"""Text repair at ingest: encodings, entities, whitespace, boilerplate, headlines and datelines."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from eventcoder.ingest import iter_articles
from eventcoder.model import Article
from eventcoder.repair import fix_encoding, repair_article, repair_text, split_dateline

REAL = Path(__file__).resolve().parents[1].parent / "shared" / "eval" / "real" / "ipe_dev_articles.jsonl"


def _mojibake(text: str) -> str:
    """The damage an archive does: UTF-8 bytes read back as cp1252."""
    return text.encode("utf-8").decode("cp1252", errors="replace")


class TestEncoding:
    def test_utf8_read_as_cp1252_is_repaired(self) -> None:
        damaged = _mojibake("the mayor’s office said “we will rebuild”")
        assert "â€" in damaged
        fixed = fix_encoding(damaged)
        assert "â€" not in fixed and "\ufffd" not in fixed
        assert fixed == "the mayor’s office said “we will rebuild”"

    def test_lost_closing_quote_byte(self) -> None:
        # The last byte of a closing quote has no cp1252 glyph, so archives keep a replacement sign.
        assert fix_encoding("he called it â€œunfairâ€\ufffd and left") == "he called it “unfair” and left"

    def test_html_entities_and_doubled_apostrophes(self) -> None:
        assert fix_encoding("Smith &amp; Sons, the governor''s rule") == "Smith & Sons, the governor's rule"
        assert fix_encoding("a &lt;b&gt; &#8212; c") == "a <b> \u2014 c"

    def test_clean_text_is_unchanged(self) -> None:
        text = "Ministers met in Geneva on Monday. Talks went on late."
        assert fix_encoding(text) == text

    def test_odd_whitespace(self) -> None:
        text, _ = repair_text("The\u00a0council\tmet   on\u200b Friday.\r\n\r\n\r\n\r\nIt adjourned.")
        assert text == "The council met on Friday.\n\nIt adjourned."


class TestBoilerplateAndHeadline:
    def test_archive_stamp_and_share_bar(self) -> None:
        text, _ = repair_text(
            "This story is from June 3, 1999\n\nThe harbour reopened on Tuesday.\n\n"
            "Facebook Twitter Linkedin Mail"
        )
        assert text == "The harbour reopened on Tuesday."

    def test_stamps_need_a_date(self) -> None:
        text, _ = repair_text(
            "Updated: 4 June 2001, 10:15\nUpdated figures came out today.\nPosted by staff."
        )
        assert text == "Updated figures came out today.\nPosted by staff."
        text, _ = repair_text(
            "Copyright law was changed.\n© 2001 The Valley Courier\nCopyright 2001 Courier Ltd"
        )
        assert text == "Copyright law was changed."

    def test_repeated_headline_goes(self) -> None:
        text, _ = repair_text(
            "Harbour reopens after storm\nThe harbour reopened on Tuesday.", "Harbour reopens after storm"
        )
        assert text == "The harbour reopened on Tuesday."

    def test_headline_then_dateline_on_own_lines(self) -> None:
        text, dateline = repair_text(
            "Harbour reopens after storm\n\nVALLETTA\nPort officials said ships could dock again.",
            "Harbour reopens after storm",
        )
        assert text == "Port officials said ships could dock again."
        assert dateline is not None and dateline.place == "VALLETTA"

    def test_a_different_first_line_stays(self) -> None:
        text, _ = repair_text("Storm damage was light.\nThe harbour reopened.", "Harbour reopens after storm")
        assert text.startswith("Storm damage was light.")


class TestDatelines:
    @pytest.mark.parametrize(
        ("raw", "place", "agency", "rest"),
        [
            (
                "KANDY, Sri Lanka (Reuters) - Troops cleared the road.",
                "KANDY, Sri Lanka",
                "Reuters",
                "Troops",
            ),
            ("MOSUL, May 4 (Xinhua) -- A bridge was reopened.", "MOSUL", "Xinhua", "A bridge"),
            ("OSLO, 12 March (AFP) - Talks resumed.", "OSLO", "AFP", "Talks"),
            ("NAIROBI — Voters queued early.", "NAIROBI", None, "Voters"),
            ("TBILISI\nThe parliament met late.", "TBILISI", None, "The parliament"),
            ("pune: the civic body met on monday.", "pune", None, "the civic body"),
            ("navi mumbai:the toll plaza was shut.", "navi mumbai", None, "the toll plaza"),
            ("Port Louis: Fishermen returned.", "Port Louis", None, "Fishermen"),
        ],
    )
    def test_forms(self, raw: str, place: str, agency: str | None, rest: str) -> None:
        text, dateline = split_dateline(raw)
        assert dateline is not None
        assert (dateline.place, dateline.agency) == (place, agency)
        assert text.startswith(rest)

    @pytest.mark.parametrize(
        "raw",
        [
            "Police said: the crowd dispersed.",
            "Update: the vote was delayed.",
            "The minister said the talks, held in Geneva (Switzerland) - were useful.",
            "UN SAYS TALKS WILL GO ON\nDIPLOMATS MET IN GENEVA ON MONDAY AND AGREED TO MEET AGAIN.",
        ],
    )
    def test_not_a_dateline(self, raw: str) -> None:
        text, dateline = split_dateline(raw)
        assert dateline is None and text == raw


def test_ingest_repairs_once_and_keeps_the_dateline(tmp_path: Path) -> None:
    path = tmp_path / "in.jsonl"
    body = "This story is from May 2, 2001\n\nsurat: the mayorâ€™s office said shops reopened."
    path.write_text(json.dumps({"id": "a1", "title": "", "text": body}) + "\n", encoding="utf-8")
    (article,) = [a for a in iter_articles([str(path)]) if isinstance(a, Article)]
    assert article.text == "the mayor’s office said shops reopened."
    assert article.dateline == "surat" and article.agency is None
    assert repair_article(article) == article  # repairing twice changes nothing


@pytest.mark.shared
def test_real_dev_articles_come_out_clean() -> None:
    if not REAL.exists():
        pytest.skip("../shared/eval/real is not present")
    rows = [json.loads(line) for line in REAL.read_text(encoding="utf-8").splitlines()]
    with_dateline = 0
    for row in rows:
        a = repair_article(Article(id=row["id"], title=row["title"], text=row["text"]))
        assert "â€" not in a.text and "\ufffd" not in a.text, row["id"]
        assert "This story is from" not in a.text and "Facebook Twitter" not in a.text, row["id"]
        if a.dateline:
            with_dateline += 1
            # The lead may name the city again ("ahmedabad: ahmedabad is ..."), never as a dateline.
            assert not a.text.lower().startswith((a.dateline.lower() + ":", a.dateline.lower() + " (")), row[
                "id"
            ]
    # Nearly every story of this archive opens with "city:"; a few open with a byline or none.
    assert with_dateline >= 0.95 * len(rows)


def test_a_trailing_list_of_links_is_cut() -> None:
    from eventcoder.repair import repair_text

    body = (
        "troops patrolled the old quarter through the night and the curfew held, officials said. "
        "related stories minister tours flooded villages  traders call off strike"
    )
    text, _ = repair_text(body)
    assert text.endswith("officials said.")
    # The same words early in a story are the story's own.
    early = "Related stories of the siege were told by the survivors. " + "They waited for days. " * 5
    assert repair_text(early)[0].startswith("Related stories of the siege")
