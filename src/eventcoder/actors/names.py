"""Finding knowledge-base names in an article: longest match over folded words, with the case
rules that keep common words ("turkey" the bird, "us" the pronoun) from becoming names."""

from __future__ import annotations

from .context import DocView, Mention
from .kb import KIND_PRIORITY, AliasEntry, CorefRules, KnowledgeBase, fold, pieces

# Punctuation inside a name ("al-Sharaa", "U.S.", "Hay'at"): skipped, not a boundary.
_JOINERS = frozenset({"-", "–", ".", "'", "’", "&"})
# Lower-case words allowed inside a long name the text defines before "(ABC)".
_NAME_LINKS = frozenset({"of", "for", "the", "and", "de"})

# (folded word, token index) per word of the article; ("", -1) marks a boundary.
_Stream = list[tuple[str, int]]


class NameFinder:
    """Knowledge-base names of an article: token index -> mention."""

    def __init__(self, kb: KnowledgeBase, rules: CorefRules) -> None:
        self.kb = kb
        self.rules = rules

    def find(self, view: DocView) -> dict[int, Mention]:
        """Longest-match knowledge-base names over the doc's folded words."""
        stream = self._stream(view)
        found: dict[int, Mention] = {}
        lengths = self.kb.name_lengths
        j, n_stream = 0, len(stream)
        while j < n_stream:
            word, ti = stream[j]
            if not word or (j > 0 and stream[j - 1][1] == ti) or word not in lengths:
                j += 1
                continue
            j += self._match_at(view, stream, j, found) or 1
        return found

    def _stream(self, view: DocView) -> _Stream:
        """The article's folded words with boundaries at sentence starts and punctuation."""
        stream: _Stream = []
        for tok in view.doc:
            if tok.tag_ == "POS":
                continue  # "Kurdistan Workers' Party": a possessive mark is part of some names
            if view.sent_starts[tok.i] or tok.is_space:
                stream.append(("", -1))
                if tok.is_space:
                    continue
            words = view.words[tok.i]
            if not words:
                if tok.text not in _JOINERS:
                    stream.append(("", -1))
                continue
            stream.extend((w, tok.i) for w in words)
        return stream

    def _match_at(self, view: DocView, stream: _Stream, j: int, found: dict[int, Mention]) -> int:
        """Record the longest name starting at stream position j; the words it spans (0: none)."""
        ti = stream[j][1]
        n_stream = len(stream)
        for n in self.kb.name_lengths[stream[j][0]]:
            end = j + n
            if end > n_stream:
                continue
            last_ti = stream[end - 1][1]
            if last_ti < 0 or (end < n_stream and stream[end][1] == last_ti):
                continue  # would end inside a token
            entries = self.kb.names.get(tuple(w for w, _ in stream[j:end]))
            if not entries:
                continue
            entry = self.usable(entries, view.doc[ti : last_ti + 1].text, view.caseless)
            if entry is None or (entry.acronym and not self._acronym_fits(view, entry, ti, last_ti, found)):
                continue
            if view.caseless and n == 1 and self._someone_elses(view, entry, ti):
                continue
            mention = Mention(ti, last_ti, entry)
            for i in range(ti, last_ti + 1):
                found[i] = mention
            return n
        return 0

    def usable(self, entries: list[AliasEntry], text: str, caseless: bool = False) -> AliasEntry | None:
        """The best entry whose case rules the text meets: names need a capital letter (not the
        bird "turkey"), acronyms need all capitals (not the pronoun "us"). In an article written
        without case (`caseless`), a name written all in lower case or all in capitals matches
        whatever its case, unless it is one word that is also an ordinary English word
        ("congress", "mob", "march")."""
        has_capital = any(c.isupper() for c in text)
        is_upper = not any(c.islower() for c in text)
        if caseless and (is_upper or not has_capital) and not self._common_word(text):
            return min(entries, key=lambda e: KIND_PRIORITY[e.kind])

        def fits(e: AliasEntry) -> bool:
            if e.acronym:
                return is_upper
            # An alias the data writes in lower case ("world body") may match lower-case text.
            return has_capital or e.kind == "discard" or not any(c.isupper() for c in e.alias)

        ok = [e for e in entries if fits(e)]
        if not ok:
            return None
        return min(ok, key=lambda e: KIND_PRIORITY[e.kind])

    def apply_home_aliases(self, view: DocView) -> None:
        """Once the article's home country is known, its one-word home aliases take their
        meaning ("Congress", or "congress" in a caseless article, in an Indian story)."""
        aliases = self.kb.home_aliases.get(view.home or "")
        if not aliases:
            return
        for tok in view.doc:
            entry = aliases.get(view.words[tok.i])
            if entry is None or not (view.caseless or tok.text[:1].isupper()):
                continue
            mention = view.mentions.get(tok.i)
            if mention is None or (mention.start == mention.end == tok.i):
                view.mentions[tok.i] = Mention(tok.i, tok.i, entry)

    def _someone_elses(self, view: DocView, entry: AliasEntry, i: int) -> bool:
        """Whether a one-word person alias is the surname of someone else: in a caseless article
        "khurshid naqvi" is not Mohsin Naqvi (a first name before it that the alias lacks; a
        title such as "prime minister vajpayee" is no first name)."""
        if entry.entity is None or entry.entity.kind != "person" or i == 0 or view.sent_starts[i]:
            return False
        before = view.doc[i - 1]
        words = view.words[i - 1]
        if not words or words[-1] in self.rules.person_nouns or words[-1] in self.kb.titles:
            return False
        if (words[-1],) in self.kb.agents:
            return False
        return before.pos_ == "PROPN" and before.head.i == i and before.dep_ in ("compound", "flat")

    def _common_word(self, text: str) -> bool:
        """Whether a name is one word that is also an ordinary English word."""
        words = pieces(text)
        return len(words) == 1 and words[0] in self.rules.lowercase_common_words

    def _acronym_fits(
        self, view: DocView, entry: AliasEntry, first: int, last: int, found: dict[int, Mention]
    ) -> bool:
        """Whether a short all-caps name in the text is really the known acronym: not a common word
        in a line written in capitals, and not a text's own abbreviation of another name
        ("Montenegro Municipality Association (AKK)" is not Annegret Kramp-Karrenbauer)."""
        doc = view.doc
        if fold(entry.alias) in self.rules.common_words and _in_capitals_line(view, first):
            return False  # a headline in capitals: "US" may be the pronoun
        if first < 2 or last + 1 >= len(doc) or doc[first - 1].text != "(" or doc[last + 1].text != ")":
            return True
        # "Long Name (ABC)": the text defines ABC. Keep the known acronym when the long name is the
        # same entity, or its words' initials contain the acronym's letters (UNITA, APEC).
        before = found.get(first - 2)
        if before is not None and before.entry.entity is not None and before.entry.entity is entry.entity:
            return True
        if before is not None and before.entry.country is not None and before.entry.country is entry.country:
            return True
        words = _defined_name(view, first - 2)
        return not words or _initials_hold(words, fold(entry.alias))


def _in_capitals_line(view: DocView, i: int) -> bool:
    """Whether most words of token i's sentence are written in capitals."""
    letters = [t.text for t in view.doc[i].sent if t.is_alpha]
    return sum(w.isupper() for w in letters) * 2 > len(letters)


def _defined_name(view: DocView, i: int) -> list[str]:
    """The capitalised words of a name ending at token i (read backwards, in its sentence)."""
    doc = view.doc
    words = []
    while (
        i >= 0
        and not view.sent_starts[i + 1]
        and (doc[i].is_title or doc[i].is_upper or doc[i].lower_ in _NAME_LINKS)
    ):
        words.append(doc[i].text)
        i -= 1
    return words


def _initials_hold(words: list[str], acronym: str) -> bool:
    """Whether the words' initials contain every letter of the acronym."""
    initials = [w[0].lower() for w in words if w[0].isalpha()]
    for letter in acronym:
        if not letter.isalpha():
            continue
        if letter not in initials:
            return False
        initials.remove(letter)
    return True
