"""Languages: which ones exist, which are offered, and the locale a request or a report uses.

Contract 5 in DESIGN.md fixes the codes: the language code is what is stored and asked for
(`?lang=`), the page `lang` value goes on `<html>`, and the formatting locale drives Babel's numbers
and dates. A language is offered only once its catalogues are complete (`OFFERED_LANGUAGES`).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from flask import Flask


@dataclass(frozen=True)
class Language:
    code: str  # stored with an assessment and asked for with ?lang=
    name: str  # the language named in itself, for the switcher (no flags)
    html_lang: str  # the value of the page's `lang` attribute
    locale: str  # the Babel locale for numbers, money and dates


LANGUAGES: dict[str, Language] = {
    lang.code: lang
    for lang in (
        Language("en", "English", "en-SG", "en_SG"),
        Language("zh", "简体中文", "zh-Hans-SG", "zh_Hans_SG"),
        Language("ms", "Bahasa Melayu", "ms-SG", "ms_SG"),
        Language("ta", "தமிழ்", "ta-SG", "ta_SG"),
    )
}
DEFAULT_LANGUAGE = "en"
# Languages whose catalogues are complete enough to offer; the rest are built but not offered.
OFFERED_LANGUAGES: tuple[str, ...] = ("en",)


def language(code: str | None) -> Language:
    """The language for a code, falling back to the default for an unknown or missing one."""
    return LANGUAGES.get(code or "", LANGUAGES[DEFAULT_LANGUAGE])


def request_language() -> str:
    """Flask-Babel's locale selector: the language chosen for this request (set on `g` by the view
    layer), if offered; otherwise the default. Imported lazily so the module stays Flask-free."""
    from flask import g

    chosen = g.get("language")
    return chosen if chosen in OFFERED_LANGUAGES else DEFAULT_LANGUAGE


def init_app(app: Flask) -> None:
    app.jinja_env.globals["page_language"] = lambda: language(request_language())
