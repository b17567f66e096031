"""Shortcuts taken for speed give what the long way gives (see bench/run.py for the cost)."""

from __future__ import annotations

from eventcoder.actors.context import entity_at


def test_entity_at_is_the_entity_of_doc_ents(coder) -> None:  # type: ignore[no-untyped-def]
    text = (
        "The United Nations envoy met President Joe Biden in New York on Monday. "
        "Police in Kisumu arrested 12 members of the Orange Democratic Movement. "
        "She said the Red Cross would send aid to Gaza and the West Bank."
    )
    doc = next(iter(coder.nlp.pipe([text])))
    assert doc.ents
    for tok in doc:
        want = next((e for e in doc.ents if e.start <= tok.i < e.end), None)
        got = entity_at(doc, tok.i)
        if want is None:
            assert got is None
        else:
            assert got is not None
            assert (got.start, got.end, got.label_, got.kb_id_, got.id_) == (
                want.start,
                want.end,
                want.label_,
                want.kb_id_,
                want.id_,
            )


def test_evidence_text_of_a_normally_cased_article_is_its_sentence(coder) -> None:  # type: ignore[no-untyped-def]
    from eventcoder.model import Article

    text = "Police arrested two men in Nairobi on Monday.  The army shelled a village near Goma."
    (result,) = coder.code_articles([Article(id="n1", title="", text=text)])
    assert result.events
    for event in result.events:
        assert event.text and event.text in text and event.text == event.text.strip()
