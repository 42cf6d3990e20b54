"""A stored assessment's answers in words, grouped by questionnaire step, for the advisor's page.
Pure: rule set and answers in, labels out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..engine import Question, RuleSet


@dataclass(frozen=True, slots=True)
class AnswerRow:
    question: str
    text: str  # "" when not answered
    answered: bool


@dataclass(frozen=True, slots=True)
class AnswerStep:
    title: str
    rows: list[AnswerRow]


def answer_text(q: Question, value: Any) -> str:
    """An answer as the questionnaire words it: labels for codes, Yes/No, grouped thousands."""
    if value is None:
        return ""
    if q.type == "bool":
        return "Yes" if value else "No"
    if q.type == "multi" and isinstance(value, list):
        return ", ".join(q.label_of(str(v)) for v in value)
    if q.type == "enum":
        return q.label_of(str(value))
    if q.type == "int" and isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}"
    return str(value)


def answers_in_words(ruleset: RuleSet, answers: Mapping[str, Any]) -> list[AnswerStep]:
    steps = []
    for step, questions in ruleset.steps_with_questions():
        rows = []
        for q in questions:
            value = answers.get(q.id)
            if q.id == "local_shareholding_30pct" and value is None:
                rows.append(AnswerRow(q.label, "Not sure", True))  # absent means unknown, not "no"
                continue
            rows.append(AnswerRow(q.label, answer_text(q, value), value is not None))
        steps.append(AnswerStep(step.title, rows))
    return steps
