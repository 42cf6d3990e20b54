"""The pure scoring core: rules in, results out. No web framework, no database (see README.md)."""

from .answers import today_in_singapore, validate_answers
from .errors import AnswersError, Problem, RuleProblem, RulesError
from .evaluate import evaluate, evaluate_valid, program_properties, tie_key
from .loader import REQUIRED_DIMENSIONS, REQUIRED_PROGRAMS, default_rules_dir, load_ruleset
from .model import Question, RuleSet, Step
from .result import Result, canonical_json
from .types import (
    ActionDict,
    AttributeDict,
    AttributesDict,
    CautionDict,
    DimensionDict,
    FundingDict,
    LevelChangeDict,
    LockInDict,
    NextLevelDict,
    ProgramDict,
    ReadinessDict,
    ReasonDict,
    ResultDict,
    RulesetDict,
    SourceDict,
    WhatIfDict,
)

__all__ = [
    "REQUIRED_DIMENSIONS",
    "REQUIRED_PROGRAMS",
    "ActionDict",
    "AnswersError",
    "AttributeDict",
    "AttributesDict",
    "CautionDict",
    "DimensionDict",
    "FundingDict",
    "LevelChangeDict",
    "LockInDict",
    "NextLevelDict",
    "Problem",
    "ProgramDict",
    "Question",
    "ReadinessDict",
    "ReasonDict",
    "Result",
    "ResultDict",
    "RuleProblem",
    "RuleSet",
    "RulesError",
    "RulesetDict",
    "SourceDict",
    "Step",
    "WhatIfDict",
    "canonical_json",
    "default_rules_dir",
    "evaluate",
    "evaluate_valid",
    "load_ruleset",
    "program_properties",
    "tie_key",
    "today_in_singapore",
    "validate_answers",
]
