"""Opening an assessment from the secret token in a link."""

from __future__ import annotations

from collections.abc import Callable

from flask import abort

from . import services
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


# Features that keep a record the link holder deletes (the workspace: an advisor's client record
# becomes a soft delete the advisor is told about) register a handler returning True when it kept it.
_link_delete_handlers: list[Callable[[Assessment], bool]] = []


def on_link_delete(handler: Callable[[Assessment], bool]) -> None:
    """Register `handler(assessment) -> True when it kept (withdrew) the record` (idempotent)."""
    if handler not in _link_delete_handlers:
        _link_delete_handlers.append(handler)


def delete_by_link(assessment: Assessment) -> bool:
    """The link holder's delete. True when the record was kept for its advisor (link switched off,
    PDFs gone, advisor told); False when it was deleted with everything of it."""
    for handler in _link_delete_handlers:
        if handler(assessment):
            return True
    services.delete(assessment)
    return False


def assessment_or_404(token: str) -> Assessment:
    """Unknown, expired, revoked and hidden links all get the same 404 (never say which)."""
    assessment = find_by_token(token)
    if assessment is None or is_hidden(assessment):
        abort(404)
    return assessment
