"""Nearby answers, computed by re-scoring (never guessed):

- `next_levels`: for each dimension below the top level, up to 3 single-answer changes that raise
  that dimension's score, largest gain first (one per question: its best value; ties by question
  order, then value order);
- `what_if`: up to 5 single-answer changes that change the set of programmes ranked first, nearest
  first (one per question: its nearest such value; ties by question order, then value order).

Both leave out facts of the business (`changeable: false` questions: industry, headcount, revenue,
shareholding): they are not choices the owner makes. See `changes.py` for what a single-answer
change is and how its distance is counted.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from .changes import Change, changes
from .model import RuleSet
from .plan import Group

MAX_LEVEL_CHANGES = 3
MAX_WHAT_IF = 5


def next_levels(ruleset: RuleSet, env: Mapping[str, Any]) -> list[dict[str, Any] | None]:
    ex = ruleset.plan.explore
    levels = ruleset.levels
    out: list[dict[str, Any] | None] = []
    for k, dim in enumerate(ruleset.dimensions):
        group, base = ex.dimension_runs[k], dim.base
        now = _dimension_score(group, base, env)
        target = next((lv for lv in levels if lv.min > now), None)
        if target is None:
            out.append(None)
            continue
        best: list[tuple[int, int, tuple[int, int], Change]] = []
        for qi in ex.dimension_reads[k]:
            top: tuple[int, int, tuple[int, int], Change] | None = None
            for ch in changes(ex, qi, env):
                gain = _dimension_score(group, base, _with(env, ch)) - now
                cand = (-gain, ch.distance, ch.order, ch)
                if gain > 0 and (top is None or cand[:3] < top[:3]):
                    top = cand
            if top is not None:
                best.append(top)
        best.sort(key=lambda c: (c[0], c[2]))
        out.append(
            {
                "level": target.name,
                "score": target.min,
                "changes": [
                    {"question": c.question, "answer": c.answer, "points": -g}
                    for g, _, _, c in best[:MAX_LEVEL_CHANGES]
                ],
            }
        )
    return out


def what_if(
    ruleset: RuleSet,
    env: Mapping[str, Any],
    ctxs: list[dict[str, Any]],
    available: Sequence[bool],
    first: frozenset[str],
) -> list[dict[str, Any]]:
    """`first`: the ids of the programmes ranked first now."""
    ex = ruleset.plan.explore
    run, fused, id_order = ruleset.plan.run_programs, ex.fused, ex.id_order
    programs = ruleset.programs
    base = [p.base_fit for p in programs]
    candidates = sorted(
        (ch for qi in ex.program_reads for ch in changes(ex, qi, env)), key=lambda c: (c.distance, c.order)
    )
    out: list[dict[str, Any]] = []
    done: set[str] = set()
    for ch in candidates:
        if ch.question in done:
            continue
        points = list(base)
        cautions = [0] * len(programs)
        for i in run(_with(env, ch), ctxs):
            k, p = fused[i]
            if p is None:
                cautions[k] += 1
            else:
                points[k] += p
        fits = [0 if x < 0 else 100 if x > 100 else x for x in points]
        best = max(fits)
        now_first = frozenset(programs[k].id for k, f in enumerate(fits) if f == best)
        if now_first == first:
            continue
        top = min(
            (k for k, f in enumerate(fits) if f == best),
            key=lambda k: (not available[k], cautions[k], id_order[k]),
        )
        out.append({"question": ch.question, "answer": ch.answer, "top": programs[top].id})
        done.add(ch.question)
        if len(out) == MAX_WHAT_IF:
            break
    return out


def _dimension_score(group: Group, base: int, env: Mapping[str, Any]) -> int:
    total = base
    pts = group.points
    for i in group.run(env):
        total += pts[i]
    return 0 if total < 0 else 100 if total > 100 else total


def _with(env: Mapping[str, Any], ch: Change) -> dict[str, Any]:
    e = dict(env)
    e[ch.question] = ch.value
    return e
