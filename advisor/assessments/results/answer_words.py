"""Answers in the owner's words: the questionnaire's own labels for codes, for the "What you told us"
appendix, the "to reach the next level" changes and the "what if" lines. Pure (no Flask)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ... import formatting
from ...engine import Question
from ...wording import change_words, what_if_words

NOT_SURE = "Not sure"
NOT_GIVEN = "Not given"


def answer_text(q: Question | None, value: Any) -> str:
    """The shared answer formatter, with money said as money."""
    if value is None:
        return NOT_GIVEN
    text = formatting.answer_text(q, value)
    if q is not None and q.id == "budget_sgd_per_month" and isinstance(value, int):
        return f"S${text} a month"
    return text


def question_label(q: Question | None, key: str) -> str:
    return q.label if q is not None else key.replace("_", " ").capitalize()


def told_us(questions: Sequence[Question], answers: Mapping[str, Any]) -> list[tuple[str, str]]:
    """Every question the owner was asked, in questionnaire order, with the answer as given.
    An unanswered yes/no question reads "Not sure" (the form offers it and leaves the key absent)."""
    rows = []
    for q in questions:
        if not q.ask:
            continue
        value = answers.get(q.id)
        if value is None:
            rows.append((q.label, NOT_SURE if q.type == "bool" else NOT_GIVEN))
        else:
            rows.append((q.label, answer_text(q, value)))
    return rows


def change_text(
    change: Mapping[str, Any], by_id: Mapping[str, Question], answers: Mapping[str, Any] | None = None
) -> str:
    """One single-answer change in the shared wording (`<question> → <answer>`; a list change says
    which item is added or removed when the owner's answers are at hand)."""
    key = str(change.get("question", ""))
    q = by_id.get(key)
    if q is None:
        return f"{question_label(q, key)} → {answer_text(q, change.get('answer'))}"
    return change_words(q, change.get("answer"), (answers or {}).get(key))


def what_if_outcome(top: str, first_ids: list[str]) -> str:
    """How a what-if changes the first place (as `advisor score --format text` says it): when the
    sole leader stays first, the change only adds a co-leader."""
    return what_if_words(top, first_ids)
