"""Checks shared by the next_level and what_if tests (example-based and property-based): each listed
change is applied to the answers and the result re-scored, and what_if is compared with an oracle
that enumerates every single-answer change of the owner's choices on its own."""

from __future__ import annotations

import bisect
from typing import Any

from advisor.engine import RuleSet, evaluate, validate_answers
from advisor.engine.evaluate import score_plain


def with_change(answers: dict[str, Any], change: dict[str, Any]) -> dict[str, Any]:
    return dict(answers, **{change["question"]: change["answer"]})


def first_set(result: dict[str, Any]) -> set[str]:
    return {p["id"] for p in result["programs"] if p["rank"] == 1}


def _plain(ruleset: RuleSet, answers: dict[str, Any]) -> dict[str, Any]:
    return score_plain(ruleset, validate_answers(ruleset.questions, answers)).to_dict()


def _dim_scores(ruleset: RuleSet, answers: dict[str, Any]) -> list[int]:
    return [d["score"] for d in _plain(ruleset, answers)["readiness"]["dimensions"]]


def lever_values(ruleset: RuleSet, answers: dict[str, Any], qid: str) -> list[Any]:
    """Every value one step up a lever, nearest first: an enum's next value; for a number every
    value above it up to the step limit (in proportion to the firm) and its bounds."""
    q = ruleset.question_by_id[qid]
    cur = answers[qid]
    if q.type == "enum":
        at = q.values.index(cur)
        return list(q.values[at + 1 : at + 2])
    hi = q.lever.limit(cur, answers["employees"])
    hi = min(hi, q.max if q.max is not None else hi)
    if q.max_question:
        hi = min(hi, answers[q.max_question])
    if hi - cur <= 300:
        return list(range(cur + 1, hi + 1))
    # A long range: every threshold the rules name (and the value before it), and 100 probes.
    cuts = ruleset.plan.explore.cuts.get(qid, ())
    probes = {cur + 1 + (hi - cur - 1) * j // 100 for j in range(101)}
    return sorted(v for v in probes | set(cuts) | {c - 1 for c in cuts} if cur < v <= hi)


def check_next_levels(
    ruleset: RuleSet, answers: dict[str, Any], result: dict[str, Any], exhaustive: bool = True
) -> None:
    levels = ruleset.levels
    by_q = ruleset.question_by_id
    now = [d["score"] for d in result["readiness"]["dimensions"]]
    dim_ids = [d.id for d in ruleset.dimensions]
    levers = [q.id for q in ruleset.questions if q.lever is not None]
    steps = {qid: lever_values(ruleset, answers, qid) for qid in levers}
    cache: dict[tuple[str, Any], list[int]] = {}

    def scores(qid: str, v: Any) -> list[int]:
        if (qid, v) not in cache:
            cache[qid, v] = _dim_scores(ruleset, dict(answers, **{qid: v}))
        return cache[qid, v]

    for k, dim in enumerate(result["readiness"]["dimensions"]):
        nxt = dim["next_level"]
        above = [lv for lv in levels if lv.min > dim["score"]]
        if not above:
            assert nxt is None
            continue
        assert nxt is not None
        assert (nxt["level"], nxt["score"]) == (above[0].name, above[0].min)
        changes = nxt["changes"]
        assert len(changes) <= 3
        assert [c["points"] for c in changes] == sorted((c["points"] for c in changes), reverse=True)
        assert len({c["question"] for c in changes}) == len(changes)
        for c in changes:
            assert list(c) == ["question", "answer", "points", "reaches", "costs"]
            q = by_q[c["question"]]
            assert q.lever is not None, f"{q.id} is not a lever"
            if q.type == "enum":
                assert c["answer"] in steps[q.id], "not one step up"
            else:  # above the current value, within the step limit and the bounds
                assert answers[q.id] < c["answer"] <= (steps[q.id] or [answers[q.id]])[-1], "too far"
            changed = with_change(answers, c)
            again = evaluate(ruleset, changed).to_dict()["readiness"]["dimensions"]
            assert c["points"] > 0 and again[k]["score"] == dim["score"] + c["points"]
            assert c["reaches"] == (again[k]["score"] >= above[0].min)
            assert c["costs"] == [
                {"dimension": dim_ids[j], "points": again[j]["score"] - now[j]}
                for j in range(len(now))
                if again[j]["score"] < now[j]
            ]
            if q.type == "int":  # the nearest gaining value: nothing smaller gains
                for v in (x for x in steps[q.id] if x < c["answer"]):
                    assert scores(q.id, v)[k] <= now[k], (q.id, v)
        if not exhaustive:
            continue
        # Completeness: the listed changes are the 3 largest gains among all gaining levers.
        gains = []
        for qid in levers:
            for v in steps[qid]:
                g = scores(qid, v)[k] - now[k]
                if g > 0:
                    gains.append(g)
                    break
        assert sorted((c["points"] for c in changes), reverse=True) == sorted(gains, reverse=True)[:3]


def choice_changes(
    ruleset: RuleSet, answers: dict[str, Any]
) -> list[tuple[tuple[int, int, int], dict[str, Any]]]:
    """Every single-answer change of a `choice` question, written out independently of the engine:
    ((distance, question index, value order), change). Integers: every value of a short range, or
    the boundaries of each interval between the thresholds the rules compare the answer with; of
    the values of one interval only the nearest is kept (they score alike)."""
    out = []
    for qi, q in enumerate(ruleset.questions):
        if not q.choice:
            continue
        cur = answers[q.id]
        if q.type == "enum":
            at = q.values.index(cur)
            for j, v in enumerate(q.values):
                if v != cur:
                    out.append(((abs(j - at) if q.ordered else 1, qi, j), {"question": q.id, "answer": v}))
        elif q.type == "multi":
            for j, v in enumerate(q.values):
                if v in cur:
                    if len(cur) == 1:
                        continue
                    new = [x for x in cur if x != v]
                elif v == q.exclusive:
                    continue
                elif q.exclusive in cur:
                    new = [v]
                else:
                    new = [*cur, v]
                out.append(((1, qi, j), {"question": q.id, "answer": [x for x in q.values if x in new]}))
        elif q.type == "int":
            cuts = list(ruleset.plan.explore.cuts.get(q.id, ()))
            lo, hi = q.min or 0, q.max if q.max is not None else 10**6
            if q.max_question:
                hi = min(hi, answers[q.max_question])
            values = (
                range(lo, hi + 1)
                if hi - lo <= 300
                else sorted(
                    {lo, hi} | {c for c in cuts if lo <= c <= hi} | {c - 1 for c in cuts if lo <= c - 1 <= hi}
                )
            )
            at = bisect.bisect_right(cuts, cur)
            nearest: dict[int, int] = {}
            for v in values:
                j = bisect.bisect_right(cuts, v)
                if j != at and (j not in nearest or abs(v - cur) < abs(nearest[j] - cur)):
                    nearest[j] = v
            for j, v in nearest.items():
                out.append(((abs(j - at), qi, j), {"question": q.id, "answer": v}))
    return sorted(out, key=lambda x: x[0])


def what_if_oracle(ruleset: RuleSet, answers: dict[str, Any]) -> list[dict[str, Any]]:
    """The nearest <= 5 changes of the owner's choices that put a programme that is not first now
    into first place and lower no readiness dimension; one per (question, that programme)."""
    base = _plain(ruleset, answers)
    first = first_set(base)
    now = [d["score"] for d in base["readiness"]["dimensions"]]
    out: list[dict[str, Any]] = []
    seen = set()
    for _, ch in choice_changes(ruleset, answers):
        again = _plain(ruleset, with_change(answers, ch))
        new_first = [p["id"] for p in again["programs"] if p["rank"] == 1]
        newcomers = [p for p in new_first if p not in first]
        if not newcomers or (ch["question"], newcomers[0]) in seen:
            continue
        if any(d["score"] < s for d, s in zip(again["readiness"]["dimensions"], now, strict=True)):
            continue
        seen.add((ch["question"], newcomers[0]))
        out.append(dict(ch, top=newcomers[0], first=new_first))
        if len(out) == 5:
            break
    return out


def check_what_if(ruleset: RuleSet, answers: dict[str, Any], result: dict[str, Any]) -> None:
    entries = result["what_if"]
    assert len(entries) <= 5
    first = first_set(result)
    for e in entries:
        assert list(e) == ["question", "answer", "top", "first"]
        assert ruleset.question_by_id[e["question"]].choice
        changed = with_change(answers, e)
        again = evaluate(ruleset, changed).to_dict()
        new_first = [p["id"] for p in again["programs"] if p["rank"] == 1]
        assert e["first"] == new_first and e["top"] in new_first and e["top"] not in first
        before = result["readiness"]["dimensions"]
        assert all(
            a["score"] >= b["score"] for a, b in zip(again["readiness"]["dimensions"], before, strict=True)
        )
    assert entries == what_if_oracle(ruleset, answers)


def distance(ruleset: RuleSet, answers: dict[str, Any], change: dict[str, Any]) -> int:
    """The documented distance of a single-answer change, computed independently of the engine's
    candidate list (integers use the thresholds the plan collected from the rules)."""
    q = ruleset.question_by_id[change["question"]]
    old, new = answers.get(q.id), change["answer"]
    if q.type == "enum":
        return abs(q.values.index(new) - q.values.index(old)) if q.ordered else 1
    if q.type == "int":
        cuts = ruleset.plan.explore.cuts[q.id]
        return abs(bisect.bisect_right(cuts, new) - bisect.bisect_right(cuts, old))
    return 1
