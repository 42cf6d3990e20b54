"""A stored assessment's answers in words, grouped by questionnaire step, for the advisor's page.
Pure: rule set and answers in, labels out."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..engine import RuleSet
from ..formatting import answer_text


@dataclass(frozen=True, slots=True)
class AnswerRow:
    question: str
    text: str  # "" when not answered
    answered: bool


@dataclass(frozen=True, slots=True)
class AnswerStep:
    title: str
    rows: list[AnswerRow]


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
