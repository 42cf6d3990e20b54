"""Answers in words: the one formatter for the review page, the workspace, the "What you told us"
appendix, the next-level changes, the what-if lines and the CLI.

Choice labels and question labels are the rule set's own texts (`rules/questions.yaml`, English rule
prose for now); every other word comes from the catalogue.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from ..engine.model import Question
from .model import AnswerRow
from .words import Words


def _money(q: Question | None) -> bool:
    # Money questions are in Singapore dollars: their ids say so, as the form's S$ prefix does.
    return q is not None and "_sgd" in q.id


def answer_text(q: Question | None, value: Any, words: Words) -> str:
    """An answer in the words the questionnaire offered: choice labels, Yes/No, S$ amounts a month,
    grouped numbers; an unanswered question reads "Not sure" where the form offered that (an optional
    yes/no without a default), else "Not given"."""
    if value is None:
        return words._("Not sure") if q is not None and q.may_be_unknown else words._("Not given")
    if isinstance(value, bool):
        return words._("Yes") if value else words._("No")
    if isinstance(value, list):
        return words.list_and([answer_text(q, v, words) for v in value])
    if isinstance(value, int):
        if _money(q):
            amount = words.money(value)
            # The id says the period; the amount is said once, with its S$ prefix, never twice.
            return (
                words._("%(amount)s a month", amount=amount) if q and q.id.endswith("_per_month") else amount
            )
        return words.number(value)
    if q is not None and isinstance(value, str):
        return q.label_of(value)
    return str(value)


def question_label(q: Question | None, key: str) -> str:
    return q.label if q is not None else key.replace("_", " ").capitalize()


def told_us(questions: Sequence[Question], answers: Mapping[str, Any], words: Words) -> list[AnswerRow]:
    """Every question the owner was asked, in questionnaire order, with the answer as given; without
    the questionnaire (no rule set at hand), the answers as they are, keys in words."""
    if not questions:
        return [
            AnswerRow(str(k), question_label(None, str(k)), answer_text(None, v, words), v is not None)
            for k, v in answers.items()
            if k != "as_of"
        ]
    return [
        AnswerRow(q.id, q.label, answer_text(q, answers.get(q.id), words), answers.get(q.id) is not None)
        for q in questions
        if q.ask
    ]


def change_text(
    change: Mapping[str, Any],
    by_id: Mapping[str, Question],
    words: Words,
    answers: Mapping[str, Any] | None = None,
) -> str:
    """One single-answer change: `<question> → <answer>`; a list change says which item is added or
    removed when the owner's answers are at hand."""
    key = str(change.get("question", ""))
    q = by_id.get(key)
    answer = change.get("answer")
    previous = (answers or {}).get(key)
    parts = _list_change(q, answer, previous, words)
    if q is not None and parts:
        return words._("%(question)s → %(answer)s", question=q.label, answer=words.list_and(parts))
    return words._(
        "%(question)s → %(answer)s", question=question_label(q, key), answer=answer_text(q, answer, words)
    )


def _list_change(q: Question | None, answer: Any, previous: Any, words: Words) -> list[str]:
    """What a list answer's change adds and removes ("add Google Cloud", "remove AWS"), when both the
    new list and the owner's current one are at hand; else nothing."""
    if q is None or q.type != "multi" or not isinstance(previous, list) or not isinstance(answer, list):
        return []
    added = [
        words._("add %(item)s", item=q.label_of(v)) for v in answer if v not in previous and v != q.exclusive
    ]
    removed = [
        words._("remove %(item)s", item=q.label_of(v))
        for v in previous
        if v not in answer and v != q.exclusive
    ]
    return added + removed


def preference(
    change: Mapping[str, Any],
    by_id: Mapping[str, Question],
    words: Words,
    answers: Mapping[str, Any] | None = None,
) -> tuple[str, str]:
    """One what-if change as a preference, `(preferred, question)`: the answer in words ("Online"),
    or for a list change with the owner's answers at hand what is added or removed ("to add Google
    Cloud"); and the question's label."""
    key = str(change.get("question", ""))
    q = by_id.get(key)
    answer = change.get("answer")
    previous = (answers or {}).get(key)
    parts = _list_change(q, answer, previous, words)
    if q is not None and parts:
        return words._("to %(change)s", change=words.list_and(parts)), q.label
    return answer_text(q, answer, words), question_label(q, key)
