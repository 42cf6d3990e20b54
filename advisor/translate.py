"""Flask-side gettext with types: Flask-Babel's functions for the request's language, returning `str`
(its own stubs say Any). Import as `from ..translate import _, _l, _n`. Flask-free code (the engine,
`advisor.presentation`) uses `advisor.presentation.Words` instead."""

from __future__ import annotations

from typing import Any

from flask_babel import gettext, lazy_gettext, ngettext


def _(message: str, **params: Any) -> str:
    """A whole sentence in the request's language; named placeholders filled after translation."""
    return str(gettext(message, **params))


def _n(singular: str, plural: str, num: int, **params: Any) -> str:
    """A sentence whose form follows a number (`%(num)d` is set for you)."""
    return str(ngettext(singular, plural, num, **params))


def _l(message: str, **params: Any) -> Any:
    """A message translated when shown (form labels and module-level constants)."""
    return lazy_gettext(message, **params)
