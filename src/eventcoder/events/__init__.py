"""The events stage: predicate-argument extraction (extract.py) over the lexicon's CAMEO
classification (classify.py), producing `CodedPredicate`s for the when/where stages."""

from __future__ import annotations

from .extract import Classification, Classifier, extract_events, grammar

__all__ = ["Classification", "Classifier", "extract_events", "grammar"]
