"""Every question before you start: the steps and questions of rules/questions.yaml with the answers
each one allows, so an owner can gather facts from staff first. One view-model for the page and the
PDF; the PDF is rendered by WeasyPrint with the report's fetcher (nothing from outside is loaded)."""

from __future__ import annotations

import threading
from typing import Any, TypedDict

from flask import render_template
from flask_babel import gettext

from ..engine import Question, RuleSet


def _(message: str, **values: Any) -> str:
    """gettext, typed (Flask-Babel ships no type hints)."""
    return str(gettext(message, **values))


class PreviewQuestion(TypedDict):
    id: str
    label: str
    help: str
    kind: str  # what kind of answer, in words
    options: list[str]  # the choices offered, in order (empty for numbers and text)


class PreviewStep(TypedDict):
    number: int
    title: str
    intro: str
    questions: list[PreviewQuestion]


def _options(q: Question) -> list[str]:
    """The choices offered, in the questionnaire's words (yes/no are the app's, not the rules')."""
    if q.type == "bool":
        return [_("Yes"), _("No")] + ([_("Not sure")] if q.may_be_unknown else [])
    return [c.label for c in q.choices]


def _kind(q: Question) -> str:
    if q.type == "enum":
        return _("Choose one")
    if q.type == "multi":
        if q.exclusive:
            return _("Tick all that apply (“%(none)s” stands alone)", none=q.label_of(q.exclusive))
        return _("Tick all that apply")
    if q.type == "bool":
        return _("Yes, No or Not sure") if q.may_be_unknown else _("Yes or No")
    if q.type == "int":
        top = _("the number of employees") if q.max_question == "employees" else format(q.max or 0, ",")
        return _("A whole number from %(min)s to %(max)s", min=format(q.min or 0, ","), max=top)
    if q.type == "string":
        note = _("Text, up to %(n)s characters", n=q.max_length or 200)
        return note + (" " + _("(optional)") if q.optional else "")
    return ""


def preview(ruleset: RuleSet) -> list[PreviewStep]:
    """The questionnaire's steps in order, every question a person is asked, with its choices."""
    out: list[PreviewStep] = []
    for number, (step, questions) in enumerate(ruleset.steps_with_questions(), start=1):
        out.append(
            {
                "number": number,
                "title": step.title,
                "intro": step.intro,
                "questions": [
                    {
                        "id": q.id,
                        "label": q.label,
                        "help": q.help,
                        "kind": _kind(q),
                        "options": _options(q),
                    }
                    for q in questions
                ],
            }
        )
    return out


_pdf_lock = threading.Lock()
_pdf_cache: dict[tuple[str, str], bytes] = {}


def preview_pdf(ruleset: RuleSet, language: str = "en") -> bytes:
    """The questions as a PDF, rendered once per rule-set version and language in each process (the
    same for everyone)."""
    key = (ruleset.version, language)
    with _pdf_lock:
        cached = _pdf_cache.get(key)
    if cached is not None:
        return cached
    from weasyprint import HTML  # loaded only when the PDF is asked for

    from ..report.render import STATIC_DIR, StaticOnlyFetcher, with_identifier

    html = render_template("questions/preview_pdf.html", steps=preview(ruleset), version=ruleset.version)
    pdf = HTML(string=html, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=StaticOnlyFetcher()).write_pdf(
        pdf_identifier=False
    )
    if not isinstance(pdf, bytes):  # pragma: no cover - write_pdf returns bytes without a target
        raise TypeError("WeasyPrint returned no bytes")
    data = with_identifier(pdf)
    with _pdf_lock:
        _pdf_cache[key] = data
    return data
