"""The shared vocabulary and formatters registered as Jinja filters and globals."""

from __future__ import annotations

from typing import Any

from flask import Flask

from . import vocabulary
from .formatting import answer_text, attribute_text, date_text, datetime_text


def answer_label(value: Any, question_id: str) -> str:
    """An answer code in the current rules' words (`manufacturing` -> `Manufacturing`)."""
    from .ruleset import current_ruleset

    return answer_text(current_ruleset().question_by_id.get(question_id), value)


def init_app(app: Flask) -> None:
    app.add_template_filter(answer_label, "answer_label")
    app.add_template_filter(datetime_text, "sgt")
    app.add_template_filter(date_text, "date_text")
    app.add_template_filter(vocabulary.attribute_label, "attribute_label")
    app.add_template_filter(attribute_text, "attribute_text")
    app.add_template_filter(vocabulary.horizon_label, "horizon_label")
    app.add_template_filter(vocabulary.eligibility_label, "eligibility_label")
    app.add_template_filter(vocabulary.risk_label, "risk_label")
    app.jinja_env.globals["HORIZONS"] = vocabulary.HORIZON_LABELS
