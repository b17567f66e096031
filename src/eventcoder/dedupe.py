"""Mention -> event clustering: many articles report one real-world event; keep it once.

Pure functions over `MentionKey`s (the few fields that decide identity), no database. The rules
(see docs/store.md) come from data/dedupe.toml. Clustering is *leader clustering in a canonical
order*: mentions are sorted by (date window, mention_id); each joins the first earlier cluster
whose leader (first mention) it is compatible with, else it leads a new cluster. Because the
order depends only on the set of mentions, the result is order-independent and idempotent, and
adding mentions only changes assignments at or after the first new mention in that order, which
is what lets the store recluster incrementally (`assign`) and still equal a from-scratch run.
"""

from __future__ import annotations

import tomllib
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from typing import Any

from . import record
from .model import Actor, Event, Location, When, stable_hash


@dataclass(frozen=True, slots=True)
class DedupeRules:
    """Settings read from data/dedupe.toml."""

    window_days: int = 1
    undated_lookback_days: int = 1
    unmerged_precisions: frozenset[str] = frozenset({"year"})
    symmetric_types: frozenset[str] = frozenset({"CONSULT", "FIGHT", "AGREE", "COOPERATE"})
    country_features: frozenset[str] = frozenset({"country"})


@lru_cache(maxsize=1)
def load_rules() -> DedupeRules:
    """The packaged rules (data/dedupe.toml)."""
    text = resources.files("eventcoder.data").joinpath("dedupe.toml").read_text(encoding="utf-8")
    raw = tomllib.loads(text)
    return DedupeRules(
        window_days=int(raw.get("window_days", 1)),
        undated_lookback_days=int(raw.get("undated_lookback_days", 1)),
        unmerged_precisions=frozenset(raw.get("unmerged_precisions", ["year"])),
        symmetric_types=frozenset(raw.get("symmetric_types", [])),
        country_features=frozenset(raw.get("country_features", ["country"])),
    )


@dataclass(frozen=True, slots=True)
class ActorKey:
    """What identifies an actor for deduplication."""

    actor_id: str | None = None
    cameo: str | None = None
    country: str | None = None
    sector: str | None = None
    name: str = ""

    @classmethod
    def of(cls, actor: Actor | None) -> ActorKey | None:
        """Key of a resolved actor (None stays None)."""
        if actor is None:
            return None
        return cls(actor.actor_id, actor.cameo, actor.country, actor.sector, _norm(actor.name or actor.text))

    def coarse(self) -> str:
        """Blocking part: equal for any two actors `same_actor` accepts (country-level)."""
        if self.country:
            return self.country
        if self.cameo:
            return self.cameo[:3]
        if self.sector:
            return self.sector
        return "~" + self.name


@dataclass(frozen=True, slots=True)
class PlaceKey:
    """What identifies a place for deduplication."""

    name: str
    country: str | None
    geonameid: int | None
    country_level: bool


@dataclass(frozen=True, slots=True)
class MentionKey:
    """The fields of one mention that decide which real-world event it reports."""

    mention_id: str
    source: ActorKey | None
    target: ActorKey | None
    plover_type: str | None
    plover_mode: str | None
    cameo_code: str
    cameo_root: str
    win_lo: date | None  # None: too vague to merge (no usable date)
    win_hi: date | None
    place: PlaceKey | None = None


def _norm(text: str | None) -> str:
    return " ".join((text or "").lower().split())


def date_window(
    when: When, published: date | None, rules: DedupeRules | None = None
) -> tuple[date, date] | None:
    """First and last day the mention's date may denote, or None when it is too vague to merge."""
    rules = rules or load_rules()
    if when.precision in rules.unmerged_precisions:
        return None
    if when.date and when.precision == "day":
        d = date.fromisoformat(when.date)
        return d, d
    if when.date and when.precision == "month":
        first = date.fromisoformat(when.date + "-01")
        nxt = date(first.year + first.month // 12, first.month % 12 + 1, 1)
        return first, nxt - timedelta(days=1)
    if when.date and when.precision == "year":
        y = int(when.date[:4])
        return date(y, 1, 1), date(y, 12, 31)
    if published is not None:
        return published - timedelta(days=rules.undated_lookback_days), published
    return None


def first_day(when: When) -> date | None:
    """First day of the date's window (the `day` column), None when the date is unknown."""
    if not when.date:
        return None
    if when.precision == "day":
        return date.fromisoformat(when.date)
    if when.precision == "month":
        return date.fromisoformat(when.date + "-01")
    if when.precision == "year":
        return date(int(when.date[:4]), 1, 1)
    return None


def place_key(loc: Location | None, rules: DedupeRules | None = None) -> PlaceKey | None:
    """Key of a geocoded place (None stays None)."""
    if loc is None:
        return None
    rules = rules or load_rules()
    return PlaceKey(_norm(loc.name), loc.country, loc.geonameid, loc.feature in rules.country_features)


def _not_the_place(actor: ActorKey | None, place: PlaceKey | None) -> ActorKey | None:
    # "Rebels overran Hama": an unresolved argument that names the event's place is the place
    # (already in the location), not an actor; another report may leave it out.
    if actor is None or place is None or actor.actor_id or actor.cameo or actor.country or actor.sector:
        return actor
    return None if actor.name == place.name else actor


def mention_key(event: Event, rules: DedupeRules | None = None) -> MentionKey:
    """The dedupe key of one coded event mention."""
    rules = rules or load_rules()
    window = date_window(event.when, event.published, rules)
    place = place_key(event.location, rules)
    return MentionKey(
        mention_id=event.event_id,
        source=_not_the_place(ActorKey.of(event.source), place),
        target=_not_the_place(ActorKey.of(event.target), place),
        plover_type=event.plover.type,
        plover_mode=event.plover.mode,
        cameo_code=event.cameo.code,
        cameo_root=event.cameo.root,
        win_lo=window[0] if window else None,
        win_hi=window[1] if window else None,
        place=place,
    )


def mention_key_from_row(row: Mapping[str, Any], rules: DedupeRules | None = None) -> MentionKey:
    """The dedupe key of a stored mention row (columns of the `mentions` table)."""
    rules = rules or load_rules()
    parts = record.parts_from_row(row)
    place = place_key(parts["location"], rules)
    return MentionKey(
        mention_id=row["mention_id"],
        source=_not_the_place(ActorKey.of(parts["source"]), place),
        target=_not_the_place(ActorKey.of(parts["target"]), place),
        plover_type=row.get("plover_type"),
        plover_mode=row.get("plover_mode"),
        cameo_code=row["cameo_code"],
        cameo_root=row["cameo_root"],
        win_lo=row.get("win_lo"),
        win_hi=row.get("win_hi"),
        place=place,
    )


def _type_key(m: MentionKey) -> str:
    return m.plover_type or "R" + m.cameo_root


def block_key(m: MentionKey, rules: DedupeRules | None = None) -> str:
    """Blocking key: only mentions with the same key are ever compared (type + dyad by country)."""
    rules = rules or load_rules()
    src = m.source.coarse() if m.source else "-"
    tgt = m.target.coarse() if m.target else "-"
    if m.plover_type in rules.symmetric_types:
        src, tgt = sorted((src, tgt))
    return f"{_type_key(m)}|{src}|{tgt}"


def same_actor(a: ActorKey | None, b: ActorKey | None) -> bool:
    """Same actor by actor_id, else CAMEO code, else country+sector, else normalised name."""
    if a is None or b is None:
        return a is None and b is None
    if a.actor_id and b.actor_id:
        return a.actor_id == b.actor_id
    if a.cameo and b.cameo:
        return a.cameo == b.cameo
    if (a.country or a.sector) and (b.country or b.sector):
        return (a.country, a.sector) == (b.country, b.sector)
    return a.name == b.name


def _specific(code: str) -> str:
    # "040" is CAMEO's unspecified base code of root 04: it says no more than the root itself.
    return code[:2] if len(code) == 3 and code.endswith("0") else code


def same_action(a: MentionKey, b: MentionKey) -> bool:
    """Same PLOVER type (or same CAMEO root when neither has one), and codes/modes not in conflict."""
    if _type_key(a) != _type_key(b):
        return False
    ca, cb = _specific(a.cameo_code), _specific(b.cameo_code)
    # A call (041) and a visit (042) are two events; "consult" (04) and a call (041) may be one.
    if not (ca.startswith(cb) or cb.startswith(ca)):
        return False
    return not (a.plover_mode and b.plover_mode and a.plover_mode != b.plover_mode)


def same_place(a: PlaceKey | None, b: PlaceKey | None) -> bool:
    """Compatible places: either unknown, same gazetteer id, or same country when one is a country."""
    if a is None or b is None:
        return True
    if a.country_level or b.country_level:
        return a.country == b.country
    if a.geonameid is not None and b.geonameid is not None:
        return a.geonameid == b.geonameid
    return a.name == b.name and (a.country is None or b.country is None or a.country == b.country)


def overlapping(a: MentionKey, b: MentionKey, rules: DedupeRules | None = None) -> bool:
    """Date windows overlap, allowing `window_days` of slack; undatable mentions never do."""
    if a.win_lo is None or a.win_hi is None or b.win_lo is None or b.win_hi is None:
        return False
    slack = timedelta(days=(rules or load_rules()).window_days)
    return a.win_lo - slack <= b.win_hi and b.win_lo - slack <= a.win_hi


def compatible(a: MentionKey, b: MentionKey, rules: DedupeRules | None = None) -> bool:
    """Whether two mentions may report the same real-world event."""
    rules = rules or load_rules()
    if not (overlapping(a, b, rules) and same_action(a, b) and same_place(a.place, b.place)):
        return False
    if a.source is None and a.target is None:
        # Without any actor only a shared, named place says two reports are about one event.
        return b.source is None and b.target is None and a.place is not None and b.place is not None
    if same_actor(a.source, b.source) and same_actor(a.target, b.target):
        return True
    return (
        a.plover_type in rules.symmetric_types
        and same_actor(a.source, b.target)
        and same_actor(a.target, b.source)
    )


def alone(m: MentionKey) -> bool:
    """A mention `compatible` accepts with no other one: undatable, or with neither an actor nor a
    place. It is an event of its own and never an open leader, so it costs no comparisons: without
    this, every copy of a syndicated story's actorless sentence stayed an open leader of its block
    and each new mention was compared with all of them (quadratic in the copies stored)."""
    if m.win_lo is None or m.win_hi is None:
        return True
    return m.source is None and m.target is None and m.place is None


def event_key_for(leader_mention_id: str) -> str:
    """The key of the event a mention leads (so keys depend only on the cluster's leader)."""
    return "ev" + stable_hash("event", leader_mention_id, length=14)


def _order(m: MentionKey) -> tuple[int, date, date, str]:
    if m.win_lo is None or m.win_hi is None:
        return (1, date.min, date.min, m.mention_id)
    return (0, m.win_lo, m.win_hi, m.mention_id)


def _open(leaders: list[MentionKey], lo: date, slack: timedelta) -> list[MentionKey]:
    # Leaders whose window ended too long ago can match neither this mention nor later ones.
    return [ld for ld in leaders if ld.win_hi is not None and ld.win_hi + slack >= lo]


def _ids(leaders: list[MentionKey]) -> list[str]:
    return [x.mention_id for x in leaders]


def assign(
    existing: Iterable[tuple[MentionKey, str]],
    new: Iterable[MentionKey],
    rules: DedupeRules | None = None,
    ranges: Mapping[str, Sequence[tuple[date, date]]] | None = None,
    unsettled: set[str] | None = None,
    leaders_only: bool = False,
) -> dict[str, str]:
    """Event keys for `new` mentions and for `existing` ones whose key changes, given the existing
    assignment (mention, event_key).

    Without `ranges`, `existing` must hold, per block, every stored mention whose window ends on
    or after the block's `block_cuts` date. With `ranges[block]` (from `block_ranges`), it need
    only hold the mentions inside those date ranges; where reclustering has not settled back into
    the stored assignment at the end of a range, the block is left out of the result and added to
    `unsettled`, and the caller must redo it without ranges. With `leaders_only`, `existing` holds
    only the stored clusters' leaders, which is enough unless a new mention starts a cluster
    ahead of a stored leader; such blocks also go to `unsettled`, to be redone with `ranges`.
    """
    rules = rules or load_rules()
    slack = timedelta(days=rules.window_days)
    one_day = timedelta(days=1)
    blocks: dict[str, list[tuple[MentionKey, str | None]]] = defaultdict(list)
    new_ids: set[str] = set()
    for m in new:
        if m.mention_id in new_ids:
            continue
        new_ids.add(m.mention_id)
        blocks[block_key(m, rules)].append((m, None))
    for m, stored_key in existing:
        if m.mention_id in new_ids:
            continue
        bk = block_key(m, rules)
        if bk in blocks:
            blocks[bk].append((m, stored_key))
    out: dict[str, str] = {}
    for bk, items in blocks.items():
        items.sort(key=lambda it: _order(it[0]))
        bounds = [hi for _, hi in (ranges or {}).get(bk, ())]
        nb = 0  # next range end not yet passed
        leaders: list[MentionKey] = []  # open clusters of the new assignment
        old_leaders: list[MentionKey] = []  # open clusters of the stored assignment
        settled = True  # new and stored assignment agree from here until the next new mention
        changes: dict[str, str] = {}
        failed = False
        for m, old in items:
            if m.win_lo is None or alone(m):
                if old is None:  # undatable or actorless, placeless mentions are events of their own
                    changes[m.mention_id] = event_key_for(m.mention_id)
                continue
            while nb < len(bounds) and m.win_lo > bounds[nb]:
                # Stored mentions between two ranges were not loaded: only safe when settled.
                beyond = bounds[nb] + one_day
                if not settled and _ids(_open(leaders, beyond, slack)) != _ids(
                    _open(old_leaders, beyond, slack)
                ):
                    failed = True
                    break
                settled = True
                nb += 1
            if failed:
                break
            leaders = _open(leaders, m.win_lo, slack)
            old_leaders = _open(old_leaders, m.win_lo, slack)
            was_leader = old is not None and old == event_key_for(m.mention_id)
            if old is not None and not settled and _ids(leaders) == _ids(old_leaders):
                settled = True
            if old is not None and not settled and leaders_only:
                failed = True  # this leader's members (not loaded) may move
                break
            if old is not None and settled:
                # Same open clusters as stored: this mention keeps its key.
                if was_leader:
                    leaders.append(m)
                    old_leaders.append(m)
                continue
            settled = False
            key = None
            for ld in leaders:
                if compatible(ld, m, rules):
                    key = event_key_for(ld.mention_id)
                    break
            if key is None:
                leaders.append(m)
                key = event_key_for(m.mention_id)
            if was_leader:
                old_leaders.append(m)
            if key != old:
                changes[m.mention_id] = key
        if not failed and not settled and nb < len(bounds):
            beyond = bounds[nb] + one_day
            failed = _ids(_open(leaders, beyond, slack)) != _ids(_open(old_leaders, beyond, slack))
        if failed:
            if unsettled is None:
                raise ValueError(f"block {bk} needs all its later mentions")
            unsettled.add(bk)
        else:
            out.update(changes)
    return out


def block_ranges(
    new: Iterable[MentionKey], rules: DedupeRules | None = None
) -> dict[str, list[tuple[date, date]]]:
    """Per block, the date ranges of stored mentions to load first for `new` (see `assign`): a
    stored mention matters when its window ends on or after a range's first date and starts on or
    before its last."""
    rules = rules or load_rules()
    slack = timedelta(days=rules.window_days)
    spans: dict[str, list[tuple[date, date]]] = defaultdict(list)
    for key in new:
        if key.win_lo is None or key.win_hi is None or alone(key):
            continue
        spans[block_key(key, rules)].append((key.win_lo - slack, key.win_hi + 2 * slack))
    out: dict[str, list[tuple[date, date]]] = {}
    for bk, items in spans.items():
        items.sort()
        merged = [items[0]]
        for lo, hi in items[1:]:
            if lo <= merged[-1][1] + timedelta(days=1):
                merged[-1] = (merged[-1][0], max(hi, merged[-1][1]))
            else:
                merged.append((lo, hi))
        out[bk] = merged
    return out


def block_cuts(new: Iterable[MentionKey], rules: DedupeRules | None = None) -> dict[str, date]:
    """Per block, the earliest window end a stored mention needs to matter to `new` (see `assign`)."""
    rules = rules or load_rules()
    cuts: dict[str, date] = {}
    for key in new:
        if key.win_lo is None or alone(key):
            continue
        bk = block_key(key, rules)
        cut = key.win_lo - timedelta(days=rules.window_days)
        if bk not in cuts or cut < cuts[bk]:
            cuts[bk] = cut
    return cuts


def cluster(mentions: Sequence[MentionKey], rules: DedupeRules | None = None) -> dict[str, str]:
    """Event key of every mention, clustering from scratch."""
    return assign([], mentions, rules)
