"""The data the results page draws, worked out from a stored result so the template stays a flat loop.

Everything here derives from the result itself (plus the questionnaire's labels for answer codes,
which a rule-set version fixes), so a rendered body can be cached by the result's bytes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...engine import Question
from ...formatting import attribute_text
from ...vocabulary import attribute_keys
from .answer_words import change_text, what_if_outcome
from .summary import Summary, joint_ranks, rank_text, ranks, summarise
from .timing import Timing, as_of_date, attribute_date, fact_age, programme_timing, recorded_text


def points_sum(reasons: list[Mapping[str, Any]]) -> int:
    return sum(int(r.get("points", 0) or 0) for r in reasons)


def adds_up(score: int, reasons: list[Mapping[str, Any]]) -> dict[str, Any]:
    """How a score is made: starting points plus each rule's points. The result does not hold the
    starting points, so they are worked out back from the score; at 0 or 100 the score may have been
    capped, and then only the rules' total is shown."""
    total = points_sum(reasons)
    capped = score in (0, 100) and bool(reasons)
    return {
        "base": None if capped else score - total,
        "total": total,
        "capped": capped,
        "parts": [int(r.get("points", 0) or 0) for r in reasons if r.get("points")],
    }


def timing_alerts(result: Mapping[str, Any]) -> dict[str, str]:
    as_of = as_of_date(result)
    if as_of is None:
        return {}
    out = {}
    for p in result.get("programs") or []:
        alert = programme_timing(p, as_of).alert
        if alert:
            out[str(p.get("id", ""))] = alert
    return out


def result_summary(result: Mapping[str, Any]) -> Summary:
    """The summary the page and the PDF both show (timing alerts included)."""
    return summarise(result, timing_alerts(result))


def _fact_rows(p: Mapping[str, Any], as_of: Any) -> list[dict[str, Any]]:
    attrs = p.get("attributes") or {}
    sources = list(p.get("sources") or [])
    keys = attribute_keys([p])
    rows = []
    for k in keys:
        a = attrs[k]
        if not isinstance(a, Mapping):
            a = {"value": a}
        source = a.get("source")
        ok_source = isinstance(source, int) and not isinstance(source, bool) and 0 <= source < len(sources)
        rows.append(
            {
                "key": k,
                "text": attribute_text(a, k),
                "reported": a.get("confidence") == "reported",
                "source": source + 1 if ok_source else None,
                "age": fact_age(attribute_date(a, sources), as_of) if as_of else None,
            }
        )
    return rows


def page_data(
    result: Mapping[str, Any], by_id: Mapping[str, Question], weights: Mapping[str, int] | None = None
) -> dict[str, Any]:
    """Everything the results body shows beyond the stored result's own fields."""
    as_of = as_of_date(result)
    programs = list(result.get("programs") or [])
    rank_list = ranks(programs)
    joint = joint_ranks(rank_list)
    progs = []
    for p, r, j in zip(programs, rank_list, joint, strict=True):
        timing = programme_timing(p, as_of) if as_of else Timing("", None)
        progs.append(
            {
                "id": p.get("id"),
                "rank": r,
                "joint": j,
                "rank_text": rank_text(r, j),
                "timing": timing.line,
                "adds_up": adds_up(int(p.get("fit", 0)), list(p.get("reasons") or [])),
                "facts": _fact_rows(p, as_of),
                "sources": [
                    {
                        "recorded": recorded_text(s.get("as_of"), as_of) if as_of else "",
                        "reported": s.get("confidence") == "reported",
                    }
                    for s in p.get("sources") or []
                ],
            }
        )
    names = {str(p.get("id")): str(p.get("name", "")) for p in programs}
    dims = []
    for d in (result.get("readiness") or {}).get("dimensions") or []:
        nxt = d.get("next_level")
        dims.append(
            {
                "adds_up": adds_up(int(d.get("score", 0)), list(d.get("reasons") or [])),
                "weight": (weights or {}).get(str(d.get("id"))),
                "next": None
                if not nxt
                else {
                    "level": str(nxt.get("level", "")),
                    "score": nxt.get("score"),
                    "changes": [
                        {"text": change_text(c, by_id), "points": int(c.get("points", 0) or 0)}
                        for c in nxt.get("changes") or []
                    ],
                },
            }
        )
    first = [str(p.get("id")) for p, r in zip(programs, rank_list, strict=True) if r == 1]
    what_if = [
        {
            "change": change_text(w, by_id),
            "top": names.get(str(w.get("top")), str(w.get("top", ""))),
            "outcome": what_if_outcome(str(w.get("top")), first),
        }
        for w in result.get("what_if") or []
    ]
    funding_sources = [
        [recorded_text(s.get("as_of"), as_of) if as_of else "" for s in f.get("sources") or []]
        for f in result.get("funding") or []
    ]
    return {
        "summary": result_summary(result),
        "programs": progs,
        "dimensions": dims,
        "what_if": what_if,
        "has_what_if": "what_if" in result,
        "funding_sources": funding_sources,
        "attribute_names": attribute_keys(programs),
    }
