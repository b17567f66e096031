"""Predicate -> CAMEO code: the event lexicon (data/lexicon/*.yaml) and the classifier that reads it.

`classify(token)` looks only at the predicate and its dependents (particle, object, prepositions,
modifiers, xcomp/ccomp complement) and returns what the words mean as a CAMEO code plus hints for
the extraction stage (which prepositions introduce the target, whether roles are swapped, whether
the object is a place). Who did it to whom, negation and reported speech are decided elsewhere.

Lookups are keyed by lemma: each token costs one dict lookup plus the few rules of its own entry.
The lexicon format is documented in docs/eval.md and at the top of data/lexicon/verbs.yaml.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

import yaml
from spacy.tokens import Token

from ..errors import ConfigError, InputError
from ..ontology import cameo_table
from .grammar import TIME_ENTITIES, Coded, grammar
from .syntax import hung_on_root_noun

LEXICON_FILES = ("verbs.yaml", "nouns.yaml", "frames.yaml", "modality.yaml")
ENTRY_FIELDS = {
    "code", "rules", "frame", "light", "target_preps", "swap", "place", "mode", "context", "conf",
}  # fmt: skip
CONDITIONS = {"prt", "prep", "obj", "obj_ent", "mod", "comp", "comp_aux", "subj"}
DEFAULT_CONF = 0.7
MAX_DEPTH = 2  # complements of complements ("threatened to begin shelling"), no deeper

OBJ_DEPS = {"dobj", "nsubjpass", "oprd", "attr"}
# "intj": "said no to the request" (the answer word is read as a modifier of the verb).
MOD_DEPS = {"compound", "amod", "nmod", "npadvmod", "advmod", "intj"}
COMP_DEPS = {"xcomp", "ccomp"}
PREP_DEPS = {"prep", "agent", "dative"}
NOUN_POS = {"NOUN", "PROPN"}
SUBJ_DEPS = {"nsubj", "csubj"}
# Entity labels the small model gives place names it does not know ("seized Hama" as PERSON).
PLACE_MISTAGS = {"PERSON", "ORG", "NORP", ""}

PlaceTest = Callable[[str], bool]
"""Whether a name is a known place (the pipeline passes the gazetteer's test)."""


class Fallback(Protocol):
    """Codes a word the lexicon does not know (events/fallback.py), or abstains with None."""

    def classify(self, token: Token) -> Classification | None: ...


@dataclass(frozen=True)
class Classification(Coded):
    """What a predicate's words mean: CAMEO code, the words that said so, and role hints (the
    fields of events.grammar.Coded)."""


@dataclass(frozen=True)
class Rule:
    """Conditions on the predicate's dependents and the entry fields they override."""

    prt: frozenset[str] = frozenset()
    prep: Mapping[str, frozenset[str]] = field(default_factory=dict)
    obj: frozenset[str] | None = None
    obj_ent: frozenset[str] = frozenset()  # spaCy entity labels of the object ("GPE": a place name)
    mod: frozenset[str] = frozenset()
    comp: frozenset[str] | None = None
    comp_aux: frozenset[str] = frozenset()  # an auxiliary of the complement ("said X *must* go")
    subj: frozenset[str] = frozenset()  # the subject's lemma or a modifier of it ("workers", "aircraft")
    overrides: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Entry:
    """One lemma's lexicon entry (see the header of data/lexicon/verbs.yaml)."""

    code: str | None = None
    rules: tuple[Rule, ...] = ()
    frame: str | None = None
    light: bool = False
    target_preps: tuple[str, ...] = ()
    swap: bool = False
    place: bool = False
    mode: str | None = None
    context: tuple[str, ...] = ()
    conf: float = DEFAULT_CONF


@dataclass(frozen=True)
class Frame:
    """How a complement's code maps to the framing verb's code (appeal, demand, threaten...)."""

    preps: tuple[str, ...]
    codes: Mapping[str, str]  # CAMEO code prefix -> code
    words: Mapping[str, str]  # "lemma" or "modifier lemma" -> code


@dataclass(frozen=True)
class Lexicon:
    """Verb and noun entries keyed by lemma, and the frames they refer to."""

    verbs: Mapping[str, Entry]
    nouns: Mapping[str, Entry]
    frames: Mapping[str, Frame]
    auxiliaries: Mapping[str, str] = field(default_factory=dict)  # aux lemma -> frame name
    modal_roots: frozenset[str] = frozenset()  # CAMEO roots an auxiliary reframes
    negated_frame: str | None = None  # frame for a negated stated intention ("will not withdraw")
    # A harmful act promised on a condition ("will withdraw unless ..."): its frame, the marks of
    # the condition and the auxiliaries that promise.
    conditional_frame: str | None = None
    # mark -> CAMEO roots of the acts it turns into threats (empty: every code the frame maps)
    conditional_marks: Mapping[str, frozenset[str]] = field(default_factory=dict)
    conditional_auxiliaries: frozenset[str] = frozenset()


# --- loading ------------------------------------------------------------------------------------


def _lemmas(value: Any, where: str) -> frozenset[str]:
    if value is None:
        return frozenset()
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list):
        raise InputError(where, f"expected a list of words, got {value!r}")
    return frozenset(str(v).lower() for v in value)


def _check_code(code: Any, where: str) -> str | None:
    if code is None or code == "":
        return None
    code = str(code)
    if code not in cameo_table() and not (len(code) == 2 and code + "0" in cameo_table()):
        raise InputError(where, f"unknown CAMEO code {code!r}")
    return code


def _overrides(spec: Mapping[str, Any], where: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in spec.items():
        if key in CONDITIONS or key == "rules":
            continue
        if key not in ENTRY_FIELDS:
            raise InputError(where, f"unknown field {key!r}")
        if key == "code":
            # An explicit "" in a rule means "no event", distinct from "keep the entry's code".
            out[key] = _check_code(value, where) or ""
        elif key in ("target_preps", "context"):
            out[key] = tuple(str(v) for v in (value or ()))
        elif key in ("frame", "mode"):
            out[key] = str(value) if value else None
        elif key == "conf":
            out[key] = float(value)
        else:
            out[key] = bool(value)
    return out


def _rule(spec: Any, where: str) -> Rule:
    if not isinstance(spec, dict):
        raise InputError(where, f"a rule must be a mapping, got {spec!r}")
    prep = spec.get("prep") or {}
    if isinstance(prep, list | str):
        prep = {p: [] for p in ([prep] if isinstance(prep, str) else prep)}
    return Rule(
        prt=_lemmas(spec.get("prt"), where),
        prep={str(p).lower(): _lemmas(objs, where) for p, objs in prep.items()},
        obj=_lemmas(spec["obj"], where) if "obj" in spec else None,
        obj_ent=frozenset(e.upper() for e in _lemmas(spec.get("obj_ent"), where)),
        mod=_lemmas(spec.get("mod"), where),
        comp=_lemmas(spec["comp"], where) if "comp" in spec else None,
        comp_aux=_lemmas(spec.get("comp_aux"), where),
        subj=_lemmas(spec.get("subj"), where),
        overrides=_overrides(spec, where),
    )


def _entry(lemma: str, spec: Any, where: str) -> Entry:
    where = f"{where}: {lemma}"
    if not isinstance(spec, dict):
        raise InputError(where, "an entry must be a mapping")
    fields = _overrides(spec, where)
    if fields.get("code") == "":
        fields["code"] = None
    rules = tuple(_rule(r, where) for r in spec.get("rules") or ())
    return Entry(rules=rules, **fields)


def _frame(name: str, spec: Any, where: str) -> Frame:
    where = f"{where}: frame {name}"
    if not isinstance(spec, dict):
        raise InputError(where, "a frame must be a mapping")
    codes: dict[str, str] = {}
    words: dict[str, str] = {}
    for key, code in (spec.get("map") or {}).items():
        checked = _check_code(code, where)
        if checked is None:
            raise InputError(where, f"no code for {key!r}")
        key = str(key).lower()
        (codes if key.isdigit() else words)[key] = checked
    return Frame(preps=tuple(spec.get("preps") or ()), codes=codes, words=words)


class _LexiconLoader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """YAML 1.1 reads on/off/yes/no as booleans; in a lexicon they are particles and words.

    A key given twice is an error: YAML keeps the last one silently, so a second entry for a
    lemma (easy to add in a 1,000-line file, or in two merged branches) would drop the first.
    """

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[str | int] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if not isinstance(key, str | int):
                continue
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"{key!r} is given twice", key_node.start_mark
                )
            seen.add(key)
        return dict(super().construct_mapping(node, deep=deep))


_LexiconLoader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:bool"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_LexiconLoader.add_implicit_resolver(
    "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
)


def _read_yaml(path: str, text: str) -> dict[str, Any]:
    try:
        data = yaml.load(text, Loader=_LexiconLoader) or {}  # a SafeLoader subclass: safe
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark is not None else path
        # The problem alone keeps the error on one line; the mark above already says where.
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise InputError(where, f"not valid YAML: {problem}") from None
    if not isinstance(data, dict):
        raise InputError(path, "the lexicon file must be a mapping")
    return data


def _merge(
    data: Mapping[str, Any],
    kind: str,
    where: str,
    verbs: dict[str, Entry],
    nouns: dict[str, Entry],
    frames: dict[str, Frame],
) -> None:
    if kind == "frames":
        frames.update({str(k): _frame(str(k), v, where) for k, v in data.items()})
        return
    if kind == "modality":
        return  # read by load_lexicon
    table = verbs if kind == "verbs" else nouns
    for lemma, spec in data.items():
        table[str(lemma).lower()] = _entry(str(lemma), spec, where)


def load_lexicon(extra_files: Iterable[Path | str] = ()) -> Lexicon:
    """Our lexicon with user files merged over it (each has `verbs:`, `nouns:` and/or `frames:`).

    An entry in a user file replaces ours for that lemma; a frame replaces our frame of that name.
    """
    verbs: dict[str, Entry] = {}
    nouns: dict[str, Entry] = {}
    frames: dict[str, Frame] = {}
    auxiliaries: dict[str, str] = {}
    roots: set[str] = set()
    negated_frame: str | None = None
    conditional: dict[str, Any] = {}
    base = resources.files("eventcoder.data").joinpath("lexicon")
    for name in LEXICON_FILES:
        where = f"data/lexicon/{name}"
        data = _read_yaml(where, base.joinpath(name).read_text(encoding="utf-8"))
        _merge(data, name.removesuffix(".yaml"), where, verbs, nouns, frames)
        if name == "modality.yaml":
            auxiliaries.update({str(k).lower(): str(v) for k, v in (data.get("auxiliaries") or {}).items()})
            roots.update(str(r) for r in data.get("roots") or ())
            negated_frame = str(data.get("negated") or "") or None
            conditional = dict(data.get("conditional") or {})
    for extra in extra_files:
        path = Path(extra)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise ConfigError(f"cannot read lexicon file {path}: {exc.strerror}") from None
        data = _read_yaml(str(path), text)
        unknown = set(data) - {"verbs", "nouns", "frames", "auxiliaries"}
        if unknown:
            raise InputError(
                str(path), f"unknown section(s) {sorted(unknown)}; use verbs, nouns, frames, auxiliaries"
            )
        for kind in ("frames", "verbs", "nouns"):
            _merge(data.get(kind) or {}, kind, str(path), verbs, nouns, frames)
        # An auxiliary mapped to "" or null stops reframing: `auxiliaries: {would: null}`.
        for aux, frame_name in (data.get("auxiliaries") or {}).items():
            auxiliaries[str(aux).lower()] = str(frame_name or "")
        _check_frames(verbs, nouns, frames, str(path))
    _check_frames(verbs, nouns, frames, "data/lexicon")
    for aux, frame_name in auxiliaries.items():
        if frame_name and frame_name not in frames:
            raise InputError(f"auxiliaries: {aux}", f"unknown frame {frame_name!r}")
    if negated_frame and negated_frame not in frames:
        raise InputError("data/lexicon/modality.yaml: negated", f"unknown frame {negated_frame!r}")
    return Lexicon(
        verbs=verbs,
        nouns=nouns,
        frames=frames,
        auxiliaries={k: v for k, v in auxiliaries.items() if v},
        modal_roots=frozenset(roots),
        negated_frame=negated_frame,
        **_conditional_fields(conditional, frames),
    )


def _conditional_fields(conditional: Mapping[str, Any], frames: Mapping[str, Frame]) -> dict[str, Any]:
    """The Lexicon fields of modality.yaml's `conditional` section."""
    where = "data/lexicon/modality.yaml: conditional"
    frame = str(conditional.get("frame") or "") or None
    if frame and frame not in frames:
        raise InputError(where, f"unknown frame {frame!r}")
    marks = {str(k).lower(): _lemmas(v, where) for k, v in (conditional.get("marks") or {}).items()}
    auxiliaries = _lemmas(conditional.get("auxiliaries"), where)
    return {"conditional_frame": frame, "conditional_marks": marks, "conditional_auxiliaries": auxiliaries}


def _check_frames(
    verbs: Mapping[str, Entry], nouns: Mapping[str, Entry], frames: Mapping[str, Frame], where: str
) -> None:
    for kind, table in (("verbs", verbs), ("nouns", nouns)):
        for lemma, entry in table.items():
            names = {entry.frame} | {r.overrides.get("frame") for r in entry.rules}
            for name in names - {None}:
                if name not in frames:
                    raise InputError(f"{where}: {kind}: {lemma}", f"unknown frame {name!r}")


@functools.cache
def default_lexicon() -> Lexicon:
    """Our lexicon alone, loaded once per process: what `classify` uses when given none. A user's
    lexicon files are part of the coder's config (`CoderConfig.lexicon_files`), never of this."""
    return load_lexicon()


# --- classifying --------------------------------------------------------------------------------


@dataclass
class _View:
    """The predicate's dependents that rules look at, gathered once per token."""

    prts: dict[str, Token]
    preps: dict[str, list[Token]]  # prep lemma -> its objects (pobj/pcomp)
    prep_tokens: dict[str, Token]
    objs: list[Token]
    mods: dict[str, Token]
    comps: list[Token]
    subjs: list[Token] = field(default_factory=list)  # filled on first use: few rules ask
    is_place: PlaceTest | None = None
    token: Token | None = None
    purposes: list[Token] = field(default_factory=list)
    measured: bool = False  # whether `obj` rules may read what a measure noun holds (second pass)


def _subjects(token: Token) -> list[Token]:
    """Who does the act, as words: the verb's subject (inherited over "and" and "to"), or for an
    event noun its possessor, its "by" agent, or the subject of the verb it is the object of."""
    cur = token
    if token.pos_ in NOUN_POS:
        own = [c for c in token.children if c.dep_ == "poss"]
        for c in token.children:
            if c.dep_ == "prep" and c.lower_ == "by":
                own += [p for p in c.children if p.dep_ == "pobj"]
        if own:
            return own
        head = token.head
        if token.dep_ == "pobj" and head.head.i != head.i:
            head = head.head
        if head.i == token.i or head.pos_ not in ("VERB", "AUX"):
            return []
        cur = head
    for _ in range(3):
        found = [c for c in cur.children if c.dep_ in SUBJ_DEPS]
        if found:
            return found
        if hung_on_root_noun(cur):
            return [cur.head]  # "Indigenous groups sealed off ...": the root noun is the doer
        if cur.dep_ not in ("conj", "xcomp") or cur.head.i == cur.i:
            return []
        cur = cur.head
    return []


# Directional adverbs that, right after the verb, are its particle.
_ADVERB_PARTICLES = frozenset({"down", "back", "off", "up", "out", "away", "aside"})


def _adverb_particle(token: Token, child: Token) -> bool:
    """ "the president stepped down": the parser may read the particle as an adverb (advmod)."""
    return child.dep_ == "advmod" and child.i == token.i + 1 and child.lower_ in _ADVERB_PARTICLES


def _only_a_date(prep: Token) -> bool:
    """ "was called off on Friday": a preposition whose objects are all dates or times says when,
    not what (it is no "call on" appeal). A phrasal verb's particle never says when: "cordoned
    off the old quarter" keeps its object though the small model tags "the old quarter" a date."""
    if prep.lower_ in _ADVERB_PARTICLES:
        return False
    objs = [c for c in prep.children if c.dep_ == "pobj"]
    # "bowed to weeks of unrest": a span with an "of" object measures what it holds.
    return bool(objs) and all(_is_time(o) and not _holds_of(o) for o in objs)


def _holds_of(token: Token) -> bool:
    """An "of" object that is no date itself ("weeks of unrest", not "the night of June 5")."""
    return any(
        p.dep_ == "pobj" and p.ent_type_ not in TIME_ENTITIES
        for c in token.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for p in c.children
    )


def _naming(token: Token, child: Token) -> bool:
    """ "what they called a rigged election", "branded the editors traitors": with an object of
    its own, the verb's object predicate is what the object is called, not a second object."""
    return child.dep_ == "oprd" and any(c.dep_ == "dobj" for c in token.children)


def _gerund_after_particle(token: Token, clause: Token) -> bool:
    """ "ruled out pulling its troops out": the parser hung the gerund that a phrasal verb takes
    as its object on the verb as a clause; right after the particle, it is the complement."""
    return clause.tag_ == "VBG" and any(
        (c.dep_ == "prt" or _adverb_particle(token, c)) and c.i == clause.i - 1 for c in token.children
    )


def _view(token: Token, is_place: PlaceTest | None = None) -> _View:
    prts: dict[str, Token] = {}
    preps: dict[str, list[Token]] = {}
    prep_tokens: dict[str, Token] = {}
    objs: list[Token] = []
    mods: dict[str, Token] = {}
    comps: list[Token] = []
    purposes: list[Token] = []  # "gathered to protest": read by `comp` rules, not by frames
    for child in token.children:
        dep = child.dep_
        if dep == "prt" or _adverb_particle(token, child):
            prts[child.lemma_.lower()] = child
        elif dep in PREP_DEPS and not _only_a_date(child):
            key = child.lemma_.lower()
            if key == "out" and not any(c.dep_ == "pobj" for c in child.children):
                # "pulled its troops out of the valley": the parser reads the particle as a
                # preposition when the object comes between; "walked out of the talks": its
                # "of" then belongs to the verb.
                prts.setdefault(key, child)
                for of in (c for c in child.children if c.dep_ == "prep" and c.lower_ == "of"):
                    prep_tokens.setdefault("of", of)
                    preps.setdefault("of", []).extend(c for c in of.children if c.dep_ == "pobj")
            prep_tokens.setdefault(key, child)
            preps.setdefault(key, []).extend(c for c in child.children if c.dep_ in ("pobj", "pcomp", "dobj"))
        elif dep in OBJ_DEPS and not _naming(token, child):
            objs.append(child)
        elif dep in MOD_DEPS:
            mods[child.lemma_.lower()] = child
        elif dep in COMP_DEPS or (dep == "acl" and token.pos_ in NOUN_POS):
            # A noun's clausal modifier is its complement: "an attempt to assassinate".
            comps.append(child)
        elif dep == "advcl" and _to_infinitive(child):
            purposes.append(child)
        elif dep == "advcl" and _gerund_after_particle(token, child):
            comps.append(child)
    for obj in objs:
        for child in obj.children:
            if child.dep_ in MOD_DEPS:
                mods.setdefault(child.lemma_.lower(), child)
                # "chlorine-filled barrels": the first half of a hyphenated modifier names the thing.
                for part in (g for g in child.children if g.dep_ == "npadvmod"):
                    mods.setdefault(part.lemma_.lower(), part)
            elif _that_clause_read_as_relative(child):
                comps.append(child)
            elif child.dep_ in ("relcl", "acl") and _to_infinitive(child):
                # "gave the army 48 hours to pull back": what the object is given for.
                purposes.append(child)
    return _View(prts, preps, prep_tokens, objs, mods, comps, [], is_place, token, purposes)


def _to_infinitive(clause: Token) -> bool:
    return any(a.dep_ == "aux" and a.tag_ == "TO" for a in clause.children)


# Modals that mark a clause on the object as what was said, not as a relative clause.
_COMPLEMENT_MODALS = frozenset({"would", "will", "could", "may", "might", "must", "should", "'ll", "wo"})


def _that_clause_read_as_relative(clause: Token) -> bool:
    """ "warned the rebels that they would pay": the parser hung the that-clause on the object as
    a relative clause. One with a subject of its own, "that" before it and a modal is a complement
    ("the rebels that the army captured" has no modal and stays a relative clause)."""
    if clause.dep_ != "relcl":
        return False
    kids = list(clause.children)
    return (
        any(k.dep_ in ("nsubj", "nsubjpass") and k.lower_ != "that" for k in kids)
        and any(k.lower_ == "that" and k.i < clause.i for k in kids)
        and any(k.dep_ == "aux" and k.lower_ in _COMPLEMENT_MODALS for k in kids)
    )


def _match(rule: Rule, view: _View, used: list[Token]) -> bool:
    """Whether every condition of `rule` holds in `view`; the words that met them go to `used`
    (they become part of the trigger)."""
    hits: list[Token] = []
    for condition in _CONDITIONS:
        found = condition(rule, view)
        if found is None:
            return False
        hits.extend(found)
    used.extend(hits)
    return True


# Each condition gives the words that meet it ([] when the rule does not ask for it), or None
# when the rule asks for it and the sentence does not have it.
Found = list[Token] | None


def _one(token: Token | None) -> Found:
    return None if token is None else [token]


def _match_prt(rule: Rule, view: _View) -> Found:
    if not rule.prt:
        return []
    # The view's order (the sentence's), not the rule's frozenset: a set's order changes from run
    # to run and so would the trigger.
    return _one(next((t for word, t in view.prts.items() if word in rule.prt), None))


def _match_prep(rule: Rule, view: _View) -> Found:
    if not rule.prep:
        return []
    for prep, wanted in rule.prep.items():
        objs = view.preps.get(prep)
        if objs is None:
            continue
        if not wanted:
            return [view.prep_tokens[prep]]
        # A coordinated object counts too: "warned of military and other steps".
        candidates = [o for head in objs for o in (head, *head.conjuncts)]
        if view.measured:
            # As for objects, what a measure holds: "bowing to weeks of unrest".
            candidates += _measured(candidates)
        for obj in candidates:
            # As for objects, a compound names the thing: "withdrew from the bloc ECOWAS".
            if _lemma(obj) in wanted or (_compound_words(obj) | _compound_heads(obj)) & wanted:
                return [view.prep_tokens[prep], obj]
    return None


def _is_time(token: Token) -> bool:
    """ "on Monday", "on Monday morning", "on the same day": when, not whom."""
    if token.ent_type_ in TIME_ENTITIES or _lemma(token) in grammar().time_nouns:
        return True
    return any(c.dep_ == "compound" and c.ent_type_ in TIME_ENTITIES for c in token.children)


def _match_obj(rule: Rule, view: _View) -> Found:
    if rule.obj is None:
        return []
    if not view.objs:
        return None
    if not rule.obj:
        return []
    # The object's compound modifier counts too: "violated the ceasefire agreement".
    wanted = rule.obj
    # The word as written counts too: the small model lemmatizes "crossing" as "cross".
    found = next(
        (o for o in view.objs if _lemma(o) in wanted or o.lower_ in wanted or _compound_heads(o) & wanted),
        None,
    )
    if found is None and view.measured:
        # What a measure or group noun holds names the thing: "received a team of inspectors",
        # "suspended part of its aid" (as the light verbs' measured objects).
        found = next(
            (p for p in _measured(view.objs) if _lemma(p) in wanted or _compound_heads(p) & wanted), None
        )
    return _one(found)


def _first_rule(entry: Entry, view: _View, used: list[Token]) -> Rule | None:
    """The first rule that holds on the words as they are; failing that, the first that holds
    when a measure noun's "of" object counts as the object ("a team of inspectors")."""
    for measured in (False, True):
        view.measured = measured
        for rule in entry.rules:
            if _match(rule, view, used):
                return rule
    return None


def _measured(objs: Sequence[Token]) -> list[Token]:
    """The "of" objects of the objects: "25,000 tons [of food aid]", "a team [of inspectors]";
    and the "in" objects of a sum: "$300 million [in military aid]"; with their conjuncts,
    "dozens of [Black Hawk] and [Huey helicopters]"."""
    return [
        q
        for o in objs
        for c in o.children
        if c.dep_ == "prep" and (c.lower_ == "of" or (c.lower_ == "in" and o.ent_type_ == "MONEY"))
        for p in c.children
        if p.dep_ == "pobj"
        for q in (p, *p.conjuncts)
    ]


def _match_obj_ent(rule: Rule, view: _View) -> Found:
    if not rule.obj_ent:
        return []
    # As for objects, a measure noun's "of" object counts: "expelled thousands of ethnic Chinese".
    objs = [*view.objs, *_measured(view.objs)] if view.measured else view.objs
    return _one(next((o for o in objs if _entity_label(o, view.is_place) in rule.obj_ent), None))


def _match_mod(rule: Rule, view: _View) -> Found:
    if not rule.mod:
        return []
    # Sentence order, as for particles: "emergency food aid" reads "emergency aid" every run.
    return _one(next((t for word, t in view.mods.items() if word in rule.mod), None))


def _match_comp(rule: Rule, view: _View) -> Found:
    if rule.comp is None:
        return []
    if not view.comps and not view.purposes:
        return None
    if not rule.comp:
        return []
    clauses = (*view.comps, *view.purposes)
    return _one(next((c for c in (*clauses, *_or_else(clauses)) if _lemma(c) in rule.comp), None))


def _or_else(clauses: Sequence[Token]) -> list[Token]:
    """ "told X to leave within 48 hours or face military action": the alternative offered to a
    complement ("or face", "or see") is read with it, so an ultimatum's threat can be named."""
    return [
        conj
        for c in clauses
        if any(k.dep_ == "cc" and k.lower_ == "or" for k in c.children)
        for conj in c.children
        if conj.dep_ == "conj" and conj.pos_ == "VERB"
    ]


def _match_comp_aux(rule: Rule, view: _View) -> Found:
    if not rule.comp_aux:
        return []
    auxes = (a for c in view.comps for a in c.children if a.dep_ == "aux" and a.lower_ in rule.comp_aux)
    return _one(next(auxes, None))


def _match_subj(rule: Rule, view: _View) -> Found:
    if not rule.subj:
        return []
    if not view.subjs:
        view.subjs = _subjects(view.token) if view.token is not None else []
    # The subject settles the rule but is an argument, not part of the trigger.
    return [] if any(_subject_words(t) & rule.subj for t in view.subjs) else None


_CONDITIONS = (
    _match_prt, _match_prep, _match_obj, _match_obj_ent, _match_mod, _match_comp, _match_comp_aux,
    _match_subj,
)  # fmt: skip


def _subject_words(token: Token) -> set[str]:
    """The subject's lemma and its modifiers' ("Israeli aircraft", "Serbian teachers")."""
    return {_lemma(token), *(_lemma(c) for c in token.children if c.dep_ in ("compound", "amod"))}


def _entity_label(token: Token, is_place: PlaceTest | None = None) -> str:
    """The token's entity label; UNTAGGED for a proper noun the small model left unlabelled
    (it often misses place names such as "Aleppo"), GPE for a proper noun it mislabelled as a
    person or group when the gazetteer (`is_place`) knows the name as a place ("seized Hama")."""
    label = token.ent_type_
    if is_place is not None and token.pos_ == "PROPN" and label in PLACE_MISTAGS:
        words = [c for c in token.lefts if c.dep_ == "compound" and c.pos_ == "PROPN"]
        if is_place(" ".join(t.text for t in (*words, token))):
            return "GPE"
    if label:
        return label
    return "UNTAGGED" if token.pos_ == "PROPN" else ""


def _lemma(token: Token) -> str:
    return token.lemma_.lower()


def _compound_words(token: Token) -> set[str]:
    """The token's own lemma with each of its compound/amod modifiers ("war crime", "human right")."""
    return {f"{_lemma(c)} {_lemma(token)}" for c in token.children if c.dep_ in MOD_DEPS}


def _compound_heads(token: Token) -> set[str]:
    return {_lemma(c) for c in token.children if c.dep_ == "compound"}


def _entry_for(token: Token, lexicon: Lexicon) -> Entry | None:
    lemma = _lemma(token)
    first, second = (
        (lexicon.nouns, lexicon.verbs) if token.pos_ in NOUN_POS else (lexicon.verbs, lexicon.nouns)
    )
    entry = first.get(lemma)
    if entry is None:
        entry = second.get(lemma)
        if entry is None and token.text.lower() != lemma:
            # The small model sometimes lemmatizes an unknown verb form as itself ("shelled").
            entry = first.get(token.text.lower())
        if entry is None and token.tag_ in ("VBD", "VBN"):
            entry = _past_form_entry(token.text.lower(), lexicon)
        if entry is None:
            entry = _american_spelling_entry(lemma, first, second)
    return entry


def _american_spelling_entry(
    lemma: str, first: Mapping[str, Entry], second: Mapping[str, Entry]
) -> Entry | None:
    """Wire copy spells "demobilise", "recognised", "legalisation" the British way; the lexicon
    keys most such verbs and nouns by the "-ize" / "-ization" spelling."""
    for british, american in (("isation", "ization"), ("ise", "ize")):
        if lemma.endswith(british):
            spelled = lemma[: -len(british)] + american
            return first.get(spelled) or second.get(spelled)
    return None


def _past_form_entry(text: str, lexicon: Lexicon) -> Entry | None:
    """ "waged" -> "wag", "staged" -> "stag", "cordoned" -> "cordone": the small model cuts a
    past form back to a wrong lemma; the form less its "d" or "ed" is the verb."""
    if not text.endswith("ed"):
        return None
    return lexicon.verbs.get(text[:-1]) or lexicon.verbs.get(text[:-2])


def classify(
    predicate: Token,
    lexicon: Lexicon | None = None,
    is_place: PlaceTest | None = None,
    fallback: Fallback | None = None,
) -> Classification | None:
    """The CAMEO classification of a predicate token from its words, or None if it is no event.

    `is_place(name)` says whether a proper name is a known place; it lets "seized Hama" read as
    taking a town when the model tagged Hama as a person. `fallback` is asked only about words
    the lexicon has no entry for (an entry that codes nothing in context has had its say)."""
    lexicon = lexicon or default_lexicon()
    cls = _classify(predicate, lexicon, 0, [], is_place)
    if cls is None and fallback is not None and _entry_for(predicate, lexicon) is None:
        return fallback.classify(predicate)
    return cls


def _classify(
    token: Token, lexicon: Lexicon, depth: int, used: list[Token], is_place: PlaceTest | None = None
) -> Classification | None:
    """Classify `token`; on success the words that decided it are appended to `used`."""
    cls = _classify_words(token, lexicon, depth, used, is_place)
    if cls is None:
        return None
    stance = _stance_adjective(token, cls, lexicon, used)
    if stance is not None:
        return stance
    threat = _conditional_threat(token, cls, lexicon, used)
    if threat is not None:
        return threat
    if not lexicon.auxiliaries or cls.code[:2] not in lexicon.modal_roots:
        return cls
    negation = next((c for c in token.children if c.dep_ == "neg"), None)
    if negation is not None and any(c.dep_ in ("auxpass", "nsubjpass") for c in token.children):
        # "would not be allowed through": nobody named refuses; extraction drops the negated act.
        return cls
    for child in token.children:
        if child.dep_ != "aux":
            continue
        name = lexicon.auxiliaries.get(child.lower_) or ""
        if negation is not None:
            # "will not end their strike": a stated refusal, CAMEO 12x, not an intention.
            name = (lexicon.negated_frame or "") if name else ""
        frame = lexicon.frames.get(name)
        if frame is None:
            continue
        code = _frame_code(frame, cls.code)
        if code is not None:
            words = [*used, token, child] if negation is None else [*used, token, child, negation]
            mark = _condition_mark(token, lexicon) if negation is not None else None
            if mark is not None:
                # "will not end their strike unless ...": the condition is the refusal's, not a hedge.
                words.append(mark)
            used.append(child)
            return replace(_recoded(cls, code, words), reads_negation=negation is not None)
    return cls


def _recoded(cls: Classification, code: str, words: Sequence[Token]) -> Classification:
    """The act as what frames it (an auxiliary, a stance adjective, a condition) says of it; the
    act's own mode (e.g. "airstrike") no longer describes the event."""
    return replace(cls, code=code, mode=None, trigger=_trigger(words))


def _stance_adjective(
    token: Token, cls: Classification, lexicon: Lexicon, used: list[Token]
) -> Classification | None:
    """ "Syria is willing to withdraw", "is prepared to impose martial law": an act under a
    predicate adjective with a frame in the lexicon (ready, willing, ...) is what that adjective
    says of it (an intention, 03x, or a threat, 13x), as "will withdraw" is. The parser hangs the
    act as the adjective's `xcomp`. After "be" the adjective is a candidate too (it codes even
    when the act does not) and its frame reads the act the same way."""
    adj = token.head
    if token.dep_ != "xcomp" or adj.pos_ != "ADJ" or adj.dep_ not in ("acomp", "ROOT", "conj"):
        return None
    entry = lexicon.verbs.get(_lemma(adj))
    frame = lexicon.frames.get(entry.frame or "") if entry is not None else None
    if frame is None:
        return None
    code = _frame_code(frame, cls.code)
    if code is None:
        return None
    used.append(adj)
    return _recoded(cls, code, [*used, token])


def _conditional_threat(
    token: Token, cls: Classification, lexicon: Lexicon, used: list[Token]
) -> Classification | None:
    """ "will withdraw its force unless the rebels disarm", "may halt its mediation if the
    fighting goes on": a harmful act promised on a condition is a threat (CAMEO 13x). Acts the
    conditional frame does not map ("will send aid if asked") are left to the auxiliaries."""
    frame = lexicon.frames.get(lexicon.conditional_frame or "")
    if frame is None or any(c.dep_ == "neg" for c in token.children):
        return None
    aux = next(
        (c for c in token.children if c.dep_ == "aux" and c.lower_ in lexicon.conditional_auxiliaries), None
    )
    mark = _condition_mark(token, lexicon)
    if aux is None or mark is None:
        return None
    roots = lexicon.conditional_marks.get(mark.lower_) or frozenset()
    code = _frame_code(frame, cls.code) if not roots or cls.code[:2] in roots else None
    if code is None:
        return None
    used.extend((aux, mark))
    return _recoded(cls, code, [*used, token])


def _condition_mark(token: Token, lexicon: Lexicon) -> Token | None:
    """The "unless" / "if" of a condition hung on the predicate."""
    marks = (m for c in token.children if c.dep_ == "advcl" for m in c.children if m.dep_ == "mark")
    return next((m for m in marks if m.lower_ in lexicon.conditional_marks), None)


def _frame_code(frame: Frame, code: str) -> str | None:
    """The framed code for a complement's code: the longest matching prefix wins."""
    for size in (len(code), 3, 2):
        mapped = frame.codes.get(code[:size])
        if mapped is not None:
            return mapped
    return None


def _classify_words(
    token: Token, lexicon: Lexicon, depth: int, used: list[Token], is_place: PlaceTest | None
) -> Classification | None:
    entry = _entry_for(token, lexicon)
    if entry is None:
        return None
    view = _view(token, is_place)
    mine: list[Token] = [token]
    conf = entry.conf
    rule = _first_rule(entry, view, mine)
    if rule is not None:
        entry = replace(entry, **rule.overrides)
        # A matched rule is more specific evidence than the bare lemma.
        conf = entry.conf if "conf" in rule.overrides else min(0.95, entry.conf + 0.1)

    if entry.frame and depth < MAX_DEPTH:
        framed = _apply_frame(entry, view, lexicon, depth, mine)
        if framed is not None:
            used.extend(mine)
            return _result(entry, framed[0], mine, min(0.95, conf + 0.05), framed[1])
    if entry.light and depth < MAX_DEPTH:
        # "killed in an air strike": an "in" object can carry the event as well, and a measure
        # noun passes on what it measures ("provided 25,000 tons of food aid").
        measured = _measured(view.objs)
        if token.pos_ in NOUN_POS:
            # A light noun passes on its own "of" object: "a campaign of mass violence".
            measured += view.preps.get("of", [])
        # "issued a declaration demanding that ...": the document's participle says what it does.
        stated = [c for o in view.objs for c in o.children if c.dep_ == "acl" and c.pos_ == "VERB"]
        for cand in (*view.objs, *measured, *view.comps, *view.preps.get("in", ()), *stated):
            inner_used: list[Token] = []
            cls = _classify(cand, lexicon, depth + 1, inner_used, is_place)
            if cls is None:
                continue
            mine.extend(inner_used)
            used.extend(mine)
            return Classification(
                code=cls.code,
                trigger=_trigger(mine),
                confidence=round(min(0.95, max(cls.confidence, conf) + 0.05), 3),
                mode=cls.mode,
                context=tuple(dict.fromkeys(entry.context + cls.context)),
                target_preps=tuple(dict.fromkeys(cls.target_preps + entry.target_preps)),
                swap_roles=cls.swap_roles or entry.swap,
                place_is_object=cls.place_is_object or entry.place,
            )
    if not entry.code:
        return None
    used.extend(mine)
    return _result(entry, entry.code, mine, conf, ())


def _result(
    entry: Entry, code: str, used: list[Token], conf: float, extra_context: tuple[str, ...]
) -> Classification:
    return Classification(
        code=code,
        trigger=_trigger(used),
        confidence=round(conf, 3),
        mode=entry.mode or None,
        context=tuple(dict.fromkeys(entry.context + extra_context)),
        target_preps=entry.target_preps,
        swap_roles=entry.swap,
        place_is_object=entry.place,
    )


def _trigger(used: Sequence[Token]) -> str:
    """The deciding words in sentence order, each once."""
    seen = {t.i: t for t in used}
    return " ".join(t.text for _, t in sorted(seen.items()))


def _complements(view: _View, frame: Frame, lexicon: Lexicon) -> Iterator[Token]:
    """Candidate complements of a framing verb, most direct first."""
    yield from view.comps
    # "urged the rebels to honour human rights": a verb the lexicon does not know says little,
    # its object may. A known verb that codes nothing ("postpone the march") has had its say.
    for comp in view.comps:
        if _entry_for(comp, lexicon) is None:
            yield from (o for o in comp.children if o.dep_ == "dobj")
    for obj in view.objs:
        for child in obj.children:
            # "expressed willingness to mediate"
            if child.dep_ in ("acl", "relcl") and child.pos_ in ("VERB", "AUX"):
                yield child
        yield obj
        # "submitted reform petitions": the compound says what is asked for.
        yield from (c for c in obj.children if c.dep_ == "compound")
    pobjs = [p for prep in frame.preps for p in view.preps.get(prep, ())]
    # The parser often hangs "of war crimes" on the object ("accused the commander of ...").
    pobjs += [
        p
        for obj in view.objs
        for child in obj.children
        if child.dep_ == "prep" and _lemma(child) in frame.preps
        for p in child.children
        if p.dep_ in ("pobj", "pcomp")
    ]
    for pobj in pobjs:
        yield pobj
        for child in pobj.children:
            if child.dep_ in ("acl", "relcl", "pcomp"):
                yield child
    if not view.comps:
        # "have sworn to fight until ...": the parser often hangs the to-clause as a purpose.
        yield from view.purposes


def _apply_frame(
    entry: Entry, view: _View, lexicon: Lexicon, depth: int, used: list[Token]
) -> tuple[str, tuple[str, ...]] | None:
    frame = lexicon.frames.get(entry.frame or "")
    if frame is None:
        return None
    acts = lexicon.frames.get(COMPLEMENT_ACTS)
    comps = list(_complements(view, frame, lexicon))
    # "turned down a plea for a new loan": a complement that maps only to the verb's own plain
    # code (the plea: 120) is kept while a later one (the loan: 1221) may say what was asked.
    plain: tuple[str, tuple[str, ...], list[Token]] | None = None
    for comp in comps:
        for key in (*_compound_words(comp), _lemma(comp), *_compound_heads(comp)):
            if key in frame.words:
                used.append(comp)
                return frame.words[key], ()
        # "demanded that Iraq end the embargo": a verb-and-object pair says more than the verb.
        pair = _complement_act(acts, _pair_keys(comp)) if acts is not None else None
        mapped = _frame_code(frame, pair[0]) if pair is not None else None
        if pair is not None and mapped is not None:
            used.extend(pair[1])
            return mapped, ()
        inner_used: list[Token] = []
        inner = _classify(comp, lexicon, depth + 1, inner_used, view.is_place)
        mapped = _frame_code(frame, inner.code) if inner is not None else None
        if inner is None or mapped is None:
            continue
        if mapped != entry.code:
            used.extend(inner_used)
            return mapped, inner.context
        plain = plain or (mapped, inner.context, inner_used)
    found = _read_complement_act(frame, acts, comps, used) if acts is not None else None
    if found is None and plain is not None:
        used.extend(plain[2])
        return plain[0], plain[1]
    return found


# frames.yaml's table of acts that are seldom reported done but often asked for, promised or
# refused ("scrap subsidies", "let monitors in"): word keys to the material code of the act.
COMPLEMENT_ACTS = "complement_acts"


def _arguments(comp: Token) -> list[Token]:
    """A complement's objects: its direct object and the objects of its prepositions."""
    direct = [c for c in comp.children if c.dep_ in ("dobj", "dative", "nsubjpass")]
    preps = [p for c in comp.children if c.dep_ in PREP_DEPS for p in c.children if p.dep_ == "pobj"]
    return [*direct, *preps]


def _pair_keys(comp: Token) -> _Keyed:
    """ "end embargo", "let monitor", "stand behind": a verb with its object or preposition."""
    if comp.pos_ not in ("VERB", "AUX"):
        return []
    verb = _lemma(comp)
    keys = [(f"{verb} {_lemma(o)}", [comp, o]) for o in _arguments(comp)]
    keys += [(f"{verb} {_lemma(c)}", [comp, c]) for c in comp.children if c.dep_ in ("prt", "prep", "acomp")]
    return keys


def _word_keys(comp: Token) -> _Keyed:
    """ "political reform", "reform", "loan": the complement's or its objects' words."""
    keyed: _Keyed = []
    for head in (comp, *_arguments(comp)):
        keys = (*sorted(_compound_words(head)), _lemma(head), *sorted(_compound_heads(head)))
        keyed += [(key, [head]) for key in keys]
    return keyed


_Keyed = list[tuple[str, list[Token]]]


def _complement_act(acts: Frame, keys: _Keyed) -> tuple[str, list[Token]] | None:
    """The first key of `keys` the table of acts knows: its material code and the words read."""
    for key, words in keys:
        code = acts.words.get(key)
        if code is not None:
            return code, words
    return None


def _read_complement_act(
    frame: Frame, acts: Frame, comps: Sequence[Token], used: list[Token]
) -> tuple[str, tuple[str, ...]] | None:
    """The frame's code for a complement the lexicon does not code, from the frame's own words
    ("determined to reach a settlement": 037) or the table of acts."""
    for comp in comps:
        keys = _word_keys(comp)
        own = _complement_act(frame, keys)
        if own is not None:
            used.extend(own[1])
            return own[0], ()
        found = _complement_act(acts, keys)
        mapped = _frame_code(frame, found[0]) if found is not None else None
        if found is not None and mapped is not None:
            used.extend(found[1])
            return mapped, ()
    return None
