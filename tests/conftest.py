"""Shared fixtures: the real rule set and the shared personas."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from advisor.engine import RuleSet, load_ruleset

REPO = Path(__file__).resolve().parent.parent
RULES_DIR = REPO / "rules"


def _personas_dir() -> Path:
    """`../shared/personas` beside the checkout when present (the team's current examples), else the
    copy in tests/data taken from it."""
    shared = REPO.parent / "shared" / "personas"
    return shared if shared.is_dir() else REPO / "tests" / "data" / "personas"


PERSONAS_DIR = _personas_dir()


@pytest.fixture(scope="session")
def ruleset() -> RuleSet:
    return load_ruleset(RULES_DIR)


@pytest.fixture(scope="session")
def personas() -> dict[str, dict]:
    return {p.stem: json.loads(p.read_text()) for p in sorted(PERSONAS_DIR.glob("*.json"))}


@pytest.fixture
def answers(personas: dict[str, dict]) -> dict:
    """A fresh copy of a complete, valid answer set (the precision-engineering persona)."""
    return json.loads(json.dumps(personas["precision-engineering"]))
