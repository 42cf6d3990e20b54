"""The presentation layer's words bound to the request: Jinja filters and globals, and the `Words`
of the request's language (Flask-Babel's catalogue), for views that build a view-model."""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_babel import get_translations

from .i18n import request_language, rule_catalogue
from .presentation import Words, labels
from .presentation.answers import answer_text
from .presentation.build import attribute_text
from .presentation.names import mark_names
from .ruleset import current_ruleset


def request_words() -> Words:
    """The words of this request's language."""
    code = request_language()
    return Words(get_translations(), code, rules=rule_catalogue(code))


def answer_label(value: Any, question_id: str) -> str:
    """An answer code in the current rules' words (`manufacturing` -> `Manufacturing`)."""
    return answer_text(current_ruleset().question_by_id.get(question_id), value, request_words())


def init_app(app: Flask) -> None:
    app.add_template_filter(answer_label, "answer_label")
    app.add_template_filter(lambda v, names: mark_names(v, names, request_language()), "proper")
    app.add_template_filter(lambda v: request_words().datetime(v), "sgt")
    app.add_template_filter(lambda v: request_words().date(v), "date_text")
    app.add_template_filter(lambda v: labels.attribute_label(v, request_words()), "attribute_label")
    app.add_template_filter(lambda v, name: attribute_text(v, name, request_words()), "attribute_text")
    app.add_template_filter(lambda v: labels.horizon_label(v, request_words()), "horizon_label")
    app.add_template_filter(lambda v: labels.eligibility_label(v, request_words()), "eligibility_label")
    app.add_template_filter(lambda v: labels.risk_label(v, request_words()), "risk_label")
