"""Nearby answers, computed by re-scoring (never guessed):

- `next_levels`: for each dimension below the top level, up to 3 of an owner's next steps that
  raise that dimension's score. Only levers (`lever` in questions.yaml: skills, data, tools,
  policy, IT help, budget, hours), each moved to its *nearest* gaining value: an enum one step up
  its ordered list; a number to the smallest gaining value within a step that fits the firm
  (`Lever.limit`). One change per question, largest gain first, then question order. Each change
  says whether it alone `reaches` the next level and what it `costs` (other dimensions it lowers).
- `what_if`: single-answer changes of the owner's *choices* (`choice` in questions.yaml: format,
  hours, budget, timeline, tolerance, clouds) that put a programme that is not first now into first
  place (alone or jointly), and lower no readiness dimension. One per (question, new top
  programme), its nearest value; nearest first, then question order, then value order; at most 5.

See `changes.py` for what a single-answer change is and how its distance is counted.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from .changes import Change, changes, lever_steps
from .model import RuleSet
from .plan import AS_OF_KEY

MAX_LEVEL_CHANGES = 3
MAX_WHAT_IF = 5


def dimension_scores(ruleset: RuleSet, env: Mapping[str, Any]) -> list[int]:
    """Every dimension's score (0..100) for these answers: one run of the readiness rules."""
    plan = ruleset.plan
    totals = [d.base for d in ruleset.dimensions]
    owner, pts = plan.readiness_owner, plan.readiness.points
    for i in plan.readiness.fired(env, env[AS_OF_KEY]):
        totals[owner[i]] += pts[i]
    return [0 if t < 0 else 100 if t > 100 else t for t in totals]


def next_levels(ruleset: RuleSet, env: Mapping[str, Any], now: Sequence[int]) -> list[dict[str, Any] | None]:
    """`now`: the dimension scores of these answers, in dimension order."""
    ex = ruleset.plan.explore
    levels = ruleset.levels
    dims = ruleset.dimensions
    targets = [next((lv for lv in levels if lv.min > score), None) for score in now]
    cache: dict[tuple[str, Any], list[int]] = {}

    def scores(ch: Change) -> list[int]:
        key = (ch.question, ch.answer if not isinstance(ch.answer, list) else tuple(ch.answer))
        got = cache.get(key)
        if got is None:
            got = cache[key] = dimension_scores(ruleset, _with(env, ch))
        return got

    out: list[dict[str, Any] | None] = []
    for k, target in enumerate(targets):
        if target is None:
            out.append(None)
            continue
        found: list[tuple[int, tuple[int, int], Change, list[int]]] = []
        for qi in ex.dimension_reads[k]:
            hit = _nearest_gain(lever_steps(ex, qi, env), scores, k, now[k])
            if hit is not None:
                ch, new = hit
                found.append((new[k] - now[k], ch.order, ch, new))
        found.sort(key=lambda f: (-f[0], f[1]))
        out.append(
            {
                "level": target.name,
                "score": target.min,
                "changes": [
                    {
                        "question": ch.question,
                        "answer": ch.answer,
                        "points": gain,
                        "reaches": new[k] >= target.min,
                        "costs": [
                            {"dimension": dims[j].id, "points": new[j] - now[j]}
                            for j in range(len(dims))
                            if new[j] < now[j]
                        ],
                    }
                    for gain, _, ch, new in found[:MAX_LEVEL_CHANGES]
                ],
            }
        )
    return out


def _nearest_gain(steps: Iterator[Change], scores: Any, k: int, now: int) -> tuple[Change, list[int]] | None:
    """The first step (they come nearest first) that raises dimension `k`. A step marked `bisect`
    stands for a gap of values not tried one by one: when it gains, the smallest gaining value
    between the last step that did not and it is found by halving (a hidden threshold)."""
    last: Change | None = None
    for ch in steps:
        new = scores(ch)
        if new[k] > now:
            if ch.bisect and last is not None and ch.value - last.value > 1:
                lo, hi, best = last.value, ch.value, (ch, new)  # lo does not gain, hi does
                while hi - lo > 1:
                    mid = (lo + hi) // 2
                    cand = Change(ch.question, mid, mid, ch.distance, ch.order)
                    got = scores(cand)
                    if got[k] > now:
                        hi, best = mid, (cand, got)
                    else:
                        lo = mid
                return best
            return ch, new
        last = ch
    return None


def what_if(
    ruleset: RuleSet,
    env: Mapping[str, Any],
    ctxs: list[dict[str, Any]],
    available: Sequence[bool],
    first: Sequence[str],
    now: Sequence[int],
) -> list[dict[str, Any]]:
    """`first`: the ids of the programmes ranked first now; `now`: the dimension scores."""
    from .evaluate import program_fired, tie_key  # evaluate imports this module

    plan = ruleset.plan
    ex = plan.explore
    id_order = ex.id_order
    programs = ruleset.programs
    first_now = frozenset(first)
    candidates = sorted(
        (ch for qi in ex.program_reads for ch in changes(ex, qi, env)), key=lambda c: (c.distance, c.order)
    )
    out: list[dict[str, Any]] = []
    done: set[tuple[str, str]] = set()
    for ch in candidates:
        changed = _with(env, ch)
        fired = program_fired(plan, changed, ctxs)
        fits = []
        keys = []
        for k, (p, pp, f) in enumerate(zip(programs, plan.programs, fired, strict=True)):
            points = points_for = n_counted = 0
            for i in f:
                if i < pp.n_fit:
                    pts = pp.points[i]
                    points += pts
                    if pts > 0:
                        points_for += pts
                else:
                    n_counted += pp.counted[i]
            x = p.base_fit + points
            fits.append(0 if x < 0 else 100 if x > 100 else x)
            keys.append(tie_key(available[k], n_counted, points_for, id_order[k]))
        best = max(fits)
        order = sorted((k for k, f in enumerate(fits) if f == best), key=lambda k: keys[k])
        new_first = [programs[k].id for k in order]
        newcomers = [pid for pid in new_first if pid not in first_now]
        if not newcomers or (ch.question, newcomers[0]) in done:
            continue
        if any(a < b for a, b in zip(dimension_scores(ruleset, changed), now, strict=True)):
            continue  # never a step back in readiness
        out.append({"question": ch.question, "answer": ch.answer, "top": newcomers[0], "first": new_first})
        done.add((ch.question, newcomers[0]))
        if len(out) == MAX_WHAT_IF:
            break
    return out


def _with(env: Mapping[str, Any], ch: Change) -> dict[str, Any]:
    e = dict(env)
    e[ch.question] = ch.value
    return e
