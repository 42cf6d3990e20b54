"""Jinja filters: dates in Singapore time and words for result codes."""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from flask import Flask

from .engine.dates import human_date

SINGAPORE = ZoneInfo("Asia/Singapore")

HORIZONS = {"30_days": "Next 30 days", "90_days": "Next 90 days", "12_months": "Next 12 months"}
ELIGIBILITY = {"likely": "Likely eligible", "check": "Check eligibility", "unlikely": "Unlikely to apply"}
ATTRIBUTE_LABELS = {
    "provider": "Provider", "partners": "Local partners", "model_scope": "Model scope",
    "formats": "Format", "certifications": "Certifications", "audience": "Audience", "cost": "Cost",
    "start": "Start", "end": "End or intake close", "capacity": "Capacity", "summary": "Summary",
}


def sgt(value: dt.datetime | None) -> str:
    """A stored UTC time shown in Singapore time: `29 November 2026, 14:05 SGT`."""
    if value is None:
        return ""
    if value.tzinfo is None:
        value = value.replace(tzinfo=dt.UTC)
    local = value.astimezone(SINGAPORE)
    return f"{human_date(local.date().isoformat())}, {local:%H:%M} SGT"


def date_text(value: Any) -> str:
    """`2026-06` -> `June 2026`; `2024-03-06` -> `6 March 2024`; anything else as written."""
    if isinstance(value, dt.date):
        value = value.isoformat()
    if not isinstance(value, str) or not value:
        return ""
    try:
        return human_date(value)
    except ValueError:
        return value


def attribute_label(name: str) -> str:
    return ATTRIBUTE_LABELS.get(name, name.replace("_", " ").capitalize())


def answer_label(value: Any, question_id: str) -> str:
    """The label the questionnaire shows for an answer code (`manufacturing` -> `Manufacturing`)."""
    from .ruleset import current_ruleset

    question = current_ruleset().question_by_id.get(question_id)
    return question.label_of(value) if question is not None and isinstance(value, str) else str(value)


def init_app(app: Flask) -> None:
    app.add_template_filter(answer_label, "answer_label")
    app.add_template_filter(sgt, "sgt")
    app.add_template_filter(date_text, "date_text")
    app.add_template_filter(attribute_label, "attribute_label")
    app.add_template_global(HORIZONS, "HORIZONS")
    app.add_template_global(ELIGIBILITY, "ELIGIBILITY")
