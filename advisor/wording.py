"""Plain words for shared ranks ("joint first") and single-answer changes ("<question> → <answer>"),
for `advisor score --format text`, the page and the PDF alike. Pure Python: no Flask."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from .engine.model import Question
from .engine.types import ProgramDict
from .formatting import answer_text

_ORDINALS = ("first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth")


def ordinal(n: int) -> str:
    if 1 <= n <= len(_ORDINALS):
        return _ORDINALS[n - 1]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def rank_words(program: ProgramDict, programs: Sequence[ProgramDict]) -> str:
    """ "first", or "joint first" when another programme has the same rank: equal programmes are
    never presented as the winner."""
    rank = program.get("rank")
    if rank is None:  # a result stored before ranks existed
        return ""
    joint = sum(1 for p in programs if p.get("rank") == rank) > 1
    return ("joint " if joint else "") + ordinal(rank)


def what_if_words(top: str, first_ids: Sequence[str]) -> str:
    """How a what-if changes the first place. `what_if` names one programme, the first in the new
    order; others may share that first place, so the words never claim it would win alone. When the
    sole leader stays first, the change only gives it a co-leader."""
    if list(first_ids) == [top]:
        return "would share first place with another programme"
    return "would rank first (alone or jointly)"


def change_words(q: Question, answer: Any, previous: Any = None) -> str:
    """`<question label> → <new answer>`; a list change says which item is added or removed when
    the previous answer is known."""
    if q.type == "multi" and isinstance(previous, list):
        added = [v for v in answer if v not in previous]
        removed = [v for v in previous if v not in answer]
        parts = [f"add {q.label_of(v)}" for v in added if v != q.exclusive]
        parts += [f"remove {q.label_of(v)}" for v in removed if v != q.exclusive]
        if parts:
            return f"{q.label} → {', '.join(parts)}"
    return f"{q.label} → {answer_text(q, answer)}"
