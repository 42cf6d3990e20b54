"""The words of one language: a gettext catalogue plus the Babel locale that formats numbers, S$
amounts, dates and lists. Flask-free, so a report worker or the command line builds one without a
request; the web side hands in Flask-Babel's catalogue for the request's language.
"""

from __future__ import annotations

import datetime as dt
import gettext as _gettext
from collections.abc import Sequence
from functools import cache
from typing import Any, Protocol

from babel.dates import format_date, format_skeleton
from babel.lists import format_list
from babel.numbers import format_decimal
from babel.support import Translations as _BabelTranslations

from ..catalogues import catalogue_digest
from ..catalogues import rules as rule_prose
from ..engine.answers import SINGAPORE
from ..engine.dates import parse_partial_date
from ..paths import packaged_or_checkout

# Contract 5: money is `S$1,500` in every language (Singapore locales print SGD as a bare "$").
MONEY_PATTERN = "S$#,##0"
# An en dash stands in for the minus sign: Noto Sans has no U+2212, and falling back to the CJK font
# for one glyph would embed (and subset) a second, very large font in every report.
MINUS = "\u2013"

# The locales of contract 5 (advisor/i18n.py holds the table; it is Flask-side, so repeated here as
# plain data the presentation needs: language code -> Babel locale).
LOCALES = {"en": "en_SG", "zh": "zh_Hans_SG", "ms": "ms_SG", "ta": "ta_SG"}


def N_(message: str) -> str:
    """Marks a message for extraction (`pybabel extract -k N_`) where it is defined; it is translated
    where it is shown."""
    return message


class Catalogue(Protocol):
    """What presentation needs of a gettext catalogue: Babel's `Translations` (Flask-Babel's
    `get_translations()`) and the standard library's `NullTranslations` both fit."""

    def gettext(self, message: str) -> str: ...
    def ngettext(self, singular: str, plural: str, n: int) -> str: ...
    def pgettext(self, context: str, message: str) -> str: ...


@cache
def load_catalogue(language: str) -> Catalogue:
    """The compiled catalogue of `language` from `translations/` (English, or a language without a
    compiled catalogue, gives the source strings)."""
    folder = packaged_or_checkout("translations")
    found = _BabelTranslations.load(str(folder), [language], domain="messages")
    return found if isinstance(found, _BabelTranslations) else _gettext.NullTranslations()


@cache
def load_rule_catalogue(language: str) -> rule_prose.RuleCatalogue:
    """The compiled rule prose of `language` from `translations/` (none for English)."""
    if language not in LOCALES or language == "en":
        return rule_prose.EMPTY
    return rule_prose.load_catalogue(packaged_or_checkout("translations"), language)


class Words:
    """One language's words and formats. `_`, `n_` and `p_` take whole sentences with named
    placeholders (`%(name)s`), filled after translation so a translator may move them."""

    def __init__(
        self,
        catalogue: Catalogue | None = None,
        language: str = "en",
        rules: rule_prose.RuleCatalogue | None = None,
    ) -> None:
        self.language = language if language in LOCALES else "en"
        self.locale = LOCALES[self.language]
        self.catalogue: Catalogue = catalogue if catalogue is not None else load_catalogue(self.language)
        self._rules = rules

    @property
    def rules(self) -> rule_prose.RuleCatalogue:
        """The rule prose of this language (the packaged catalogue unless one was handed in)."""
        if self._rules is None:
            self._rules = load_rule_catalogue(self.language)
        return self._rules

    # -- sentences -------------------------------------------------------------------------------
    def _(self, message: str, **params: Any) -> str:
        # Always %-formatted, as Jinja's newstyle gettext does: a literal percent sign is written %%.
        return self.catalogue.gettext(message) % params

    def n_(self, singular: str, plural: str, num: int, **params: Any) -> str:
        return self.catalogue.ngettext(singular, plural, num) % dict(params, num=num)

    def p_(self, context: str, message: str, **params: Any) -> str:
        return self.catalogue.pgettext(context, message) % params

    # -- values ----------------------------------------------------------------------------------
    def number(self, value: int) -> str:
        return str(format_decimal(value, locale=self.locale))

    def money(self, value: int) -> str:
        """`S$1,500`: Singapore dollars with the locale's grouping."""
        return str(format_decimal(value, format=MONEY_PATTERN, locale=self.locale))

    def signed(self, value: int) -> str:
        """+5, –3 or 0: points and changes as printed."""
        if value > 0:
            return f"+{self.number(value)}"
        return f"{MINUS}{self.number(-value)}" if value < 0 else "0"

    def list_and(self, items: Sequence[str]) -> str:
        """`A`, `A and B`, `A, B and C` in the language's own way."""
        return str(format_list(list(items), locale=self.locale)) if items else ""

    def series(self, items: Sequence[str]) -> str:
        """`A 40; B 55`: items that hold commas or spaces of their own, one after another, with the
        language's separator (Chinese `；`). Babel's list styles have no such separator, and joining
        with an ASCII "; " put English punctuation between Chinese items."""
        out = items[0] if items else ""
        for item in items[1:]:
            out = self._("%(items)s; %(item)s", items=out, item=item)
        return out

    def sentence(self, text: str) -> str:
        """`text` ended as a sentence in the language (Chinese `。`), for a sentence made of a value."""
        return self._("%(sentence)s.", sentence=text)

    def date(self, value: Any) -> str:
        """`2026-06` -> `June 2026`; `2024-03-06` (or a date) -> `6 March 2024`; other text as given."""
        if isinstance(value, dt.datetime):
            value = value.date()
        if isinstance(value, dt.date):
            return str(format_date(value, "long", locale=self.locale))
        if not isinstance(value, str) or not value:
            return ""
        try:
            day, precision = parse_partial_date(value)
        except ValueError:
            return value
        if precision == "month":
            return str(format_skeleton("yMMMM", day, locale=self.locale))
        return str(format_date(day, "long", locale=self.locale))

    def datetime(self, value: dt.datetime | str | None) -> str:
        """A stored UTC time (or its ISO text) in Singapore time: `29 November 2026, 14:05 SGT`."""
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
        return self._("%(date)s, %(time)s SGT", date=self.date(local.date()), time=local.strftime("%H:%M"))


def as_utc(moment: dt.datetime) -> dt.datetime:
    """A stored time as an aware UTC time: naive values are stored in UTC."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def local_date(moment: dt.datetime) -> dt.date:
    """The calendar day in Singapore of a stored (UTC) time."""
    return as_utc(moment).astimezone(SINGAPORE).date()


@cache
def words_for(language: str) -> Words:
    """The shared `Words` of a language, from its compiled catalogue (for workers and the CLI)."""
    return Words(None, language)


@cache
def catalogue_version(language: str) -> str:
    """A short hash of the compiled catalogues of `language` (the app's words and the rule prose):
    part of the PDF cache key, so a translation fix makes new reports (after a restart)."""
    return catalogue_digest(packaged_or_checkout("translations"), language)
