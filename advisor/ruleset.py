"""Access to the app's rule set, loaded once in create_app."""

from __future__ import annotations

from flask import current_app

from .engine import RuleSet


def current_ruleset() -> RuleSet:
    ruleset: RuleSet = current_app.extensions["advisor.ruleset"]
    return ruleset
