"""Turn a result (contract 2) into the plain dict the report template shows.

Everything the PDF shows is decided here, as JSON-serialisable data: the cache key is a hash of
this dict, so nothing the template prints may come from anywhere else. Texts from the result and
from people (company name, notes) stay plain strings; the template's autoescaping handles them.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime
from typing import Any

from ..charts import PRINT_BARS, PRINT_RADAR, Bar, bar_chart, radar_chart
from ..formatting import as_utc, attribute_text, date_text, datetime_text, local_date
from ..vocabulary import HORIZONS, attribute_keys
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


def _attribute(key: str, attr: Any, sources: list[dict[str, Any]], t: Mapping[str, Any]) -> dict[str, Any]:
    """One comparison attribute, whatever shape it arrives in (unknown keys and gaps tolerated)."""
    if not isinstance(attr, Mapping):
        attr = {"value": attr}
    shown = attribute_text(attr, key)
    source = attr.get("source")
    ref = source + 1 if isinstance(source, int) and 0 <= source < len(sources) else None
    as_of = date_text(attr.get("as_of")) if attr.get("as_of") else ""
    label = t["attributes"].get(key, key.replace("_", " ").capitalize())
    return {"key": key, "label": str(label), "text": shown,
            "as_of": str(t["cost_as_of"].format(date=as_of)) if as_of else "",
            "reported": attr.get("confidence") == "reported", "source": ref}


def _sources(raw: Any, t: Mapping[str, Any]) -> list[dict[str, Any]]:
    out = []
    for i, s in enumerate(raw or [], start=1):
        url = s.get("url") if isinstance(s.get("url"), str) else None
        out.append({
            "n": i, "title": str(s.get("title", "")),
            # Only web addresses become links; a link in a PDF is never fetched while rendering.
            "url": url if url and url.startswith(("https://", "http://")) else None,
            "url_text": url or "",
            "as_of": str(t["source_as_of"].format(date=date_text(s.get("as_of")))) if s.get("as_of")
            else "",
            "reported": s.get("confidence") == "reported",
        })
    return out


def _programs(result: Mapping[str, Any], t: Mapping[str, Any]) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    programs = list(result.get("programs") or [])
    keys = attribute_keys(programs)
    out = []
    for rank, p in enumerate(programs, start=1):
        sources = _sources(p.get("sources"), t)
        attrs = p.get("attributes") if isinstance(p.get("attributes"), Mapping) else {}
        reasons = [_reason(r) for r in p.get("reasons") or []]
        out.append({
            "id": str(p.get("id", "")), "name": str(p.get("name", "")), "fit": int(p.get("fit", 0)),
            "rank": rank, "rank_text": str(t["program_rank"].format(rank=rank, count=len(programs))),
            "reasons_for": [r for r in reasons if r["points"] > 0],
            "reasons_against": [r for r in reasons if r["points"] < 0],
            "reasons_other": [r for r in reasons if r["points"] == 0],
            "cautions": [str(c.get("text", "")) for c in p.get("cautions") or []],
            "facts": [_attribute(k, attrs[k], sources, t) for k in keys if k in attrs],
            "sources": sources,
        })
    table = {
        "columns": [p["name"] for p in out],
        "rows": [{"label": str(t["attributes"].get(k, k.replace("_", " ").capitalize())),
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
    caution = (top["cautions"][0] if top and top["cautions"] else lock_in.get("advice") or "")
    first = next((g["steps"] for g in actions if g["horizon"] == "30_days"), [])
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


def _comparison(comparison: Mapping[str, Any] | None, t: Mapping[str, Any]) -> dict[str, Any] | None:
    if not comparison:
        return None
    overall = comparison.get("overall") or {}
    before, after = overall.get("before"), overall.get("after")
    delta = after - before if isinstance(before, int) and isinstance(after, int) else None
    return {
        "intro": str(t["changes_intro"].format(date=date_text(comparison.get("previous_as_of")))),
        "overall": {"before": before, "after": after, "delta": signed(delta) if delta is not None else "",
                    "levels": str(t["changes_levels"].format(before=overall.get("level_before", ""),
                                                             after=overall.get("level_after", "")))},
        "dimensions": [{"name": str(d.get("name", d.get("id", ""))), "before": d.get("before"),
                        "after": d.get("after"),
                        "delta": signed(int(d["delta"])) if isinstance(d.get("delta"), int) else ""}
                       for d in comparison.get("dimensions") or []],
        "programs": [{"name": str(p.get("name", p.get("id", ""))), "rank_before": p.get("rank_before"),
                      "rank_after": p.get("rank_after"), "fit_before": p.get("fit_before"),
                      "fit_after": p.get("fit_after")}
                     for p in comparison.get("programs") or []],
    }


def _moment(created_at: datetime | None, as_of: str) -> tuple[str, str]:
    """(W3C timestamp for the PDF metadata, the date shown): from created_at, else the result's date."""
    if created_at is None:
        day = date.fromisoformat(as_of) if as_of else date(1970, 1, 1)
        return f"{day.isoformat()}T00:00:00+08:00", day.isoformat()
    utc = as_utc(created_at).replace(microsecond=0)
    return f"{utc:%Y-%m-%dT%H:%M:%S}+00:00", local_date(created_at).isoformat()


def report_context(result: dict[str, Any], *, company_name: str | None, report_id: str,
                   created_at: datetime | None = None, notes: list[dict[str, Any]] | None = None,
                   comparison: dict[str, Any] | None = None, language: str = "en") -> dict[str, Any]:
    """The plain, JSON-serialisable dict the report template renders (charts included as SVG text)."""
    language, t = strings_for(language)
    ruleset = result.get("ruleset") or {}
    as_of = str(ruleset.get("as_of") or "")
    timestamp, shown_date = _moment(created_at, as_of)
    company = company_name.strip() if company_name and company_name.strip() else None

    raw_readiness = result.get("readiness") or {}
    dims = [{"id": str(d.get("id", "")), "name": str(d.get("name", "")), "score": int(d.get("score", 0)),
             "level": str(d.get("level", "")), "meaning": str(d.get("meaning", "")),
             "reasons": [_reason(r) for r in d.get("reasons") or []]}
            for d in raw_readiness.get("dimensions") or []]
    readiness = {"score": int(raw_readiness.get("score", 0)), "level": str(raw_readiness.get("level", "")),
                 "meaning": str(raw_readiness.get("meaning", "")), "dimensions": dims}

    programs, table = _programs(result, t)

    raw_lock = result.get("lock_in") or {}
    risk = str(raw_lock.get("risk", ""))
    lock_in = {"risk": risk, "risk_label": str(t["lock_in_risks"].get(risk, risk)),
               "reasons": [_reason(r) for r in raw_lock.get("reasons") or []],
               "advice": str(raw_lock.get("advice", ""))}

    raw_actions = list(result.get("actions") or [])
    horizons = list(HORIZONS) + sorted({str(a.get("horizon")) for a in raw_actions} - set(HORIZONS))
    actions = [{"horizon": h, "label": str(t["horizons"].get(h, h.replace("_", " "))),
                "steps": [str(a.get("text", "")) for a in raw_actions if a.get("horizon") == h]}
               for h in horizons]

    funding = [{"name": str(f.get("name", "")), "eligible": str(f.get("eligible", "")),
                "eligible_label": str(t["eligibility"].get(f.get("eligible"), f.get("eligible", ""))),
                "reasons": [str(r.get("text", "")) for r in f.get("reasons") or []],
                "sources": _sources(f.get("sources"), t)}
               for f in result.get("funding") or []]

    cmp = _comparison(comparison, t)
    previous = None
    if comparison:
        before = {str(d.get("id")): d.get("before") for d in comparison.get("dimensions") or []}
        previous = [before.get(d["id"]) if isinstance(before.get(d["id"]), int) else None for d in dims]

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
                  "report_id": str(report_id), "ruleset_version": str(ruleset.get("version", "")),
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
