"""Dates worked out for the owner from the assessment date (`as_of`): when a programme runs, how old
a fact is, when a source was recorded. Whole sentences from the catalogue; dates through Babel."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..engine.dates import parse_partial_date
from .words import Words

# A fact older than this at the assessment date carries an age badge.
STALE_MONTHS = 12
# A programme closing within this many months of the assessment date gets a summary alert.
CLOSING_SOON_MONTHS = 6


def parse_date(text: Any) -> tuple[dt.date, str] | None:
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


def _when(w: Words, text: str, precision: str) -> str:
    """`about March 2027` for a month, `6 March 2027` for a day."""
    return w._("about %(date)s", date=w.date(text)) if precision == "month" else w.date(text)


def _distance(w: Words, months: int) -> str:
    if months < 1:
        return w._("under a month")
    return w.n_("%(num)d month", "%(num)d months", months)


def _attr(program: Mapping[str, Any], key: str) -> Mapping[str, Any]:
    attrs = program.get("attributes") or {}
    value = attrs.get(key) if isinstance(attrs, Mapping) else None
    return value if isinstance(value, Mapping) else {}


def _who_to_ask(program: Mapping[str, Any], w: Words) -> str:
    partners = _attr(program, "partners").get("value")
    if isinstance(partners, list) and partners:
        return str(partners[0])
    provider = _attr(program, "provider")
    return str(provider.get("text") or provider.get("value") or w._("the provider"))


@dataclass(frozen=True)
class Timing:
    line: str  # "Running since June 2026 · intake not published: ask NTUC"
    alert: str | None  # a sentence for the summary when timing is at stake (not started, closing soon)


def _start_part(program: Mapping[str, Any], as_of: dt.date, w: Words) -> tuple[str | None, str | None]:
    attr = _attr(program, "start")
    start = parse_date(attr.get("value"))
    if start is None:
        text = str(attr.get("text") or "").strip()
        return (text or None), None
    day, precision = start
    when = _when(w, str(attr["value"]), precision)
    if day <= as_of:
        return w._("running since %(date)s", date=w.date(attr["value"])), None
    months = _distance(w, _months_to(as_of, day, precision))
    return (
        w._("starts %(when)s: %(distance)s after your assessment date", when=when, distance=months),
        w._(
            "It has not started at your assessment date: it starts %(when)s, %(distance)s later.",
            when=when,
            distance=months,
        ),
    )


def _end_part(program: Mapping[str, Any], as_of: dt.date, w: Words) -> tuple[str, str | None]:
    attr = _attr(program, "end")
    end = parse_date(attr.get("value"))
    part = attr.get("part")
    if end is not None:
        day, precision = end
        when = _when(w, str(attr["value"]), precision)
        closed = _last_day(day, precision) < as_of
        months = _months_to(as_of, day, precision)
        if isinstance(part, str) and part.strip():
            # The end of one part of the entry (one agreement, one intake): said with its name, and
            # never an alert, since the rest of the entry stays open.
            if closed:
                return w._(
                    "%(part)s has probably closed (%(when)s): check for a new intake",
                    part=part.strip(),
                    when=when,
                ), None
            return w._(
                "%(part)s closes %(when)s: %(distance)s after your assessment date",
                part=part.strip(),
                when=when,
                distance=_distance(w, months),
            ), None
        if closed:
            return (
                w._("closed %(when)s, before your assessment date", when=when),
                w._("It closed %(when)s, before your assessment date.", when=when),
            )
        line = w._(
            "closes %(when)s: %(distance)s after your assessment date",
            when=when,
            distance=_distance(w, months),
        )
        alert = (
            w._(
                "It closes %(when)s, %(distance)s after your assessment date.",
                when=when,
                distance=_distance(w, months),
            )
            if months <= CLOSING_SOON_MONTHS
            else None
        )
        return line, alert
    capacity = _attr(program, "capacity").get("value")
    end_text = str(attr.get("text") or "").strip()
    if isinstance(capacity, int) and not isinstance(capacity, bool):
        return w._("intake not published: ask %(who)s", who=_who_to_ask(program, w)), None
    if end_text and end_text.lower() != "not published":
        return end_text[:1].lower() + end_text[1:], None
    return w._("end date not published"), None


def programme_timing(program: Mapping[str, Any], as_of: dt.date, w: Words) -> Timing:
    """The timing line of one programme, worked out from its start and end against `as_of`."""
    start_line, start_alert = _start_part(program, as_of, w)
    end_line, end_alert = _end_part(program, as_of, w)
    parts = [p for p in (start_line, end_line) if p]
    line = " · ".join(parts)
    return Timing(line=line[:1].upper() + line[1:], alert=start_alert or end_alert)


def fact_age(fact_date: Any, as_of: dt.date, w: Words) -> str | None:
    """`18 months old` or `3 years old` at the assessment date, for facts over STALE_MONTHS old."""
    parsed = parse_date(fact_date)
    if parsed is None:
        return None
    months = months_between(parsed[0], as_of)
    if months < STALE_MONTHS:
        return None
    if months >= 24:
        return w.n_("%(num)d year old", "%(num)d years old", months // 12)
    return w.n_("%(num)d month old", "%(num)d months old", months)


def recorded_text(source_date: Any, as_of: dt.date | None, w: Words) -> str:
    """`recorded on 29 November 2026`, said honestly when that is after a back-dated assessment."""
    if not source_date:
        return ""
    parsed = parse_date(source_date)
    if parsed is not None and as_of is not None and parsed[0] > as_of:
        return w._("recorded on %(date)s, after this assessment's date", date=w.date(source_date))
    return w._("recorded on %(date)s", date=w.date(source_date))


def attribute_date(attr: Mapping[str, Any], sources: list[Mapping[str, Any]]) -> Any:
    """The date a fact rests on: its own `as_of` (cost), else its source's date."""
    if attr.get("as_of"):
        return attr["as_of"]
    source = attr.get("source")
    if isinstance(source, int) and not isinstance(source, bool) and 0 <= source < len(sources):
        return sources[source].get("as_of")
    return None


def as_of_date(result: Mapping[str, Any]) -> dt.date | None:
    parsed = parse_date((result.get("ruleset") or {}).get("as_of"))
    return parsed[0] if parsed else None
