"""Score validated answers against a RuleSet: one fused call per group of rules, then assembly of
the result from entries the loader prepared, then the two explorations of nearby answers
(`next_level` per dimension, `what_if` for the top programme)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from .answers import validate_answers
from .dates import human_date
from .explore import next_levels, what_if
from .load_next_steps import strength_of
from .model import RuleSet
from .plan import EvalPlan, ProgramPlan
from .result import Result

TIE_RULE = (
    "Programmes with equal fit share a rank (1, 1, 3). Within a shared rank, a programme "
    "available on the assessment date (started and not ended) comes first, then the one with "
    "fewer cautions; only when these are equal too does the programme id decide, to keep the "
    "order stable."
)


def evaluate(ruleset: RuleSet, answers: Mapping[str, Any], *, today: dt.date | None = None) -> Result:
    """Validate `answers` (contract 1) and score them (contract 2). Raises AnswersError."""
    clean = validate_answers(ruleset.questions, answers, today)
    return evaluate_valid(ruleset, clean)


def condition_env(ruleset: RuleSet, clean: Mapping[str, Any]) -> dict[str, Any]:
    """The names conditions see: answers, with list answers as frozensets (order never matters)."""
    env: dict[str, Any] = {}
    for q in ruleset.questions:
        if q.type == "multi":
            env[q.id] = frozenset(clean[q.id])
        elif q.type in ("int", "bool", "enum"):
            env[q.id] = clean.get(q.id)  # None: unknown
    return env


def evaluate_valid(ruleset: RuleSet, clean: Mapping[str, Any]) -> Result:
    """Score answers that `validate_answers` has already accepted: the full result, with each
    dimension's `next_level` and the `what_if` list.

    Shared, precomputed pieces (reason entries, attributes, sources) go into the result by
    reference; `Result.to_dict()` hands out a copy."""
    plan: EvalPlan = ruleset.plan
    env, ctxs, available = _inputs(ruleset, clean)
    data = _score(ruleset, plan, env, ctxs, available, clean["as_of"])
    for dim, nxt in zip(data["readiness"]["dimensions"], next_levels(ruleset, env), strict=True):
        dim["next_level"] = nxt
    data["what_if"] = what_if(
        ruleset, env, ctxs, available, frozenset(p["id"] for p in data["programs"] if p["rank"] == 1)
    )
    return Result(data, company_name=clean.get("company_name"))


def score_plain(ruleset: RuleSet, clean: Mapping[str, Any]) -> Result:
    """One evaluation without the explorations of nearby answers (`next_level`, `what_if`): what
    the benchmark compares the full result against. Not a complete contract-2 result."""
    env, ctxs, available = _inputs(ruleset, clean)
    return Result(
        _score(ruleset, ruleset.plan, env, ctxs, available, clean["as_of"]),
        company_name=clean.get("company_name"),
    )


def _inputs(
    ruleset: RuleSet, clean: Mapping[str, Any]
) -> tuple[dict[str, Any], list[dict[str, Any]], list[bool]]:
    """The answers as conditions read them, each programme's facts and timing on the assessment
    date, and whether each programme is available then (started and not ended)."""
    plan: EvalPlan = ruleset.plan
    env = dict(clean)  # conditions read only the int, bool and enum answers ...
    for key in plan.multi_ids:
        env[key] = frozenset(clean[key])  # ... and list answers as sets, so order never matters
    for key in plan.unknown_ids:
        env.setdefault(key, None)
    as_of = dt.date.fromisoformat(clean["as_of"])
    ctxs = []
    available = []
    for p, (start, end, part_end) in zip(ruleset.programs, plan.program_windows, strict=True):
        ctx = dict(p.context)
        not_started = start is not None and start > as_of
        ended = end is not None and as_of > end
        ctx["program_not_started"] = not_started
        ctx["program_days_until_start"] = (start - as_of).days if not_started else 0
        ctx["program_ended"] = ended
        ctx["program_part_ended"] = part_end is not None and as_of > part_end
        ctxs.append(ctx)
        available.append(not not_started and not ended)
    return env, ctxs, available


def _score(
    ruleset: RuleSet,
    plan: EvalPlan,
    env: Mapping[str, Any],
    ctxs: list[dict[str, Any]],
    available: Sequence[bool],
    as_of_text: str,
) -> dict[str, Any]:
    as_of = dt.date.fromisoformat(as_of_text)
    dims = ruleset.dimensions
    reasons_by_dim: list[list[dict[str, Any]]] = [[] for _ in dims]
    points_by_dim = [d.base for d in dims]
    g, owner = plan.readiness, plan.readiness_owner
    entries, pts = g.entries, g.points
    for i in g.run(env):
        k = owner[i]
        reasons_by_dim[k].append(entries[i])
        points_by_dim[k] += pts[i]
    dimensions = []
    weighted = total_weight = 0
    for dim, reasons, points, levels in zip(
        dims, reasons_by_dim, points_by_dim, plan.dimension_levels, strict=True
    ):
        score = 0 if points < 0 else 100 if points > 100 else points
        level, meaning = levels[score]
        dimensions.append(
            {
                "id": dim.id,
                "name": dim.name,
                "score": score,
                "level": level,
                "meaning": meaning,
                "reasons": reasons,
            }
        )
        weighted += dim.weight * score
        total_weight += dim.weight
    overall = (2 * weighted + total_weight) // (2 * total_weight)  # round half up
    overall_level = plan.level_by_score[overall]

    progs = ruleset.programs
    fired_by_prog: list[list[int]] = [[] for _ in progs]
    for i in plan.run_programs(env, ctxs):
        k, local = plan.program_owner[i]
        fired_by_prog[k].append(local)
    steps = ruleset.program_steps
    scored = [
        (_program(p, pp, fired, as_of, steps.get(p.id)), (0 if avail else 1), order)
        for p, pp, fired, avail, order in zip(
            progs, plan.programs, fired_by_prog, available, plan.explore.id_order, strict=True
        )
    ]
    scored.sort(key=lambda s: (-s[0]["fit"], s[1], len(s[0]["cautions"]), s[2]))
    programs = [s[0] for s in scored]
    _rank(programs)
    for prog in programs:
        if ruleset.strength_bands:
            prog["strength"] = strength_of(ruleset.strength_bands, prog["fit"])
        else:
            del prog["strength"]

    g, owner, effects_of = plan.funding, plan.funding_owner, plan.funding_effects
    fund_reasons: list[list[dict[str, Any]]] = [[] for _ in ruleset.funding]
    effects: list[set[str | None]] = [set() for _ in ruleset.funding]
    for i in g.run(env):
        fund_reasons[owner[i]].append(g.entries[i])
        effects[owner[i]].add(effects_of[i])
    funding = []
    for k, scheme in enumerate(ruleset.funding):
        eff = effects[k]
        eligible = (
            "unlikely"
            if "unlikely" in eff
            else "check"
            if "check" in eff
            else "likely"
            if "likely" in eff
            else scheme.default
        )
        funding.append(
            {
                "id": scheme.id,
                "name": scheme.name,
                "eligible": eligible,
                "reasons": fund_reasons[k],
                **ruleset.funding_steps.get(scheme.id, {}),  # start, pays
                "sources": plan.funding_sources[k],
            }
        )

    lock_reasons, lock_points = _fired(plan.lock_in, env)
    bands = ruleset.lock_in_bands
    band = next((b for b in bands if lock_points >= b.min), bands[-1])
    act = plan.actions  # its rules are already in horizon order, then file order
    actions = [act.entries[i] for i in act.run(env)]

    return {
        "ruleset": {"version": ruleset.version, "as_of": as_of_text},
        "readiness": {
            "score": overall,
            "level": overall_level.name,
            "meaning": overall_level.meaning,
            "dimensions": dimensions,
        },
        "programs": programs,
        "funding": funding,
        "lock_in": {"risk": band.risk, "reasons": lock_reasons, "advice": band.advice},
        "actions": actions,
    }


def _rank(programs: list[dict[str, Any]]) -> None:
    """Standard competition ranking over fit, in place: equal fits share a rank, the next rank
    skips (1, 1, 3). `programs` is already in order."""
    rank, prev = 0, None
    for place, p in enumerate(programs, start=1):
        if p["fit"] != prev:
            rank, prev = place, p["fit"]
        p["rank"] = rank


def _program(
    p: Any, pp: ProgramPlan, fired: list[int], as_of: dt.date, steps: Mapping[str, Any] | None
) -> dict[str, Any]:
    entries = pp.entries
    if pp.needs_as_of and not pp.needs_as_of.isdisjoint(fired):
        when = human_date(as_of.isoformat())
        entries = tuple(
            dict(e, text=e["text"].replace("{as_of}", when)) if i in pp.needs_as_of else e
            for i, e in enumerate(entries)
        )
    n_fit, pts = pp.n_fit, pp.points
    points = 0
    reasons = []
    cautions = []
    for i in fired:
        if i < n_fit:
            points += pts[i]
            reasons.append(entries[i])
        else:
            cautions.append(entries[i])
    # `rank` and `strength` are filled in once every programme is scored; they sit after `fit` in the
    # bytes. A rule set without strength bands (none before round 3) leaves `strength` out.
    out: dict[str, Any] = {
        "id": p.id,
        "name": p.name,
        "fit": _clamp(p.base_fit + points),
        "rank": 0,
        "strength": "",
        "reasons": reasons,
        "cautions": cautions,
        "attributes": p.attributes,
    }
    if steps:
        out.update(steps)  # start, cost
    out["sources"] = pp.sources
    return out


def _fired(g: Any, env: Mapping[str, Any]) -> tuple[list[dict[str, Any]], int]:
    fired = g.run(env)
    entries, pts = g.entries, g.points
    total = 0
    for i in fired:
        total += pts[i]
    return [entries[i] for i in fired], total


def _clamp(x: int) -> int:
    return 0 if x < 0 else 100 if x > 100 else x
