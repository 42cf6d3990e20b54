"""Translation catalogues as data: rule prose extracted from `rules/`, the term base, and the check
that CI runs (`advisor i18n check`). Pure Python (Babel's catalogue classes, no Flask), so the CLI,
the tests and a later presentation layer can all use it.

Layout (contract 5): `translations/messages.pot` (the app's words, from `babel.cfg`),
`translations/rules.pot` (rule prose, keyed by rule id), `translations/<code>/LC_MESSAGES/{messages,
rules}.po` and their compiled `.mo`, `translations/glossary.yaml`.
"""

from __future__ import annotations

import hashlib
from pathlib import Path


def catalogue_digest(translations: Path, language: str) -> str:
    """A short hash of a language's compiled catalogues: part of the PDF cache key, so a translation
    fix renders new PDFs (a translation never changes the rule-set version). Read each time: a few
    small files, far cheaper than any render, and never stale."""
    digest = hashlib.sha256()
    for path in sorted((translations / language / "LC_MESSAGES").glob("*.mo")):
        digest.update(path.name.encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]
