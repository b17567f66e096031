"""Resolve noun phrases to actors: names, countries, capitals, agents and coreference.

`ActorResolver.annotate` makes one pass over an article: it finds knowledge-base names by longest
match over folded words (names.py), then walks the noun-phrase heads in order, resolving each with
the unit for its kind (named.py, agents.py, places.py, unknown.py, coref.py) and keeping the latest
person/group per kind for coreference (constant time per mention, no look-back scans).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..model import Actor
from .agents import AgentRoles
from .context import NOT_HEADS, DocView, Found, Referent, definite, np_text, retext
from .coref import Coreference, History
from .home import HomeCountry, dateline_in_text, home_actor
from .kb import CorefRules, KnowledgeBase, build_kb, fold, load_coref_rules, package_dir
from .lookup import Explainer, Resolution
from .modifiers import ModifierReader
from .named import NamedActors
from .names import NameFinder
from .places import PlaceReader
from .roles import country_actor
from .unknown import NAMED, UnknownNames

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from ..model import Article

_NOUNS = frozenset({"NOUN", "PROPN", "PRON"})
# UTF-8 read as Latin-1/Windows-1252 ("â€œ", "Ã©") and the replacement character.
_MOJIBAKE = re.compile(
    "\ufffd|[âÃÂ][\u0080-\u00bf\u2018-\u203a\u20ac\u2122\u0152\u0153\u0160\u0161\u017d\u017e\u0178]"
)


class DocActors:
    """Actors of one parsed article; satisfies model.ActorLookup."""

    def __init__(
        self,
        resolver: ActorResolver,
        doc: Doc,
        published: date | None,
        dateline: str | None = None,
        source: str | None = None,
    ) -> None:
        self.resolver = resolver
        self.view = DocView.read(doc, published)
        self.view.mentions = resolver.names.find(self.view)
        self.view.dateline_span = dateline_in_text(self.view)
        home = resolver.home.infer(self.view, dateline, source)
        self.view.home, self.view.home_reason = home.country, home.reason
        resolver.names.apply_home_aliases(self.view)
        self._walk()

    @property
    def home_country(self) -> str | None:
        """The article's home country (ISO alpha-3), inferred from its dateline, outlet and the
        countries it names; None when the evidence is weak."""
        return self.view.home

    def home_actor(self, sector: str) -> Actor | None:
        """The domestic actor of the article's home country for a CAMEO sector (COP -> "IND
        police", GOV -> "IND government"), marked inferred=("actor",); None without a home."""
        return home_actor(self.resolver.kb, self.view.home, sector)

    @property
    def doc(self) -> Doc:
        return self.view.doc

    @property
    def published(self) -> date | None:
        return self.view.published

    def _walk(self) -> None:
        """Resolve every noun-phrase head in order, remembering each for coreference."""
        view, rules = self.view, self.resolver.rules
        history = History()
        mentions = view.mentions
        roots = {m.start: view.doc[m.start : m.end + 1].root.i for i, m in mentions.items() if i == m.start}
        for token in view.doc:
            if token.pos_ not in _NOUNS or token.dep_ in NOT_HEADS or token.is_punct:
                continue
            mention = mentions.get(token.i)
            if mention is not None and roots[mention.start] != token.i:
                continue  # one actor per name, read at the name's head
            found = self.resolver.resolve(view, token, history)
            view.heads[token.i] = found
            if found is not None:
                named_place = mention is not None and mention.entry.kind in ("capital", "country")
                history.remember(found, token, rules, view.sent_ids[token.i], named_place)

    def actor_for(self, token: Token) -> Actor | None:
        """The actor named by the noun phrase headed by `token` (coreference resolved), or None."""
        heads = self.view.heads
        if token.i not in heads:
            heads[token.i] = self.resolver.resolve(self.view, token, None)
        found = heads[token.i]
        return found.actor if found else None

    def actors(self) -> list[tuple[Token, Actor]]:
        """Every resolved noun-phrase head in document order (for inspection and tests)."""
        return [(self.doc[i], f.actor) for i, f in sorted(self.view.heads.items()) if f is not None]


class ActorResolver:
    """Loaded actor knowledge plus the units that apply it to parsed articles."""

    def __init__(self, kb: KnowledgeBase, rules: CorefRules) -> None:
        self.kb = kb
        self.rules = rules
        self.names = NameFinder(kb, rules)
        self.places = PlaceReader(kb, rules)
        self.modifiers = ModifierReader(kb, rules, self.places)
        self.named = NamedActors(self.modifiers)
        self.coref = Coreference(rules)
        self.agents = AgentRoles(kb, rules, self.modifiers, self.named, self.coref, self.resolve)
        self.unknown = UnknownNames(rules, self.places, self.modifiers, self.agents)
        self.explainer = Explainer(kb)
        self.home = HomeCountry(kb, self.places)
        self._centre_words = frozenset((w,) for w in rules.federal_centre_nouns)
        self._acting_deps = rules.subject_deps | {"poss"}

    @classmethod
    def load(
        cls, extra_files: Sequence[Path] = (), directories: Sequence[Path] | None = None
    ) -> ActorResolver:
        """The package knowledge base (or `directories`) plus user files; cached per process."""
        dirs = tuple(str(d) for d in directories) if directories is not None else None
        extras = tuple(str(Path(p).resolve()) for p in extra_files)
        stamps = tuple(_mtime(Path(p)) for p in extras)
        return _load_cached(dirs, extras, stamps)

    def annotate(
        self,
        doc: Doc,
        published: date | None,
        *,
        dateline: str | None = None,
        source: str | None = None,
        article: Article | None = None,
    ) -> DocActors:
        """Resolve the actors of one parsed article; its dateline and outlet (or the `article`
        carrying them) help infer its home country."""
        if article is not None:
            dateline = dateline or article.dateline
            source = source or article.source
        return DocActors(self, doc, published, dateline, source)

    def lookup(self, name: str, on: date | None = None) -> list[Resolution]:
        """How a name (or "Turkish troops"-style phrase) resolves, with the rule that matched."""
        return self.explainer.lookup(name, on)

    def resolve(self, view: DocView, token: Token, history: History | None) -> Found | None:
        """Resolve the noun phrase headed by `token`; `history` enables coreference."""
        if not _wordlike(token.text):
            return None  # "�", "â€œwe", "^": damaged text or symbols are no actor
        span = view.dateline_span
        if span is not None and span[0] <= token.i < span[1]:
            return None  # "lucknow:" is where the story was filed
        if token.dep_ == "compound" and token.head.i > token.i:
            hit = self.modifiers.agent_at(view, token.head.i)
            if hit is not None and hit[1] <= token.i:
                # "supreme" of "the supreme court": the parse split an institution's name.
                return self.resolve(view, token.head, history)
        mention = view.mentions.get(token.i)
        if mention is not None:
            return self.named.from_name(view, token, mention)
        if token.pos_ == "PRON":
            return self.coref.pronoun(view, token, history)
        agent_hit = self.modifiers.agent_at(view, token.i)
        if agent_hit is not None:
            return self.agents.from_agent(view, token, agent_hit[0].sector, agent_hit[1], history)
        if token.pos_ == "NOUN":
            found = self._group_noun(view, token, history) or self._federal_centre(view, token)
            if found is not None:
                return found
        lemma = fold(token.lemma_)
        if (
            history is not None
            and definite(token, self.rules)
            and (lemma in self.rules.group_nouns or self.agents.is_person_noun(lemma))
        ):
            return self.agents.from_agent(view, token, None, token.i, history)
        return self._proper_name(view, token)

    def _group_noun(self, view: DocView, token: Token, history: History | None) -> Found | None:
        """A common noun naming a group: "opposition groups" take their modifier's role, "HTS
        fighters" are that organization, "an Israeli peace movement" a group of that country."""
        group_noun = fold(token.lemma_) in self.rules.group_nouns
        if group_noun:
            for child in token.lefts:
                hit = self.modifiers.agent_at(view, child.i) if child.dep_ in ("compound", "amod") else None
                if hit is not None:
                    return self.agents.from_agent(view, token, hit[0].sector, hit[1], history)
        if token.tag_ != "NNS" and not group_noun:
            return None
        # People of a known organization are that organization (but a "UN-brokered deal" is no actor).
        country, owner = self.modifiers.modifier(view, token, token.i)
        if owner is not None and owner.kind == Referent.ORG:
            return Found(retext(owner.actor, np_text(token, None)), Referent.ORG)
        if group_noun and country is not None and owner is None and not definite(token, self.rules):
            return Found(country_actor(country, np_text(token, None), None), Referent.GROUP)
        return None

    def _common_group(self, view: DocView, token: Token) -> bool:
        """Whether a word tagged as a name is a group noun with a determiner ("a Group of")."""
        words = view.words[token.i]
        return (
            len(words) == 1
            and words[0] in self.rules.group_nouns
            and any(c.dep_ == "det" for c in token.lefts)
        )

    def _federal_centre(self, view: DocView, token: Token) -> Found | None:
        """ "The centre asked the state government ...": "centre" alone, with no modifier and no
        "of ..." (not "a relief centre", "the centre of the town", "in the centre"), is the home
        country's federal government, marked inferred."""
        rules = self.rules
        if view.home is None or view.words[token.i] not in self._centre_words:
            return None
        if any(c.dep_ != "det" or fold(c.text) != "the" for c in token.lefts):
            return None
        if any(c.dep_ in ("prep", "acl", "relcl", "compound") for c in token.rights):
            return None
        if token.dep_ == "pobj" and fold(token.head.text) in rules.place_prepositions:
            return None
        actor = Actor(np_text(token, None), None, view.home, "GOV", view.home + "GOV", None, ("country",))
        return Found(actor, Referent.GROUP)

    def _proper_name(self, view: DocView, token: Token) -> Found | None:
        """A people named with a country adjective, or a name the knowledge base does not know."""
        if view.caseless and any(w in self.rules.lowercase_common_words for w in view.words[token.i]):
            return None  # "MARCH", "mob": without case, the parser's name tags on words are guesses
        if token.pos_ == "PROPN" and self._common_group(view, token):
            return None  # "a Group of youths": a capital the truecaser gave, no name
        if token.ent_type_ == "NORP" or (token.pos_ == "PROPN" and token.tag_ == "NNPS"):
            # "Iraqi Kurds": that country, no sector.
            country, _ = self.modifiers.modifier(view, token, token.i)
            if country is not None:
                return Found(country_actor(country, np_text(token, None), None), Referent.GROUP)
        if token.pos_ == "PROPN" and token.ent_type_ in NAMED:
            found = self.unknown.resolve(view, token)
            if found.actor.country or found.actor.cameo:
                return found  # "U.N. mediator X" is the UN's
            return self.unknown.at_home(view, token, found.kind) or found
        if token.pos_ == "PROPN" and not token.ent_type_:
            # A name the model left untagged: "captured Aleppo", "British militant Haroon Aswad".
            found = self.unknown.resolve(view, token, Referent.GROUP)
            if found.actor.country or found.actor.cameo:
                return found
            return self.unknown.after_country(view, token) or self.unknown.at_home(view, token, None)
        if token.pos_ == "NOUN" and token.dep_ in self._acting_deps:
            # A lower-cased name the parser took for a common noun ("patel said"); as an object
            # such a word is as often a thing ("offered the chadar") as a person.
            return self.unknown.at_home(view, token, None)
        return None


def _wordlike(text: str) -> bool:
    """Whether a head word has letters and no encoding damage."""
    return any(c.isalpha() for c in text) and not _MOJIBAKE.search(text)


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
