"""WTForms classes built from the rule set's questions (the only copy of the questions), and the
conversion between posted form data and contract-1 answers. Validation itself is the engine's
`validate_answers`, so the form, the API and the CLI accept exactly the same answers."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from babel.numbers import format_decimal
from flask import has_request_context
from wtforms import Form, RadioField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice

from ... import i18n
from ...engine import AnswersError, Problem, Question, validate_answers
from ...translate import _, _l, _n

# Short enums read best as radios; long ones (industry: 12) as a select with an empty placeholder.
MAX_RADIOS = 6
YES, NO, NOT_SURE = "yes", "no", "not_sure"
_INT_RE = re.compile(r"[+-]?\d{1,9}")
# Digits grouped in threes by one kind of separator: "1,500", "1、500" (the ideographic comma of
# Chinese keyboards) or "1 500" (any space, after NFKC: ideographic, no-break, thin), with an
# optional decimal part that only money accepts.
_GROUPED_RE = re.compile(r"(\d{1,3}(?:([,、 ])\d{3})(?:\2\d{3})*|\d+)(?:\.(\d{1,9}))?")

REQUIRED_MESSAGES = {
    "enum": _l("Choose one option."),
    "bool": _l("Choose yes or no."),
    "multi": _l("Choose at least one option."),
    "int": _l("Enter a whole number."),
    "string": _l("Enter some text."),
}
# What to say when a question is left unanswered: the question's own words, not "Choose one option".
REQUIRED_BY_QUESTION = {
    "industry": _l("Choose the industry your business is in."),
    "employees": _l("Enter how many people the business employs."),
    "annual_revenue": _l("Choose the business's annual revenue."),
    "it_staff": _l("Enter how many IT or technical staff you have (0 if none)."),
    "staff_ai_literacy": _l("Choose how well your staff understand AI tools."),
    "leadership_ai_understanding": _l("Choose how well the leadership understands AI."),
    "non_technical_workforce": _l("Choose how many of your staff have no technical background."),
    "learning_preference": _l("Choose how your staff prefer to learn."),
    "training_hours_per_month": _l(
        "Enter how many training hours per person per month you can spare (0 if none)."
    ),
    "digital_maturity": _l("Choose how digital the business is today."),
    "data_quality": _l("Choose how good your business data is."),
    "cloud_platforms": _l("Choose the cloud platforms you use, or “None”."),
    "data_sensitivity": _l("Choose how sensitive the data AI would touch is."),
    "data_residency_required": _l("Choose whether your data must stay in Singapore."),
    "ai_usage": _l("Choose how you use AI today."),
    "use_cases": _l("Choose whether you have found where AI would help."),
    "ai_policy": _l("Choose whether you have rules for how staff may use AI."),
    "change_readiness": _l("Choose how ready the team is to change how it works."),
    "goals": _l("Choose at least one thing AI should help with."),
    "languages": _l("Choose at least one language you work in."),
    "budget_sgd_per_month": _l("Enter your monthly budget for AI training and tools in S$ (0 if none)."),
    "timeline": _l("Choose when you want to start."),
    "lock_in_tolerance": _l("Choose how much you mind depending on one vendor."),
}

# Range messages name what the number is about (whole sentences, so translators see the subject).
TOO_SMALL = {
    "employees": _l("The number of employees must be at least %(min)s."),
    "it_staff": _l("The number of IT staff can't be less than %(min)s."),
    "training_hours_per_month": _l("Training hours can't be less than %(min)s."),
    "budget_sgd_per_month": _l("The budget can't be less than S$%(min)s."),
}
TOO_LARGE = {
    "employees": _l("Enter a number of employees up to %(max)s."),
    "it_staff": _l("Enter a number of IT staff up to %(max)s."),
    "training_hours_per_month": _l("Enter up to %(max)s training hours per person per month."),
    "budget_sgd_per_month": _l("Enter a monthly budget up to S$%(max)s."),
}
TOO_LONG = {
    "company_name": _l("The company name can be at most %(max)s characters long; this one has %(count)s."),
}


def number_words(value: object) -> str:
    """A number as the page's language groups it ("1,000,000"; Tamil in Singapore groups in threes
    too): messages quote limits the way people read them."""
    if not isinstance(value, int):
        return str(value)
    locale = i18n.request_locale() if has_request_context() else "en_SG"
    return str(format_decimal(value, locale=locale))


def is_money(q: Question) -> bool:
    return q.type == "int" and "_sgd" in q.id


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
        return SelectField(
            q.label, choices=[SelectChoice("", _l("Choose…")), *choices], validate_choice=False
        )
    if kind == "checkboxes":
        return SelectMultipleField(q.label, choices=choices, validate_choice=False)
    if kind == "yesno":
        choices = [SelectChoice(YES, _l("Yes")), SelectChoice(NO, _l("No"))]
        if q.may_be_unknown:
            # "Not sure" leaves the answer out: the engine then treats it as unknown, not as "No".
            choices.append(SelectChoice(NOT_SURE, _l("Not sure")))
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
            value = typed_number(q, value)
        elif q.type == "bool":
            value = {YES: True, NO: False}.get(value, value)
        given[q.id] = value
    return given, blank


def typed_number(q: Question, typed: str) -> int | str:
    """What an owner typed in a number field as an int, or as typed (normalised) when it is not one.

    "1,500", "1 500" and "S$ 1500" mean 1500, also from Chinese and Tamil keyboards ("１，５００",
    "1、500", "௧௫௦௦"). Money may have cents: they are rounded to the nearest dollar (the page says
    so under the field), because nobody budgets AI training to the cent and refusing "1500.50"
    only costs the owner a retype. Other numbers with decimals are refused: "4.5 employees" is a
    mistake to ask about, not to round away.
    """
    value = plain_digits(typed)
    plain = re.sub(r"^S?\$\s*", "", value) if is_money(q) else value
    if _INT_RE.fullmatch(plain):
        return int(plain)
    m = _GROUPED_RE.fullmatch(plain)
    if m is None or (m.group(3) is not None and not is_money(q)):
        return value
    whole = re.sub(r"[,、 ]", "", m.group(1))
    if len(whole) > 9:
        return value
    if m.group(3) is None:
        return int(whole)
    return int(Decimal(f"{whole}.{m.group(3)}").quantize(Decimal(1), rounding=ROUND_HALF_UP))


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
                errors[p.field] = person_message(by_id[p.field], p)
    for q in questions:
        typed = given.get(q.id)
        if q.id in errors and q.type == "int" and isinstance(typed, str):
            errors[q.id] = number_message(q, typed)
        elif q.id in errors and isinstance(typed, str) and q.max_length and len(typed) > q.max_length:
            message = TOO_LONG.get(q.id) or _l(
                "This answer can be at most %(max)s characters long; it has %(count)s."
            )
            errors[q.id] = str(message) % {
                "max": number_words(q.max_length),
                "count": number_words(len(typed)),
            }
    accepted = {k: v for k, v in given.items() if k not in errors}
    return StepCheck(accepted=accepted, blank=blank, errors=errors)


def number_message(q: Question, typed: str) -> str:
    """Why a typed number was refused, quoting what was typed."""
    shown = typed if len(typed) <= 20 else typed[:19] + "…"
    if re.fullmatch(r"[+-]?\d+\.\d+", typed):
        return _(
            "“%(typed)s” has decimals: enter a whole number, for example %(example)s.",
            typed=shown,
            example=typed.split(".")[0],
        )
    return _("“%(typed)s” is not a whole number: enter digits only, for example 12.", typed=shown)


def person_message(q: Question, problem: Problem, labels: Mapping[str, str] | None = None) -> str:
    """The engine's problem, said for a person filling in a form, from its code and parameters (the
    English message is for API and CLI readers; nothing here reads it). `labels` (question id ->
    label) name another question a bound refers to."""
    code, params = problem.code, problem.params
    if code == "required":
        return str(
            REQUIRED_BY_QUESTION.get(q.id) or REQUIRED_MESSAGES.get(q.type) or _("Answer this question.")
        )
    if code == "not_integer":
        return _("Enter a whole number, without decimals or letters.")
    if code == "too_small":
        small = TOO_SMALL.get(q.id) or _l("Enter a number of %(min)s or more.")
        return str(small) % {"min": number_words(params.get("min"))}
    if code == "too_large":
        large = TOO_LARGE.get(q.id) or _l("Enter a number up to %(max)s.")
        return str(large) % {"max": number_words(params.get("max"))}
    if code == "above_other":
        other = str(params.get("other", ""))
        bound = params.get("bound")
        if q.id == "it_staff" and other == "employees" and isinstance(bound, int):
            return _n(
                "The number of IT staff can't be more than your %(count)s employee.",
                "The number of IT staff can't be more than your %(count)s employees.",
                bound,
                count=number_words(bound),
            )
        return _(
            "Enter a number no larger than your answer to “%(question)s” (%(bound)s).",
            question=(labels or {}).get(other, other.replace("_", " ")),
            bound=number_words(bound),
        )
    if code == "exclusive_item":
        return _(
            "“%(choice)s” cannot be chosen together with other options.",
            choice=q.label_of(str(params.get("item", ""))),
        )
    if code in ("not_choice", "bad_item", "not_boolean", "not_list", "duplicate_item"):
        return _("Choose from the options offered.")
    if code == "empty_list":
        return str(REQUIRED_BY_QUESTION.get(q.id) or REQUIRED_MESSAGES["multi"])
    if code == "length":
        return _(
            "Enter between %(min)s and %(max)s characters.", min=params.get("min"), max=params.get("max")
        )
    if code in ("control_chars", "bad_text", "not_text"):
        return _("Enter plain text: some characters cannot be stored.")
    if code in ("not_date", "unreal_date"):
        return _("Enter a real date.")
    return _("Check this answer.")


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
    max_words: str = ""  # a text field's length limit as the page writes numbers

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
        if kind == "number" and is_money(q):
            ids.append(f"{q.id}-note")
        if kind == "text" and q.max_length:
            ids.append(f"{q.id}-count")
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
                prefix="S$" if kind == "number" and is_money(q) else "",
                max_words=number_words(q.max_length) if kind == "text" and q.max_length else "",
            )
        )
    return views
