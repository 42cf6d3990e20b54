"""A report context built as the app builds one (`advisor.assessments.reports.context_for`), but from
a result and its answers instead of a stored assessment: the answers appendix, the variant, the
language, and the rule set's topics and properties."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from advisor.engine import RuleSet
from advisor.engine.model import Question
from advisor.presentation import property_rules, rule_topics


def report_context_for(
    ruleset: RuleSet,
    result: Mapping[str, Any],
    answers: Mapping[str, Any],
    *,
    variant: str,
    language: str,
    company_name: str | None,
    questions: Sequence[Question] | None = None,
) -> dict[str, Any]:
    from advisor.report import report_context

    return report_context(
        result,
        company_name=company_name,
        report_id="R-TEST0001",
        answers=answers,
        questions=ruleset.questions if questions is None else questions,
        variant=variant,
        language=language,
        rule_topics=rule_topics(ruleset),
        properties=property_rules(ruleset),
    )
