"""Resolve noun phrases to actors: names, countries, capitals, agents and coreference.

`ActorResolver.annotate` makes one pass over an article: it finds knowledge-base names by longest
match over folded words, then walks the noun-phrase heads in order, resolving each and keeping the
latest person/group per kind for coreference (constant time per mention, no look-back scans).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Actor

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from ..gazetteer import Gazetteer
from .kb import (
    KIND_PRIORITY,
    Agent,
    AliasEntry,
    CorefRules,
    Country,
    Entity,
    KnowledgeBase,
    Role,
    build_kb,
    fold,
    load_coref_rules,
    package_dir,
    pieces,
)

# Punctuation inside a name ("al-Sharaa", "U.S.", "Hay'at"): skipped, not a boundary.
_JOINERS = frozenset({"-", "–", ".", "'", "’", "&"})
# Dependency labels of words that modify a noun inside its phrase (titles, adjectives, owners).
_LEFT_MODS = frozenset({"compound", "amod", "nmod", "poss", "flat", "npadvmod"})
_RIGHT_MODS = frozenset({"flat", "compound"})
# Heads that are modifiers of another noun are resolved as part of that noun's phrase.
_NOT_HEADS = frozenset({"compound", "amod", "flat", "nmod"})
_NOUNS = frozenset({"NOUN", "PROPN", "PRON"})
# spaCy entity labels that make an unknown proper noun an (unknown) actor rather than nothing.
_NAMED = {"PERSON": "person", "ORG": "group", "NORP": "group", "GPE": "country", "LOC": "place"}
# Entity labels of names looked up in the gazetteer when the knowledge base does not know them: a
# town or region stands for its country ("shelled Juba", "Darfur rebels"). NORP is included because
# the small model often tags towns such as "Aleppo" as NORP.
_PLACE_LABELS = frozenset({"GPE", "LOC", "NORP", "ORG", ""})
# A name not tagged GPE/LOC is read as a city only if a city of that name is at least this large.
UNTAGGED_CITY_POPULATION = 100_000


@dataclass(frozen=True, slots=True)
class Resolution:
    """How a name resolved and why (for `eventcoder actors lookup`)."""

    actor: Actor
    kind: str  # person | org | country | capital | adjective | agent | unknown
    alias: str | None = None
    source: str | None = None
    rule: str = ""


@dataclass(slots=True)
class _Mention:
    start: int
    end: int  # inclusive token index
    entry: AliasEntry


@dataclass
class _History:
    """The latest actor of each kind seen so far in the article (for coreference)."""

    person: _Found | None = None
    group: _Found | None = None
    # The latest person/group that was a clause subject, with its sentence number: he/she/they
    # prefer it over a later object when it is in this or the previous sentence.
    person_subject: tuple[_Found, int] | None = None
    group_subject: tuple[_Found, int] | None = None
    # The latest actor with a country, per exact sector: "rebels" after "Syrian rebels" is SYRREB.
    by_sector: dict[str, _Found] = field(default_factory=dict)
    org: _Found | None = None
    thing: _Found | None = None  # latest organization, group or country ("it", "its")
    person_by_country: dict[str, _Found] = field(default_factory=dict)
    person_by_title: dict[str, _Found] = field(default_factory=dict)
    group_by_family: dict[str, _Found] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class _Found:
    """A resolved head: the actor and what kind of thing it is (for coreference)."""

    actor: Actor
    kind: str  # person | group | org | country | place (a place is never pointed back to)
    title: str | None = None
    verb: int = -1  # the verb this mention is the subject of (set when remembered)


class DocActors:
    """Actors of one parsed article; satisfies model.ActorLookup."""

    def __init__(self, resolver: ActorResolver, doc: Doc, published: date | None) -> None:
        self.resolver = resolver
        self.doc = doc
        self.published = published
        # Per-token folded words, read once: agent and name matching index these lists instead of
        # creating spaCy Token objects again and again.
        self.words: list[tuple[str, ...]] = []
        self.lemmas: list[tuple[str, ...]] = []
        self.sent_starts: list[bool] = []
        self.sent_ids: list[int] = []
        sent = -1
        for tok in doc:
            self.words.append(pieces(tok.text))
            self.lemmas.append(pieces(tok.lemma_))
            start = bool(tok.is_sent_start)
            self.sent_starts.append(start)
            sent += start or sent < 0
            self.sent_ids.append(sent)
        self.mentions: dict[int, _Mention] = resolver._find_names(self)
        self._heads: dict[int, _Found | None] = {}
        history = _History()
        roots = {m.start: doc[m.start : m.end + 1].root.i for i, m in self.mentions.items() if i == m.start}
        for token in doc:
            if token.pos_ not in _NOUNS or token.dep_ in _NOT_HEADS or token.is_punct:
                continue
            mention = self.mentions.get(token.i)
            if mention is not None and roots[mention.start] != token.i:
                continue  # one actor per name, read at the name's head
            found = resolver._resolve(self, token, history)
            self._heads[token.i] = found
            if found is not None:
                named_place = mention is not None and mention.entry.kind in ("capital", "country")
                _remember(history, found, token, resolver.rules, self.sent_ids[token.i], named_place)

    def actor_for(self, token: Token) -> Actor | None:
        """The actor named by the noun phrase headed by `token` (coreference resolved), or None."""
        if token.i not in self._heads:
            self._heads[token.i] = self.resolver._resolve(self, token, None)
        found = self._heads[token.i]
        return found.actor if found else None

    def actors(self) -> list[tuple[Token, Actor]]:
        """Every resolved noun-phrase head in document order (for inspection and tests)."""
        return [(self.doc[i], f.actor) for i, f in sorted(self._heads.items()) if f is not None]


class ActorResolver:
    """Loaded actor knowledge plus the rules that apply it to parsed articles."""

    def __init__(self, kb: KnowledgeBase, rules: CorefRules) -> None:
        self.kb = kb
        self.rules = rules
        self.person_nouns = rules.person_nouns | frozenset(kb.titles)

    @classmethod
    def load(
        cls, extra_files: Sequence[Path] = (), directories: Sequence[Path] | None = None
    ) -> ActorResolver:
        """The package knowledge base (or `directories`) plus user files; cached per process."""
        dirs = tuple(str(d) for d in directories) if directories is not None else None
        extras = tuple(str(Path(p).resolve()) for p in extra_files)
        stamps = tuple(_mtime(Path(p)) for p in extras)
        return _load_cached(dirs, extras, stamps)

    def annotate(self, doc: Doc, published: date | None) -> DocActors:
        """Resolve the actors of one parsed article."""
        return DocActors(self, doc, published)

    # -- names --------------------------------------------------------------------------------

    def _find_names(self, da: DocActors) -> dict[int, _Mention]:
        """Longest-match knowledge-base names over the doc's folded words: token index -> mention."""
        doc = da.doc
        stream: list[tuple[str, int]] = []
        for tok in doc:
            if tok.tag_ == "POS":
                continue  # "Kurdistan Workers' Party": a possessive mark is part of some names
            if da.sent_starts[tok.i] or tok.is_space:
                stream.append(("", -1))
                if tok.is_space:
                    continue
            words = da.words[tok.i]
            if not words:
                if tok.text not in _JOINERS:
                    stream.append(("", -1))
                continue
            stream.extend((w, tok.i) for w in words)
        found: dict[int, _Mention] = {}
        names, lengths = self.kb.names, self.kb.name_lengths
        j, n_stream = 0, len(stream)
        while j < n_stream:
            word, ti = stream[j]
            if not word or (j > 0 and stream[j - 1][1] == ti) or word not in lengths:
                j += 1
                continue
            matched = 0
            for n in lengths[word]:
                end = j + n
                if end > n_stream:
                    continue
                last_ti = stream[end - 1][1]
                if last_ti < 0 or (end < n_stream and stream[end][1] == last_ti):
                    continue  # would end inside a token
                entries = names.get(tuple(w for w, _ in stream[j:end]))
                if not entries:
                    continue
                entry = self._usable(entries, doc[ti : last_ti + 1].text)
                if entry is None or (entry.acronym and not self._acronym_fits(da, entry, ti, last_ti, found)):
                    continue
                mention = _Mention(ti, last_ti, entry)
                for i in range(ti, last_ti + 1):
                    found[i] = mention
                matched = n
                break
            j += matched or 1
        return found

    @staticmethod
    def _usable(entries: list[AliasEntry], text: str) -> AliasEntry | None:
        """The best entry whose case rules the text meets: names need a capital letter (not the
        bird "turkey"), acronyms need all capitals (not the pronoun "us")."""
        has_capital = any(c.isupper() for c in text)
        is_upper = not any(c.islower() for c in text)

        def fits(e: AliasEntry) -> bool:
            if e.acronym:
                return is_upper
            # An alias the data writes in lower case ("world body") may match lower-case text.
            return has_capital or e.kind == "discard" or not any(c.isupper() for c in e.alias)

        ok = [e for e in entries if fits(e)]
        if not ok:
            return None
        return min(ok, key=lambda e: KIND_PRIORITY[e.kind])

    def _acronym_fits(
        self, da: DocActors, entry: AliasEntry, first: int, last: int, found: dict[int, _Mention]
    ) -> bool:
        """Whether a short all-caps name in the text is really the known acronym: not a common word
        in a line written in capitals, and not a text's own abbreviation of another name
        ("Montenegro Municipality Association (AKK)" is not Annegret Kramp-Karrenbauer)."""
        doc = da.doc
        if fold(entry.alias) in self.rules.common_words:
            sent = doc[first].sent
            letters = [t.text for t in sent if t.is_alpha]
            if sum(w.isupper() for w in letters) * 2 > len(letters):
                return False  # a headline in capitals: "US" may be the pronoun
        if first < 2 or last + 1 >= len(doc) or doc[first - 1].text != "(" or doc[last + 1].text != ")":
            return True
        # "Long Name (ABC)": the text defines ABC. Keep the known acronym when the long name is the
        # same entity, or its words' initials contain the acronym's letters (UNITA, APEC).
        words = []
        i = first - 2
        while (
            i >= 0
            and not da.sent_starts[i + 1]
            and (doc[i].is_title or doc[i].is_upper or doc[i].lower_ in ("of", "for", "the", "and", "de"))
        ):
            words.append(doc[i].text)
            i -= 1
        before = found.get(first - 2)
        if before is not None and before.entry.entity is not None and before.entry.entity is entry.entity:
            return True
        if before is not None and before.entry.country is not None and before.entry.country is entry.country:
            return True
        if not words:
            return True
        initials = [w[0].lower() for w in words if w[0].isalpha()]
        for letter in fold(entry.alias):
            if not letter.isalpha():
                continue
            if letter not in initials:
                return False
            initials.remove(letter)
        return True

    # -- heads --------------------------------------------------------------------------------

    def _resolve(self, da: DocActors, token: Token, history: _History | None) -> _Found | None:
        """Resolve the noun phrase headed by `token`; `history` enables coreference."""
        mention = da.mentions.get(token.i)
        if mention is not None:
            return self._from_name(da, token, mention)
        low = fold(token.text)
        if token.pos_ == "PRON":
            return self._pronoun(da, token, low, history)
        agent_hit = self._agent_at(da, token.i)
        if agent_hit is not None:
            return self._from_agent(da, token, agent_hit[0].sector, agent_hit[1], history)
        group_noun = token.pos_ == "NOUN" and fold(token.lemma_) in self.rules.group_nouns
        if group_noun:
            # "opposition groups", "rebel movement": a group word takes its modifier's role.
            for child in token.lefts:
                hit = self._agent_at(da, child.i) if child.dep_ in ("compound", "amod") else None
                if hit is not None:
                    return self._from_agent(da, token, hit[0].sector, hit[1], history)
        if token.pos_ == "NOUN" and (token.tag_ == "NNS" or group_noun):
            # "HTS fighters", "Hamas supporters": people of a known organization are that organization
            # (but a "UN-brokered deal" is no actor).
            country, owner = self._modifier(da, token, token.i)
            if owner is not None and owner.kind == "org":
                return _Found(_retext(owner.actor, _np_text(token, None)), "org")
            if group_noun and country is not None and owner is None and not _definite(token, self.rules):
                # "an Israeli peace movement": a group of that country, sector unknown.
                return _Found(self.country_actor(country, _np_text(token, None), None), "group")
        lemma = fold(token.lemma_)
        if (
            history is not None
            and _definite(token, self.rules)
            and (lemma in self.rules.group_nouns or lemma in self.person_nouns)
        ):
            return self._from_agent(da, token, None, token.i, history)
        if token.ent_type_ == "NORP" or (token.pos_ == "PROPN" and token.tag_ == "NNPS"):
            # A people named with a country adjective ("Iraqi Kurds"): that country, no sector.
            country, _ = self._modifier(da, token, token.i)
            if country is not None:
                return _Found(self.country_actor(country, _np_text(token, None), None), "group")
        if token.pos_ == "PROPN" and token.ent_type_ in _NAMED:
            return self._unknown_name(da, token)
        if token.pos_ == "PROPN" and not token.ent_type_:
            # A name the model left untagged: "captured Aleppo", "British militant Haroon Aswad".
            found = self._unknown_name(da, token, "group")
            if found is not None and found.actor.country:
                return found
            for child in token.lefts:
                mention = da.mentions.get(child.i) if child.dep_ == "compound" else None
                if mention is not None and mention.entry.entity is None and mention.entry.country:
                    # "the Kenya Anti-Corruption Commission": an unknown body named after a country.
                    text, iso3 = _np_text(token, None), mention.entry.country.iso3
                    return _Found(Actor(text, text, iso3, None, iso3, None), "group")
        return None

    def _place(self, token: Token) -> Country | None:
        """The country of a town or region the knowledge base does not know, from the gazetteer."""
        if token.tag_ == "NNPS" or token.ent_type_ not in _PLACE_LABELS:
            return None
        labelled = bool(token.ent_type_)
        if token.is_upper and len(token.text) <= 4:
            return None  # short capitals are acronyms: the knowledge base's rules decide those
        if token.pos_ != "PROPN" and not (labelled and token.pos_ == "ADJ"):
            return None  # "Idlib rebels": the small model sometimes tags a town as an adjective
        if not labelled and (
            not token.is_title or any(c.dep_ in ("compound", "flat") for c in token.children)
        ):
            return None  # an untagged multi-word name is more likely a person's; "US" an acronym
        ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
        words = ent.text.split() if ent is not None else [token.text]
        # "West Darfur State": also try without a leading or trailing word.
        variants = [words]
        if len(words) > 1 and token.ent_type_ in ("GPE", "LOC"):
            # "West Darfur State": without a compass word or a place noun ("Kenzo Oshima" is
            # never shortened to a town called Oshima).
            lo = 1 if fold(words[0]) in self.rules.place_qualifiers else 0
            hi = len(words) - 1 if fold(words[-1]) in self.rules.place_nouns else len(words)
            if (lo, hi) != (0, len(words)) and lo < hi:
                variants.append(words[lo:hi])
        gazetteer = _gazetteer()
        for variant in variants:
            place = gazetteer.geocode(" ".join(variant)) if variant else None
            if place is None or not place.country:
                continue
            if not labelled and place.feature != "city":
                continue  # countries and regions are the knowledge base's business
            if token.ent_type_ not in ("GPE", "LOC") and place.feature == "city":
                # Not tagged as a place ("captured Aleppo", "shut down Khatmandu" tagged ORG): only a
                # large city, so that a surname, an unknown organization or a loose alternate name
                # ("Hamas" is also a German town's) is not read as some small town.
                biggest = max((c.population for c in gazetteer.candidates(" ".join(variant))), default=0)
                if biggest < UNTAGGED_CITY_POPULATION:
                    continue
            return self.kb.countries.get(place.country)
        return None

    def _from_name(self, da: DocActors, token: Token, mention: _Mention) -> _Found | None:
        entry = mention.entry
        root = da.doc[mention.start : mention.end + 1].root
        if token.i != root.i and root.dep_ not in _NOT_HEADS:
            token = root  # asked for a word inside a name: answer for the whole name
        text = _np_text(token, mention)
        if entry.kind == "discard":
            return None
        if entry.entity is not None:
            actor, role, rule = self.entity_actor(entry.entity, text, da.published)
            kind = "person" if entry.entity.kind == "person" else "org"
            # A former office holder is no longer "the president".
            title = None
            if role is not None and role.title and not rule.startswith("out of office"):
                title = fold(role.title)
            return _Found(actor, kind, title)
        country = entry.country
        assert country is not None
        ethnic = self._ethnic(da, mention.start)
        if (ethnic and entry.kind == "country") or (
            entry.kind == "adjective" and (ethnic or token.tag_ in ("NNPS", "NNS"))
        ):
            # "ethnic Albanians", "the Albanians of southern Serbia": a people coded by where they
            # live, as CAMEO coders do, not by the state their name comes from. An "ethnic" people
            # with no place in the phrase gets no country; "Syrian Kurds" keep Syria below.
            home, _ = self._modifier(da, token, token.i, left=False)
            if home is None and not ethnic:
                # "Bosnian Serbs", "Iraqi Kurds": the adjective says where they live.
                home, _ = self._modifier(da, token, mention.start)
            if home is not None:
                return _Found(self.country_actor(home, text, None), "group")
            if ethnic:
                return _Found(Actor(text=text, name=text), "group")
            return _Found(self.country_actor(country, text, None), "group")  # "they" may refer to them
        if entry.kind == "adjective":
            # Asked for "Hungarian" in "Hungarian and Romanian officials": that country's officials,
            # so a compound actor can be split by the events stage.
            head = token
            while head.dep_ == "conj" and head.head.i != head.i:
                head = head.head
            if head.dep_ in ("amod", "compound", "nmod") and head.head.pos_ == "NOUN":
                hit = self._agent_at(da, head.head.i)
                if hit is not None:
                    return _Found(self.country_actor(country, text, hit[0].sector), "group")
        if entry.kind == "capital":
            # The government as a group: "Ankara said ... the government added" points back to it.
            return _Found(self.country_actor(country, text, "GOV"), "group")
        return _Found(self.country_actor(country, text, None), "country")

    def _ethnic(self, da: DocActors, i: int) -> bool:
        """Whether the name at token i is preceded by an ethnicity marker ("ethnic Albanians")."""
        if i == 0 or da.sent_starts[i] or not da.words[i - 1]:
            return False
        return da.words[i - 1][-1] in self.rules.ethnic_markers

    def _pronoun(self, da: DocActors, token: Token, low: str, history: _History | None) -> _Found | None:
        if history is None:
            return None
        earlier = None
        sent = da.sent_ids[token.i]
        # "Russia granted them asylum": an object pronoun is not the subject of its own verb
        # (a possessive may be: "Erdogan and his ministers").
        verb = -1 if token.dep_ == "poss" else _clause_verb(token)
        if low in self.rules.person_pronouns:
            earlier = _not_of(_recent_subject(history.person_subject, sent), verb) or _not_of(
                history.person, verb
            )
        elif low in self.rules.group_pronouns:
            earlier = _not_of(_recent_subject(history.group_subject, sent), verb) or _not_of(
                history.group, verb
            )
        elif low in self.rules.thing_pronouns:
            expletive = token.dep_ == "expl" or (
                token.dep_ == "nsubj" and fold(token.head.lemma_) in self.rules.expletive_heads
            )
            earlier = None if expletive else history.thing
        return _refer(earlier, token.text)

    def _agent_at(self, da: DocActors, i: int) -> tuple[Agent, int] | None:
        """The longest agent phrase ending at token i (its last word by text or lemma)."""
        agents, words = self.kb.agents, da.words
        # Phrases extend left over words of the same sentence only.
        first = i
        while first > 0 and i - first + 1 < self.kb.agent_max_len and not da.sent_starts[first]:
            first -= 1
        for start in range(first, i + 1):
            before: tuple[str, ...] = ()
            for k in range(start, i):
                before += words[k]
            agent = agents.get(before + words[i]) or agents.get(before + da.lemmas[i])
            if agent is not None:
                return agent, start
        return None

    def _from_agent(
        self, da: DocActors, token: Token, sector: str | None, agent_start: int, history: _History | None
    ) -> _Found | None:
        """A role noun: its country from modifiers ("Syrian rebels", "Turkey's foreign minister",
        "the government of Syria"), else an earlier actor if the phrase points back."""
        text = _np_text(token, None)
        lemma = fold(token.lemma_)
        title = " ".join(fold(t.text) for t in da.doc[agent_start : token.i]) + (
            " " if agent_start < token.i else ""
        )
        title += lemma
        is_person = lemma in self.person_nouns or title in self.person_nouns
        plural = token.tag_ in ("NNS", "NNPS")
        leader = self._led_by(da, token)
        if leader is not None:
            return _Found(_retext(leader.actor, text), leader.kind)
        for child in token.rights:
            # "the Syrian leader Ahmed al-Sharaa", "Turkey's foreign minister, Hakan Fidan,": the name
            # in apposition says who the office holder is.
            named = da.mentions.get(child.i) if child.dep_ == "appos" else None
            if named is not None and named.entry.entity is not None:
                found = self._from_name(da, child, named)
                if found is not None:
                    return _Found(_retext(found.actor, text), found.kind, found.title)
        sector = self._refine_sector(da, token, sector, agent_start)
        country, owner = self._modifier(da, token, agent_start)
        if owner is not None and owner.kind == "org":
            return _Found(_retext(owner.actor, text), "org")
        if country is not None:
            definite = history is not None and _definite(token, self.rules)
            if is_person and not plural:
                if definite and history is not None:
                    earlier = history.person_by_country.get(country.iso3)
                    if earlier is not None and (
                        lemma in self.rules.generic_person_nouns or _same_office(earlier, title)
                    ):
                        return _refer(earlier, text)
                holder = self._office_holder(country.iso3, title, da.published, text)
                if holder is not None:
                    return holder
            actor = self.country_actor(country, text, (sector or "GOV") if is_person else sector)
            return _Found(
                actor, "person" if is_person and not plural else "group", title if is_person else None
            )
        if history is not None and _definite(token, self.rules):
            earlier_found = self._point_back(history, lemma, title, sector, is_person, plural)
            old = earlier_found.actor if earlier_found is not None else None
            if (
                earlier_found is not None
                and old is not None
                and sector
                and old.sector not in (sector, None)
                and earlier_found.kind != "org"
            ):
                # "Syrian rebels ... the army": a related sector of the same country, not the
                # rebels themselves (an organization keeps its members: "the militants"); with
                # no country to share ("soldiers ... the rebels"), nothing is shared.
                if old.country:
                    return _Found(Actor(text, None, old.country, sector, old.country + sector, None), "group")
                earlier_found = None
            if earlier_found is not None:
                return _refer(earlier_found, text)
        if sector is None:
            return None
        kind = "person" if is_person and not plural else "group"
        if history is not None and not (is_person and not plural) and not self._other_country(da, token):
            # Coreference by role: "rebels" after "Syrian rebels" in the same article are those
            # rebels' country. A lone "spokesman" could speak for anyone, so persons are left out.
            earlier = history.by_sector.get(sector)
            if earlier is not None and earlier.actor.country is not None:
                iso3 = earlier.actor.country
                actor = Actor(text, None, iso3, sector, iso3 + sector, None)
                return _Found(actor, kind)
        return _Found(Actor(text=text, sector=sector), kind, title if is_person else None)

    def _refine_sector(self, da: DocActors, token: Token, sector: str | None, agent_start: int) -> str | None:
        """A generic armed noun takes a more specific modifier's sector: "rebel forces" are rebels,
        "police forces" police; "government troops" stay military."""
        if sector != "MIL":
            return sector
        for child in token.lefts:
            if child.dep_ not in ("compound", "amod") or child.i >= agent_start:
                continue
            hit = self._agent_at(da, child.i)
            if hit is not None and hit[0].sector not in ("MIL", "GOV"):
                return hit[0].sector
        return sector

    def _other_country(self, da: DocActors, token: Token) -> bool:
        """Whether a modifier says the agent is some other country's ("foreign troops")."""
        return any(
            da.words[c.i] and da.words[c.i][-1] in self.rules.other_country_markers
            for c in token.lefts
            if c.dep_ in _LEFT_MODS
        )

    def _point_back(
        self, history: _History, lemma: str, title: str, sector: str | None, is_person: bool, plural: bool
    ) -> _Found | None:
        """Coreference for a definite phrase without a country: "the president", "the group"."""
        if lemma in self.rules.group_nouns:
            return history.org or history.group
        if is_person and not plural:
            earlier = history.person_by_title.get(title) or history.person_by_title.get(lemma)
            if earlier is None and lemma in self.rules.generic_person_nouns:
                earlier = history.person
            return earlier
        if sector is not None:
            # The same sector first ("the army" after "Syrian troops"), then a related one.
            same = history.by_sector.get(sector)
            return same or history.group_by_family.get(self.rules.sector_family.get(sector, sector))
        return None

    def _led_by(self, da: DocActors, token: Token) -> _Found | None:
        """ "rebels led by HTS": the leader's actor."""
        for child in token.rights:
            if child.dep_ == "acl" and fold(child.lemma_) in self.rules.led_by_verbs:
                for prep in child.children:
                    if prep.dep_ == "agent" or (prep.dep_ == "prep" and prep.lower_ == "by"):
                        for obj in prep.children:
                            if obj.dep_ == "pobj":
                                return self._resolve(da, obj, None)
        return None

    def _modifier(
        self, da: DocActors, token: Token, agent_start: int, left: bool = True, depth: int = 0
    ) -> tuple[Country | None, _Found | None]:
        """Country (and owning name, if any) given by the phrase's modifiers, nearest first; with
        `left` False only the "of/in/from X" and "based in X" phrases after the head count."""
        candidates: list[int] = []
        if left:
            lo = min(_left_edge(token), agent_start)
            candidates = [i for i in range(token.i - 1, lo - 1, -1) if i < agent_start or i == token.i]
        nested = self._place_objects(token)
        candidates.extend(nested)
        for i in candidates:
            mention = da.mentions.get(i)
            if mention is None and depth == 0 and i in nested:
                # "doctors from American aid groups", "the government of Sindh province": the
                # country is a modifier of the place or group named after the preposition.
                inner, _ = self._modifier(da, da.doc[i], i, True, depth + 1)
                if inner is not None:
                    return inner, None
            if mention is not None and mention.entry.country is not None and self._ethnic(da, mention.start):
                continue  # "ethnic Albanian guerrillas": an ethnicity, not Albania
            if mention is None and da.doc[i].ent_type_ in _PLACE_LABELS:
                place = self._place(da.doc[i])
                if place is not None:
                    return place, None  # "Darfur rebels", "rebels in Darfur"
            if mention is None:
                # "its army", "his government": the owner resolved earlier in this pass.
                owner = da._heads.get(i) if da.doc[i].dep_ == "poss" and da.doc[i].pos_ == "PRON" else None
                if owner is not None and owner.kind == "org":
                    return self.kb.countries.get(owner.actor.country or ""), owner  # the UN's "its forces"
                if owner is not None and owner.actor.country:
                    return self.kb.countries.get(owner.actor.country), None
                continue
            if mention.entry.kind == "discard":
                continue
            entry = mention.entry
            if entry.entity is not None:
                actor, _, _ = self.entity_actor(entry.entity, entry.alias, da.published)
                kind = "person" if entry.entity.kind == "person" else "org"
                country = self.kb.countries.get(actor.country or "")
                return country, _Found(actor, kind)
            return entry.country, None
        return None, None

    def _place_objects(self, token: Token) -> list[int]:
        """Objects of "of/in/from X" after the head, and of "based/operating in X"."""
        found: list[int] = []
        for child in token.rights:
            if child.dep_ == "prep" and child.lower_ in self.rules.of_prepositions:
                found.extend(c.i for c in child.children if c.dep_ == "pobj")
            elif child.dep_ == "acl" and fold(child.lemma_) in self.rules.located_verbs:
                for prep in child.children:
                    if prep.dep_ == "prep" and prep.lower_ in self.rules.of_prepositions:
                        found.extend(c.i for c in prep.children if c.dep_ == "pobj")
        return found

    def _office_holder(self, iso3: str, title: str, on: date | None, text: str) -> _Found | None:
        """ "Turkey's foreign minister" on a known date -> the person holding that office then."""
        if on is None:
            return None
        for role, entity in self.kb.offices.get((iso3, title), ()):
            if role.covers(on):
                actor, _, _ = self.entity_actor(entity, text, on)
                return _Found(actor, "person", title)
        return None

    def _unknown_name(self, da: DocActors, token: Token, kind: str | None = None) -> _Found | None:
        """A proper name we do not know: keep it unknown, unless its own title gives a country
        ("Syrian Foreign Minister X")."""
        text = _np_text(token, None)
        kind = kind or _NAMED[token.ent_type_]
        place = self._place(token) if token.ent_type_ in _PLACE_LABELS else None
        if place is not None:
            # A town or region as an argument ("captured Aleppo", "shelled Juba") is coded as its
            # country with no sector, as the CAMEO gold does; who holds it is not guessed.
            ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
            name = ent.text if ent is not None else token.text
            return _Found(Actor(text, name, place.iso3, None, place.iso3, None), "place")
        for child in token.rights:
            # "Salaheddine Sidhoum, Algeria's leading activist,": the apposition says who it is.
            if child.dep_ == "appos" and child.pos_ == "NOUN":
                hit = self._agent_at(da, child.i)
                described = self._from_agent(da, child, hit[0].sector, hit[1], None) if hit else None
                if described is not None and described.actor.country:
                    return _Found(Actor(text, text, *_codes(described.actor), None), described.kind)
        if kind in ("country", "place"):
            return _Found(Actor(text=text), kind)
        for i in range(token.i - 1, _left_edge(token) - 1, -1):
            hit = self._agent_at(da, i)
            if hit is not None:
                country, owner = self._modifier(da, da.doc[i], hit[1])
                name = da.doc[i + 1 : token.i + 1].text
                if owner is not None and owner.kind == "org":
                    # "U.N. mediator Diego Cordovez": an organization's envoy acts for it.
                    return _Found(Actor(text, name, *_codes(owner.actor), None), kind)
                if country is not None:
                    actor = self.country_actor(country, text, hit[0].sector)
                    actor = Actor(text, name, actor.country, actor.sector, actor.cameo, None)
                    return _Found(actor, kind)
                break
        if token.ent_type_ == "ORG":
            ent = next((e for e in token.doc.ents if e.start <= token.i < e.end), None)
            for i in range(ent.start, ent.end) if ent is not None else ():
                mention = da.mentions.get(i)
                if (
                    mention is not None
                    and mention.entry.country is not None
                    and mention.entry.kind != "capital"
                ):
                    # "the Nigerian Union of Teachers": an unknown body named after a country
                    # belongs to it (its sector is not guessed).
                    iso3 = mention.entry.country.iso3
                    return _Found(Actor(text, ent.text, iso3, None, iso3, None), kind)  # type: ignore[union-attr]
        return _Found(Actor(text=text), kind)

    # -- building actors ----------------------------------------------------------------------

    def country_actor(self, country: Country, text: str, sector: str | None) -> Actor:
        """A country (or country + sector agent) actor."""
        cameo = country.iso3 + (sector or "")
        return Actor(text=text, name=country.name, country=country.iso3, sector=sector, cameo=cameo,
                     actor_id=country.iso3)  # fmt: skip

    def entity_actor(self, entity: Entity, text: str, on: date | None) -> tuple[Actor, Role | None, str]:
        """A person/organization actor with the role valid on `on`, and the rule that chose it."""
        role, rule = pick_role(entity.roles, on)
        if role is None:
            return Actor(text=text, name=entity.name, actor_id=entity.id), None, rule
        sector = role.sector
        if rule.startswith("out of office"):
            sector = "ELI"
        country = role.country
        cameo: str | None
        if role.cameo and not rule.startswith("out of office"):
            cameo = role.cameo
        elif sector == "IGO" and role.org:
            cameo = "IGO" + role.org
        else:
            cameo = (country or "") + (sector or "") or None
        actor = Actor(text=text, name=entity.name, country=country, sector=sector, cameo=cameo,
                      actor_id=entity.id)  # fmt: skip
        return actor, role, rule

    # -- lookup -------------------------------------------------------------------------------

    def lookup(self, name: str, on: date | None = None) -> list[Resolution]:
        """How a name (or "Turkish troops"-style phrase) resolves, with the rule that matched."""
        key = pieces(name)
        results: list[Resolution] = []
        for entry in self.kb.names.get(key, ()):
            results.append(self._explain(entry, name, on))
        if results:
            return results
        agent = self._agent_words(key)
        if agent is not None:
            rule = f"agent {agent.phrase!r} -> sector {agent.sector}; no country in the words"
            return [
                Resolution(Actor(text=name, sector=agent.sector), "agent", agent.phrase, agent.source, rule)
            ]
        # A modifier + agent phrase: the longest known name at the start, an agent after it.
        for n in range(len(key) - 1, 0, -1):
            entries = self.kb.names.get(key[:n])
            agent = self._agent_words(key[n:])
            if entries and agent is not None:
                first = self._explain(entries[0], name, on)
                base = first.actor
                if entries[0].entity is not None and entries[0].entity.kind == "org":
                    rule = first.rule + f"; agent {agent.phrase!r} of this organization"
                    return [Resolution(_retext(base, name), "org", first.alias, first.source, rule)]
                country = self.kb.countries.get(base.country or "")
                if country is None:
                    break
                actor = self.country_actor(country, name, agent.sector)
                rule = f"{first.kind} {first.alias!r} -> {country.iso3}; "
                rule += f"agent {agent.phrase!r} -> {agent.sector}"
                return [Resolution(actor, "agent", first.alias, f"{first.source}, {agent.source}", rule)]
        place = _gazetteer().geocode(name) if name[:1].isupper() else None
        country = self.kb.countries.get(place.country or "") if place is not None else None
        if place is not None and country is not None:
            actor = Actor(name, place.name, country.iso3, None, country.iso3, None)
            rule = f"{place.feature} in the gazetteer: stands for its country (no sector) as an argument"
            return [Resolution(actor, "place", place.name, "gazetteer", rule)]
        return []

    def _agent_words(self, key: tuple[str, ...]) -> Agent | None:
        """An agent for a phrase typed by a user, allowing a plural last word (no parser here)."""
        if not key:
            return None
        last = key[-1]
        singulars = [last]
        if last.endswith("men"):
            singulars.append(last[:-3] + "man")
        if last.endswith("ies"):
            singulars.append(last[:-3] + "y")
        if last.endswith("es"):
            singulars.append(last[:-2])
        if last.endswith("s"):
            singulars.append(last[:-1])
        for word in singulars:
            agent = self.kb.agents.get((*key[:-1], word))
            if agent is not None:
                return agent
        return None

    def _explain(self, entry: AliasEntry, name: str, on: date | None) -> Resolution:
        if entry.entity is not None:
            actor, role, rule = self.entity_actor(entry.entity, name, on)
            if role is not None:
                detail = f"{role.title or role.sector or 'role'} {role.describe()}"
                rule = f"{rule}: {detail}"
            return Resolution(actor, entry.entity.kind, entry.alias, entry.source, rule)
        if entry.kind == "discard":
            return Resolution(Actor(text=name), "discard", entry.alias, entry.source, "discarded phrase")
        assert entry.country is not None
        if entry.kind == "capital":
            actor = self.country_actor(entry.country, name, "GOV")
            rule = "capital/seat of government used for the government (when it is an argument)"
        else:
            actor = self.country_actor(entry.country, name, None)
            rule = "country name" if entry.kind == "country" else "demonym/adjective"
        return Resolution(actor, entry.kind, entry.alias, entry.source, rule)


def pick_role(roles: Sequence[Role], on: date | None) -> tuple[Role | None, str]:
    """The role valid on `on`: a dated role covering the day beats an undated default; no date ->
    the latest role; a day outside every dated role -> out of office (the caller codes ELI)."""
    if not roles:
        return None, "no role"
    if on is None:
        current = [r for r in roles if r.end is None]
        pool = current or list(roles)
        best = max(pool, key=lambda r: (r.start or date.min, r.end or date.max))
        return best, "latest role (no date)"
    covering = [r for r in roles if r.covers(on)]
    dated = [r for r in covering if r.dated]
    if dated:
        return max(dated, key=lambda r: r.start or date.min), f"role valid on {on.isoformat()}"
    if covering:
        return covering[0], "undated role"
    past = [r for r in roles if r.end is not None and r.end <= on]
    if past:
        last = max(past, key=lambda r: r.end or date.min)
        return last, f"out of office on {on.isoformat()} (last role ended {last.end}): elite ELI"
    first = min(roles, key=lambda r: r.start or date.max)
    return first, f"out of office on {on.isoformat()} (before first role): elite ELI"


# -- helpers ------------------------------------------------------------------------------------


def _remember(
    history: _History, found: _Found, token: Token, rules: CorefRules, sent: int, named_place: bool = False
) -> None:
    """Record a resolved mention as the latest of its kind (constant time); `named_place` says it
    is a country or capital named by the knowledge base."""
    actor = found.actor
    if found.kind == "place":
        return  # a town is where things happen, not who acts: nothing points back to it
    subject = token.dep_ in rules.subject_deps
    if subject:
        found = replace(found, verb=token.head.i)
    if actor.sector and actor.country and not (token.dep_ == "pobj" and named_place):
        history.by_sector[actor.sector] = found  # not "in Damascus": a place there
    if found.kind == "person":
        history.person = found
        if subject:
            history.person_subject = (found, sent)
        if actor.country:
            history.person_by_country[actor.country] = found
        if found.title:
            history.person_by_title[found.title] = found
            history.person_by_title[found.title.rsplit(" ", 1)[-1]] = found
        return
    if token.dep_ == "pobj" and actor.actor_id is not None and actor.actor_id == actor.country:
        return  # "in Syria", "in Damascus": a place, not something "it" or "the government" refers to
    history.thing = found
    if found.kind in ("group", "org"):
        history.group = found
        if subject:
            history.group_subject = (found, sent)
        if found.kind == "org":
            history.org = found
        if actor.sector:
            history.group_by_family[rules.sector_family.get(actor.sector, actor.sector)] = found


def _refer(earlier: _Found | None, text: str) -> _Found | None:
    """An anaphor's actor: the earlier actor's identity with the anaphor's own words; its name is
    the referent's (name, else words), so "they" never stands alone as a name."""
    if earlier is None:
        return None
    old = earlier.actor
    actor = Actor(text, old.name or old.text, old.country, old.sector, old.cameo, old.actor_id)
    return _Found(actor, earlier.kind, earlier.title)


def _codes(actor: Actor) -> tuple[str | None, str | None, str | None]:
    """Country, sector and CAMEO code of an actor, for a person it describes (whose own id is
    unknown: "UN official John Smith" is not the UN)."""
    return actor.country, actor.sector, actor.cameo


def _clause_verb(token: Token) -> int:
    """The verb whose argument a word is ("granted asylum to them" -> granted), or -1."""
    cur = token
    for _ in range(4):
        if cur.dep_ not in ("dobj", "pobj", "prep", "dative", "iobj", "attr"):
            return -1
        cur = cur.head
        if cur.pos_ in ("VERB", "AUX"):
            return cur.i
    return -1


def _not_of(found: _Found | None, verb: int) -> _Found | None:
    """`found` unless it is the subject of `verb`."""
    if found is None or (verb >= 0 and found.verb == verb):
        return None
    return found


def _recent_subject(subject: tuple[_Found, int] | None, sent: int) -> _Found | None:
    """A subject of this or the previous sentence, preferred as a pronoun's referent."""
    if subject is None or subject[1] < sent - 1:
        return None
    return subject[0]


@lru_cache(maxsize=1)
def _gazetteer() -> Gazetteer:
    # Imported here: the gazetteer belongs to the where stage; the actors stage only borrows its
    # index (cached per process, so the pipeline and the resolver share one copy).
    from ..gazetteer import Gazetteer

    return Gazetteer.load()


def _same_office(earlier: _Found, title: str) -> bool:
    # "the Turkish president" is the earlier Turkish person only if that person was president.
    return earlier.title is not None and (earlier.title == title or earlier.title.endswith(" " + title))


def _definite(token: Token, rules: CorefRules) -> bool:
    return any(c.dep_ == "det" and fold(c.text) in rules.definite for c in token.lefts)


def _left_edge(token: Token) -> int:
    lo = token.i
    for child in token.lefts:
        if child.dep_ in _LEFT_MODS:
            lo = min(lo, child.left_edge.i)
    return lo


def _np_text(token: Token, mention: _Mention | None) -> str:
    """The words of the phrase: titles, adjectives and owner before the head, name parts after."""
    lo, hi = _left_edge(token), token.i
    for child in token.rights:
        if child.dep_ in _RIGHT_MODS:
            hi = max(hi, child.right_edge.i)
    if mention is not None:
        lo, hi = min(lo, mention.start), max(hi, mention.end)
    return token.doc[lo : hi + 1].text


def _retext(actor: Actor, text: str) -> Actor:
    return Actor(text, actor.name, actor.country, actor.sector, actor.cameo, actor.actor_id)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


@lru_cache(maxsize=8)
def _load_cached(
    dirs: tuple[str, ...] | None, extras: tuple[str, ...], stamps: tuple[float, ...]
) -> ActorResolver:
    directories = [Path(d) for d in dirs] if dirs is not None else [package_dir()]
    kb = build_kb(directories, [Path(p) for p in extras])
    return ActorResolver(kb, load_coref_rules())
