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
from .load_scoring import READINESS_LEVEL
from .model import RuleSet
from .plan import AS_OF_KEY, EvalPlan, ProgramPlan
from .result import Result


def tie_key(available: bool, counted_cautions: int, points_for: int, id_place: int) -> tuple[int, ...]:
    """The order within a shared rank, as the presentation layer's `tie_rule` publishes it (smaller
    first): available on the assessment date, then fewer cautions that depend on the answers (not
    the programme's properties, see `program_properties`), then more points from positive reasons,
    then the id."""
    return (0 if available else 1, counted_cautions, -points_for, id_place)


def program_properties(ruleset: RuleSet, as_of: dt.date | None = None) -> list[dict[str, Any]]:
    """The cautions every business gets for a programme (conditions that read no answer and no
    date): stated once in the report's method section as properties of the programme, and not
    counted in the order within a tie. `[{"id", "name", "cautions": [{"rule", "text"}]}]`, in
    programme file order; programmes without such cautions are left out. With `as_of`, a caution
    whose fact was not yet public on that date (`known_from`) is left out too."""
    out = []
    for p, pp in zip(ruleset.programs, ruleset.plan.programs, strict=True):
        ctx = dict(p.context)
        late = {i for i, day in pp.known_from if as_of is not None and day > as_of}
        fired = [
            {"rule": e["rule"], "text": e["text"]}
            for i, (e, counted) in enumerate(zip(pp.entries, pp.counted, strict=True))
            if i >= pp.n_fit and not counted and i not in late and _property_fires(pp.tests[i], ctx)
        ]
        if fired:
            out.append({"id": p.id, "name": p.name, "cautions": fired})
    return out


def _property_fires(test: Any, ctx: Mapping[str, Any]) -> bool:
    return bool(test(ctx))


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
    dims = data["readiness"]["dimensions"]
    now = [d["score"] for d in dims]
    for dim, nxt in zip(dims, next_levels(ruleset, env, now), strict=True):
        dim["next_level"] = nxt
    data["what_if"] = what_if(
        ruleset,
        env,
        ctxs,
        available,
        [p["id"] for p in data["programs"] if p["rank"] == 1],
        now,
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
    env[_AS_OF] = as_of  # for `Group.fired` and the programmes' known_from; no condition reads it
    ctxs: list[dict[str, Any]] = []
    available = []
    for p, (start, end, part_end, recorded) in zip(ruleset.programs, plan.program_windows, strict=True):
        ctx = dict(p.context)
        not_started = start is not None and start > as_of
        ended = end is not None and as_of > end
        ctx["program_not_started"] = not_started
        ctx["program_days_until_start"] = (start - as_of).days if not_started else 0
        ctx["program_days_since_start"] = (as_of - start).days if start is not None and not not_started else 0
        ctx["program_facts_age_days"] = (as_of - recorded).days
        ctx["program_ended"] = ended
        ctx["program_part_ended"] = part_end is not None and as_of > part_end
        pp = plan.programs[len(ctxs)]
        if any(day is not None and day > as_of for day in pp.source_known):
            # Dated before a source was published: conditions read the facts as the result shows
            # them then (e.g. no certification yet), so an unpublished fact is not scored either.
            attrs, _ = _before_publication(p.attributes, pp.sources, pp.source_known, as_of)
            ctx.update(program_context(attrs))
        ctxs.append(ctx)
        available.append(not not_started and not ended)
    return env, ctxs, available


_AS_OF = AS_OF_KEY


def program_fired(plan: EvalPlan, env: Mapping[str, Any], ctxs: list[dict[str, Any]]) -> list[list[int]]:
    """Per programme, the indices (into its entries) of the rules that fire, leaving out rules whose
    fact was not yet public on the assessment date."""
    fired_by_prog: list[list[int]] = [[] for _ in plan.programs]
    owner = plan.program_owner
    for i in plan.run_programs(env, ctxs):
        k, local = owner[i]
        fired_by_prog[k].append(local)
    as_of = env[_AS_OF]
    for k, pp in enumerate(plan.programs):
        if pp.known_from:
            late = {i for i, day in pp.known_from if day > as_of}
            if late:
                fired_by_prog[k] = [i for i in fired_by_prog[k] if i not in late]
    return fired_by_prog


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
    for i in g.fired(env, as_of):
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

    scored = []
    for p, pp, fired, avail, order in zip(
        ruleset.programs,
        plan.programs,
        program_fired(plan, env, ctxs),
        available,
        plan.explore.id_order,
        strict=True,
    ):
        prog, counted, points_for = _program(p, pp, fired, as_of, ruleset.program_steps.get(p.id))
        scored.append((prog, tie_key(avail, counted, points_for, order)))
    scored.sort(key=lambda s: (-s[0]["fit"], s[1]))
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
    for i in g.fired(env, as_of):
        fund_reasons[owner[i]].append(g.entries[i])
        effects[owner[i]].add(effects_of[i])
    funding = []
    aenv = dict(env)  # actions also read the level and each scheme's eligibility
    aenv[READINESS_LEVEL] = overall_level.id
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
        aenv[plan.funding_names[k]] = eligible
        funding.append(
            {
                "id": scheme.id,
                "name": scheme.name,
                "eligible": eligible,
                "reasons": fund_reasons[k],
                **ruleset.funding_steps.get(scheme.id, {}),  # start, pays
                "sources": _known_sources(plan.funding_sources[k], plan.funding_source_known[k], as_of),
            }
        )

    lock_reasons, lock_points = _fired(plan.lock_in, env, as_of)
    bands = ruleset.lock_in_bands
    band = next((b for b in bands if lock_points >= b.min), bands[-1])
    act = plan.actions  # its rules are already in horizon order, then file order
    actions = [act.entries[i] for i in act.fired(aenv, as_of)]

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
) -> tuple[dict[str, Any], int, int]:
    """The programme's result entry, with its count of answer-dependent cautions and the sum of its
    positive points (both for the order within a tie)."""
    entries = pp.entries
    if pp.needs_as_of and not pp.needs_as_of.isdisjoint(fired):
        when = human_date(as_of.isoformat())
        iso = as_of.isoformat()
        entries = tuple(
            dict(e, text=e["text"].replace("{as_of}", when), params=dict(e["params"], as_of=iso))
            if i in pp.needs_as_of
            else e
            for i, e in enumerate(entries)
        )
    n_fit, pts, counted = pp.n_fit, pp.points, pp.counted
    points = points_for = n_counted = 0
    reasons = []
    cautions = []
    for i in fired:
        if i < n_fit:
            points += pts[i]
            if pts[i] > 0:
                points_for += pts[i]
            reasons.append(entries[i])
        else:
            cautions.append(entries[i])
            n_counted += counted[i]
    attributes, sources = p.attributes, pp.sources
    if any(day is not None and day > as_of for day in pp.source_known):
        attributes, sources = _before_publication(p.attributes, pp.sources, pp.source_known, as_of)
    # `rank` and `strength` are filled in once every programme is scored; they sit after `fit` in the
    # bytes. A rule set without strength bands (none before round 3) leaves `strength` out.
    prog: dict[str, Any] = {
        "id": p.id,
        "name": p.name,
        "fit": _clamp(p.base_fit + points),
        "rank": 0,
        "strength": "",
        "reasons": reasons,
        "cautions": cautions,
        "attributes": attributes,
    }
    if steps:
        prog.update(steps)  # start, cost
    prog["sources"] = sources
    return prog, n_counted, points_for


NOT_YET_PUBLISHED = "Not yet published on the assessment date"


def program_context(attributes: Mapping[str, Any]) -> dict[str, Any]:
    """The `program_*` names conditions read from a programme's comparison attributes."""
    return {
        "program_scope": (attributes.get("model_scope") or {}).get("value"),
        "program_formats": frozenset((attributes.get("formats") or {}).get("value") or ()),
        "program_audiences": frozenset((attributes.get("audience") or {}).get("value") or ()),
        "program_certifications": bool((attributes.get("certifications") or {}).get("value")),
        "program_capacity_limited": (attributes.get("capacity") or {}).get("value") is not None,
    }


def _before_publication(
    attributes: Mapping[str, Any],
    sources: list[dict[str, Any]],
    known: tuple[dt.date | None, ...],
    as_of: dt.date,
) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """An assessment dated before a source's publication neither cites the source nor shows what
    only it says: the source leaves `sources` (the others keep their order, and attributes their
    index into it), and an attribute resting on it reads "Not yet published"."""
    keep = [i for i, day in enumerate(known) if day is None or day <= as_of]
    new_index = {old: new for new, old in enumerate(keep)}
    out: dict[str, Any] = {}
    for key, attr in attributes.items():
        src = attr.get("source")
        if src is None or src in new_index:
            out[key] = dict(attr, source=new_index.get(src)) if src is not None else attr
        else:
            value = attr.get("value")
            blank: list[Any] | None = [] if isinstance(value, list) else None
            out[key] = dict(attr, value=blank, text=NOT_YET_PUBLISHED, source=None, confidence=None)
    return out, [sources[i] for i in keep]


def _known_sources(
    sources: list[dict[str, Any]], known: tuple[dt.date | None, ...], as_of: dt.date
) -> list[dict[str, Any]]:
    if all(day is None or day <= as_of for day in known):
        return sources
    return [s for s, day in zip(sources, known, strict=True) if day is None or day <= as_of]


def _fired(g: Any, env: Mapping[str, Any], as_of: dt.date) -> tuple[list[dict[str, Any]], int]:
    fired = g.fired(env, as_of)
    entries, pts = g.entries, g.points
    total = 0
    for i in fired:
        total += pts[i]
    return [entries[i] for i in fired], total


def _clamp(x: int) -> int:
    return 0 if x < 0 else 100 if x > 100 else x
