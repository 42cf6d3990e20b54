"""WTForms classes built from the rule set's questions (the only copy of the questions), and the
conversion between posted form data and contract-1 answers. Validation itself is the engine's
`validate_answers`, so the form, the API and the CLI accept exactly the same answers."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from wtforms import Form, RadioField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice

from ...engine import AnswersError, Question, validate_answers

# Short enums read best as radios; long ones (industry: 12) as a select with an empty placeholder.
MAX_RADIOS = 6
YES, NO, NOT_SURE = "yes", "no", "not_sure"
_INT_RE = re.compile(r"[+-]?\d{1,9}")
_THOUSANDS_RE = re.compile(r"\d{1,3}(,\d{3})+")

REQUIRED_MESSAGES = {
    "enum": "Choose one option.",
    "bool": "Choose yes or no.",
    "multi": "Choose at least one option.",
    "int": "Enter a whole number.",
    "string": "Enter some text.",
}
# What to say when a question is left unanswered: the question's own words, not "Choose one option".
REQUIRED_BY_QUESTION = {
    "industry": "Choose the industry your business is in",
    "employees": "Enter how many people the business employs",
    "annual_revenue": "Choose the business's annual revenue",
    "it_staff": "Enter how many IT or technical staff you have (0 if none)",
    "staff_ai_literacy": "Choose how well your staff understand AI tools",
    "leadership_ai_understanding": "Choose how well the leadership understands AI",
    "non_technical_workforce": "Choose how many of your staff have no technical background",
    "learning_preference": "Choose how your staff prefer to learn",
    "training_hours_per_month": (
        "Enter how many training hours per person per month you can spare (0 if none)"
    ),
    "digital_maturity": "Choose how digital the business is today",
    "data_quality": "Choose how good your business data is",
    "cloud_platforms": "Choose the cloud platforms you use, or “None”",
    "data_sensitivity": "Choose how sensitive the data AI would touch is",
    "data_residency_required": "Choose whether your data must stay in Singapore",
    "ai_usage": "Choose how you use AI today",
    "use_cases": "Choose whether you have found where AI would help",
    "ai_policy": "Choose whether you have rules for how staff may use AI",
    "change_readiness": "Choose how ready the team is to change how it works",
    "goals": "Choose at least one thing AI should help with",
    "languages": "Choose at least one language you work in",
    "budget_sgd_per_month": "Enter your monthly budget for AI training and tools in S$ (0 if none)",
    "timeline": "Choose when you want to start",
    "lock_in_tolerance": "Choose how much you mind depending on one vendor",
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
        choices = [SelectChoice(YES, "Yes"), SelectChoice(NO, "No")]
        if q.optional:
            # "Not sure" leaves the answer out: the engine then treats it as unknown, not as "No".
            choices.append(SelectChoice(NOT_SURE, "Not sure"))
        return RadioField(q.label, choices=choices, validate_choice=False)
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
    """Form data for a GET: the saved answers only. Defaults are never pre-filled: a pre-selected
    radio reads as an answer the owner never gave."""
    data: dict[str, Any] = {}
    for q in questions:
        value = answers.get(q.id)
        if value is None:
            continue
        if q.type == "bool":
            value = YES if value is True else NO if value is False else None
        elif q.type == "int":
            value = str(value)
        data[q.id] = value
    return data


def plain_digits(typed: str) -> str:
    """Full-width digits, commas, dollar signs and spaces (Chinese input methods) and other decimal
    digits (Tamil ௧௨௩) as ASCII; everything else as typed, so a refusal quotes it unchanged."""
    out = []
    for ch in unicodedata.normalize("NFKC", typed):
        digit = unicodedata.decimal(ch, None)
        out.append(str(digit) if digit is not None else ch)
    return "".join(out).strip()


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
        if value in (None, "", []) or (q.type == "bool" and value == NOT_SURE):
            blank.append(q.id)
            continue
        if q.type == "int" and isinstance(value, str):
            # "1,500" and "S$ 1500" mean 1500: accept what people naturally type for an amount,
            # also from Chinese and Tamil keyboards ("１，５００", "௧௫௦௦").
            value = plain_digits(value)
            plain = re.sub(r"^S?\$\s*", "", value) if "_sgd" in q.id else value
            if _THOUSANDS_RE.fullmatch(plain):
                plain = plain.replace(",", "")
            if _INT_RE.fullmatch(plain):
                value = int(plain)
        elif q.type == "bool":
            value = {YES: True, NO: False}.get(value, value)
        given[q.id] = value
    return given, blank


@dataclass(frozen=True)
class StepCheck:
    accepted: dict[str, Any]  # answers to store now
    blank: list[str]  # keys to forget (an optional answer cleared)
    errors: dict[str, str]  # field -> message for the person


def check_step(
    all_questions: Sequence[Question], questions: Sequence[Question], form: Form, saved: Mapping[str, Any]
) -> StepCheck:
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
    for q in questions:
        if q.id in errors and q.type == "int" and isinstance(given.get(q.id), str):
            errors[q.id] = number_message(q, str(given[q.id]))
    accepted = {k: v for k, v in given.items() if k not in errors}
    return StepCheck(accepted=accepted, blank=blank, errors=errors)


def number_message(q: Question, typed: str) -> str:
    """Why a typed number was refused, quoting what was typed."""
    shown = typed if len(typed) <= 20 else typed[:19] + "…"
    if re.fullmatch(r"[+-]?\d+\.\d+", typed):
        return f"“{shown}” has decimals: enter a whole number, for example {typed.split('.')[0]}."
    return f"“{shown}” is not a whole number: enter digits only, for example 12."


def person_message(q: Question, message: str) -> str:
    """The engine's message, said for a person filling in a form rather than a JSON client."""
    if message == "is required":
        if q.id in REQUIRED_BY_QUESTION:
            return REQUIRED_BY_QUESTION[q.id] + "."
        return REQUIRED_MESSAGES.get(q.type, "Answer this question.")
    if q.type == "int" and message == "must be a whole number":
        return "Enter a whole number, without decimals or letters."
    if q.type == "int" and message.startswith(("must be at least", "must be at most")):
        return "Enter a number " + message.removeprefix("must be ") + "."
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
    prefix: str = ""  # a unit shown before a number input ("S$")

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
            options = tuple(
                Option(f"{q.id}-{i}", str(c.value), str(c.label), bool(c.selected))
                for i, c in enumerate(field.iter_choices())
            )
        views.append(
            FieldView(
                q=q,
                kind=kind,
                error=error,
                value="" if options else str(field._value() or ""),
                options=options,
                describedby=" ".join(ids),
                first_id=f"{q.id}-0" if grouped else q.id,
                prefix="S$" if kind == "number" and "_sgd" in q.id else "",
            )
        )
    return views
