"""Languages: which ones exist, which are offered, and the locale a request or a report uses.

Contract 5 in DESIGN.md fixes the codes: the language code is what is stored and asked for
(`?lang=`), the page `lang` value goes on `<html>`, and the formatting locale drives Babel's numbers
and dates. A language is offered only once its catalogues are complete (`OFFERED_LANGUAGES`).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from flask import Flask
    from markupsafe import Markup
    from werkzeug.wrappers import Response

    from .catalogues.rules import RuleCatalogue


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
# Offered by default: every language whose catalogues `advisor i18n check` finds complete (CI runs the
# check for this list, so a missing translation fails the build instead of reaching an owner).
OFFERED_LANGUAGES: tuple[str, ...] = ("en", "zh", "ms", "ta")


def language(code: str | None) -> Language:
    """The language for a code, falling back to the default for an unknown or missing one."""
    return LANGUAGES.get(code or "", LANGUAGES[DEFAULT_LANGUAGE])


# The cookie that remembers a choice made with ?lang= or the switcher (one year; not a secret).
COOKIE = "lang"
COOKIE_MAX_AGE = 365 * 24 * 3600

# Advisors' pages stay English; the invite landing in the workspace blueprint is the client's page.
ENGLISH_ONLY_BLUEPRINTS = frozenset({"workspace", "accounts"})
OWNER_FACING_ENDPOINTS = frozenset({"workspace.invite"})

# Tags that name a language we have under another code: Standard Malay (`zsm`), and Traditional or
# regional Chinese, which reads Simplified better than English (there is no Traditional catalogue).
_ALIASES = {"zsm": "ms", "may": "ms", "chi": "zh", "zho": "zh", "cmn": "zh", "tam": "ta", "eng": "en"}
_TAG = re.compile(r"[A-Za-z]{2,8}(?:[-_][A-Za-z0-9]{1,8})*")


def match_tag(tag: str | None, offered: Iterable[str]) -> str | None:
    """The offered language code a BCP 47 tag asks for, or None.

    Only the primary subtag counts: `zh-SG`, `zh-CN`, `zh-Hans-SG`, `zh_Hans_SG` all mean `zh`;
    `ta-IN` means `ta`, `ms-MY` `ms`, `en-GB` `en`. Matching region-qualified codes against each other
    would send `zh-SG` to English (Flask-Babel's own matcher does exactly that).
    """
    if not tag or not _TAG.fullmatch(tag.strip()):
        return None
    primary = re.split(r"[-_]", tag.strip())[0].lower()
    code = _ALIASES.get(primary, primary)
    return code if code in offered else None


def negotiate(
    query: str | None,
    cookie: str | None,
    accept: Iterable[tuple[str, float]],
    offered: Sequence[str],
) -> tuple[str, str]:
    """(language code, where it came from): `?lang=`, then the cookie, then Accept-Language (in the
    header's order of preference, q=0 refused), then the default. Pure: the caller reads the request."""
    for source, tag in (("query", query), ("cookie", cookie)):
        code = match_tag(tag, offered)
        if code:
            return code, source
    for tag, quality in accept:
        if quality <= 0:
            continue
        code = match_tag(tag, offered)
        if code:
            return code, "header"
    return DEFAULT_LANGUAGE, "default"


def with_language(result: Mapping[str, Any] | None, code: str) -> dict[str, Any] | None:
    """The result with `"language"` right after `ruleset` (contract 2 round 3 key order). Stored
    results and the engine's canonical bytes stay language-neutral; the API and `--lang` add it."""
    if result is None:
        return None
    out: dict[str, Any] = {}
    for key, value in result.items():
        if key == "language":
            continue
        out[key] = value
        if key == "ruleset":
            out["language"] = code
    if "language" not in out:
        out = {"language": code, **out}
    return out


def localised_result(result: Mapping[str, Any] | None, code: str) -> dict[str, Any] | None:
    """For the API: the result's texts in `code` where the rule catalogue has them (dates in the
    language's own way), with `"language"` after `ruleset`. Reads the app's translation
    directories."""
    if result is None:
        return None
    if code != DEFAULT_LANGUAGE:
        from flask_babel import get_translations

        from .presentation.prose import localise
        from .presentation.words import Words

        result = localise(result, Words(get_translations(), code, rules=rule_catalogue(code)))
    return with_language(result, code)


def rule_catalogue(code: str) -> RuleCatalogue:
    """The rule prose of a language from the app's translation directories (the first that has
    it), for pages, the API and reports made in a request."""
    return _rule_catalogue(translation_folders(), code)


def translation_folders() -> str:
    """The app's catalogue folders (`;`-separated, as Flask-Babel reads them): the setting when
    given (tests plant catalogues there), else the packaged `translations/`."""
    from flask import current_app

    from .paths import packaged_or_checkout

    folders = current_app.config.get("BABEL_TRANSLATION_DIRECTORIES")
    return str(folders) if folders else str(packaged_or_checkout("translations"))


@cache
def _rule_catalogue(folders: str, code: str) -> RuleCatalogue:
    from .catalogues import rules as rule_prose

    if code == DEFAULT_LANGUAGE:
        return rule_prose.EMPTY
    for folder in (f for f in folders.split(";") if f):
        found = rule_prose.load_catalogue(Path(folder), code)
        if found.entries:
            return found
    return rule_prose.RuleCatalogue(code, {})


def offered_languages() -> tuple[str, ...]:
    """The languages this app offers (setting LANGUAGES_OFFERED), English always among them."""
    from flask import current_app

    return tuple(current_app.config.get("LANGUAGES_OFFERED") or OFFERED_LANGUAGES)


def request_language() -> str:
    """The language chosen for this request (set on `g` by `choose_language` or a view that follows
    an assessment's stored language), if offered; otherwise the default. Imported lazily so the
    module stays Flask-free."""
    from flask import g

    chosen = g.get("language")
    return chosen if chosen in offered_languages() else DEFAULT_LANGUAGE


def request_locale() -> str:
    """Flask-Babel's locale selector: the chosen language's formatting locale (`zh_Hans_SG`,
    `ta_SG`...). gettext finds its catalogue in the plain folder (`zh`, `ta`) from that name, and
    numbers, dates and money follow the Singapore conventions of the language."""
    return language(request_language()).locale


def asked_language() -> str | None:
    """The language this request asks for explicitly with `?lang=`, if offered."""
    from flask import request

    return match_tag(request.args.get("lang"), offered_languages())


def follow_stored(stored: str | None) -> str:
    """For pages of one assessment (results, PDF, steps): its stored language unless `?lang=` asks
    for another; sets it for the request and returns it."""
    from flask import g

    code = asked_language() or match_tag(stored, offered_languages()) or g.get("language", DEFAULT_LANGUAGE)
    g.language = code
    return str(code)


def choose_language() -> None:
    """before_request: negotiate the request's language and remember an explicit choice."""
    from flask import g, request

    # The JSON API is stateless: ?lang=, then Accept-Language; no cookie read or set.
    api = request.blueprint == "api"
    query = request.args.get("lang")
    if not query and request.method == "POST" and not api:
        query = request.form.get("lang")  # the switcher's buttons on a questionnaire step
    cookie = None if api else request.cookies.get(COOKIE)
    code, source = negotiate(query, cookie, request.accept_languages, offered_languages())
    if request.blueprint in ENGLISH_ONLY_BLUEPRINTS and request.endpoint not in OWNER_FACING_ENDPOINTS:
        # The advisors' side stays in English (as government practice keeps the admin side);
        # a client's assessment and PDF are shown there through explicit ?lang= links.
        code, source = DEFAULT_LANGUAGE, "default"
    g.language = code
    if source == "query" and not api and cookie != code:
        g.language_cookie = code


def remember_choice(response: Response) -> Response:
    """after_request: a language picked with ?lang= or the switcher is kept in a cookie."""
    from flask import current_app, g

    code = g.get("language_cookie")
    if code:
        response.set_cookie(
            COOKIE,
            code,
            max_age=COOKIE_MAX_AGE,
            secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")),
            httponly=True,
            samesite="Lax",
        )
    if len(offered_languages()) > 1:
        # The same URL answers in another language for another cookie or Accept-Language.
        response.vary.add("Cookie")
        response.vary.add("Accept-Language")
    return response


def switcher_links() -> list[dict[str, object]]:
    """The switcher's entries: each offered language named in itself, with the current page's URL
    asking for it (`?lang=`, other query arguments kept)."""
    from urllib.parse import urlencode

    from flask import request

    if request.blueprint in ENGLISH_ONLY_BLUEPRINTS and request.endpoint not in OWNER_FACING_ENDPOINTS:
        return []  # English-only pages offer no switch
    current = request_language()
    entries: list[dict[str, object]] = []
    for code in offered_languages():
        lang = language(code)
        args = [(k, v) for k, v in request.args.items(multi=True) if k != "lang"] + [("lang", code)]
        entries.append(
            {
                "code": code,
                "name": lang.name,
                "html_lang": lang.html_lang,
                "url": f"{request.script_root}{request.path}?{urlencode(args)}",
                "current": code == current,
            }
        )
    return entries


def fragment(text: str, text_language: str, page_language: str) -> Markup:
    """`text` escaped, wrapped in `<span lang=...>` when it is in another language than the page
    (programme names and source titles as published, English fallbacks of missing translations),
    so screen readers switch voice and the PDF tags the span with its language. Pure: the PDF
    passes its own page language."""
    from markupsafe import Markup, escape

    if text_language == page_language or text_language not in LANGUAGES:
        return escape(text)
    return Markup('<span lang="{}">{}</span>').format(LANGUAGES[text_language].html_lang, text)


def in_language(text: str, text_language: str = DEFAULT_LANGUAGE) -> Markup:
    """Jinja filter `|in_language('en')`: `fragment` against this request's page language."""
    return fragment(text, text_language, request_language())


# A catalogue is reviewed once its `Language-Team` header names the reviewer: "reviewed by NAME".
_REVIEWED = re.compile(r"\breviewed by\s+(\S.*)", re.IGNORECASE)


def reviewer_of(translations: str, code: str) -> str | None:
    """The native reviewer a language's compiled catalogue names, or None (awaiting review)."""
    import gettext
    from pathlib import Path

    path = Path(translations) / code / "LC_MESSAGES" / "messages.mo"
    if not path.is_file():
        return None
    with path.open("rb") as fh:
        team = gettext.GNUTranslations(fh).info().get("language-team", "")
    match = _REVIEWED.search(team)
    return match.group(1).strip() if match else None


def awaiting_review() -> bool:
    """Whether this page's language is a translation no native speaker has reviewed yet: the page
    then says so and points to the English version, which is authoritative."""

    code = request_language()
    if code == DEFAULT_LANGUAGE:
        return False
    return not any(reviewer_of(folder, code) for folder in translation_folders().split(";") if folder)


def in_english(template: str, **context: Any) -> Markup:
    """Jinja global: a template rendered in English inside a translated page (the privacy notice's
    authoritative text beside its translation). The caller marks it `lang="en-SG"`."""
    from flask import render_template
    from flask_babel import force_locale
    from markupsafe import Markup

    with force_locale(LANGUAGES[DEFAULT_LANGUAGE].locale):
        return Markup(render_template(template, **context))  # noqa: S704  (autoescaped template output)


def init_app(app: Flask) -> None:
    app.before_request(choose_language)
    app.after_request(remember_choice)
    app.jinja_env.globals["page_language"] = lambda: language(request_language())
    app.jinja_env.globals["language_switcher"] = switcher_links
    app.jinja_env.globals["translation_awaits_review"] = awaiting_review
    app.jinja_env.globals["in_english"] = in_english
    app.jinja_env.filters["in_language"] = in_language
