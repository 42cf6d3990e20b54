"""The pure scoring core: rules in, results out. No web framework, no database (see README.md)."""

from .answers import today_in_singapore, validate_answers
from .errors import AnswersError, Problem, RuleProblem, RulesError
from .evaluate import evaluate, evaluate_valid
from .loader import REQUIRED_DIMENSIONS, REQUIRED_PROGRAMS, default_rules_dir, load_ruleset
from .model import Question, RuleSet, Step
from .result import Result, canonical_json

__all__ = [
    "REQUIRED_DIMENSIONS", "REQUIRED_PROGRAMS", "AnswersError", "Problem", "Question", "Result",
    "RuleProblem", "RuleSet", "RulesError", "Step", "canonical_json", "default_rules_dir",
    "evaluate", "evaluate_valid", "load_ruleset", "today_in_singapore", "validate_answers",
]
