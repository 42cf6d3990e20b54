"""Score validated answers against a RuleSet: one fused call per group of rules, then assembly of
the result from entries the loader prepared."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from .answers import validate_answers
from .dates import human_date
from .model import RuleSet
from .plan import EvalPlan, ProgramPlan
from .result import Result


def evaluate(ruleset: RuleSet, answers: Mapping[str, Any], *, today: dt.date | None = None
             ) -> Result:
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
    """Score answers that `validate_answers` has already accepted.

    Shared, precomputed pieces (reason entries, attributes, sources) go into the result by
    reference; `Result.to_dict()` hands out a copy."""
    plan: EvalPlan = ruleset.plan
    env = dict(clean)  # conditions read only the int, bool and enum answers ...
    for key in plan.multi_ids:
        env[key] = frozenset(clean[key])  # ... and list answers as sets, so order never matters
    for key in plan.unknown_ids:
        env.setdefault(key, None)
    as_of_text: str = clean["as_of"]
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
    for dim, reasons, points, levels in zip(dims, reasons_by_dim, points_by_dim, plan.dimension_levels,
                                            strict=True):
        score = 0 if points < 0 else 100 if points > 100 else points
        level, meaning = levels[score]
        dimensions.append({"id": dim.id, "name": dim.name, "score": score, "level": level,
                           "meaning": meaning, "reasons": reasons})
        weighted += dim.weight * score
        total_weight += dim.weight
    overall = (2 * weighted + total_weight) // (2 * total_weight)  # round half up
    overall_level = plan.level_by_score[overall]

    progs = ruleset.programs
    ctxs = []
    for p, (start, end) in zip(progs, plan.program_windows, strict=True):
        ctx = dict(p.context)
        not_started = start is not None and start > as_of
        ctx["program_not_started"] = not_started
        ctx["program_days_until_start"] = (start - as_of).days if not_started else 0
        ctx["program_ended"] = end is not None and as_of > end
        ctxs.append(ctx)
    fired_by_prog: list[list[int]] = [[] for _ in progs]
    for i in plan.run_programs(env, ctxs):
        k, local = plan.program_owner[i]
        fired_by_prog[k].append(local)
    programs = [_program(p, pp, fired, as_of)
                for p, pp, fired in zip(progs, plan.programs, fired_by_prog, strict=True)]
    programs.sort(key=_program_order)

    g, owner, effects_of = plan.funding, plan.funding_owner, plan.funding_effects
    fund_reasons: list[list[dict[str, Any]]] = [[] for _ in ruleset.funding]
    effects: list[set[str | None]] = [set() for _ in ruleset.funding]
    for i in g.run(env):
        fund_reasons[owner[i]].append(g.entries[i])
        effects[owner[i]].add(effects_of[i])
    funding = []
    for k, scheme in enumerate(ruleset.funding):
        eff = effects[k]
        eligible = "unlikely" if "unlikely" in eff else "check" if "check" in eff \
            else "likely" if "likely" in eff else scheme.default
        funding.append({"id": scheme.id, "name": scheme.name, "eligible": eligible,
                        "reasons": fund_reasons[k], "sources": plan.funding_sources[k]})

    lock_reasons, lock_points = _fired(plan.lock_in, env)
    bands = ruleset.lock_in_bands
    band = next((b for b in bands if lock_points >= b.min), bands[-1])
    act = plan.actions  # its rules are already in horizon order, then file order
    actions = [act.entries[i] for i in act.run(env)]

    return Result({
        "ruleset": {"version": ruleset.version, "as_of": as_of_text},
        "readiness": {"score": overall, "level": overall_level.name,
                      "meaning": overall_level.meaning, "dimensions": dimensions},
        "programs": programs,
        "funding": funding,
        "lock_in": {"risk": band.risk, "reasons": lock_reasons, "advice": band.advice},
        "actions": actions,
    }, company_name=clean.get("company_name"))


def _program_order(p: Mapping[str, Any]) -> tuple[int, str]:
    return -p["fit"], p["id"]


def _program(p: Any, pp: ProgramPlan, fired: list[int], as_of: dt.date) -> dict[str, Any]:
    entries = pp.entries
    if pp.needs_as_of and not pp.needs_as_of.isdisjoint(fired):
        when = human_date(as_of.isoformat())
        entries = tuple(dict(e, text=e["text"].replace("{as_of}", when)) if i in pp.needs_as_of else e
                        for i, e in enumerate(entries))
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
    return {"id": p.id, "name": p.name, "fit": _clamp(p.base_fit + points), "reasons": reasons,
            "cautions": cautions, "attributes": p.attributes, "sources": pp.sources}


def _fired(g: Any, env: Mapping[str, Any]) -> tuple[list[dict[str, Any]], int]:
    fired = g.run(env)
    entries, pts = g.entries, g.points
    total = 0
    for i in fired:
        total += pts[i]
    return [entries[i] for i in fired], total


def _clamp(x: int) -> int:
    return 0 if x < 0 else 100 if x > 100 else x
