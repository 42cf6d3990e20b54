"""What the page and the PDF say about an assessment's versions: which one this is, the earlier ones,
and what moved since the one before (the workspace's comparison, plus the answers that changed).

Flask-free apart from the database reads in `version_info`; `answer_changes` is pure.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping, Sequence
from typing import Any, TypedDict, cast

from ..engine import Question
from ..engine.types import ResultDict
from ..presentation import Words, words_for
from ..presentation.answers import answer_text
from ..workspace.compare import ComparisonDict, compare_results
from . import links
from .models import Assessment


class AnswerChange(TypedDict):
    question: str
    label: str
    before: str
    after: str


class EarlierVersion(TypedDict):
    number: int
    report_id: str
    completed_at: dt.datetime | None


class VersionInfo(TypedDict):
    number: int
    total: int  # finished versions
    latest: bool
    earlier: list[EarlierVersion]  # the other finished versions, newest first
    change_under_way: bool  # a "Change my answers" draft waits at the review
    previous_number: int | None
    comparison: ComparisonDict | None
    answers_changed: list[AnswerChange]


def answer_changes(
    before: Mapping[str, Any],
    after: Mapping[str, Any],
    questions: Sequence[Question],
    words: Words | None = None,
) -> list[AnswerChange]:
    """The questions whose answer differs, in questionnaire order, each answer in words. Lists compare
    as sets: their order never changes a result."""
    w = words or words_for("en")
    changed: list[AnswerChange] = []
    for q in questions:
        old, new = before.get(q.id), after.get(q.id)
        if isinstance(old, list) and isinstance(new, list):
            if sorted(map(str, old)) == sorted(map(str, new)):
                continue
        elif old == new:
            continue
        changed.append(
            {
                "question": q.id,
                "label": q.label,
                "before": answer_text(q, old, w),
                "after": answer_text(q, new, w),
            }
        )
    return changed


def _result(a: Assessment) -> ResultDict:
    return cast(ResultDict, json.loads(a.result_json or "{}"))


def version_info(shown: Assessment, questions: Sequence[Question], words: Words | None = None) -> VersionInfo:
    """Everything the page and the PDF say about `shown` (a finished version) among its series."""
    sid = shown.series_id if shown.series_id is not None else shown.id
    every = links.versions(sid)
    done = [a for a in every if a.status == "complete" and a.result_json]
    previous = next((a for a in reversed(done) if a.version < shown.version), None)
    comparison = compare_results(_result(previous), _result(shown)) if previous is not None else None
    return {
        "number": shown.version,
        "total": len(done),
        "latest": bool(done) and done[-1].id == shown.id,
        "earlier": [
            {"number": a.version, "report_id": a.report_id, "completed_at": a.completed_at}
            for a in reversed(done)
            if a.id != shown.id
        ],
        "change_under_way": bool(every) and every[-1].status == "draft" and every[-1].version > 1,
        "previous_number": previous.version if previous is not None else None,
        "comparison": comparison,
        "answers_changed": answer_changes(previous.answers or {}, shown.answers or {}, questions, words)
        if previous is not None
        else [],
    }
