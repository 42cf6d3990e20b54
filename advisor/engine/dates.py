"""Dates written with day or month precision (`2026-06-15` or `2026-06`)."""

from __future__ import annotations

import datetime as dt
import re

_MONTH = re.compile(r"(\d{4})-(\d{2})")
_MONTHS = (
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
)


def parse_partial_date(text: str) -> tuple[dt.date, str]:
    """Return (first day it covers, precision "day" | "month"); ValueError when malformed.

    A month counts from its first day: `2026-06` is 2026-06-01.
    """
    m = _MONTH.fullmatch(text)
    if m:
        return dt.date(int(m[1]), int(m[2]), 1), "month"
    if len(text) != 10:
        raise ValueError(f"{text!r} is not a date (YYYY-MM-DD or YYYY-MM)")
    return dt.date.fromisoformat(text), "day"


def human_date(text: str) -> str:
    """`2026-06` -> `June 2026`; `2024-03-06` -> `6 March 2024`."""
    day, precision = parse_partial_date(text)
    if precision == "month":
        return f"{_MONTHS[day.month - 1]} {day.year}"
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"
