"""Compare two results (contract 2) of the same client: what changed since the previous assessment.

Pure data in, pure data out: no Flask, no database, so the compare page, the PDF section and the
tests all share one definition of "what moved".
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


def compare_results(previous: Mapping[str, Any], current: Mapping[str, Any]) -> dict[str, Any]:
    """Return the comparison dict the compare view and `advisor.report` both take.

    Dimensions and programmes follow the current result's order; an entry that exists in only one
    result (the rules gained or dropped it) gets ``None`` on the missing side so nothing is invented.
    Ranks are each result's `rank` (shared by equal fits), or for older results without it the 1-based
    position in `programs` (already best fit first).
    """
    prev_dims = {d["id"]: d for d in previous.get("readiness", {}).get("dimensions", [])}
    dimensions: list[dict[str, Any]] = []
    for dim in current.get("readiness", {}).get("dimensions", []):
        before = prev_dims.get(dim["id"], {}).get("score")
        after = dim.get("score")
        dimensions.append({
            "id": dim["id"], "name": dim.get("name", dim["id"]), "before": before, "after": after,
            "delta": _delta(before, after),
        })
    prev_rank = {p["id"]: (_rank(p, i), p) for i, p in enumerate(previous.get("programs", []), start=1)}
    programs: list[dict[str, Any]] = []
    for i, prog in enumerate(current.get("programs", []), start=1):
        rank = _rank(prog, i)
        old_rank, old = prev_rank.get(prog["id"], (None, {}))
        programs.append({
            "id": prog["id"], "name": prog.get("name", prog["id"]),
            "rank_before": old_rank, "rank_after": rank,
            "fit_before": old.get("fit"), "fit_after": prog.get("fit"),
        })
    prev_ready = previous.get("readiness", {})
    cur_ready = current.get("readiness", {})
    return {
        "previous_as_of": previous.get("ruleset", {}).get("as_of"),
        "overall": {
            "before": prev_ready.get("score"), "after": cur_ready.get("score"),
            "level_before": prev_ready.get("level"), "level_after": cur_ready.get("level"),
        },
        "dimensions": dimensions,
        "programs": programs,
    }


def _rank(program: Mapping[str, Any], position: int) -> int:
    """The result's own rank (equal fits share one) when it has it; older results: the position."""
    rank = program.get("rank")
    return rank if isinstance(rank, int) and not isinstance(rank, bool) else position


def _delta(before: Any, after: Any) -> int | None:
    if isinstance(before, int) and isinstance(after, int):
        return after - before
    return None
