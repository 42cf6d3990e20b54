"""The view-model: everything a result says, in words of one language, as frozen dataclasses.

The results page, the workspace page, the PDF and `advisor score --format text` render this one
object, so they cannot disagree. Plain data only (strings, ints, bools, lists, dataclasses):
`dataclasses.asdict` gives the JSON-serialisable dict the PDF cache hashes.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Line:
    """One reason or caution: the rule's text, its points and how they are printed."""

    rule: str
    text: str
    points: int = 0
    points_text: str = ""  # "+5", "–3", "0"
    topic: str = ""


@dataclass(frozen=True)
class Source:
    n: int
    title: str
    url: str | None  # only web addresses become links
    url_text: str
    recorded: str  # "recorded on 29 November 2026"
    reported: bool


@dataclass(frozen=True)
class Fact:
    key: str
    label: str
    text: str
    as_of: str  # "as of 1 June 2026" (cost), else ""
    reported: bool
    source: int | None  # 1-based number in the programme's sources
    age: str  # "18 months old", else ""
    # Contract 5: the texts above shown in English in another language (no current translation of
    # the rule's text), for `lang="en"` where they are printed; empty in an English view.
    english: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Programme:
    id: str
    name: str
    fit: int
    rank: int
    joint: bool
    rank_text: str  # "Joint first", "Ranked third"
    rank_line: str  # "Joint first of 5"
    fit_text: str  # "Fit 72 out of 100"
    timing: str
    timing_alert: str | None
    reasons_for: list[Line]
    reasons_against: list[Line]
    reasons_other: list[Line]
    cautions: list[Line]
    adds_up: str
    details_summary: str  # "3 for, 1 against, 2 cautions"
    facts: list[Fact]
    sources: list[Source]
    # Contract 2 round 3 (None for results stored before): the band of fit, what it costs set
    # against the owner's budget, where to start (a page, someone to ask, or both).
    strength: str | None = None  # band id: strong / fair / weak
    strength_text: str | None = None  # "Fair fit"
    cost_text: str | None = None
    start_url: str | None = None  # only web addresses
    start_url_text: str = ""  # the address as shown, without "https://"
    start_ask: str | None = None
    english: list[str] = field(default_factory=list)  # texts above shown in English (contract 5)


@dataclass(frozen=True)
class ActionLine:
    """From answer to action, under a programme ranked first: how strong its fit is, what it costs
    against the budget, where to start. Every output renders these words as they are."""

    id: str
    name: str
    fit: int
    strength: str | None  # band id, None for results stored before round 3
    strength_line: str  # "Fair fit (62 out of 100)." / "Fit 45 out of 100."
    weak_note: str | None  # said when even the best fit is weak
    cost_text: str | None
    start_url: str | None
    start_url_text: str
    start_ask: str | None
    english: list[str] = field(default_factory=list)  # texts above shown in English (contract 5)


@dataclass(frozen=True)
class TopPick:
    id: str
    name: str
    fit: int
    fit_text: str
    why: list[str]
    caution: str  # the main caution, or the sentence that none applies
    english: list[str] = field(default_factory=list)  # texts above shown in English (contract 5)


@dataclass(frozen=True)
class Summary:
    """The answer first: who ranks first (possibly joint), why, what to watch, and the first step."""

    joint: bool
    headline: str  # "Joint first: A and B" / "Ranked first: A"; "" without programmes
    joint_note: str  # said under a shared first place: none of them is better
    top: list[TopPick]
    lock_in_risk: str
    lock_in_label: str
    lock_in_line: str
    first_step: str | None
    standing: str  # "Practitioner, overall 52 out of 100."
    weakest: str | None  # "Data scores 30 out of 100 (Aware). ..."
    actions: list[ActionLine] = field(default_factory=list)  # one per programme ranked first
    english: list[str] = field(default_factory=list)  # texts above shown in English (contract 5)


@dataclass(frozen=True)
class Change:
    question: str
    text: str  # "Data quality → Good"
    points: int
    points_text: str
    reaches: bool | None = None  # round 3: this change alone reaches the level


@dataclass(frozen=True)
class NextLevel:
    level: str
    score: int | None
    title: str  # "To reach Adopter in Data"
    intro: str  # "(score 65), one of these changes helps:"
    changes: list[Change]


@dataclass(frozen=True)
class Dimension:
    id: str
    name: str
    score: int
    level: str
    meaning: str
    reasons: list[Line]
    adds_up: str
    weight: int | None
    next: NextLevel | None
    english: list[str] = field(default_factory=list)  # texts above shown in English (contract 5)


@dataclass(frozen=True)
class Readiness:
    score: int
    level: str
    meaning: str
    dimensions: list[Dimension]
    weights: str  # the sentence on how the overall score is made
    english: list[str] = field(default_factory=list)  # texts above shown in English (contract 5)


@dataclass(frozen=True)
class WhatIf:
    known: bool  # False for results scored before the rules worked this out: say nothing
    changes: list[str]
    title: str  # "What a different preference would change"
    none: str  # said when no single change would do it


@dataclass(frozen=True)
class LockIn:
    risk: str
    label: str
    reasons: list[Line]
    advice: str
    english: list[str] = field(default_factory=list)  # texts above shown in English (contract 5)


@dataclass(frozen=True)
class ActionGroup:
    horizon: str
    label: str
    steps: list[str]
    english: list[str] = field(default_factory=list)  # texts above shown in English (contract 5)


@dataclass(frozen=True)
class Funding:
    id: str
    name: str
    eligible: str
    eligible_label: str
    reasons: list[str]
    sources: list[Source]
    # Contract 2 round 3 (None for results stored before): what it pays, where to start.
    pays_text: str | None = None
    start_url: str | None = None
    start_url_text: str = ""
    start_ask: str | None = None
    about: str | None = None  # what the scheme is, from the owner's word list (None: not known)
    english: list[str] = field(default_factory=list)  # texts above shown in English (contract 5)


@dataclass(frozen=True)
class TableRow:
    key: str
    label: str
    cells: list[Fact | None]


@dataclass(frozen=True)
class Table:
    columns: list[str]
    rows: list[TableRow]


@dataclass(frozen=True)
class AnswerRow:
    key: str
    question: str
    answer: str
    answered: bool


@dataclass(frozen=True)
class ComparedDimension:
    name: str
    before: int | None
    after: int | None
    delta: str


@dataclass(frozen=True)
class ComparedProgramme:
    name: str
    rank_before: str  # rank words, "" when the earlier result did not list it
    rank_after: str
    fit_before: int | None
    fit_after: int | None


@dataclass(frozen=True)
class Comparison:
    intro: str
    before: int | None
    after: int | None
    delta: str
    levels: str
    dimensions: list[ComparedDimension]
    programs: list[ComparedProgramme]


@dataclass(frozen=True)
class Term:
    term: str
    text: str


@dataclass(frozen=True)
class ProgrammeProperty:
    """Cautions every business gets for a programme (contract 2 round 3): stated once in the method
    section, not on the programme's card; a caution shared by several programmes (one vendor's cloud)
    is stated once under all their names."""

    ids: list[str]  # programme ids, in the result's order
    label: str  # their names in words: "AWS Skill Builder and Google Cloud Skills Boost"
    texts: list[str]  # the result's own caution texts
    english: list[str] = field(default_factory=list)  # texts above shown in English (contract 5)


@dataclass(frozen=True)
class Method:
    """The method section, shared word for word by the page and the PDF."""

    tie_rule: str
    independence: str
    legend: list[Term]  # how to read the numbers
    glossary: list[Term]  # technical words (open-weight model, prompt), after the owner's word list
    paragraphs: list[str]  # where the dimensions come from, how rules score, where facts come from
    properties_title: str = ""
    properties: list[ProgrammeProperty] = field(default_factory=list)


@dataclass(frozen=True)
class ResultView:
    language: str
    ruleset_version: str
    as_of: str  # ISO, from the result
    as_of_text: str  # "6 March 2024"
    summary: Summary
    readiness: Readiness
    programs: list[Programme]
    table: Table
    what_if: WhatIf
    lock_in: LockIn
    actions: list[ActionGroup]
    funding: list[Funding]
    told_us: list[AnswerRow]
    comparison: Comparison | None
    method: Method
    radar_title: str
    radar_desc: str
    bars_title: str
    joint_ranks: bool = False  # some rank is shared: the tie rule is worth stating
    notes: list[str] = field(default_factory=list)
    # "What these words mean": the owner's word list (presentation/glossary.py), shown where the
    # terms are used and in both reports.
    owner_words: list[Term] = field(default_factory=list)
