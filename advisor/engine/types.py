"""Contract 2 as types: the shape of `Result.to_dict()` and of a stored result.

Readers (page, PDF, CSV, API, CLI) type against these names instead of re-parsing the dict. Keys are
declared in canonical order. The turn-2 additions (`rank`, `next_level`, `what_if`) are
`NotRequired`: results stored under older rule-set versions do not hold them.

No `from __future__ import annotations` here: TypedDict reads `NotRequired` at runtime, which string
annotations hide on Python 3.11 (every key would count as required).
"""

from typing import Any, Literal, NotRequired, TypedDict

Eligibility = Literal["likely", "check", "unlikely"]
Risk = Literal["low", "medium", "high"]
Horizon = Literal["30_days", "90_days", "12_months"]
Confidence = Literal["confirmed", "reported"]


class RulesetDict(TypedDict):
    version: str  # 16 hex digits
    as_of: str  # YYYY-MM-DD, the answers' assessment date


class ReasonDict(TypedDict):
    rule: str
    points: int  # the sign gives the direction
    text: str  # the English rendering, for API and CLI readers
    # Round 3: the rule's topic where it has one, and what each placeholder of the text stands for
    # (ISO dates, programme ids), so the text can be rendered in any language.
    topic: NotRequired[str]
    params: NotRequired[dict[str, Any]]


class CautionDict(TypedDict):
    rule: str
    text: str
    topic: NotRequired[str]
    params: NotRequired[dict[str, Any]]


class DimensionCostDict(TypedDict):
    dimension: str  # a dimension id
    points: int  # how much that dimension's score falls (negative)


class LevelChangeDict(TypedDict):
    """One single-answer change and the points it adds to the dimension's score."""

    question: str  # a lever (questions.yaml)
    answer: Any  # a valid value of that question (contract 1): the nearest that gains
    points: int
    reaches: NotRequired[bool]  # round 3: this change alone reaches the next level
    costs: NotRequired[list[DimensionCostDict]]  # round 3: other dimensions it lowers, in dimension order


class NextLevelDict(TypedDict):
    level: str  # the next level's name
    score: int  # the lowest score of that level
    changes: list[LevelChangeDict]


class DimensionDict(TypedDict):
    id: str
    name: str
    score: int
    level: str
    meaning: str
    reasons: list[ReasonDict]
    next_level: NotRequired[NextLevelDict | None]  # None at the top level


class ReadinessDict(TypedDict):
    score: int
    level: str
    meaning: str
    dimensions: list[DimensionDict]


class AttributeDict(TypedDict):
    """One comparison attribute. `source` indexes the programme's `sources`."""

    value: Any
    text: str
    source: int | None
    confidence: Confidence | None
    part: NotRequired[str]  # end only: the part of the entry that this end applies to
    precision: NotRequired[Literal["day", "month"] | None]  # start and end only
    as_of: NotRequired[str | None]  # cost only: the date of its source


class AttributesDict(TypedDict):
    provider: AttributeDict
    partners: AttributeDict
    model_scope: AttributeDict
    formats: AttributeDict
    certifications: AttributeDict
    audience: AttributeDict
    cost: AttributeDict
    start: AttributeDict
    end: AttributeDict
    capacity: AttributeDict


class SourceDict(TypedDict):
    title: str
    url: str | None
    as_of: str
    confidence: Confidence


class StartDict(TypedDict):
    """Where to start: an official page from the fact sheet, or who to ask (or both)."""

    url: str | None
    ask: str | None
    source: SourceDict


class CostDict(TypedDict):
    """What a programme costs, in its own currency, as of its source's date. `amount` 0 is free; None
    is not published. `per`: seat_year, seat_month, month, year, one_off, or None."""

    text: str
    currency: str | None
    amount: int | float | None
    per: str | None
    as_of: str
    source: SourceDict


class PaysDict(TypedDict):
    """What a funding scheme pays for, and the conditions that matter for training."""

    text: str
    source: SourceDict


class ProgramDict(TypedDict):
    id: str
    name: str
    fit: int
    rank: NotRequired[int]  # standard competition ranking over fit: 1, 1, 3
    strength: NotRequired[str]  # the band of fit (rules/strength.yaml): strong, fair, weak
    reasons: list[ReasonDict]
    cautions: list[CautionDict]
    attributes: AttributesDict
    start: NotRequired[StartDict]
    cost: NotRequired[CostDict]
    sources: list[SourceDict]


class FundingDict(TypedDict):
    id: str
    name: str
    eligible: Eligibility
    reasons: list[ReasonDict]
    start: NotRequired[StartDict]
    pays: NotRequired[PaysDict]
    sources: list[SourceDict]


class LockInDict(TypedDict):
    risk: Risk
    reasons: list[ReasonDict]
    advice: str


class ActionDict(TypedDict):
    horizon: Horizon
    rule: str
    text: str


class WhatIfDict(TypedDict):
    """A single-answer change of an owner's choice that would put a programme that is not first now
    into first place (alone or jointly)."""

    question: str
    answer: Any
    top: str  # round 3: that programme (before: the programme first in the new order)
    first: NotRequired[list[str]]  # round 3: every programme then first, in the new order


class ResultDict(TypedDict):
    ruleset: RulesetDict
    readiness: ReadinessDict
    programs: list[ProgramDict]
    funding: list[FundingDict]
    lock_in: LockInDict
    actions: list[ActionDict]
    what_if: NotRequired[list[WhatIfDict]]
