"""The two error types of the engine: bad answers and bad rules. Both carry every problem found."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem with the answers: `field` is a top-level answer key, or None for the whole body.

    `message` is the English sentence API and CLI readers get (contract 1 shape, `to_dict`); `code`
    and `params` say the same as data, so a form can put it in its own words and language without
    reading the English (codes: required, null, not_integer, too_small, too_large, above_other,
    not_boolean, not_text, length, control_chars, bad_text, not_choice, not_list, empty_list,
    bad_item, duplicate_item, exclusive_item, not_date, unreal_date, unknown_key, not_object)."""

    field: str | None
    message: str
    code: str = ""
    params: Mapping[str, Any] = dataclasses.field(default_factory=dict)

    def to_dict(self) -> dict[str, str | None]:
        return {"field": self.field, "message": self.message}

    def __str__(self) -> str:
        return f"{self.field if self.field is not None else '(body)'}: {self.message}"


@dataclass(frozen=True, slots=True)
class RuleProblem:
    """One problem in the rule files: `path` relative to the rules directory, the rule id, the reason.

    `line` is set for YAML syntax errors, which have no rule id.
    """

    path: str
    rule: str | None
    reason: str
    line: int | None = None

    def __str__(self) -> str:
        if self.line is not None:
            return f"{self.path}:{self.line}: yaml: {self.reason}"
        return f"{self.path}: {self.rule or '-'}: {self.reason}"


class AnswersError(ValueError):
    """The answers break contract 1. `.problems` lists every problem, in question order."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


class RulesError(ValueError):
    """The rule files are invalid. `.problems` lists every problem found while loading."""

    def __init__(self, problems: list[RuleProblem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
