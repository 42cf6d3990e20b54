"""Turn a result (contract 2) into the plain dict the report template shows.

Everything the PDF shows is decided here, as JSON-serialisable data: the cache key is a hash of
this dict, so nothing the template prints may come from anywhere else. Texts from the result and
from people (company name, notes) stay plain strings; the template's autoescaping handles them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, datetime
from typing import Any

from ..assessments.results.answer_words import (
    answer_text,
    change_text,
    question_label,
    told_us,
    what_if_outcome,
)
from ..assessments.results.page import adds_up, result_summary
from ..assessments.results.summary import joint_ranks, rank_text, ranks, tie_rule_text
from ..assessments.results.timing import as_of_date, attribute_date, fact_age, programme_timing
from ..charts import PRINT_BARS, PRINT_RADAR, Bar, bar_chart, radar_chart
from ..engine import Question
from ..formatting import as_utc, attribute_text, date_text, datetime_text, local_date
from ..vocabulary import (
    HORIZONS,
    attribute_keys,
    attribute_label,
    eligibility_label,
    horizon_label,
    risk_label,
)
from .strings import strings_for

# An en dash stands in for the minus sign: Noto Sans has no U+2212, and falling back to the CJK font
# for one glyph would embed (and subset) a second, very large font in every report.
MINUS = "\u2013"


def signed(n: int) -> str:
    """+5, −3 or 0: the way points and changes are printed in the report."""
    return f"+{n}" if n > 0 else (f"{MINUS}{-n}" if n < 0 else "0")


def _reason(r: Mapping[str, Any]) -> dict[str, Any]:
    points = int(r.get("points", 0) or 0)
    return {"text": str(r.get("text", "")), "points": points, "points_text": signed(points)}


def _attribute(
    key: str,
    attr: Any,
    sources: list[dict[str, Any]],
    t: Mapping[str, Any],
    raw_sources: list[Mapping[str, Any]] | None = None,
    as_of: date | None = None,
) -> dict[str, Any]:
    """One comparison attribute, whatever shape it arrives in (unknown keys and gaps tolerated)."""
    if not isinstance(attr, Mapping):
        attr = {"value": attr}
    age = fact_age(attribute_date(attr, list(raw_sources or [])), as_of) if as_of else None
    shown = attribute_text(attr, key)
    source = attr.get("source")
    ref = source + 1 if isinstance(source, int) and 0 <= source < len(sources) else None
    own_date = date_text(attr.get("as_of")) if attr.get("as_of") else ""
    label = attribute_label(key)
    return {
        "key": key,
        "label": str(label),
        "text": shown,
        "as_of": str(t["cost_as_of"].format(date=own_date)) if own_date else "",
        "reported": attr.get("confidence") == "reported",
        "source": ref,
        "age": age or "",
    }


def _source_date(value: Any, as_of: date | None, t: Mapping[str, Any]) -> str:
    """When a source was recorded; said honestly when that is after a back-dated assessment."""
    if not value:
        return ""
    key = "source_after" if as_of is not None and str(value) > as_of.isoformat() else "source_as_of"
    return str(t[key].format(date=date_text(value)))


def _sources(raw: Any, t: Mapping[str, Any], as_of: date | None = None) -> list[dict[str, Any]]:
    out = []
    for i, s in enumerate(raw or [], start=1):
        url = s.get("url") if isinstance(s.get("url"), str) else None
        out.append(
            {
                "n": i,
                "title": str(s.get("title", "")),
                # Only web addresses become links; a link in a PDF is never fetched while rendering.
                "url": url if url and url.startswith(("https://", "http://")) else None,
                "url_text": url or "",
                "as_of": _source_date(s.get("as_of"), as_of, t),
                "reported": s.get("confidence") == "reported",
            }
        )
    return out


def _adds_up(score: int, reasons: list[Mapping[str, Any]], t: Mapping[str, Any], fit: bool) -> str:
    a = adds_up(score, reasons)
    if a["capped"]:
        return str(t["adds_up_capped" if fit else "adds_up_score_capped"].format(total=signed(a["total"])))
    parts = "".join(f" {'+' if x > 0 else MINUS} {abs(x)}" for x in a["parts"])
    if fit:
        return str(t["adds_up"].format(base=a["base"], parts=parts, fit=score))
    return str(t["adds_up_score"].format(base=a["base"], parts=parts, score=score))


def _programs(result: Mapping[str, Any], t: Mapping[str, Any]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    programs = list(result.get("programs") or [])
    keys = attribute_keys(programs)
    as_of = as_of_date(result)
    rank_list = ranks(programs)
    joint = joint_ranks(rank_list)
    out: list[dict[str, Any]] = []
    for p, rank, shared in zip(programs, rank_list, joint, strict=True):
        raw_sources = list(p.get("sources") or [])
        sources = _sources(raw_sources, t, as_of)
        attrs = p.get("attributes") if isinstance(p.get("attributes"), Mapping) else {}
        raw_reasons = list(p.get("reasons") or [])
        reasons = [_reason(r) for r in raw_reasons]
        fit = int(p.get("fit", 0))
        out.append(
            {
                "id": str(p.get("id", "")),
                "name": str(p.get("name", "")),
                "fit": fit,
                "rank": rank,
                "joint": shared,
                "rank_text": str(t["program_rank"].format(rank=rank_text(rank, shared), count=len(programs))),
                "timing": programme_timing(p, as_of).line if as_of else "",
                "adds_up": _adds_up(fit, raw_reasons, t, fit=True),
                "reasons_for": [r for r in reasons if r["points"] > 0],
                "reasons_against": [r for r in reasons if r["points"] < 0],
                "reasons_other": [r for r in reasons if r["points"] == 0],
                "cautions": [str(c.get("text", "")) for c in p.get("cautions") or []],
                "facts": [
                    _attribute(k, attrs[k], sources, t, raw_sources, as_of) for k in keys if k in attrs
                ],
                "sources": sources,
            }
        )
    table = {
        "columns": [p["name"] for p in out],
        "rows": [
            {
                "label": attribute_label(k),
                "cells": [next((f for f in p["facts"] if f["key"] == k), None) for p in out],
            }
            for k in keys
        ],
    }
    return out, table


def _summary(
    result: Mapping[str, Any], readiness: Mapping[str, Any], lock_in: Mapping[str, Any], t: Mapping[str, Any]
) -> dict[str, Any]:
    """The summary page: the same picks as the results page (`assessments.results.page.result_summary`)."""
    picked = result_summary(result)
    dims = readiness["dimensions"]
    weakest = min(dims, key=lambda d: d["score"]) if dims else None
    return {
        "joint": picked.joint,
        "heading": str(t["summary_top_joint" if picked.joint else "summary_top"]),
        "names": [p.name for p in picked.top],
        "top": [
            {
                "name": p.name,
                "fit": str(t["summary_fit"].format(fit=p.fit)),
                "why": p.reasons,
                "caution": p.caution or str(t["summary_no_caution"]),
            }
            for p in picked.top
        ],
        "lock_in_line": picked.lock_in_line,
        "first_step": picked.first_step,
        "readiness": str(
            t["summary_readiness_text"].format(
                level=readiness["level"], score=readiness["score"], meaning=readiness["meaning"]
            )
        ),
        "weakest": None
        if weakest is None
        else str(
            t["summary_weakest_text"].format(
                name=weakest["name"],
                score=weakest["score"],
                level=weakest["level"],
                meaning=weakest["meaning"],
            )
        ),
    }


def _comparison(comparison: Mapping[str, Any] | None, t: Mapping[str, Any]) -> dict[str, Any] | None:
    if not comparison:
        return None
    overall = comparison.get("overall") or {}
    before, after = overall.get("before"), overall.get("after")
    delta = after - before if isinstance(before, int) and isinstance(after, int) else None
    return {
        "intro": str(t["changes_intro"].format(date=date_text(comparison.get("previous_as_of")))),
        "overall": {
            "before": before,
            "after": after,
            "delta": signed(delta) if delta is not None else "",
            "levels": str(
                t["changes_levels"].format(
                    before=overall.get("level_before", ""), after=overall.get("level_after", "")
                )
            ),
        },
        "dimensions": [
            {
                "name": str(d.get("name", d.get("id", ""))),
                "before": d.get("before"),
                "after": d.get("after"),
                "delta": signed(int(d["delta"])) if isinstance(d.get("delta"), int) else "",
            }
            for d in comparison.get("dimensions") or []
        ],
        "programs": [
            {
                "name": str(p.get("name", p.get("id", ""))),
                "rank_before": p.get("rank_before"),
                "rank_after": p.get("rank_after"),
                "fit_before": p.get("fit_before"),
                "fit_after": p.get("fit_after"),
            }
            for p in comparison.get("programs") or []
        ],
    }


def _moment(created_at: datetime | None, as_of: str) -> tuple[str, str]:
    """(W3C timestamp for the PDF metadata, the date shown): from created_at, else the result's date."""
    if created_at is None:
        day = date.fromisoformat(as_of) if as_of else date(1970, 1, 1)
        return f"{day.isoformat()}T00:00:00+08:00", day.isoformat()
    utc = as_utc(created_at).replace(microsecond=0)
    return f"{utc:%Y-%m-%dT%H:%M:%S}+00:00", local_date(created_at).isoformat()


# The short report is for the two lowest readiness levels (Unaware and Aware: scores under the
# Practitioner level's 45); it keeps the summary, readiness, the top programmes, the plan and sources.
CONCISE_TOP_RANKS = 2
# The short report's key facts, for the first-ranked programmes only: who runs it, how it is taught,
# what it costs, how many places. Start and end are already in each programme's timing line.
CONCISE_FACTS = ("provider", "partners", "formats", "cost", "capacity")
VARIANTS = ("full", "concise")


def default_variant(result: Mapping[str, Any], level_names: Sequence[str] | None = None) -> str:
    """`concise` for the two lowest readiness levels, else `full`. `level_names` are the rule set's
    levels, lowest first; without them the level is read from the score (Practitioner starts at 45)."""
    readiness = result.get("readiness") or {}
    if level_names:
        return "concise" if str(readiness.get("level", "")) in tuple(level_names)[:2] else "full"
    return "concise" if int(readiness.get("score", 100) or 0) < 45 else "full"


def _dimension(
    d: Mapping[str, Any],
    by_id: Mapping[str, Question],
    t: Mapping[str, Any],
    max_changes: int = 3,
    answers: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    nxt = d.get("next_level")
    raw_reasons = list(d.get("reasons") or [])
    out: dict[str, Any] = {
        "id": str(d.get("id", "")),
        "name": str(d.get("name", "")),
        "score": int(d.get("score", 0)),
        "level": str(d.get("level", "")),
        "meaning": str(d.get("meaning", "")),
        "reasons": [_reason(r) for r in raw_reasons],
        "adds_up": _adds_up(int(d.get("score", 0)), raw_reasons, t, fit=False),
        "next": None,
    }
    if isinstance(nxt, Mapping) and nxt.get("changes"):
        out["next"] = {
            "title": str(t["next_level"].format(level=nxt.get("level", ""), dimension=out["name"])),
            "intro": str(t["next_level_intro"].format(score=nxt.get("score", ""))),
            "changes": [
                f"{change_text(c, by_id, answers)} ({signed(int(c.get('points', 0) or 0))})"
                for c in list(nxt.get("changes") or [])[:max_changes]
            ],
        }
    return out


def _what_if(
    result: Mapping[str, Any],
    by_id: Mapping[str, Question],
    names: Mapping[str, str],
    t: Mapping[str, Any],
    limit: int = 5,
    answers: Mapping[str, Any] | None = None,
) -> dict[str, Any] | None:
    if "what_if" not in result:
        return None  # scored before the rules worked this out: say nothing rather than "none"
    items = []
    first = [
        str(p.get("id"))
        for p, r in zip(result.get("programs") or [], ranks(list(result.get("programs") or [])), strict=True)
        if r == 1
    ]
    for w in list(result.get("what_if") or [])[:limit]:
        top = str(w.get("top", ""))
        items.append(
            str(
                t["what_if_item"].format(
                    change=change_text(w, by_id, answers),
                    top=names.get(top, top),
                    outcome=what_if_outcome(top, first),
                )
            )
        )
    return {"changes": items}


def _raw_answers(answers: Mapping[str, Any] | None) -> list[dict[str, str]]:
    """Answers without the questionnaire at hand: keys in words, values as given."""
    return [
        {"question": question_label(None, str(k)), "answer": answer_text(None, v)}
        for k, v in (answers or {}).items()
        if k != "as_of"
    ]


def report_context(
    result: Mapping[str, Any],
    *,
    company_name: str | None,
    report_id: str,
    created_at: datetime | None = None,
    notes: list[dict[str, Any]] | None = None,
    comparison: Mapping[str, Any] | None = None,
    language: str = "en",
    answers: Mapping[str, Any] | None = None,
    questions: Sequence[Question] = (),
    variant: str = "full",
    weights: Mapping[str, int] | None = None,
) -> dict[str, Any]:
    """The plain, JSON-serialisable dict the report template renders (charts included as SVG text).

    `answers` and `questions` (the rule set's) fill the "What you told us" appendix and put answers
    in words; `variant` is `full` or `concise`; `weights` (dimension id -> weight) are shown when the
    caller knows them to be the rules the result was scored with."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown report variant: {variant!r}")
    language, t = strings_for(language)
    by_id = {q.id: q for q in questions}
    ruleset = result.get("ruleset") or {}
    as_of = str(ruleset.get("as_of") or "")
    timestamp, shown_date = _moment(created_at, as_of)
    company = company_name.strip() if company_name and company_name.strip() else None

    raw_readiness = result.get("readiness") or {}
    # The short report names the one change that helps most; the full one up to three.
    dims = [
        _dimension(d, by_id, t, 1 if variant == "concise" else 3, answers)
        for d in raw_readiness.get("dimensions") or []
    ]
    weight_items = [
        str(t["weight_item"].format(name=d["name"], weight=weights[d["id"]]))
        for d in dims
        if weights and d["id"] in weights
    ]
    readiness = {
        "score": int(raw_readiness.get("score", 0)),
        "level": str(raw_readiness.get("level", "")),
        "meaning": str(raw_readiness.get("meaning", "")),
        "dimensions": dims,
        "weights": str(t["weights_text"].format(items=", ".join(weight_items)))
        if weight_items and len(weight_items) == len(dims)
        else str(t["weights_plain"]),
    }

    programs, table = _programs(result, t)

    raw_lock = result.get("lock_in") or {}
    risk = str(raw_lock.get("risk", ""))
    lock_in = {
        "risk": risk,
        "risk_label": risk_label(risk),
        "reasons": [_reason(r) for r in raw_lock.get("reasons") or []],
        "advice": str(raw_lock.get("advice", "")),
    }

    raw_actions = list(result.get("actions") or [])
    horizons = list(HORIZONS) + sorted({str(a.get("horizon")) for a in raw_actions} - set(HORIZONS))
    actions = [
        {
            "horizon": h,
            "label": horizon_label(h),
            "steps": [str(a.get("text", "")) for a in raw_actions if a.get("horizon") == h],
        }
        for h in horizons
    ]

    funding = [
        {
            "name": str(f.get("name", "")),
            "eligible": str(f.get("eligible", "")),
            "eligible_label": eligibility_label(str(f.get("eligible", ""))),
            "reasons": [str(r.get("text", "")) for r in f.get("reasons") or []],
            "sources": _sources(f.get("sources"), t, as_of_date(result)),
        }
        for f in result.get("funding") or []
    ]

    cmp = _comparison(comparison, t)
    previous = None
    if comparison:
        before = {str(d.get("id")): d.get("before") for d in comparison.get("dimensions") or []}
        previous = [before.get(d["id"]) if isinstance(before.get(d["id"]), int) else None for d in dims]

    radar_alt = str(
        t["radar_alt"].format(
            items="; ".join(str(t["radar_item"].format(name=d["name"], score=d["score"])) for d in dims)
        )
    )
    bar_alt = str(
        t["bar_alt"].format(
            items="; ".join(str(t["bar_item"].format(name=p["name"], fit=p["fit"])) for p in programs)
        )
    )

    title = str(t["document_title_for"].format(company=company)) if company else str(t["document_title"])
    # The running header must fit on one line beside the section title: shorten long names there.
    short = company if company is None or len(company) <= 48 else company[:47].rstrip() + "\u2026"
    header = (
        str(t["running_header_for"].format(title=t["running_title"], company=short))
        if short
        else str(t["running_title"])
    )
    return {
        "language": language,
        "t": t,
        "meta": {"title": title, "header": header, "created": timestamp, "report_id": str(report_id)},
        "cover": {
            "company": company or str(t["unnamed_company"]),
            "date": date_text(shown_date),
            "report_id": str(report_id),
            "ruleset_version": str(ruleset.get("version", "")),
            "as_of": date_text(as_of),
        },
        "variant": variant,
        "summary": _summary(result, readiness, lock_in, t),
        "readiness": readiness,
        "charts": {
            "radar": str(
                radar_chart(
                    [(d["name"], d["score"]) for d in dims],
                    title=radar_alt,
                    style=PRINT_RADAR,
                    previous=previous,
                    legend=(str(t["radar_now"]), str(t["radar_before"])),
                )
            ),
            "radar_alt": radar_alt,
            # Marking one bar as the best is wrong when the first rank is shared.
            "fit": str(
                bar_chart(
                    [Bar(p["name"], p["fit"]) for p in programs],
                    title=bar_alt,
                    style=PRINT_BARS,
                    highlight_first=sum(p["rank"] == 1 for p in programs) == 1,
                )
            ),
            "fit_alt": bar_alt,
        },
        "programs": programs
        if variant == "full"
        else [
            dict(p, facts=[f for f in p["facts"] if f["key"] in CONCISE_FACTS and p["rank"] == 1])
            for p in programs
            if p["rank"] <= CONCISE_TOP_RANKS
        ],
        "other_programs": []
        if variant == "full"
        else [
            {"name": p["name"], "rank_text": p["rank_text"], "fit": p["fit"]}
            for p in programs
            if p["rank"] > CONCISE_TOP_RANKS
        ],
        "table": table if variant == "full" else {"columns": [], "rows": []},
        "what_if": _what_if(
            result,
            by_id,
            {p["id"]: p["name"] for p in programs},
            t,
            3 if variant == "concise" else 5,
            answers,
        ),
        "told_us": [{"question": q, "answer": a} for q, a in told_us(questions, answers)]
        if answers is not None and questions
        else _raw_answers(answers),
        "tie_rule": tie_rule_text(),
        "lock_in": lock_in,
        "actions": actions,
        "funding": funding,
        "comparison": cmp,
        "notes": [
            {
                "by": str(
                    t["notes_by"].format(
                        author=str(n.get("author", "")), date=datetime_text(str(n.get("created_at", "")))
                    )
                ),
                "text": str(n.get("text", "")),
            }
            for n in notes or []
        ],
    }
