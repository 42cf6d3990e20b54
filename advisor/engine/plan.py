"""The evaluation plan: each group of rules fused into one compiled function, with every reason,
caution and source dict that does not depend on the answers built once at load."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .conditions import CONTEXT_PREFIX, VarSpec, compile_group, compile_groups, int_cuts, names_read
from .model import HORIZONS, Program, Question, Rule

Entries = tuple[dict[str, Any], ...]


@dataclass(frozen=True, slots=True)
class Group:
    """Rules evaluated together: `run(env)` gives the indices of those that fired."""

    run: Callable[[Mapping[str, Any]], list[int]]
    rules: tuple[Rule, ...]
    entries: Entries  # the result entry of each rule, in rule order
    points: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class ProgramPlan:
    entries: Entries  # fit reasons, then cautions
    points: tuple[int, ...]
    whens: tuple[str, ...]
    topics: tuple[str, ...]  # each rule's `topic` ("" when none): tests check reasons against cautions
    n_fit: int  # entries before this index are fit reasons, the rest cautions
    needs_as_of: frozenset[int]  # entries whose text holds {as_of}
    sources: list[dict[str, Any]]


def group(
    rules: tuple[Rule, ...],
    names: Mapping[str, VarSpec],
    entry: Callable[[Rule], dict[str, Any]] | None = None,
) -> Group:
    make = entry or (lambda r: {"rule": r.id, "points": r.points, "text": r.text})
    return Group(
        run=compile_group([r.when for r in rules], names),
        rules=rules,
        entries=tuple(make(r) for r in rules),
        points=tuple(r.points for r in rules),
    )


def program_plan(
    p: Program, common_fit: tuple[Rule, ...], common_cautions: tuple[Rule, ...], names: Mapping[str, VarSpec]
) -> ProgramPlan:
    fill = {
        "program": p.name,
        "start": p.start[0] if p.start else "not published",
        "end": p.end[0] if p.end else "not published",
    }
    # What each placeholder stands for, as data (contract 2, round 3): presentation renders the words
    # in any language from these; `text` keeps the English rendering. {as_of} is set when scoring.
    iso = {
        "program": p.id,
        "start": _attr_value(p, "start") if p.start else None,
        "end": _attr_value(p, "end") if p.end else None,
        "as_of": None,
    }
    fit = common_fit + p.fit
    cautions = p.cautions + common_cautions  # the programme's own cautions first: they matter most
    rules = fit + cautions
    entries: list[dict[str, Any]] = []
    for i, r in enumerate(rules):
        entry: dict[str, Any] = {"rule": r.id, "points": r.points} if i < len(fit) else {"rule": r.id}
        entry["text"] = fill_text(r.text, fill)
        if r.topic:
            entry["topic"] = r.topic
        used = [k for k in iso if "{" + k + "}" in r.text]
        if used:
            entry["params"] = {k: iso[k] for k in used}
        entries.append(entry)
    return ProgramPlan(
        entries=tuple(entries),
        points=tuple(r.points for r in rules),
        whens=tuple(r.when for r in rules),
        topics=tuple(r.topic for r in rules),
        n_fit=len(fit),
        needs_as_of=frozenset(i for i, e in enumerate(entries) if "{as_of}" in e["text"]),
        sources=[s.to_dict() for s in p.sources],
    )


def _attr_value(p: Program, key: str) -> str | None:
    """The ISO date (`2026-06` or `2026-06-15`) a programme's start or end is written as."""
    attr = p.attributes.get(key)
    value = attr.get("value") if isinstance(attr, Mapping) else None
    return value if isinstance(value, str) else None


def fill_text(text: str, values: Mapping[str, str]) -> str:
    """Replace the `{name}` placeholders that `values` knows; leave the others for later."""
    for key, value in values.items():
        text = text.replace("{" + key + "}", value)
    return text


@dataclass(frozen=True, slots=True)
class EvalPlan:
    multi_ids: tuple[str, ...]  # list answers, read as frozensets
    unknown_ids: tuple[str, ...]  # answers that may be unknown: None in conditions when absent
    readiness: Group  # the rules of every dimension, in dimension order
    readiness_owner: tuple[int, ...]  # rule index -> dimension index
    level_by_score: tuple[Any, ...]  # score 0..100 -> Level
    dimension_levels: tuple[tuple[tuple[str, str], ...], ...]  # [dim][score] -> (level, meaning)
    programs: tuple[ProgramPlan, ...]
    run_programs: Callable[..., list[int]]
    program_owner: tuple[tuple[int, int], ...]  # fused index -> (programme index, its rule index)
    funding: Group  # the rules of every scheme, in scheme order
    funding_owner: tuple[int, ...]  # rule index -> scheme index
    funding_sources: tuple[list[dict[str, Any]], ...]
    funding_effects: tuple[str | None, ...]
    # (first day, last day, last day of the part the end names), each or None, per programme
    program_windows: tuple[tuple[Any, Any, Any], ...]
    lock_in: Group
    actions: Group
    explore: ExplorePlan


@dataclass(frozen=True, slots=True)
class ExplorePlan:
    """What `next_level` and `what_if` need: which questions each part reads, and where integer
    answers cross a rule's threshold."""

    questions: tuple[Question, ...]  # the questions conditions can read, in file order
    dimension_runs: tuple[Group, ...]  # each dimension's rules alone, to re-score one dimension
    # [dim] -> indices into `questions` its rules read, leaving out facts the owner cannot change
    dimension_reads: tuple[tuple[int, ...], ...]
    program_reads: tuple[int, ...]  # the same for programme rules
    cuts: Mapping[str, tuple[int, ...]]  # int question -> sorted cuts (see conditions.int_cuts)
    bounded_by: Mapping[str, tuple[str, ...]]  # int question -> the questions it bounds (employees)
    fused: tuple[tuple[int, int | None], ...]  # programme rule -> (programme, points; None: caution)
    id_order: tuple[int, ...]  # programme index -> its place in id order (the last tie-break)


_EFFECT_POINTS = {"likely": 1, "check": 0, "unlikely": -1}


def build_plan(ruleset: Any, names: Mapping[str, VarSpec], program_names: Mapping[str, VarSpec]) -> EvalPlan:
    programs = tuple(
        program_plan(p, ruleset.program_rules, ruleset.program_cautions, program_names)
        for p in ruleset.programs
    )
    return EvalPlan(
        multi_ids=tuple(q.id for q in ruleset.questions if q.type == "multi"),
        unknown_ids=tuple(q.id for q in ruleset.questions if q.may_be_unknown),
        readiness=group(tuple(r for d in ruleset.dimensions for r in d.rules), names),
        readiness_owner=tuple(i for i, d in enumerate(ruleset.dimensions) for _ in d.rules),
        level_by_score=tuple(_level(ruleset.levels, s) for s in range(101)),
        dimension_levels=tuple(
            tuple(
                (lv.name, d.meanings.get(lv.id, lv.meaning))
                for lv in (_level(ruleset.levels, s) for s in range(101))
            )
            for d in ruleset.dimensions
        ),
        programs=programs,
        run_programs=compile_groups([list(pp.whens) for pp in programs], program_names, CONTEXT_PREFIX),
        program_owner=tuple((k, i) for k, pp in enumerate(programs) for i in range(len(pp.whens))),
        funding=group(
            tuple(r for f in ruleset.funding for r in f.rules),
            names,
            lambda r: {"rule": r.id, "points": _EFFECT_POINTS[r.effect or "check"], "text": r.text},
        ),
        funding_owner=tuple(i for i, f in enumerate(ruleset.funding) for _ in f.rules),
        funding_sources=tuple([s.to_dict() for s in f.sources] for f in ruleset.funding),
        funding_effects=tuple(r.effect for f in ruleset.funding for r in f.rules),
        program_windows=tuple(
            (
                p.start[1] if p.start else None,
                _last_day(p.end[1], p.attributes["end"]["precision"]) if p.end else None,
                _last_day(p.part_end[1], p.attributes["end"]["precision"]) if p.part_end else None,
            )
            for p in ruleset.programs
        ),
        lock_in=group(ruleset.lock_in_rules, names),
        actions=group(
            tuple(sorted(ruleset.actions, key=lambda r: HORIZONS.index(r.horizon))),
            names,
            lambda r: {"horizon": r.horizon, "rule": r.id, "text": r.text},
        ),
        explore=_explore_plan(ruleset, names, programs),
    )


def _explore_plan(
    ruleset: Any, names: Mapping[str, VarSpec], programs: tuple[ProgramPlan, ...]
) -> ExplorePlan:
    questions = tuple(q for q in ruleset.questions if q.id in names)
    index = {q.id: i for i, q in enumerate(questions)}
    ints = frozenset(q.id for q in questions if q.type == "int")
    every = [r.when for d in ruleset.dimensions for r in d.rules]
    program_whens = [r.when for r in ruleset.program_rules + ruleset.program_cautions]
    program_whens += [r.when for p in ruleset.programs for r in p.fit + p.cautions]
    every += program_whens
    every += [r.when for f in ruleset.funding for r in f.rules]
    every += [r.when for r in ruleset.lock_in_rules + ruleset.actions]
    cuts: dict[str, set[int]] = {}
    for text in every:
        for name, found in int_cuts(text, ints).items():
            cuts.setdefault(name, set()).update(found)

    def reads(texts: list[str]) -> tuple[int, ...]:
        read = frozenset().union(*(names_read(t) for t in texts)) if texts else frozenset()
        return tuple(sorted(index[n] for n in read if n in index))

    bounded: dict[str, list[str]] = {}
    for q in questions:
        if q.max_question:
            bounded.setdefault(q.max_question, []).append(q.id)
    return ExplorePlan(
        questions=questions,
        dimension_runs=tuple(group(d.rules, names) for d in ruleset.dimensions),
        dimension_reads=tuple(
            tuple(i for i in reads([r.when for r in d.rules]) if questions[i].changeable)
            for d in ruleset.dimensions
        ),
        program_reads=tuple(i for i in reads(program_whens) if questions[i].changeable),
        cuts={k: tuple(sorted(v)) for k, v in cuts.items()},
        bounded_by={k: tuple(v) for k, v in bounded.items()},
        fused=tuple(
            (k, pp.points[i] if i < pp.n_fit else None)
            for k, pp in enumerate(programs)
            for i in range(len(pp.whens))
        ),
        id_order=tuple(
            sorted(range(len(ruleset.programs)), key=lambda k: ruleset.programs[k].id).index(k)
            for k in range(len(ruleset.programs))
        ),
    )


def _level(levels: Any, score: int) -> Any:
    chosen = levels[0]
    for lv in levels:
        if score >= lv.min:
            chosen = lv
    return chosen


def _last_day(first: dt.date, precision: str | None) -> dt.date:
    """An end written as a month lasts to that month's last day."""
    if precision != "month":
        return first
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])
