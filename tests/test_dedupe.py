"""Mention -> event clustering rules (eventcoder.dedupe), on hand-built mentions."""

from __future__ import annotations

import random
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from eventcoder import dedupe, ontology
from eventcoder.dedupe import ActorKey, MentionKey, PlaceKey
from eventcoder.model import Actor, Event, Location, When

TUR = ActorKey(actor_id="erdogan", cameo="TURGOV", country="TUR", sector="GOV", name="recep tayyip erdogan")
RUS = ActorKey(actor_id="putin", cameo="RUSGOV", country="RUS", sector="GOV", name="vladimir putin")
RUS_NOID = ActorKey(cameo="RUSGOV", country="RUS", sector="GOV", name="the kremlin")
SYRREB = ActorKey(cameo="SYRREB", country="SYR", sector="REB", name="syrian rebels")
HAMA = PlaceKey("hama", "SYR", 170017, False)
HOMS = PlaceKey("homs", "SYR", 169577, False)
SYRIA = PlaceKey("syria", "SYR", 163843, True)


def _in_ranges(m: dedupe.MentionKey, ranges: list[tuple[date, date]]) -> bool:
    """What the writer's candidate query selects: a stored mention whose window meets a range."""
    if m.win_lo is None or m.win_hi is None:
        return False
    return any(m.win_hi >= lo and m.win_lo <= hi for lo, hi in ranges)


def m(
    mid: str,
    code: str = "041",
    src: ActorKey | None = TUR,
    tgt: ActorKey | None = RUS,
    day: date | None = date(2024, 12, 2),
    hi: date | None = None,
    place: PlaceKey | None = None,
    mode: str | None = None,
) -> MentionKey:
    info = ontology.cameo_table()[code]
    return MentionKey(
        mention_id=mid,
        source=src,
        target=tgt,
        plover_type=info.plover_type,
        plover_mode=mode,
        cameo_code=code,
        cameo_root=info.root,
        win_lo=day,
        win_hi=hi or day,
        place=place,
    )


def test_call_and_visit_same_day_are_two_events() -> None:
    assert not dedupe.compatible(m("a", "041"), m("b", "042"))
    assert len(set(dedupe.cluster([m("a", "041"), m("b", "042")]).values())) == 2


def test_unspecified_consult_joins_a_specific_one() -> None:
    assert dedupe.compatible(m("a", "040"), m("b", "042"))
    assert dedupe.compatible(m("a", "021"), m("b", "0211"))
    assert not dedupe.compatible(m("a", "0211"), m("b", "0212"))


def test_conflicting_modes_do_not_merge() -> None:
    assert not dedupe.compatible(m("a", "040", mode="phone"), m("b", "040", mode="visit"))
    assert dedupe.compatible(m("a", "040", mode="phone"), m("b", "040"))


def test_date_window_one_day_either_side() -> None:
    d = date(2024, 12, 2)
    assert dedupe.compatible(m("a", day=d), m("b", day=d + timedelta(days=1)))
    assert not dedupe.compatible(m("a", day=d), m("b", day=d + timedelta(days=2)))


def test_month_precision_overlaps_its_days() -> None:
    month = dedupe.date_window(When("2024-12", "month"), None)
    assert month == (date(2024, 12, 1), date(2024, 12, 31))
    assert dedupe.compatible(m("a", day=month[0], hi=month[1]), m("b", day=date(2024, 12, 20)))
    assert not dedupe.compatible(m("a", day=month[0], hi=month[1]), m("b", day=date(2025, 1, 3)))


def test_undated_mentions_use_publication_day_or_stay_alone() -> None:
    pub = date(2024, 12, 3)
    assert dedupe.date_window(When(None, "unknown"), pub) == (date(2024, 12, 2), pub)
    assert dedupe.date_window(When(None, "unknown"), None) is None
    assert dedupe.date_window(When("2024", "year"), pub) is None
    assert not dedupe.compatible(m("a", day=None), m("b", day=None))


def test_actor_matching_falls_back_from_id_to_cameo() -> None:
    assert dedupe.compatible(m("a", tgt=RUS), m("b", tgt=RUS_NOID))  # no id on one side: CAMEO code
    other_russian = ActorKey(actor_id="lavrov", cameo="RUSGOV", country="RUS", sector="GOV", name="lavrov")
    assert not dedupe.compatible(m("a", tgt=RUS), m("b", tgt=other_russian))  # two ids: they decide


def test_symmetric_types_may_swap_sides() -> None:
    assert dedupe.compatible(m("a", "040", TUR, RUS), m("b", "040", RUS, TUR))  # CONSULT
    assert dedupe.block_key(m("a", "040", TUR, RUS)) == dedupe.block_key(m("b", "040", RUS, TUR))
    # An accusation is directed: A accusing B is not B accusing A.
    assert not dedupe.compatible(m("a", "112", TUR, RUS), m("b", "112", RUS, TUR))


def test_places_must_agree_when_both_given() -> None:
    a = m("a", "192", SYRREB, None, place=HAMA)
    assert dedupe.compatible(a, m("b", "192", SYRREB, None, place=HAMA))
    assert not dedupe.compatible(a, m("b", "192", SYRREB, None, place=HOMS))
    assert dedupe.compatible(a, m("b", "192", SYRREB, None, place=SYRIA))  # country-level place
    assert dedupe.compatible(a, m("b", "192", SYRREB, None, place=None))


def test_actorless_mentions_merge_only_on_a_shared_place() -> None:
    assert not dedupe.compatible(m("a", "190", None, None), m("b", "190", None, None))
    assert dedupe.compatible(m("a", "190", None, None, place=HAMA), m("b", "190", None, None, place=HAMA))


def test_unresolved_target_naming_the_place_is_the_place() -> None:
    def ev(eid: str, target: Actor | None) -> Event:
        return Event(
            event_id=eid,
            article_id=eid,
            sentence_index=0,
            text="",
            source=Actor("Syrian rebels", "Syrian rebels", "SYR", "REB", "SYRREB"),
            target=target,
            cameo=ontology.cameo("192"),
            plover=ontology.plover("192"),
            when=When("2024-12-05", "day"),
            location=Location("Hama", "SYR", "Hama", 35.13, 36.76, 170017),
        )

    a, b = dedupe.mention_key(ev("a", Actor("Hama"))), dedupe.mention_key(ev("b", None))
    assert a.target is None and dedupe.compatible(a, b)


def test_leader_window_bounds_chains() -> None:
    # Daily reports of fighting between the same sides are not chained into one long event.
    days = [m(f"d{i}", "190", SYRREB, RUS_NOID, day=date(2024, 12, 1) + timedelta(days=i)) for i in range(6)]
    keys = dedupe.cluster(days)
    assert len(set(keys.values())) == 3


# -- properties -----------------------------------------------------------------------------------

ACTORS = [TUR, RUS, RUS_NOID, SYRREB, None]
PLACES = [HAMA, HOMS, SYRIA, None]
CODES = ["040", "041", "042", "190", "192", "112", "0211", "021"]

mention_st = st.builds(
    lambda i, code, s, t, off, span, p: m(
        f"m{i:03d}",
        code,
        ACTORS[s],
        ACTORS[t],
        day=None if off < 0 else date(2024, 12, 1) + timedelta(days=off),
        hi=None if off < 0 else date(2024, 12, 1) + timedelta(days=off + span),
        place=PLACES[p],
    ),
    st.integers(0, 999),
    st.sampled_from(CODES),
    st.integers(0, len(ACTORS) - 1),
    st.integers(0, len(ACTORS) - 1),
    st.integers(-1, 8),
    st.sampled_from([0, 0, 0, 30]),
    st.integers(0, len(PLACES) - 1),
)
mentions_st = st.lists(mention_st, max_size=40, unique_by=lambda x: x.mention_id)


@settings(max_examples=150, deadline=None)
@given(mentions_st, st.randoms(use_true_random=False))
def test_clustering_is_order_independent(mentions: list[MentionKey], rnd: random.Random) -> None:
    shuffled = list(mentions)
    rnd.shuffle(shuffled)
    assert dedupe.cluster(mentions) == dedupe.cluster(shuffled)


@settings(max_examples=150, deadline=None)
@given(mentions_st)
def test_clustering_is_idempotent(mentions: list[MentionKey]) -> None:
    keys = dedupe.cluster(mentions)
    assert dedupe.assign([(x, keys[x.mention_id]) for x in mentions], []) == {}
    # Feeding the same mentions again as "new" changes nothing either.
    again = dedupe.assign([(x, keys[x.mention_id]) for x in mentions], mentions)
    assert again == keys


stage_hits = {"leaders": 0, "ranges": 0, "all": 0}


@settings(max_examples=300, deadline=None)
@given(mentions_st, st.integers(1, 6), st.randoms(use_true_random=False))
def test_incremental_equals_from_scratch(mentions: list[MentionKey], parts: int, rnd: random.Random) -> None:
    order = list(mentions)
    rnd.shuffle(order)
    state: dict[str, str] = {}
    stored: list[MentionKey] = []
    for i in range(parts):
        chunk = order[i::parts]
        # Load only what the store loads: the stored leaders in date ranges around the new
        # mentions, then every mention in those ranges, then everything from the block's cut.
        ranges = dedupe.block_ranges(chunk)
        todo, changes = chunk, {}
        for stage in ("leaders", "ranges", "all"):
            if stage == "all":
                cuts = dedupe.block_cuts(todo)
                loaded = [
                    x
                    for x in stored
                    if x.win_hi is not None and x.win_hi >= cuts.get(dedupe.block_key(x), date.max)
                ]
            else:
                loaded = [x for x in stored if _in_ranges(x, ranges.get(dedupe.block_key(x), []))]
                if stage == "leaders":
                    loaded = [x for x in loaded if state[x.mention_id] == dedupe.event_key_for(x.mention_id)]
            unsettled: set[str] = set()
            changes.update(
                dedupe.assign(
                    [(x, state[x.mention_id]) for x in loaded],
                    todo,
                    ranges=None if stage == "all" else ranges,
                    unsettled=None if stage == "all" else unsettled,
                    leaders_only=stage == "leaders",
                )
            )
            stage_hits[stage] += 1
            todo = [x for x in todo if dedupe.block_key(x) in unsettled]
            if not todo:
                break
        state.update(changes)
        stored += chunk
    assert state == dedupe.cluster(mentions)


@settings(max_examples=100, deadline=None)
@given(mentions_st)
def test_clusters_only_hold_compatible_mentions(mentions: list[MentionKey]) -> None:
    keys = dedupe.cluster(mentions)
    leader_of = {dedupe.event_key_for(x.mention_id): x for x in mentions}
    for x in mentions:
        leader = leader_of[keys[x.mention_id]]
        assert leader is x or dedupe.compatible(leader, x)


@pytest.mark.parametrize("precision", ["day", "month"])
def test_first_day(precision: str) -> None:
    value = "2024-12-05" if precision == "day" else "2024-12"
    expected = date(2024, 12, 5) if precision == "day" else date(2024, 12, 1)
    assert dedupe.first_day(When(value, precision)) == expected
