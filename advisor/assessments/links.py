"""Opening an assessment from the secret token in a link."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort

from .models import Assessment
from .services import find_by_token

# Features that can hide an assessment without deleting it (the workspace: a client in its restore
# window) register a check here; the assessments feature cannot import them.
_hidden_checks: list[Callable[[Assessment], bool]] = []


def hide_when(check: Callable[[Assessment], bool]) -> None:
    """Register `check(assessment) -> True` to make its links answer 404 (idempotent)."""
    if check not in _hidden_checks:
        _hidden_checks.append(check)


def is_hidden(assessment: Assessment) -> bool:
    """True while some feature hides this assessment (e.g. its client is deleted, not yet purged):
    every link to it (page, PDF, API, draft) answers 404 until it is restored."""
    return any(check(assessment) for check in _hidden_checks)


def assessment_or_404(token: str) -> Assessment:
    """Unknown, expired, revoked and hidden links all get the same 404 (never say which)."""
    assessment = find_by_token(token)
    if assessment is None or is_hidden(assessment):
        abort(404)
    return assessment
