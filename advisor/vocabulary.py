"""English labels for the result's codes, for the advisor workspace (which stays English): thin
adapters over `advisor.presentation.labels`, where the words are defined once."""

from __future__ import annotations

from .engine.answers import SINGAPORE
from .presentation import labels, words_for

__all__ = ["SINGAPORE", "risk_label"]


def risk_label(code: str) -> str:
    return labels.risk_label(code, words_for("en"))
