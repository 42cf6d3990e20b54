"""Single-answer changes: every valid answer one step away from the current one, with its distance.

`changes` lists them for `what_if` (over the owner's choices); `lever_steps` lists a lever's next
steps up for `next_level`. One change alters one question's answer and keeps the answers
valid (contract 1):
- an enum moves to another value; distance = how many values it moves along the list when the
  question is `ordered` (timeline within_3_months -> 3_to_12_months is 1), else 1;
- a yes/no flips (an unknown one becomes yes or no); distance 1;
- a list gains or loses one item (never emptied; the exclusive `none` is replaced, not joined);
  distance 1;
- an integer moves to the nearest valid value on the other side of each threshold the rules
  compare it with (`employees >= 20`: 19 | 20); distance = the number of thresholds crossed. It
  keeps `it_staff <= employees` in both directions. Values between two thresholds score alike,
  so no other integer can change a result.
Changes come in a fixed order (question order in the files, then value order), so ties among
equal distances are settled the same way every time.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from .model import Question
from .plan import ExplorePlan


@dataclass(frozen=True, slots=True)
class Change:
    question: str
    answer: Any  # as in contract 1 (a list for list questions, in value order)
    value: Any  # as conditions read it (a frozenset for list questions)
    distance: int
    order: tuple[int, int]  # (question index, value index): the tie-break
    bisect: bool = False  # a lever step standing for untried values below it (see explore)


def lever_steps(plan: ExplorePlan, qi: int, env: Mapping[str, Any]) -> Iterator[Change]:
    """A lever's candidate next steps, nearest first (`next_level`). An enum: its next value up
    (one step; levers list their values from least to most ready). A number: values above the
    current one up to `Lever.limit` (a step in proportion to the firm) and the question's bounds:
    each cut the rules compare it with, or, when a rule hides its threshold in arithmetic
    (`it_staff * 10 >= employees`), every value of a short range, else cuts and a few evenly spaced
    probes that `explore` narrows down by halving."""
    q = plan.questions[qi]
    lever = q.lever
    if lever is None:
        return
    cur = env[q.id]
    if q.type == "enum":
        at = q.values.index(cur)
        if at + 1 < len(q.values):
            yield Change(q.id, q.values[at + 1], q.values[at + 1], 1, (qi, at + 1))
        return
    hi = lever.limit(cur, int(env.get("employees") or 0))
    if q.max is not None:
        hi = min(hi, q.max)
    if q.max_question is not None:
        hi = min(hi, env[q.max_question])
    if hi <= cur:
        return
    values = {c for c in plan.cuts.get(q.id, ()) if cur < c <= hi}
    probe = False
    if q.id in plan.hidden:
        if hi - cur <= _SCAN:
            values.update(range(cur + 1, hi + 1))
        else:
            probe = True
            values.update(cur + 1 + (hi - cur - 1) * j // _PROBES for j in range(_PROBES + 1))
    for j, v in enumerate(sorted(values)):
        yield Change(q.id, v, v, 1, (qi, j), bisect=probe)


_SCAN = 64  # a hidden threshold within this many values is found by trying each
_PROBES = 16


def changes(plan: ExplorePlan, qi: int, env: Mapping[str, Any]) -> Iterator[Change]:
    q = plan.questions[qi]
    cur = env[q.id]
    if q.type == "enum":
        values = q.values
        at = values.index(cur)
        for j, v in enumerate(values):
            if v != cur:
                yield Change(q.id, v, v, abs(j - at) if q.ordered else 1, (qi, j))
    elif q.type == "bool":
        for j, flag in enumerate((True, False)):
            if flag is not cur:
                yield Change(q.id, flag, flag, 1, (qi, j))
    elif q.type == "multi":
        yield from _list_changes(q, qi, cur)
    elif q.type == "int":
        yield from _int_changes(plan, q, qi, cur, env)


def _list_changes(q: Question, qi: int, cur: frozenset[str]) -> Iterator[Change]:
    values = q.values
    for j, v in enumerate(values):
        if v in cur:
            if len(cur) == 1:
                continue  # a list answer holds at least one value
            new = cur - {v}
        elif v == q.exclusive:
            continue  # `none` cannot stand beside another value
        elif q.exclusive is not None and q.exclusive in cur:
            new = frozenset({v})
        else:
            new = cur | {v}
        yield Change(q.id, [x for x in values if x in new], new, 1, (qi, j))


def _int_changes(
    plan: ExplorePlan, q: Question, qi: int, cur: int, env: Mapping[str, Any]
) -> Iterator[Change]:
    cuts = plan.cuts.get(q.id, ())
    lo_valid = q.min if q.min is not None else 0
    hi_valid = q.max if q.max is not None else 10**9
    if q.max_question is not None:
        hi_valid = min(hi_valid, env[q.max_question])
    for other in plan.bounded_by.get(q.id, ()):
        lo_valid = max(lo_valid, env[other])
    at = bisect.bisect_right(cuts, cur)
    for j in range(len(cuts) + 1):
        if j == at:
            continue
        lo = max(cuts[j - 1] if j > 0 else lo_valid, lo_valid)
        hi = min(cuts[j] - 1 if j < len(cuts) else hi_valid, hi_valid)
        if lo > hi:
            continue
        v = lo if j > at else hi  # the nearest value of that interval
        yield Change(q.id, v, v, abs(j - at), (qi, j))
