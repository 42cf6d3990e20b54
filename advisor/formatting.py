"""Values into the words people read: dates, times in Singapore, answers and programme facts.

One formatter per kind of value, shared by the page (as Jinja filters, see `filters.py`), the PDF and
the CLI. Pure Python: no Flask.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from .engine.dates import human_date
from .engine.model import Question
from .vocabulary import SINGAPORE, value_label

NOT_KNOWN = "Not known"


def date_text(value: Any) -> str:
    """`2026-06` -> `June 2026`; `2024-03-06` (or a date) -> `6 March 2024`; other text as written."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        value = value.isoformat()
    if not isinstance(value, str) or not value:
        return ""
    try:
        return human_date(value)
    except ValueError:
        return value


def as_utc(moment: dt.datetime) -> dt.datetime:
    """A stored time as an aware UTC time: naive values are stored in UTC."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def local_date(moment: dt.datetime) -> dt.date:
    """The calendar day in Singapore of a stored (UTC) time."""
    return as_utc(moment).astimezone(SINGAPORE).date()


def datetime_text(value: dt.datetime | str | None) -> str:
    """A stored UTC time (or its ISO text) in Singapore time: `29 November 2026, 14:05 SGT`.

    Text that is not an ISO timestamp is shown as given.
    """
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            moment = dt.datetime.fromisoformat(value)
        except ValueError:
            return value
    else:
        moment = value
    local = as_utc(moment).astimezone(SINGAPORE)
    return f"{human_date(local.date().isoformat())}, {local:%H:%M} SGT"


def answer_text(question: Question | None, value: Any) -> str:
    """An answer in the words the questionnaire offered: choice labels, Yes/No, grouped thousands."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, list):
        return ", ".join(answer_text(question, v) for v in value)
    if isinstance(value, int):
        return f"{value:,}"
    if question is not None and isinstance(value, str):
        return question.label_of(value)
    return str(value)


def attribute_text(attribute: Mapping[str, Any] | Any, name: str) -> str:
    """A comparison attribute in words: its own text when it has one, else its value spelt out."""
    if not isinstance(attribute, Mapping):
        attribute = {"value": attribute}
    text = attribute.get("text")
    if isinstance(text, str) and text.strip():
        return text
    value = attribute.get("value")
    if value is None or value == [] or value == "":
        return NOT_KNOWN
    if isinstance(value, list):
        return ", ".join(value_label(str(v)) for v in value)
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if name in ("start", "end") and isinstance(value, str):
        return date_text(value)
    if isinstance(value, str):
        return value_label(value)
    return str(value)
