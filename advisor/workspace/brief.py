"""The client brief: one screen (and a one-page PDF) with what an advisor needs before a call.

`client_brief` builds a plain view-model from the database: the latest readiness and its change, the
programme ranked first with its fit strength, the scheme to apply for and why, the next step with a
date, the last contact, open follow-ups and the latest notes. The page and the PDF render the same
dict, so they never disagree.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ..assessments import reports
from ..assessments.models import Assessment
from ..engine import today_in_singapore
from . import followups, services
from .models import Client
from .timeline import last_contact

NOTES_SHOWN = 3
# Fit bands when the stored result has no `strength` (results made before it existed).
_BANDS = ((60, "strong"), (40, "fair"), (0, "weak"))
_ELIGIBLE_ORDER = {"likely": 0, "check": 1}


def strength_of(program: dict[str, Any]) -> str:
    given = program.get("strength")
    if isinstance(given, str) and given:
        return given
    fit = int(program.get("fit") or 0)
    return next(band for floor, band in _BANDS if fit >= floor)


def _scheme(result: dict[str, Any]) -> dict[str, Any] | None:
    """The scheme to apply for: the first `likely` one, else the first to `check`; never `unlikely`."""
    candidates = [f for f in result.get("funding") or [] if f.get("eligible") in _ELIGIBLE_ORDER]
    if not candidates:
        return None
    best = min(candidates, key=lambda f: _ELIGIBLE_ORDER[f["eligible"]])
    why = [r.get("text", "") for r in best.get("reasons") or [] if int(r.get("points", 1) or 0) >= 0]
    return {"id": best.get("id"), "name": best.get("name"), "eligible": best["eligible"], "why": why[:2]}


def _next_step(result: dict[str, Any], done: set[str]) -> dict[str, Any] | None:
    for act in result.get("actions") or []:
        if act.get("rule") not in done:
            return {"rule": act.get("rule"), "horizon": act.get("horizon"), "text": act.get("text", "")}
    return None


def _joint(rank: int, programs: list[dict[str, Any]]) -> bool:
    return sum(1 for p in programs if p.get("rank", 0) == rank) > 1


def client_brief(client: Client, *, today: dt.date | None = None) -> dict[str, Any]:
    today = today or today_in_singapore()
    latest = services.latest_complete(client)
    brief: dict[str, Any] = {  # a plain dict: the page and the PDF read the same keys
        "client": {
            "id": client.id,
            "name": client.name,
            "industry": client.industry,
            "employees": client.employees,
            "contact_name": client.contact_name,
            "phone": client.phone,
            "email": client.email,
            "preferred_language": client.preferred_language,
            "uen": client.uen,
        },
        "today": today.isoformat(),
        "assessment": None,
        "change": None,
        "program": None,
        "scheme": None,
        "next_step": None,
        "next_date": None,
        "last_contact": None,
        "follow_ups": [
            {"what": what, "date": d.isoformat(), "overdue": overdue}
            for what, d, overdue in followups.open_follow_ups(client, today=today)
        ],
        "notes": [],
    }
    contact = last_contact(client)
    if contact is not None:
        brief["last_contact"] = {
            "kind": contact.kind,
            "at": contact.created_at.isoformat(),
            "text": contact.body,
        }
    notes = services.client_notes(client.id)
    brief["notes"] = [
        {"kind": n.kind, "at": n.created_at.isoformat(), "text": n.body}
        for n in reversed(notes[-NOTES_SHOWN:])
    ]
    brief["notes_total"] = len(notes)
    dates = [d for d in (client.next_contact_on, client.reassess_on) if d is not None]
    if dates:
        brief["next_date"] = min(dates).isoformat()
    if latest is None:
        return brief
    result: dict[str, Any] = dict(reports.stored_result(latest))
    readiness: dict[str, Any] = result["readiness"]
    brief["assessment"] = {
        "id": latest.id,
        "report_id": latest.report_id,
        "as_of": latest.as_of.isoformat(),
        "score": readiness["score"],
        "level": readiness["level"],
    }
    previous: Assessment | None = services.previous_assessment(latest)
    if previous is not None:
        earlier: dict[str, Any] = dict(reports.stored_result(previous))
        prev: dict[str, Any] = earlier["readiness"]
        brief["change"] = {
            "points": readiness["score"] - prev["score"],
            "since": previous.as_of.isoformat(),
            "level_before": prev["level"],
        }
    programs = list(result.get("programs") or [])
    if programs:
        top = programs[0]
        if "rank" in top:
            joint = _joint(int(top["rank"]), programs)
        else:  # results made before ranks: equal fits share first place
            joint = len(programs) > 1 and programs[1]["fit"] == top["fit"]
        brief["program"] = {
            "id": top["id"],
            "name": top["name"],
            "fit": top["fit"],
            "strength": strength_of(top),
            "joint": joint,
        }
    brief["scheme"] = _scheme(result)
    done = set(followups.client_steps_done(client.id))
    brief["next_step"] = _next_step(result, done)
    brief["steps_done"] = sum(1 for act in result.get("actions") or [] if act.get("rule") in done)
    brief["steps_total"] = len(result.get("actions") or [])
    proposed = followups.propose_reassess(result, latest.as_of)
    brief["proposed_reassess"] = proposed.isoformat() if proposed else None
    return brief
