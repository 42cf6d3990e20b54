"""Typed, immutable objects that the loader builds from the rule files and the evaluator reads."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

Condition = Callable[[Mapping[str, Any]], bool]

HORIZONS: tuple[str, ...] = ("30_days", "90_days", "12_months")


@dataclass(frozen=True, slots=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True, slots=True)
class Step:
    id: str
    title: str
    intro: str


@dataclass(frozen=True, slots=True)
class Lever:
    """How far `next_level` may move a number lever in one step: up to
    `max(now + add, now * times, now + per_employee * employees)` (rounded down), so a step fits
    the firm (one more IT person in a bakery; a budget step that is not eight times today's).
    Enum levers move to the next value up their ordered list; these numbers do not apply."""

    add: int = 1
    times: float = 0
    per_employee: float = 0

    def limit(self, now: int, employees: int) -> int:
        return max(now + self.add, int(now * self.times), now + int(self.per_employee * employees))


@dataclass(frozen=True, slots=True)
class Question:
    """One answer key of contract 1.

    type: "string" | "int" | "bool" | "enum" | "multi" | "date".
    `ask` is False for keys that the questionnaire fills itself (as_of).
    `max_question` names another int question that bounds this one (it_staff <= employees).
    `exclusive` is a multi value that cannot stand beside another (cloud_platforms: none).
    `ordered` says an enum's values run in a meaningful order (the default), so moving two steps is
    a bigger change than moving one; `ordered: false` (industry) makes every change one step.
    `lever` marks what the business can change to raise its readiness: `next_level` suggests only
    levers, one step up (see `Lever`). `choice` marks the owner's preferences (format, hours,
    budget, timeline, tolerance, clouds): `what_if` varies only these. Facts of the business
    (industry, size, shareholding, sensitivity, languages, workforce mix) and goals are neither.
    """

    id: str
    step: str
    type: str
    label: str
    help: str = ""
    optional: bool = False
    default: Any = None
    ask: bool = True
    min: int | None = None
    max: int | None = None
    max_question: str | None = None
    min_length: int | None = None
    max_length: int | None = None
    choices: tuple[Choice, ...] = ()
    exclusive: str | None = None
    ordered: bool = True
    lever: Lever | None = None  # a readiness lever: next_level may suggest one step up
    choice: bool = False  # an owner's choice: what_if may vary it

    @property
    def may_be_unknown(self) -> bool:
        """An optional yes/no question without a default: unanswered means unknown, not no."""
        return self.optional and self.type == "bool" and self.default is None

    @property
    def values(self) -> tuple[str, ...]:
        return tuple(c.value for c in self.choices)

    def label_of(self, value: str) -> str:
        for c in self.choices:
            if c.value == value:
                return c.label
        return value


@dataclass(frozen=True, slots=True)
class Rule:
    """A condition with its effect. `points` is 0 for cautions; `horizon` is set for actions.
    `fact` and `topic` (programme fit and cautions only) document what the rule rests on and which
    concern it touches; they never enter the result."""

    id: str
    when: str
    test: Condition
    text: str
    points: int = 0
    horizon: str | None = None
    effect: str | None = None  # funding: likely | check | unlikely
    fact: str = ""
    topic: str = ""
    known_from: Any = None  # dt.date: before it the rule never fires (its fact was not yet public)


@dataclass(frozen=True, slots=True)
class Level:
    id: str
    min: int
    name: str
    meaning: str


@dataclass(frozen=True, slots=True)
class Dimension:
    id: str
    name: str
    description: str
    weight: int
    base: int
    rules: tuple[Rule, ...]
    meanings: Mapping[str, str]  # level id -> what that level means for this dimension


@dataclass(frozen=True, slots=True)
class Source:
    id: str
    title: str
    url: str | None
    as_of: str
    confidence: str
    known_from: Any = None  # dt.date: published then; not cited by an assessment dated before

    def to_dict(self) -> dict[str, Any]:
        return {"title": self.title, "url": self.url, "as_of": self.as_of, "confidence": self.confidence}


@dataclass(frozen=True, slots=True)
class Program:
    """A training programme or route. `attributes` is already in result form (see evaluate)."""

    id: str
    name: str
    summary: str
    base_fit: int
    sources: tuple[Source, ...]
    attributes: Mapping[str, Any]
    context: Mapping[str, Any]  # program_* names for conditions; timing names are added per as_of
    start: tuple[str, Any] | None  # (text as written, first day as date)
    end: tuple[str, Any] | None  # the whole entry's end only
    part_end: tuple[str, Any] | None  # the end of the part the `end` attribute names, if it names one
    recorded: Any  # dt.date: when its facts were recorded (newest source date); staleness counts from it
    fit: tuple[Rule, ...]
    cautions: tuple[Rule, ...]


@dataclass(frozen=True, slots=True)
class FundingScheme:
    id: str
    name: str
    summary: str
    default: str
    rules: tuple[Rule, ...]
    sources: tuple[Source, ...]


@dataclass(frozen=True, slots=True)
class StrengthBand:
    """A published band of programme fit (strength.yaml): fits from `min` up to the next band."""

    id: str
    min: int
    description: str


@dataclass(frozen=True, slots=True)
class LockInBand:
    risk: str
    min: int
    advice: str


@dataclass(frozen=True)
class RuleSet:
    version: str
    path: str
    title: str
    steps: tuple[Step, ...]
    questions: tuple[Question, ...]
    levels: tuple[Level, ...]
    dimensions: tuple[Dimension, ...]
    programs: tuple[Program, ...]
    program_rules: tuple[Rule, ...]
    program_cautions: tuple[Rule, ...]
    funding: tuple[FundingScheme, ...]
    lock_in_rules: tuple[Rule, ...]
    lock_in_bands: tuple[LockInBand, ...]
    actions: tuple[Rule, ...]
    question_by_id: Mapping[str, Question] = field(default_factory=dict)
    plan: Any = None  # plan.EvalPlan: the fused, precomputed form the evaluator runs
    # strength.yaml and next-steps.yaml (contract 2, round 3), already in result form
    strength_bands: tuple[StrengthBand, ...] = ()
    program_steps: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # id -> start, cost
    funding_steps: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)  # id -> start, pays

    def steps_with_questions(self) -> list[tuple[Step, list[Question]]]:
        """The questionnaire's steps in order, each with the questions a person is asked there."""
        return [(s, [q for q in self.questions if q.step == s.id and q.ask]) for s in self.steps]
