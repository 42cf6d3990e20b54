"""Dates worked out for the owner from the assessment date (`as_of`): when a programme runs, how old
a fact was, and when a source was recorded. Pure functions: the page and the PDF both call them."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ...engine.dates import human_date, parse_partial_date

# A fact older than this at the assessment date carries an age badge.
STALE_MONTHS = 12


def _date(text: Any) -> tuple[dt.date, str] | None:
    if not isinstance(text, str) or not text:
        return None
    try:
        return parse_partial_date(text)
    except ValueError:
        return None


def months_between(earlier: dt.date, later: dt.date) -> int:
    """Whole months from `earlier` to `later` (negative when `later` comes first)."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if later >= earlier and later.day < earlier.day:
        months -= 1
    elif later < earlier and later.day > earlier.day:
        months += 1
    return months


def _months_to(as_of: dt.date, day: dt.date, precision: str) -> int:
    """Months from the assessment date to a date; a month-precision date counts in calendar months
    ("about March 2027" is 4 months after any day of November 2026)."""
    return months_between(as_of.replace(day=1), day) if precision == "month" else months_between(as_of, day)


def _last_day(day: dt.date, precision: str) -> dt.date:
    """An end written as a month lasts to that month's last day, as in the engine."""
    if precision != "month":
        return day
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def _part_end_line(part: str, text: str, day: dt.date, precision: str, as_of: dt.date) -> str:
    """`SkillsFuture SME programme closes about March 2027: 4 months after your assessment date`."""
    about = "about " if precision == "month" else ""
    if _last_day(day, precision) < as_of:
        return f"{part} has probably closed ({about}{human_date(text)}): check for a new intake"
    months = _months_to(as_of, day, precision)
    return f"{part} closes {about}{human_date(text)}: {_distance(months)} after your assessment date"


def _distance(months: int) -> str:
    if months < 1:
        return "under a month"
    return f"{months} month{'s' if months != 1 else ''}"


def _attr(program: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    attrs = program.get("attributes") or {}
    value = attrs.get(key) if isinstance(attrs, Mapping) else None
    return value if isinstance(value, Mapping) else {}


def _who_to_ask(program: Mapping[str, Any]) -> str:
    partners = _attr(program, "partners").get("value")
    if isinstance(partners, list) and partners:
        return str(partners[0])
    provider = _attr(program, "provider")
    return str(provider.get("text") or provider.get("value") or "the provider")


@dataclass(frozen=True)
class Timing:
    line: str  # "running since June 2026 · intake not published: ask NTUC"
    alert: str | None  # a sentence for the summary when timing is at stake (not started, closing soon)


def programme_timing(program: Mapping[str, Any], as_of: dt.date) -> Timing:
    """The timing line of one programme, worked out from its start and end against `as_of`."""
    parts: list[str] = []
    alert = None
    start_attr, end_attr = _attr(program, "start"), _attr(program, "end")
    start = _date(start_attr.get("value"))
    if start is not None:
        day, precision = start
        if day <= as_of:
            parts.append(f"running since {human_date(start_attr['value'])}")
        else:
            months = _months_to(as_of, day, precision)
            about = "about " if precision == "month" else ""
            parts.append(
                f"starts {about}{human_date(start_attr['value'])}: "
                f"{_distance(months)} after your assessment date"
            )
            alert = (
                f"It has not started at your assessment date: it starts {about}"
                f"{human_date(start_attr['value'])}, {_distance(months)} later."
            )
    elif str(start_attr.get("text") or "").strip():
        parts.append(str(start_attr["text"]).strip())
    end = _date(end_attr.get("value"))
    part = end_attr.get("part")
    if end is not None and isinstance(part, str) and part.strip():
        # The end of one part of the entry (one agreement, one intake): said with its name, and never
        # an alert, since the rest of the entry stays open.
        parts.append(_part_end_line(part.strip(), str(end_attr["value"]), *end, as_of))
    elif end is not None:
        day, precision = end
        about = "about " if precision == "month" else ""
        if _last_day(day, precision) < as_of:
            parts.append(f"closed {about}{human_date(end_attr['value'])}, before your assessment date")
            alert = alert or f"It closed {about}{human_date(end_attr['value'])}, before your assessment date."
        else:
            months = _months_to(as_of, day, precision)
            parts.append(
                f"closes {about}{human_date(end_attr['value'])}: "
                f"{_distance(months)} after your assessment date"
            )
            if months <= 6:
                alert = alert or (
                    f"It closes {about}{human_date(end_attr['value'])}, "
                    f"{_distance(months)} after your assessment date."
                )
    else:
        capacity = _attr(program, "capacity").get("value")
        end_text = str(end_attr.get("text") or "").strip()
        if isinstance(capacity, int) and not isinstance(capacity, bool):
            parts.append(f"intake not published: ask {_who_to_ask(program)}")
        elif end_text and end_text.lower() != "not published":
            parts.append(end_text[:1].lower() + end_text[1:])
        else:
            parts.append("end date not published")
    line = " · ".join(parts)
    return Timing(line=line[:1].upper() + line[1:], alert=alert)


def fact_age(fact_date: Any, as_of: dt.date) -> str | None:
    """`18 months old` or `3 years old` at the assessment date, for facts over STALE_MONTHS old."""
    parsed = _date(fact_date)
    if parsed is None:
        return None
    months = months_between(parsed[0], as_of)
    if months < STALE_MONTHS:
        return None
    if months >= 24:
        return f"{months // 12} years old"
    return f"{months} months old"


def recorded_text(source_date: Any, as_of: dt.date) -> str:
    """`recorded on 29 November 2026`, said honestly when that is after a back-dated assessment."""
    parsed = _date(source_date)
    if parsed is None:
        return ""
    text = f"recorded on {human_date(source_date)}"
    if parsed[0] > as_of:
        text += ", after this assessment's date"
    return text


def attribute_date(attr: Mapping[str, Any], sources: list[Mapping[str, Any]]) -> Any:
    """The date a fact rests on: its own `as_of` (cost), else its source's date."""
    if attr.get("as_of"):
        return attr["as_of"]
    source = attr.get("source")
    if isinstance(source, int) and not isinstance(source, bool) and 0 <= source < len(sources):
        return sources[source].get("as_of")
    return None


def as_of_date(result: Mapping[str, Any]) -> dt.date | None:
    parsed = _date((result.get("ruleset") or {}).get("as_of"))
    return parsed[0] if parsed else None
