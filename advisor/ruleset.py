"""Access to the app's rule set, loaded once in create_app."""

from __future__ import annotations

from flask import current_app, has_request_context

from .engine import RuleSet


def current_ruleset(language: str | None = None) -> RuleSet:
    """The rule set, its questions in `language` (default: the request's language, English
    outside a request). Only steps, questions and choices are translated (rule texts are rendered
    from the result at view time); scoring and the version are the same in every language."""
    ruleset: RuleSet = current_app.extensions["advisor.ruleset"]
    if language is None and has_request_context():
        from .i18n import request_language

        language = request_language()
    if not language or language == "en":
        return ruleset
    from .catalogues.rules import localise_questions
    from .i18n import rule_catalogue

    catalogue = rule_catalogue(language)
    if not catalogue.entries:
        return ruleset
    cache: dict[tuple[int, int], RuleSet] = current_app.extensions.setdefault("advisor.ruleset_words", {})
    key = (id(ruleset), id(catalogue))
    if key not in cache:
        cache[key] = localise_questions(ruleset, catalogue)
    return cache[key]
