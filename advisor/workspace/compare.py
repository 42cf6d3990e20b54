"""Compare two results (contract 2) of the same client: what changed since the previous assessment.

Pure data in, pure data out: no Flask, no database, so the compare page, the PDF section and the
tests all share one definition of "what moved".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, TypedDict

from ..engine.types import ResultDict
from ..presentation.ranks import ranks


class OverallChange(TypedDict):
    before: int
    after: int
    level_before: str
    level_after: str


class DimensionChange(TypedDict):
    id: str
    name: str
    before: int | None  # None: the previous rules had no such dimension
    after: int
    delta: int | None


class ProgramChange(TypedDict):
    id: str
    name: str
    rank_before: int | None  # None: the previous result did not list the programme
    rank_after: int
    fit_before: int | None
    fit_after: int


class LockInChange(TypedDict):
    before: str | None
    after: str | None


class FundingChange(TypedDict):
    id: str
    name: str
    before: str | None  # likely | check | unlikely; None: not in the previous result
    after: str


class AnswerChange(TypedDict):
    question: str  # the answer key (contract 1)
    before: Any
    after: Any


class ComparisonDict(TypedDict):
    previous_as_of: str
    overall: OverallChange
    dimensions: list[DimensionChange]
    programs: list[ProgramChange]
    lock_in: LockInChange
    funding: list[FundingChange]


# Keys that are not answers about the business: the date and the name change with every visit.
_NOT_ANSWERS = ("as_of", "company_name")


def changed_answers(previous: Mapping[str, Any], current: Mapping[str, Any]) -> list[AnswerChange]:
    """The answers that differ, in the current answers' key order (then keys only the previous has).
    Lists compare as sets: their order never changes a result."""

    def same(a: Any, b: Any) -> bool:
        if isinstance(a, list) and isinstance(b, list):
            return sorted(map(str, a)) == sorted(map(str, b))
        return bool(a == b)

    keys = [k for k in current if k not in _NOT_ANSWERS]
    keys += [k for k in previous if k not in current and k not in _NOT_ANSWERS]
    return [
        {"question": k, "before": previous.get(k), "after": current.get(k)}
        for k in keys
        if not same(previous.get(k), current.get(k))
    ]


def compare_results(previous: ResultDict, current: ResultDict) -> ComparisonDict:
    """Return the comparison the compare view and `advisor.report` both take.

    Dimensions and programmes follow the current result's order; an entry that exists in only one
    result (the rules gained or dropped it) gets ``None`` on the missing side so nothing is invented.
    Ranks are each result's `rank` (shared by equal fits), or for older results without it the same
    competition ranking over fit the engine uses (advisor.presentation.ranks).
    """
    prev_dims = {d["id"]: d["score"] for d in previous["readiness"]["dimensions"]}
    dimensions: list[DimensionChange] = []
    for dim in current["readiness"]["dimensions"]:
        before = prev_dims.get(dim["id"])
        dimensions.append(
            {
                "id": dim["id"],
                "name": dim["name"],
                "before": before,
                "after": dim["score"],
                "delta": None if before is None else dim["score"] - before,
            }
        )
    # The one rank rule (advisor.presentation.ranks): stored ranks, else competition ranking over fit.
    prev_rank = {
        p["id"]: (r, p["fit"]) for p, r in zip(previous["programs"], ranks(previous["programs"]), strict=True)
    }
    programs: list[ProgramChange] = []
    for prog, rank in zip(current["programs"], ranks(current["programs"]), strict=True):
        old_rank, old_fit = prev_rank.get(prog["id"], (None, None))
        programs.append(
            {
                "id": prog["id"],
                "name": prog["name"],
                "rank_before": old_rank,
                "rank_after": rank,
                "fit_before": old_fit,
                "fit_after": prog["fit"],
            }
        )
    prev_ready, cur_ready = previous["readiness"], current["readiness"]
    prev_funding = {f["id"]: f["eligible"] for f in previous.get("funding") or []}
    funding: list[FundingChange] = [
        {"id": f["id"], "name": f["name"], "before": prev_funding.get(f["id"]), "after": f["eligible"]}
        for f in current.get("funding") or []
    ]
    return {
        "previous_as_of": previous["ruleset"]["as_of"],
        "overall": {
            "before": prev_ready["score"],
            "after": cur_ready["score"],
            "level_before": prev_ready["level"],
            "level_after": cur_ready["level"],
        },
        "dimensions": dimensions,
        "programs": programs,
        "lock_in": {
            "before": (previous.get("lock_in") or {}).get("risk"),
            "after": (current.get("lock_in") or {}).get("risk"),
        },
        "funding": funding,
    }
