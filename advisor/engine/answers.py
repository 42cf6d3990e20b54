"""Validation of answers against contract 1: strict types, every problem reported at once."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Mapping
from typing import Any
from zoneinfo import ZoneInfo

from .errors import AnswersError, Problem
from .model import Question

SINGAPORE = ZoneInfo("Asia/Singapore")
_DATE_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")  # a name is one line of printable text
# A lone UTF-16 surrogate (JSON "\ud800") is a Python str but no UTF-8: no database can store it.
_SURROGATE = re.compile(r"[\ud800-\udfff]")


def today_in_singapore() -> dt.date:
    return dt.datetime.now(SINGAPORE).date()


def validate_answers(questions: Iterable[Question], raw: Any, today: dt.date | None = None) -> dict[str, Any]:
    """Return the answers with defaults filled in (lists as given, as_of as `YYYY-MM-DD`); an
    unanswered question that may be unknown stays absent.

    Raise AnswersError listing every problem: unknown keys, missing keys, nulls, wrong types,
    values out of range, duplicate list items, `none` beside other values, it_staff > employees.
    """
    if not isinstance(raw, Mapping):
        raise AnswersError([Problem(None, "the answers must be a JSON object", "not_object")])
    questions = tuple(questions)
    known = {q.id for q in questions}
    problems: list[Problem] = []
    clean: dict[str, Any] = {}
    for q in questions:
        if q.id not in raw:
            if q.may_be_unknown:
                continue  # unknown stays absent; conditions see it as `unknown`
            if q.optional:
                clean[q.id] = _default(q, today)
            else:
                problems.append(Problem(q.id, "is required", "required"))
            continue
        value = raw[q.id]
        if value is None:
            problems.append(Problem(q.id, "must not be null", "null"))
            continue
        problem = _CHECKS[q.type](q, value)
        if problem is None and q.max_question is not None:
            bound = clean.get(q.max_question)
            if isinstance(bound, int) and value > bound:
                bq = q.max_question.replace("_", " ")
                problem = (
                    f"must not be more than {bq} ({bound})",
                    "above_other",
                    {"other": q.max_question, "bound": bound},
                )
        if problem is not None:
            message, code, params = problem
            problems.append(Problem(q.id, message, code, params))
        else:
            clean[q.id] = value
    for key in raw:
        if key not in known:
            problems.append(Problem(str(key), "is not a known question", "unknown_key"))
    if problems:
        raise AnswersError(problems)
    return clean


def _default(q: Question, today: dt.date | None) -> Any:
    if q.type == "date":
        return (today or today_in_singapore()).isoformat()
    return q.default


# A failed check: (the English message, its code, the values the message is made of).
Found = tuple[str, str, dict[str, Any]]


def _int(q: Question, v: Any) -> Found | None:
    if type(v) is not int:
        return "must be a whole number", "not_integer", {}
    if q.min is not None and v < q.min:
        return f"must be at least {q.min}", "too_small", {"min": q.min}
    if q.max is not None and v > q.max:
        return f"must be at most {q.max}", "too_large", {"max": q.max}
    return None


def _bool(q: Question, v: Any) -> Found | None:
    return None if type(v) is bool else ("must be true or false", "not_boolean", {})


def _string(q: Question, v: Any) -> Found | None:
    if not isinstance(v, str):
        return "must be text", "not_text", {}
    lo, hi = q.min_length or 0, q.max_length or 10_000
    if not lo <= len(v) <= hi or (lo and not v.strip()):
        return f"must be {lo} to {hi} characters", "length", {"min": lo, "max": hi}
    if _CONTROL.search(v):
        return "must not contain control characters", "control_chars", {}
    if _SURROGATE.search(v):
        return "must be valid text (it holds a character that cannot be stored)", "bad_text", {}
    return None


def _enum(q: Question, v: Any) -> Found | None:
    if not isinstance(v, str) or v not in q.values:
        return f"must be one of: {', '.join(q.values)}", "not_choice", {"allowed": list(q.values)}
    return None


def _multi(q: Question, v: Any) -> Found | None:
    if not isinstance(v, list):
        return "must be a list", "not_list", {}
    if not v:
        return "must hold at least one value", "empty_list", {}
    allowed = q.values
    seen: set[str] = set()
    for item in v:
        if not isinstance(item, str) or item not in allowed:
            return (
                f"{item!r} is not allowed; choose from: {', '.join(allowed)}",
                "bad_item",
                {"item": item, "allowed": list(allowed)},
            )
        if item in seen:
            return f"{item!r} appears more than once", "duplicate_item", {"item": item}
        seen.add(item)
    if q.exclusive is not None and q.exclusive in seen and len(seen) > 1:
        return (
            f"{q.exclusive!r} cannot be chosen together with other values",
            "exclusive_item",
            {"item": q.exclusive},
        )
    return None


def _date(q: Question, v: Any) -> Found | None:
    if not isinstance(v, str) or not _DATE_RE.fullmatch(v):
        return "must be a date written YYYY-MM-DD", "not_date", {}
    try:
        dt.date.fromisoformat(v)
    except ValueError:
        return "is not a real date", "unreal_date", {}
    return None


_CHECKS = {"int": _int, "bool": _bool, "string": _string, "enum": _enum, "multi": _multi, "date": _date}
QUESTION_TYPES = frozenset(_CHECKS)
