"""`advisor i18n check`: the catalogues are current, complete where offered, and faithful.

Fails (one line per problem) on
- a catalogue folder that is not a contract-5 code (`zh_Hans`: Flask-Babel would never find it);
- a stale template: `messages.pot` or `rules.pot` differs from a fresh extraction;
- in an offered language: a message missing, empty or fuzzy (`pybabel compile` drops fuzzy ones,
  so the page would fall back to English without a word); messages shown only on the advisors'
  pages (which stay English, contract 5) are marked `advisor-only` and may stay untranslated;
- in any language: a placeholder (`%(name)s`, `{name}`) or an HTML tag that differs from the English;
- a glossary term translated otherwise than the term base says;
- a compiled `.mo` that does not match its `.po`.
"""

from __future__ import annotations

import datetime as dt
import gettext
import io
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po

from ..engine import yamltext
from ..i18n import DEFAULT_LANGUAGE, LANGUAGES
from . import rules as rule_prose

DOMAINS = ("messages", "rules")
_FIXED_DATE = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
_PLACEHOLDER = re.compile(r"%\((\w+)\)[sdifr]|%[sdif]|\{(\w*)\}")
_TAG = re.compile(r"</?([A-Za-z][A-Za-z0-9]*)\b[^>]*>")


# The advisors' side stays English (contract 5), so its words need no translation. A message is
# advisor-only when every place it is used is under these paths, except the owner-facing files below.
ADVISOR_ONLY_PATHS = (
    "templates/workspace/",
    "templates/accounts/",
    "advisor/workspace/",
    "advisor/accounts/",
)
OWNER_FACING_FILES = frozenset(
    {
        "templates/workspace/invite.html",
        "templates/workspace/invite_done.html",
        "templates/workspace/_form.html",
        "advisor/workspace/invite_form.py",
    }
)
ADVISOR_ONLY = "advisor-only: the advisors' pages stay English; a translation is optional"


def advisor_only(message: Message) -> bool:
    """True when the message is shown only on the advisors' (English) pages."""
    paths = [str(path) for path, _ in message.locations]
    return bool(paths) and all(
        p.startswith(ADVISOR_ONLY_PATHS) and p not in OWNER_FACING_FILES for p in paths
    )


@dataclass(frozen=True, slots=True)
class Term:
    en: str
    renderings: dict[str, str]
    pattern: re.Pattern[str]


def placeholders(text: str) -> Counter[str]:
    return Counter(m.group(0) for m in _PLACEHOLDER.finditer(text))


def tags(text: str) -> Counter[str]:
    return Counter(m.group(0).startswith("</") * "/" + m.group(1).lower() for m in _TAG.finditer(text))


def load_glossary(path: Path) -> list[Term]:
    if not path.is_file():
        return []
    data = yamltext.load(path.read_text(encoding="utf-8")) or {}
    terms = []
    for entry in data.get("terms", []):
        en = str(entry["en"])
        renderings = {
            code: str(entry[code]) for code in LANGUAGES if code != DEFAULT_LANGUAGE and entry.get(code)
        }
        # Longest terms first, so "SkillsFuture Enterprise Credit" is checked before "SkillsFuture".
        terms.append(Term(en, renderings, re.compile(rf"(?<![\w-]){re.escape(en)}(?![\w-])")))
    return sorted(terms, key=lambda t: -len(t.en))


# Tamil inflects a noun by changing its last syllable (நுண்ணறிவு → நுண்ணறிவை, மானியம் → மானியத்தை):
# the term matches on its stem, without a final vowel sign or a final consonant with pulli.
_TAMIL_ENDING = re.compile("(?:[\u0b95-\u0bb9]\u0bcd|[\u0bbe-\u0bcc])$")


def _stem(rendering: str, language: str) -> str:
    return _TAMIL_ENDING.sub("", rendering) if language == "ta" else rendering


def glossary_drift(english: str, translation: str, language: str, terms: Sequence[Term]) -> list[str]:
    """Terms of the English whose required rendering is missing from the translation."""
    missing = []
    covered = ""
    for term in terms:
        rendering = term.renderings.get(language)
        if rendering is None or not term.pattern.search(english):
            continue
        if term.en in covered:  # part of a longer term already checked ("SkillsFuture" in SFEC's name)
            continue
        covered += " " + term.en
        # Case-insensitive: a term may start a sentence ("Kecerdasan buatan ..." in Malay).
        if _stem(rendering, language).casefold() not in translation.casefold():
            missing.append(f"{term.en!r} must be {rendering!r}")
    return missing


def extract_messages(root: Path) -> Catalog:
    """A fresh `messages.pot` from the sources named in `babel.cfg` (paths relative to `root`)."""
    with (root / "babel.cfg").open(encoding="utf-8") as fh:
        method_map, options_map = parse_mapping_cfg(fh)  # type: ignore[no-untyped-call]
    keywords = dict(DEFAULT_KEYWORDS)
    # The project's own gettext names (advisor.translate, advisor.presentation.words): lazy, marker,
    # plural and context forms.
    keywords.update({"_l": None, "N_": None, "_n": (1, 2), "n_": (1, 2), "p_": ((1, "c"), 2)})
    catalog = Catalog(project="SME AI Advisor", fuzzy=False)
    for filename, lineno, message, comments, context in extract_from_dir(
        str(root),
        method_map,
        options_map,
        keywords=keywords,
        comment_tags=("Translators:",),
        strip_comment_tags=True,
    ):
        catalog.add(message, None, [(filename, lineno)], auto_comments=comments, context=context)
    for entry in catalog:
        if entry.id and advisor_only(entry):
            entry.auto_comments.append(ADVISOR_ONLY)
    return catalog


def _keys(catalog: Catalog) -> set[tuple[object, str | None]]:
    return {(m.id, m.context) for m in catalog if m.id}


def _read(path: Path) -> Catalog:
    with path.open("rb") as fh:
        return read_po(fh)


def write_catalog(path: Path, catalog: Catalog) -> None:
    """A .po/.pot without the volatile creation date lines, so regenerating changes nothing."""
    for message in catalog:
        # Babel's update() turns an earlier "#| msgid" line into a translator comment "| msgid ...":
        # drop those, so a fuzzy entry shows its previous English once, as a "#|" line.
        message.user_comments = [c for c in message.user_comments if not c.startswith("|")]
    buffer = io.BytesIO()
    write_po(buffer, catalog, width=100, omit_header=False, sort_output=False, include_previous=True)
    text = buffer.getvalue().decode("utf-8")
    text = re.sub(r'"(POT-Creation-Date|PO-Revision-Date|Generated-By): [^"]*"\n', "", text)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def compile_catalog(po: Path) -> Path:
    """The .mo beside a .po; the same .po always compiles to the same bytes (no dates from now)."""
    catalog = _read(po)
    catalog.creation_date = _FIXED_DATE
    catalog.revision_date = _FIXED_DATE
    mo = po.with_suffix(".mo")
    with mo.open("wb") as fh:
        write_mo(fh, catalog, use_fuzzy=False)
    return mo


def _translated(message: Message) -> list[str]:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return [s for s in strings if s]


def _entry_problems(where: str, message: Message, language: str, terms: Sequence[Term]) -> Iterator[str]:
    english = message.id if isinstance(message.id, str) else message.id[0]
    label = f"{where}: {(message.context + ' ') if message.context else ''}{english[:60]!r}"
    plural = not isinstance(message.id, str)
    # A plural form may leave out a placeholder (Chinese "some problems" without the count) but never
    # bring one the English does not have; a singular message must keep exactly the English's.
    allowed = set(placeholders(english)) | (set(placeholders(message.id[1])) if plural else set())
    for text in _translated(message):
        if plural:
            if not set(placeholders(text)) <= allowed:
                yield f"{label}: placeholders differ ({sorted(placeholders(text))} for {sorted(allowed)})"
        elif placeholders(text) != placeholders(english):
            want, got = sorted(placeholders(english)), sorted(placeholders(text))
            yield f"{label}: placeholders differ ({got} for {want})"
        if tags(text) != tags(english):
            yield f"{label}: HTML tags differ ({sorted(tags(text))} for {sorted(tags(english))})"
        if not message.fuzzy:
            for drift in glossary_drift(english, text, language, terms):
                yield f"{label}: glossary: {drift}"


def _mo_matches(po_catalog: Catalog, mo: Path) -> bool:
    with mo.open("rb") as fh:
        compiled = gettext.GNUTranslations(fh)
    catalog: dict[object, object] = dict(getattr(compiled, "_catalog", {}))
    expected: dict[object, object] = {}
    untranslated_plurals: set[str] = set()
    for m in po_catalog:
        if not m.id:
            continue
        first = str(m.id[0]) if isinstance(m.id, tuple | list) else str(m.id)
        key = f"{m.context}\x04{first}" if m.context else first
        if m.fuzzy or not _translated(m):
            if isinstance(m.id, tuple):
                untranslated_plurals.add(key)  # compiled with the English forms: not a translation
            continue
        if isinstance(m.string, str):
            expected[key] = m.string
        else:
            expected.update({(key, i): form for i, form in enumerate(m.string or ())})
    got = {
        k: v
        for k, v in catalog.items()
        if k != "" and not (isinstance(k, tuple) and k[0] in untranslated_plurals)
    }
    return all(got.get(k) == v for k, v in expected.items()) and len(got) == len(expected)


def check(
    translations: Path,
    *,
    offered: Iterable[str],
    source_root: Path | None = None,
    rules_dir: Path | None = None,
) -> list[str]:
    """Every problem found, as lines `<file>: <what>`; empty when all is well."""
    problems: list[str] = []
    offered = set(offered)
    for folder in sorted(p for p in translations.iterdir() if p.is_dir()):
        if folder.name not in LANGUAGES or folder.name == DEFAULT_LANGUAGE:
            problems.append(
                f"{folder.name}/: not a language folder of contract 5 (zh, ms, ta): "
                "Flask-Babel would never find it"
            )
    templates: dict[str, Catalog] = {}
    fresh: dict[str, Catalog] = {}
    if source_root is not None:
        fresh["messages"] = extract_messages(source_root)
    if rules_dir is not None:
        fresh["rules"] = rule_prose.template(rules_dir)
    for domain in DOMAINS:
        pot = translations / f"{domain}.pot"
        if not pot.is_file():
            problems.append(f"{domain}.pot: missing (run `advisor i18n extract`)")
            continue
        templates[domain] = _read(pot)
        if domain in fresh:
            stale = _keys(fresh[domain]) ^ _keys(templates[domain])
            if stale:
                problems.append(
                    f"{domain}.pot: stale, {len(stale)} message(s) differ from a fresh extraction "
                    "(run `advisor i18n extract`)"
                )
    terms = load_glossary(translations / "glossary.yaml")
    for language in (c for c in LANGUAGES if c != DEFAULT_LANGUAGE):
        for domain, template in templates.items():
            po = translations / language / "LC_MESSAGES" / f"{domain}.po"
            where = po.relative_to(translations).as_posix()
            if not po.is_file():
                if language in offered:
                    problems.append(f"{where}: missing, and {language} is offered")
                continue
            catalog = _read(po)
            if language in offered:
                have: dict[tuple[object, str | None], Message] = {
                    (m.id, m.context): m for m in catalog if m.id
                }
                for key in sorted(_keys(template), key=str):
                    message = have.get(key)
                    label = f"{where}: {(str(key[1]) + ' ') if key[1] else ''}{str(key[0])[:60]!r}"
                    entry = template.get(key[0], key[1])  # type: ignore[arg-type]
                    if entry is not None and ADVISOR_ONLY in entry.auto_comments:
                        continue
                    if message is None:
                        problems.append(f"{label}: missing")
                    elif not _translated(message):
                        problems.append(f"{label}: not translated")
                    elif message.fuzzy:
                        problems.append(f"{label}: fuzzy (the English changed or the entry awaits a check)")
            for message in catalog:
                if message.id:
                    problems.extend(_entry_problems(where, message, language, terms))
            mo = po.with_suffix(".mo")
            if not mo.is_file() or not _mo_matches(catalog, mo):
                problems.append(f"{where}: compiled .mo missing or out of date (run `advisor i18n compile`)")
    return problems
