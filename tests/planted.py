"""Planted catalogues: every message of the committed templates (`messages.pot`, `rules.pot`)
translated into a recognisable stand-in for each language, so tests of the languages work are
meaningful before the real catalogues land (and keep running on the real ones after).

A stand-in keeps every placeholder and tag (it is the English between the language's own marks),
so filling and rendering behave as with a real translation, and a text node that still *equals* an
English msgid is an English leak, never a planted translation."""

from __future__ import annotations

import shutil
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from advisor.catalogues.check import compile_catalog, write_catalog
from advisor.presentation import Words

REPO = Path(__file__).resolve().parent.parent
TRANSLATIONS = REPO / "translations"
LANGUAGES = ("zh", "ms", "ta")
# Marks each language's stand-in puts around the English (in the language's own script where it
# has one, so fonts and text layers are exercised too).
# Tamil with pre-base vowel signs (செ, கை), the ones whose PDF text layer needs care.
MARKS = {"zh": ("译文「", "」"), "ms": ("«", "»"), "ta": ("செலவு [", "] கொள்கை")}
PLURALS = {"zh": 1, "ms": 1, "ta": 2}


def stand_in(english: str, language: str) -> str:
    before, after = MARKS[language]
    return f"{before}{english}{after}"


def _template(name: str) -> Catalog:
    with (TRANSLATIONS / name).open("rb") as fh:
        return read_po(fh)


def planted_catalogue(domain: str, language: str) -> Catalog:
    """A complete catalogue of `domain` ("messages" or "rules") for `language`."""
    out = Catalog(locale=language, domain=domain, fuzzy=False)
    for message in _template(f"{domain}.pot"):
        if not message.id:
            continue
        if isinstance(message.id, tuple | list):
            # `advisor i18n check` holds every form to the singular's placeholders.
            forms = [stand_in(message.id[0], language)] * PLURALS[language]
            out.add(message.id, tuple(forms), context=message.context, auto_comments=message.auto_comments)
        else:
            out.add(
                message.id,
                stand_in(message.id, language),
                context=message.context,
                auto_comments=message.auto_comments,
            )
    return out


def plant(root: Path, languages: tuple[str, ...] = LANGUAGES) -> Path:
    """`root` as a translations folder with complete planted catalogues (compiled) for `languages`
    beside copies of the committed templates and glossary."""
    root.mkdir(parents=True, exist_ok=True)
    for name in ("messages.pot", "rules.pot", "glossary.yaml"):
        shutil.copy(TRANSLATIONS / name, root / name)
    for language in languages:
        for domain in ("messages", "rules"):
            po = root / language / "LC_MESSAGES" / f"{domain}.po"
            write_catalog(po, planted_catalogue(domain, language))
            compile_catalog(po)
    return root


def complete(translations: Path, language: str) -> bool:
    """Whether `advisor i18n check` finds nothing wrong with a language's catalogues."""
    from advisor.catalogues.check import check

    return not [p for p in check(translations, offered=("en", language)) if p.startswith(f"{language}/")]


def words(translations: Path, language: str) -> Words:
    """A `Words` of `language` from the catalogues in `translations` (app words and rule prose)."""
    from babel.support import Translations

    from advisor.catalogues import rules as rule_prose

    found = Translations.load(str(translations), [language], domain="messages")
    return Words(found, language, rules=rule_prose.load_catalogue(translations, language))


def real_or_planted(tmp: Path, language: str) -> tuple[Path, str]:
    """The committed catalogues once they are complete, else planted ones: (folder, which)."""
    if complete(TRANSLATIONS, language):
        return TRANSLATIONS, "committed"
    root = tmp / "translations"
    if not (root / language).is_dir():
        plant(root)
    return root, "planted"
