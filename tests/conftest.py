"""Shared fixtures: the spaCy pipeline is loaded once per session; ../shared is optional."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# The suite does not load the developer's own imported actors (~/.config/eventcoder/actors.yaml,
# see docs/actors.md): results must not depend on who runs it. Tests that want a user file set it.
os.environ["EVENTCODER_USER_ACTORS"] = ""

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EVAL_DEV = SHARED / "eval" / "dev"
PETRARCH_DICTS = SHARED / "reference" / "petrarch2" / "dictionaries"


@pytest.fixture(scope="session")
def nlp():  # type: ignore[no-untyped-def]
    from eventcoder.nlp import load_pipeline

    return load_pipeline("sm")


@pytest.fixture(scope="session")
def coder():  # type: ignore[no-untyped-def]
    from eventcoder.pipeline import Coder

    return Coder()


@pytest.fixture
def shared_eval() -> Path:
    if not EVAL_DEV.exists():
        pytest.skip("../shared/eval/dev is not present")
    return EVAL_DEV
