"""The evaluation plan: each group of rules fused into one compiled function, with every reason,
caution and source dict that does not depend on the answers built once at load."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from .conditions import (
    CONTEXT_PREFIX,
    RESERVED_NAMES,
    VarSpec,
    compile_group,
    compile_groups,
    hidden_ints,
    int_cuts,
    names_read,
)
from .dates import human_date
from .load_scoring import eligible_name
from .model import HORIZONS, Program, Question, Rule

Entries = tuple[dict[str, Any], ...]

# The key under which the evaluator keeps the assessment date in the answers mapping, for
# `Group.fired` and the programmes' `known_from`; it holds a space, so no condition can name it.
AS_OF_KEY = " as_of"


@dataclass(frozen=True, slots=True)
class Group:
    """Rules evaluated together: `run(env)` gives the indices of those that fired."""

    run: Callable[[Mapping[str, Any]], list[int]]
    rules: tuple[Rule, ...]
    entries: Entries  # the result entry of each rule, in rule order
    points: tuple[int, ...]
    # (rule index, first day it may fire) for rules with `known_from`; empty for most groups
    known_from: tuple[tuple[int, dt.date], ...] = ()

    def fired(self, env: Mapping[str, Any], as_of: dt.date) -> list[int]:
        """The rules that fire, leaving out those whose fact was not public on `as_of`."""
        out = self.run(env)
        if self.known_from:
            late = {i for i, day in self.known_from if day > as_of}
            if late:
                out = [i for i in out if i not in late]
        return out


@dataclass(frozen=True, slots=True)
class ProgramPlan:
    entries: Entries  # fit reasons, then cautions
    points: tuple[int, ...]
    whens: tuple[str, ...]
    tests: tuple[Callable[[Mapping[str, Any]], bool], ...]  # each rule's condition alone
    topics: tuple[str, ...]  # each rule's `topic` ("" when none): tests check reasons against cautions
    n_fit: int  # entries before this index are fit reasons, the rest cautions
    needs_as_of: frozenset[int]  # entries whose text holds {as_of}
    sources: list[dict[str, Any]]
    # per entry: does it count in the order within a tie? Cautions whose condition reads no answer
    # and no date (every business gets them) are properties of the programme and do not count.
    counted: tuple[bool, ...]
    known_from: tuple[tuple[int, dt.date], ...]  # (entry, first day it may fire)
    source_known: tuple[dt.date | None, ...]  # per source: published on (None: always known)


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
        known_from=tuple((i, r.known_from) for i, r in enumerate(rules) if r.known_from is not None),
    )


def program_plan(
    p: Program, common_fit: tuple[Rule, ...], common_cautions: tuple[Rule, ...], names: Mapping[str, VarSpec]
) -> ProgramPlan:
    fill = {
        "program": p.name,
        "start": p.start[0] if p.start else "not published",
        "end": p.end[0] if p.end else "not published",
        "recorded": human_date(p.recorded.isoformat()),
    }
    # What each placeholder stands for, as data (contract 2, round 3): presentation renders the words
    # in any language from these; `text` keeps the English rendering. {as_of} is set when scoring.
    iso = {
        "program": p.id,
        "start": _attr_value(p, "start") if p.start else None,
        "end": _attr_value(p, "end") if p.end else None,
        "as_of": None,
        "recorded": p.recorded.isoformat(),
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
        tests=tuple(r.test for r in rules),
        topics=tuple(r.topic for r in rules),
        n_fit=len(fit),
        needs_as_of=frozenset(i for i, e in enumerate(entries) if "{as_of}" in e["text"]),
        sources=[s.to_dict() for s in p.sources],
        counted=tuple(i < len(fit) or not is_property(r) for i, r in enumerate(rules)),
        known_from=tuple((i, r.known_from) for i, r in enumerate(rules) if r.known_from is not None),
        source_known=tuple(s.known_from for s in p.sources),
    )


STATIC_PROGRAM_NAMES = frozenset(
    {
        "program_scope",
        "program_formats",
        "program_audiences",
        "program_cloud",
        "program_certifications",
        "program_capacity_limited",
    }
)


def is_property(rule: Rule) -> bool:
    """A caution that reads no answer and no date: every business gets it for this programme, so it
    is a property of the programme (stated once in the method section), not a finding."""
    return names_read(rule.when) - RESERVED_NAMES <= STATIC_PROGRAM_NAMES


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
    funding_source_known: tuple[tuple[dt.date | None, ...], ...]  # per scheme, per source
    funding_names: tuple[str, ...]  # per scheme: the name action conditions read its eligibility by
    funding_effects: tuple[str | None, ...]
    # (first day, last day, last day of the part the end names), each or None, and the day its
    # facts were recorded, per programme
    program_windows: tuple[tuple[Any, Any, Any, Any], ...]
    lock_in: Group
    actions: Group
    explore: ExplorePlan


@dataclass(frozen=True, slots=True)
class ExplorePlan:
    """What `next_level` and `what_if` need: which questions each part reads, and where integer
    answers cross a rule's threshold."""

    questions: tuple[Question, ...]  # the questions conditions can read, in file order
    # [dim] -> indices into `questions` of the levers its rules read (`lever` in questions.yaml)
    dimension_reads: tuple[tuple[int, ...], ...]
    levers: tuple[int, ...]  # every lever some dimension reads
    program_reads: tuple[int, ...]  # the owner's choices (`choice`) that programme rules read
    cuts: Mapping[str, tuple[int, ...]]  # int question -> sorted cuts (see conditions.int_cuts)
    hidden: frozenset[str]  # int questions also compared through arithmetic or another answer
    bounded_by: Mapping[str, tuple[str, ...]]  # int question -> the questions it bounds (employees)
    # programme rule -> (programme, points or None for a caution, counts in the tie order)
    fused: tuple[tuple[int, int | None, bool], ...]
    id_order: tuple[int, ...]  # programme index -> its place in id order (the last tie-break)


_EFFECT_POINTS = {"likely": 1, "check": 0, "unlikely": -1}


def build_plan(
    ruleset: Any,
    names: Mapping[str, VarSpec],
    program_names: Mapping[str, VarSpec],
    action_names: Mapping[str, VarSpec] | None = None,
) -> EvalPlan:
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
        funding_source_known=tuple(tuple(s.known_from for s in f.sources) for f in ruleset.funding),
        funding_names=tuple(eligible_name(f.id) for f in ruleset.funding),
        funding_effects=tuple(r.effect for f in ruleset.funding for r in f.rules),
        program_windows=tuple(
            (
                p.start[1] if p.start else None,
                _last_day(p.end[1], p.attributes["end"]["precision"]) if p.end else None,
                _last_day(p.part_end[1], p.attributes["end"]["precision"]) if p.part_end else None,
                p.recorded,
            )
            for p in ruleset.programs
        ),
        lock_in=group(ruleset.lock_in_rules, names),
        actions=group(
            tuple(sorted(ruleset.actions, key=lambda r: HORIZONS.index(r.horizon))),
            action_names or names,
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
    hidden: set[str] = set()
    for text in every:
        for name, found in int_cuts(text, ints).items():
            cuts.setdefault(name, set()).update(found)
        hidden |= hidden_ints(text, ints)

    def reads(texts: list[str]) -> tuple[int, ...]:
        read = frozenset().union(*(names_read(t) for t in texts)) if texts else frozenset()
        return tuple(sorted(index[n] for n in read if n in index))

    bounded: dict[str, list[str]] = {}
    for q in questions:
        if q.max_question:
            bounded.setdefault(q.max_question, []).append(q.id)
    dimension_reads = tuple(
        tuple(i for i in reads([r.when for r in d.rules]) if questions[i].lever is not None)
        for d in ruleset.dimensions
    )
    return ExplorePlan(
        questions=questions,
        dimension_reads=dimension_reads,
        levers=tuple(sorted(set().union(*dimension_reads))),
        program_reads=tuple(i for i in reads(program_whens) if questions[i].choice),
        cuts={k: tuple(sorted(v)) for k, v in cuts.items()},
        hidden=frozenset(hidden),
        bounded_by={k: tuple(v) for k, v in bounded.items()},
        fused=tuple(
            (k, pp.points[i] if i < pp.n_fit else None, pp.counted[i])
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
