"""The owner's answers to take away: as contract-1 JSON (what the API and `advisor score` accept, so
re-scoring it gives the same result) and in words, step by step."""

from __future__ import annotations

import json
from typing import Any, TypedDict

from ..engine import RuleSet
from ..presentation import Words
from ..presentation.answers import answer_text
from .models import Assessment


class AnswerRow(TypedDict):
    question: str
    answer: str


class AnswerStep(TypedDict):
    title: str
    rows: list[AnswerRow]


def answers_document(assessment: Assessment, ruleset: RuleSet) -> dict[str, Any]:
    """The answers as contract 1, in questionnaire order, with the assessment's own `as_of` (the date
    it was scored for): the same answers and rules give the same result again."""
    stored = dict(assessment.answers or {})
    stored["as_of"] = assessment.as_of.isoformat()
    order = [q.id for q in ruleset.questions]
    doc = {key: stored[key] for key in order if key in stored}
    doc.update({k: v for k, v in stored.items() if k not in doc})  # keys the rules no longer ask: kept
    return doc


def answers_json(assessment: Assessment, ruleset: RuleSet) -> str:
    return json.dumps(answers_document(assessment, ruleset), ensure_ascii=False, indent=2) + "\n"


def answers_in_words(assessment: Assessment, ruleset: RuleSet, words: Words) -> list[AnswerStep]:
    answers = assessment.answers or {}
    return [
        {
            "title": step.title,
            "rows": [
                {"question": q.label, "answer": answer_text(q, answers.get(q.id), words)}
                for q in questions
                if q.id in answers
            ],
        }
        for step, questions in ruleset.steps_with_questions()
    ]
