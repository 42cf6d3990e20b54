"""Score validated answers against a RuleSet: a tight loop over compiled conditions."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Mapping
from typing import Any

from .answers import validate_answers
from .dates import human_date
from .model import HORIZONS, Level, Program, Rule, RuleSet
from .result import Result

_PLACEHOLDER = re.compile(r"\{(\w+)\}")
_HORIZON_ORDER = {h: i for i, h in enumerate(HORIZONS)}
_EFFECT_POINTS = {"likely": 1, "check": 0, "unlikely": -1}


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
            env[q.id] = clean[q.id]
    return env


def evaluate_valid(ruleset: RuleSet, clean: Mapping[str, Any]) -> Result:
    """Score answers that `validate_answers` has already accepted."""
    env = condition_env(ruleset, clean)
    as_of_text: str = clean["as_of"]
    as_of = dt.date.fromisoformat(as_of_text)

    dimensions = []
    weighted = total_weight = 0
    for dim in ruleset.dimensions:
        reasons, points = _fired(dim.rules, env)
        score = _clamp(dim.base + points)
        level = _level(ruleset.levels, score)
        dimensions.append({"id": dim.id, "name": dim.name, "score": score, "level": level.name,
                           "meaning": dim.meanings.get(level.id, level.meaning),
                           "reasons": reasons})
        weighted += dim.weight * score
        total_weight += dim.weight
    overall = (2 * weighted + total_weight) // (2 * total_weight)  # round half up
    overall_level = _level(ruleset.levels, overall)

    programs = [_program(ruleset, p, env, as_of) for p in ruleset.programs]
    programs.sort(key=lambda p: (-p["fit"], p["id"]))

    funding = []
    for scheme in ruleset.funding:
        fired = [r for r in scheme.rules if r.test(env)]
        effects = {r.effect for r in fired}
        eligible = next((e for e in ("unlikely", "check", "likely") if e in effects),
                        scheme.default)
        funding.append({
            "id": scheme.id, "name": scheme.name, "eligible": eligible,
            "reasons": [{"rule": r.id, "points": _EFFECT_POINTS[r.effect or "check"],
                         "text": r.text} for r in fired],
            "sources": [s.to_dict() for s in scheme.sources]})

    lock_reasons, lock_points = _fired(ruleset.lock_in_rules, env)
    band = next((b for b in ruleset.lock_in_bands if lock_points >= b.min),
                ruleset.lock_in_bands[-1])

    actions = [r for r in ruleset.actions if r.test(env)]
    actions.sort(key=lambda r: _HORIZON_ORDER[r.horizon or HORIZONS[-1]])

    return Result({
        "ruleset": {"version": ruleset.version, "as_of": as_of_text},
        "readiness": {"score": overall, "level": overall_level.name,
                      "meaning": overall_level.meaning, "dimensions": dimensions},
        "programs": programs,
        "funding": funding,
        "lock_in": {"risk": band.risk, "reasons": lock_reasons, "advice": band.advice},
        "actions": [{"horizon": r.horizon, "rule": r.id, "text": r.text} for r in actions],
    }, company_name=clean.get("company_name"))


def _program(ruleset: RuleSet, p: Program, env: Mapping[str, Any], as_of: dt.date
             ) -> dict[str, Any]:
    not_started = p.start is not None and p.start[1] > as_of
    ended = p.end is not None and as_of > _last_day(p.end[1], p.attributes["end"]["precision"])
    penv = {**env, **p.context, "program_not_started": not_started,
            "program_days_until_start": (p.start[1] - as_of).days if not_started else 0,
            "program_ended": ended}
    fill = {"program": p.name, "start": p.start[0] if p.start else "not published",
            "end": p.end[0] if p.end else "not published", "as_of": human_date(as_of.isoformat())}
    points = 0
    reasons = []
    for rules in (ruleset.program_rules, p.fit):
        for r in rules:
            if r.test(penv):
                points += r.points
                reasons.append({"rule": r.id, "points": r.points, "text": _fill(r.text, fill)})
    cautions = [{"rule": r.id, "text": _fill(r.text, fill)}
                for rules in (ruleset.program_cautions, p.cautions) for r in rules if r.test(penv)]
    return {"id": p.id, "name": p.name, "fit": _clamp(p.base_fit + points), "reasons": reasons,
            "cautions": cautions, "attributes": p.attributes,
            "sources": [s.to_dict() for s in p.sources]}


def _fired(rules: tuple[Rule, ...], env: Mapping[str, Any]) -> tuple[list[dict[str, Any]], int]:
    reasons = []
    total = 0
    for r in rules:
        if r.test(env):
            total += r.points
            reasons.append({"rule": r.id, "points": r.points, "text": r.text})
    return reasons, total


def _fill(text: str, values: Mapping[str, str]) -> str:
    if "{" not in text:
        return text
    return _PLACEHOLDER.sub(lambda m: values.get(m[1], m[0]), text)


def _level(levels: tuple[Level, ...], score: int) -> Level:
    chosen = levels[0]
    for lv in levels:
        if score >= lv.min:
            chosen = lv
    return chosen


def _clamp(x: int) -> int:
    return 0 if x < 0 else 100 if x > 100 else x


def _last_day(first: dt.date, precision: str | None) -> dt.date:
    """An end written as a month lasts to that month's last day."""
    if precision != "month":
        return first
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])
