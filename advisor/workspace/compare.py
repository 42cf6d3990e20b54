"""Compare two results (contract 2) of the same client: what changed since the previous assessment.

Pure data in, pure data out: no Flask, no database, so the compare page, the PDF section and the
tests all share one definition of "what moved".
"""

from __future__ import annotations

from typing import TypedDict

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


class ComparisonDict(TypedDict):
    previous_as_of: str
    overall: OverallChange
    dimensions: list[DimensionChange]
    programs: list[ProgramChange]


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
    }
