"""A stored assessment's answers in words, grouped by questionnaire step, for the advisor's page.
Pure: rule set, answers and words in, labels out (the one answer formatter is advisor.presentation's)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from ..engine import RuleSet
from ..presentation import Words
from ..presentation.answers import answer_text


@dataclass(frozen=True, slots=True)
class AnswerRow:
    question: str
    text: str  # "" when not answered
    answered: bool


@dataclass(frozen=True, slots=True)
class AnswerStep:
    title: str
    rows: list[AnswerRow]


def answers_in_words(ruleset: RuleSet, answers: Mapping[str, Any], words: Words) -> list[AnswerStep]:
    steps = []
    for step, questions in ruleset.steps_with_questions():
        rows = []
        for q in questions:
            value = answers.get(q.id)
            # An unanswered "may be unknown" question was answered "Not sure": absent means unknown.
            answered = value is not None or q.may_be_unknown
            rows.append(AnswerRow(q.label, answer_text(q, value, words) if answered else "", answered))
        steps.append(AnswerStep(step.title, rows))
    return steps
