"""Load the YAML rule files into a validated, compiled RuleSet.

Every problem is collected (file, rule id, reason) and raised together as one RulesError, so a
content maintainer sees all mistakes in one run of `advisor rules check`. The files are read by
`load_questions`, `load_scoring` (readiness, funding, lock-in, actions) and `load_programs`.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..paths import packaged_or_checkout
from .errors import RuleProblem, RulesError
from .load_next_steps import check_urls, load_next_steps, load_strength
from .load_programs import PROGRAM_NAMES, REQUIRED_PROGRAMS, load_program_rules, load_programs
from .load_questions import load_questions, var_spec
from .load_scoring import (
    REQUIRED_DIMENSIONS,
    load_actions,
    load_funding,
    load_lock_in,
    load_readiness,
    result_names,
)
from .model import RuleSet
from .plan import build_plan
from .rulefiles import RuleFiles
from .version import ruleset_version

__all__ = ["REQUIRED_DIMENSIONS", "REQUIRED_PROGRAMS", "default_rules_dir", "load_ruleset"]


def default_rules_dir() -> Path:
    """`ADVISOR_RULES_DIR`, else the rules shipped in the wheel, else the checkout's `rules/`."""
    env = os.environ.get("ADVISOR_RULES_DIR")
    if env:
        return Path(env)
    return packaged_or_checkout("rules")


def load_ruleset(path: str | os.PathLike[str] | None = None) -> RuleSet:
    root = Path(path) if path is not None else default_rules_dir()
    if not root.is_dir():
        raise RulesError([RuleProblem(str(root), None, "rules directory not found")])
    rf = RuleFiles(root)
    steps, questions = load_questions(rf)
    names = {q.id: spec for q in questions if (spec := var_spec(q)) is not None}
    levels, dimensions = load_readiness(rf, names)
    program_names = {**names, **PROGRAM_NAMES}
    program_rules, program_cautions = load_program_rules(rf, program_names)
    programs = load_programs(rf, program_names)
    funding = load_funding(rf, names)
    lock_rules, bands = load_lock_in(rf, names)
    action_names = {**names, **result_names(levels, funding)}
    actions = load_actions(rf, action_names)
    strength_bands = load_strength(rf)
    program_steps, funding_steps = load_next_steps(rf, [p.id for p in programs], [f.id for f in funding])
    check_urls(rf)
    if rf.problems:
        raise RulesError(rf.problems)
    ruleset = RuleSet(
        version=ruleset_version(root),
        path=str(root),
        title="SME AI readiness and programme fit",
        steps=steps,
        questions=questions,
        levels=levels,
        dimensions=dimensions,
        programs=programs,
        program_rules=program_rules,
        program_cautions=program_cautions,
        funding=funding,
        lock_in_rules=lock_rules,
        lock_in_bands=bands,
        actions=actions,
        question_by_id={q.id: q for q in questions},
        strength_bands=strength_bands,
        program_steps=program_steps,
        funding_steps=funding_steps,
    )
    object.__setattr__(ruleset, "plan", build_plan(ruleset, names, program_names, action_names))
    return ruleset
