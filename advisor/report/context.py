"""Turn a result (contract 2) into the plain dict the report template shows.

Everything the PDF shows is decided here, as JSON-serialisable data: the cache key is a hash of
this dict, so nothing the template prints may come from anywhere else. Texts from the result and
from people (company name, notes) stay plain strings; the template's autoescaping handles them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from ..charts import PRINT_BARS, PRINT_RADAR, Bar, bar_chart, radar_chart
from ..engine.types import ReasonDict, ResultDict, SourceDict
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

if TYPE_CHECKING:  # the comparison is made by the workspace and handed in as plain data
    from ..workspace.compare import ComparisonDict

# An en dash stands in for the minus sign: Noto Sans has no U+2212, and falling back to the CJK font
# for one glyph would embed (and subset) a second, very large font in every report.
MINUS = "\u2013"


def signed(n: int) -> str:
    """+5, −3 or 0: the way points and changes are printed in the report."""
    return f"+{n}" if n > 0 else (f"{MINUS}{-n}" if n < 0 else "0")


def _reason(r: ReasonDict) -> dict[str, Any]:
    return {"text": r["text"], "points": r["points"], "points_text": signed(r["points"])}


def _attribute(key: str, attr: Mapping[str, Any], sources: list[dict[str, Any]],
               t: Mapping[str, Any]) -> dict[str, Any]:
    """One comparison attribute. Attributes are read generically, so a key the rules add later is
    listed too (after the known ones)."""
    source = attr.get("source")
    ref = source + 1 if isinstance(source, int) and 0 <= source < len(sources) else None
    as_of = date_text(attr.get("as_of"))
    return {"key": key, "label": attribute_label(key), "text": attribute_text(attr, key),
            "as_of": str(t["cost_as_of"].format(date=as_of)) if as_of else "",
            "reported": attr.get("confidence") == "reported", "source": ref}


def _sources(sources: list[SourceDict], t: Mapping[str, Any]) -> list[dict[str, Any]]:
    out = []
    for i, s in enumerate(sources, start=1):
        url = s["url"]
        out.append({
            "n": i, "title": s["title"],
            # Only web addresses become links; a link in a PDF is never fetched while rendering.
            "url": url if url and url.startswith(("https://", "http://")) else None,
            "url_text": url or "",
            "as_of": str(t["source_as_of"].format(date=date_text(s["as_of"]))) if s["as_of"] else "",
            "reported": s["confidence"] == "reported",
        })
    return out


def _programs(result: ResultDict, t: Mapping[str, Any]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    programs = result["programs"]
    keys = attribute_keys(programs)
    out: list[dict[str, Any]] = []
    for rank, p in enumerate(programs, start=1):
        sources = _sources(p["sources"], t)
        attrs: Mapping[str, Any] = p["attributes"]
        reasons = [_reason(r) for r in p["reasons"]]
        out.append({
            "id": p["id"], "name": p["name"], "fit": p["fit"],
            "rank": rank, "rank_text": str(t["program_rank"].format(rank=rank, count=len(programs))),
            "reasons_for": [r for r in reasons if r["points"] > 0],
            "reasons_against": [r for r in reasons if r["points"] < 0],
            "reasons_other": [r for r in reasons if r["points"] == 0],
            "cautions": [c["text"] for c in p["cautions"]],
            "facts": [_attribute(k, attrs[k], sources, t) for k in keys if k in attrs],
            "sources": sources,
        })
    table = {
        "columns": [p["name"] for p in out],
        "rows": [{"label": attribute_label(k),
                  "cells": [next((f for f in p["facts"] if f["key"] == k), None) for p in out]}
                 for k in keys],
    }
    return out, table


def _summary(readiness: Mapping[str, Any], programs: list[dict[str, Any]], lock_in: Mapping[str, Any],
             actions: list[dict[str, Any]], t: Mapping[str, Any]) -> dict[str, Any]:
    top = programs[0] if programs else None
    dims = readiness["dimensions"]
    weakest = min(dims, key=lambda d: d["score"]) if dims else None
    # The main caution is the top programme's own first caution; failing that, the lock-in advice.
    caution = top["cautions"][0] if top and top["cautions"] else lock_in["advice"]
    first: list[str] = next((g["steps"] for g in actions if g["horizon"] == "30_days"), [])
    return {
        "top": None if top is None else {
            "name": top["name"], "fit": top["fit"],
            "text": str(t["summary_top_text"].format(name=top["name"], fit=top["fit"])),
            "why": [r["text"] for r in sorted(top["reasons_for"], key=lambda r: -r["points"])[:3]],
        },
        "runner_up": [{"name": p["name"], "fit": p["fit"]} for p in programs[1:3]],
        "caution": caution or str(t["summary_no_caution"]),
        "weakest": None if weakest is None else str(t["summary_weakest_text"].format(
            name=weakest["name"], score=weakest["score"], level=weakest["level"],
            meaning=weakest["meaning"])),
        "first_steps": first[:4],
    }


def _comparison(comparison: ComparisonDict | None, t: Mapping[str, Any]) -> dict[str, Any] | None:
    if comparison is None:
        return None
    overall = comparison["overall"]
    before, after = overall["before"], overall["after"]
    delta = after - before if before is not None and after is not None else None
    return {
        "intro": str(t["changes_intro"].format(date=date_text(comparison["previous_as_of"]))),
        "overall": {"before": before, "after": after, "delta": signed(delta) if delta is not None else "",
                    "levels": str(t["changes_levels"].format(before=overall["level_before"] or "",
                                                             after=overall["level_after"] or ""))},
        "dimensions": [{"name": d["name"], "before": d["before"], "after": d["after"],
                        "delta": signed(d["delta"]) if d["delta"] is not None else ""}
                       for d in comparison["dimensions"]],
        "programs": [{"name": p["name"], "rank_before": p["rank_before"], "rank_after": p["rank_after"],
                      "fit_before": p["fit_before"], "fit_after": p["fit_after"]}
                     for p in comparison["programs"]],
    }


def _moment(created_at: datetime | None, as_of: str) -> tuple[str, str]:
    """(W3C timestamp for the PDF metadata, the date shown): from created_at, else the result's date."""
    if created_at is None:
        day = date.fromisoformat(as_of) if as_of else date(1970, 1, 1)
        return f"{day.isoformat()}T00:00:00+08:00", day.isoformat()
    utc = as_utc(created_at).replace(microsecond=0)
    return f"{utc:%Y-%m-%dT%H:%M:%S}+00:00", local_date(created_at).isoformat()


def report_context(result: ResultDict, *, company_name: str | None, report_id: str,
                   created_at: datetime | None = None, notes: list[dict[str, Any]] | None = None,
                   comparison: ComparisonDict | None = None, language: str = "en") -> dict[str, Any]:
    """The plain, JSON-serialisable dict the report template renders (charts included as SVG text)."""
    language, t = strings_for(language)
    as_of = result["ruleset"]["as_of"]
    timestamp, shown_date = _moment(created_at, as_of)
    company = company_name.strip() if company_name and company_name.strip() else None

    raw_readiness = result["readiness"]
    dims: list[dict[str, Any]] = [{"id": d["id"], "name": d["name"], "score": d["score"], "level": d["level"],
             "meaning": d["meaning"], "reasons": [_reason(r) for r in d["reasons"]]}
            for d in raw_readiness["dimensions"]]
    readiness = {"score": raw_readiness["score"], "level": raw_readiness["level"],
                 "meaning": raw_readiness["meaning"], "dimensions": dims}

    programs, table = _programs(result, t)

    raw_lock = result["lock_in"]
    lock_in = {"risk": raw_lock["risk"], "risk_label": risk_label(raw_lock["risk"]),
               "reasons": [_reason(r) for r in raw_lock["reasons"]], "advice": raw_lock["advice"]}

    actions = [{"horizon": h, "label": horizon_label(h),
                "steps": [a["text"] for a in result["actions"] if a["horizon"] == h]}
               for h in HORIZONS]

    funding = [{"name": f["name"], "eligible": f["eligible"],
                "eligible_label": eligibility_label(f["eligible"]),
                "reasons": [r["text"] for r in f["reasons"]], "sources": _sources(f["sources"], t)}
               for f in result["funding"]]

    cmp = _comparison(comparison, t)
    previous = None
    if comparison is not None:
        before = {d["id"]: d["before"] for d in comparison["dimensions"]}
        previous = [before.get(d["id"]) for d in dims]

    radar_alt = str(t["radar_alt"].format(items="; ".join(
        str(t["radar_item"].format(name=d["name"], score=d["score"])) for d in dims)))
    bar_alt = str(t["bar_alt"].format(items="; ".join(
        str(t["bar_item"].format(name=p["name"], fit=p["fit"])) for p in programs)))

    title = (str(t["document_title_for"].format(company=company)) if company else str(t["document_title"]))
    # The running header must fit on one line beside the section title: shorten long names there.
    short = company if company is None or len(company) <= 48 else company[:47].rstrip() + "\u2026"
    header = str(t["running_header_for"].format(title=t["running_title"], company=short)) if short \
        else str(t["running_title"])
    return {
        "language": language,
        "t": t,
        "meta": {"title": title, "header": header, "created": timestamp, "report_id": str(report_id)},
        "cover": {"company": company or str(t["unnamed_company"]), "date": date_text(shown_date),
                  "report_id": str(report_id), "ruleset_version": result["ruleset"]["version"],
                  "as_of": date_text(as_of)},
        "summary": _summary(readiness, programs, lock_in, actions, t),
        "readiness": readiness,
        "charts": {
            "radar": str(radar_chart([(d["name"], d["score"]) for d in dims], title=radar_alt,
                                     style=PRINT_RADAR, previous=previous,
                                     legend=(str(t["radar_now"]), str(t["radar_before"])))),
            "radar_alt": radar_alt,
            "fit": str(bar_chart([Bar(p["name"], p["fit"]) for p in programs], title=bar_alt,
                                 style=PRINT_BARS, highlight_first=True)),
            "fit_alt": bar_alt,
        },
        "programs": programs,
        "table": table,
        "lock_in": lock_in,
        "actions": actions,
        "funding": funding,
        "comparison": cmp,
        "notes": [{"by": str(t["notes_by"].format(author=str(n.get("author", "")),
                                                  date=datetime_text(str(n.get("created_at", ""))))),
                   "text": str(n.get("text", ""))} for n in notes or []],
    }
