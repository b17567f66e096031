"""Every confidence factor of extraction, in one place, so the scoring rule can be read and tuned
here. An event's confidence is the lexicon's confidence times the factors that apply to it."""

from __future__ import annotations

# Hedging on the predicate or on the clause governing it.
MODAL_FACTOR = 0.7  # "may attack", "would withdraw"
FUTURE_FACTOR = 0.85  # "will withdraw": announced, not yet done
HEDGE_FACTOR = 0.8  # "reportedly", "allegedly"
CONDITIONAL_FACTOR = 0.6  # "if Hamas runs, Israel will ban ..."
IRREALIS_FACTOR = 0.6  # "plans to attack", "tried to seize"
REPORTED_FACTOR = 0.95  # "officials said rebels attacked": the usual way news reports acts
# The least factor of an act told as plain fact: reported, even at second hand, but not hedged.
PLAIN_REPORT_MIN = REPORTED_FACTOR * REPORTED_FACTOR

# Who is named.
NO_SOURCE_FACTOR = 0.6  # nobody named ("three civilians were killed")
UNRESOLVED_PRONOUN_FACTOR = 0.8  # "they" that coreference could not tie to anyone
# With no source, a mere verbal act ("they said", "they met") tells little; material acts (CAMEO
# roots 14-20: protests, force, violence) are still worth keeping, at lower confidence.
VERBAL_NO_SOURCE_FACTOR = 0.7
# A source the text leaves out, inferred from the kind of act and the article's home country
# ("Forty people were arrested": the police). Near certain, but not read.
INFERRED_SOURCE_FACTOR = 0.8
TEXT_ONLY_SOURCE_FACTOR = 0.85  # a noun phrase we could not tie to a country or group
NO_TARGET_FACTOR = 0.9

# A predicate with neither a source nor a target and less confidence than this is dropped: on news
# copy such leftovers ("the talks fail", "has displaced millions") are background, not acts.
BARE_MIN_CONFIDENCE = 0.3


def unsourced(factor: float, verbal: bool, unresolved_pronoun: bool) -> float:
    """`factor` lowered for an act with nobody named as its source (applied in this order, so
    the figures stay those of the rule as first written)."""
    factor *= NO_SOURCE_FACTOR
    if unresolved_pronoun:
        factor *= UNRESOLVED_PRONOUN_FACTOR
    if verbal:
        factor *= VERBAL_NO_SOURCE_FACTOR
    return factor


def clamp(value: float) -> float:
    """A confidence kept within [0, 1]."""
    return max(0.0, min(1.0, value))
