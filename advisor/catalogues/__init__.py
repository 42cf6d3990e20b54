"""Translation catalogues as data: rule prose extracted from `rules/`, the term base, and the check
that CI runs (`advisor i18n check`). Pure Python (Babel's catalogue classes, no Flask), so the CLI,
the tests and a later presentation layer can all use it.

Layout (contract 5): `translations/messages.pot` (the app's words, from `babel.cfg`),
`translations/rules.pot` (rule prose, keyed by rule id), `translations/<code>/LC_MESSAGES/{messages,
rules}.po` and their compiled `.mo`, `translations/glossary.yaml`.
"""
