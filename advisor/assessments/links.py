"""Opening an assessment from the secret token in a link."""

from __future__ import annotations

from flask import abort

from .models import Assessment
from .services import find_by_token


def assessment_or_404(token: str) -> Assessment:
    """Unknown, expired and revoked links all get the same 404 (never say which)."""
    assessment = find_by_token(token)
    if assessment is None:
        abort(404)
    return assessment
