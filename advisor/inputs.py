"""Small guards for untrusted request input, shared by the accounts and workspace packages.

PostgreSQL refuses NUL in text and 32-bit/64-bit integer columns overflow on huge ids; both used to
surface as a 500. These helpers turn such input into a form error, an ignored filter or a 404.
"""

from __future__ import annotations

import re
from typing import Any

from werkzeug.routing import IntegerConverter
from wtforms.validators import ValidationError

# C0 controls and DEL (NUL included). Tab, newline and carriage return are allowed only where text may
# span lines (notes).
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_CONTROL_SINGLE_LINE_OK = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# ASCII digits only: str.isdigit() also accepts "²" and other digits int() cannot parse.
_ID = re.compile(r"[0-9]{1,9}")
MAX_ID = 2_147_483_647  # the largest id a 32-bit INTEGER column holds (PostgreSQL `serial`)


def has_control_chars(text: str | None, *, multiline: bool = False) -> bool:
    if not text:
        return False
    return bool((_CONTROL_SINGLE_LINE_OK if multiline else _CONTROL).search(text))


def parse_id(raw: Any) -> int | None:
    """A positive-or-zero integer of at most nine ASCII digits, else None (never raises)."""
    if not isinstance(raw, str) or not _ID.fullmatch(raw):
        return None
    return int(raw)


def parse_page(raw: Any, *, maximum: int = 100_000) -> int:
    """A page number from a query string: 1 when missing or odd, clamped to [1, maximum]."""
    value = parse_id(raw)
    return min(max(1, value or 1), maximum)


class NoControlChars:
    """WTForms validator: refuse NUL and other control characters (newlines only when `multiline`)."""

    def __init__(self, *, multiline: bool = False,
                 message: str = "Remove the invisible control characters from this field."):
        self.multiline = multiline
        self.message = message

    def __call__(self, form: Any, field: Any) -> None:
        if isinstance(field.data, str) and has_control_chars(field.data, multiline=self.multiline):
            raise ValidationError(self.message)


class BoundedIntConverter(IntegerConverter):
    """`<id:name>` in routes: an int that fits the database's id column; larger ones are a 404."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)
