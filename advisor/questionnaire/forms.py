"""WTForms classes built from the rule set's questions (the only copy of the questions), and the
conversion between posted form data and contract-1 answers. Validation itself is the engine's
`validate_answers`, so the form, the API and the CLI accept exactly the same answers."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from wtforms import Form, RadioField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice

from ..engine import AnswersError, Question, validate_answers

# Short enums read best as radios; long ones (industry: 12) as a select with an empty placeholder.
MAX_RADIOS = 6
YES, NO = "yes", "no"
_INT_RE = re.compile(r"[+-]?\d{1,9}")

REQUIRED_MESSAGES = {
    "enum": "Choose one option.",
    "bool": "Choose yes or no.",
    "multi": "Choose at least one option.",
    "int": "Enter a whole number.",
    "string": "Enter some text.",
}


def widget_of(q: Question) -> str:
    """How a question is shown: radio | select | checkboxes | number | yesno | text."""
    if q.type == "enum":
        return "radio" if len(q.choices) <= MAX_RADIOS else "select"
    return {"multi": "checkboxes", "int": "number", "bool": "yesno"}.get(q.type, "text")


def _field(q: Question) -> Any:
    kind = widget_of(q)
    choices = [SelectChoice(c.value, c.label) for c in q.choices]
    if kind == "radio":
        return RadioField(q.label, choices=choices, validate_choice=False)
    if kind == "select":
        return SelectField(q.label, choices=[SelectChoice("", "Choose…"), *choices], validate_choice=False)
    if kind == "checkboxes":
        return SelectMultipleField(q.label, choices=choices, validate_choice=False)
    if kind == "yesno":
        return RadioField(q.label, choices=[SelectChoice(YES, "Yes"), SelectChoice(NO, "No")],
                          validate_choice=False)
    return StringField(q.label)


_CLASS_CACHE: dict[tuple[Question, ...], type[Form]] = {}


def step_form_class(questions: Sequence[Question]) -> type[Form]:
    """One Form class per step (cached: questions are frozen and hashable). CSRF is checked
    app-wide by CSRFProtect before any view runs, so these forms carry no CSRF field themselves."""
    key = tuple(questions)
    cls = _CLASS_CACHE.get(key)
    if cls is None:
        cls = type("StepForm", (Form,), {q.id: _field(q) for q in questions})
        _CLASS_CACHE[key] = cls
    return cls


def initial_data(questions: Sequence[Question], answers: Mapping[str, Any]) -> dict[str, Any]:
    """Form data for a GET: saved answers, else the question's default (sensible pre-fills)."""
    data: dict[str, Any] = {}
    for q in questions:
        value = answers.get(q.id, q.default)
        if value is None:
            continue
        if q.type == "bool":
            value = YES if value is True else NO if value is False else None
        elif q.type == "int":
            value = str(value)
        data[q.id] = value
    return data


def submitted_answers(form: Form, questions: Sequence[Question]) -> tuple[dict[str, Any], list[str]]:
    """The answers a posted step holds (typed as contract 1 wants) and the keys left blank.

    Anything that does not convert is passed on as typed, so the engine reports it in its own words.
    """
    given: dict[str, Any] = {}
    blank: list[str] = []
    for q in questions:
        data = form[q.id].data
        if q.type == "multi":
            value: Any = [v for v in (data or []) if v]
        elif isinstance(data, str):
            value = data.strip()
        else:
            value = data
        if value in (None, "", []):
            blank.append(q.id)
            continue
        if q.type == "int" and isinstance(value, str) and _INT_RE.fullmatch(value):
            value = int(value)
        elif q.type == "bool":
            value = {YES: True, NO: False}.get(value, value)
        given[q.id] = value
    return given, blank


@dataclass(frozen=True)
class StepCheck:
    accepted: dict[str, Any]  # answers to store now
    blank: list[str]  # keys to forget (an optional answer cleared)
    errors: dict[str, str]  # field -> message for the person


def check_step(all_questions: Sequence[Question], questions: Sequence[Question], form: Form,
               saved: Mapping[str, Any]) -> StepCheck:
    """Validate one step with the engine, against the saved answers it depends on (it_staff is
    bounded by employees from an earlier step)."""
    given, blank = submitted_answers(form, questions)
    by_id = {q.id: q for q in all_questions}
    step_ids = {q.id for q in questions}
    bounds: list[Question] = []
    raw = dict(given)
    for q in questions:
        bound = q.max_question
        if bound and bound not in step_ids and bound in saved and bound in by_id:
            bounds.append(by_id[bound])
            raw[bound] = saved[bound]
    # Bounds first: the engine checks a bound against the answers it has already accepted.
    checked = [*bounds, *questions]
    errors: dict[str, str] = {}
    try:
        validate_answers(checked, raw)
    except AnswersError as exc:
        for p in exc.problems:
            if p.field in step_ids and p.field not in errors:
                errors[p.field] = person_message(by_id[p.field], p.message)
    accepted = {k: v for k, v in given.items() if k not in errors}
    return StepCheck(accepted=accepted, blank=blank, errors=errors)


def person_message(q: Question, message: str) -> str:
    """The engine's message, said for a person filling in a form rather than a JSON client."""
    if message == "is required":
        return REQUIRED_MESSAGES.get(q.type, "Answer this question.")
    if q.type == "int" and message == "must be a whole number":
        return "Enter a whole number, without decimals or letters."
    if q.exclusive and "cannot be chosen together" in message:
        return f"“{q.label_of(q.exclusive)}” cannot be chosen together with other options."
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")


@dataclass(frozen=True, slots=True)
class Option:
    id: str
    value: str
    label: str
    selected: bool


@dataclass(frozen=True, slots=True)
class FieldView:
    """What the template needs to draw one question, worked out here so the template stays a flat
    loop (nested macros made the step page three times slower)."""

    q: Question
    kind: str
    error: str | None
    value: str  # text and number inputs
    options: tuple[Option, ...]  # radios, checkboxes, select options
    describedby: str  # ids for aria-describedby, or ""
    first_id: str  # the element the error summary links to

    @property
    def grouped(self) -> bool:
        return self.kind in ("radio", "yesno", "checkboxes")


def field_views(form: Form, questions: Sequence[Question], errors: Mapping[str, str]) -> list[FieldView]:
    views = []
    for q in questions:
        field = form[q.id]
        kind = widget_of(q)
        error = errors.get(q.id)
        ids = [f"{q.id}-hint"] if q.help else []
        if error:
            ids.append(f"{q.id}-error")
        grouped = kind in ("radio", "yesno", "checkboxes")
        options: tuple[Option, ...] = ()
        if kind != "text" and kind != "number":
            options = tuple(Option(f"{q.id}-{i}", str(c.value), str(c.label), bool(c.selected))
                            for i, c in enumerate(field.iter_choices()))
        views.append(FieldView(q=q, kind=kind, error=error,
                               value="" if options else str(field._value() or ""),
                               options=options, describedby=" ".join(ids),
                               first_id=f"{q.id}-0" if grouped else q.id))
    return views
