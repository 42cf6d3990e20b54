"""Dates that come back: next contact and re-assessment per client, action-plan steps marked done,
and the "Needs attention" list (due and overdue follow-ups, drafts, invites, clients not re-assessed).

Dates are Asia/Singapore calendar dates. Writes flush and never commit (the view commits once).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from .. import audit
from ..assessments.models import Assessment
from ..audit import AuditEvent
from ..dbtypes import utcnow
from ..engine import today_in_singapore
from ..extensions import db
from ..formatting import local_date
from .models import ActionStep, CaseloadEntry, Client, Invite

STALE_DAYS = 183  # "not re-assessed in 6 months"
SOON_DAYS = 7  # a follow-up this close is listed as coming up


def add_months(day: dt.date, months: int) -> dt.date:
    """The same day `months` later, or the month's last day when it has no such day (31 Aug + 6)."""
    month0 = day.month - 1 + months
    year, month = day.year + month0 // 12, month0 % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return dt.date(year, month, d)
        except ValueError:
            continue
    raise ValueError("unreachable")  # pragma: no cover


def propose_reassess(result: dict[str, Any] | None, as_of: dt.date) -> dt.date | None:
    """The re-assessment date the action plan proposes: its "re-assess in 6 to 12 months" step gives
    the earlier end (6 months after the assessment date); a plan without it, its 12-month horizon."""
    if not result:
        return None
    actions = result.get("actions") or []
    if any(act.get("rule") == "act.reassess" for act in actions):
        return add_months(as_of, 6)
    if any(act.get("horizon") == "12_months" for act in actions):
        return add_months(as_of, 12)
    return None


def set_dates(
    client: Client, actor_id: int, *, next_contact_on: dt.date | None, reassess_on: dt.date | None
) -> None:
    client.next_contact_on = next_contact_on
    client.reassess_on = reassess_on
    audit.record(
        "client.follow_up",
        actor_id=actor_id,
        client_id=client.id,
        detail={
            "next_contact_on": next_contact_on.isoformat() if next_contact_on else None,
            "reassess_on": reassess_on.isoformat() if reassess_on else None,
        },
    )
    db.session.flush()


def steps_done(assessment_id: int) -> dict[str, ActionStep]:
    rows = db.session.scalars(sa.select(ActionStep).where(ActionStep.assessment_id == assessment_id))
    return {row.rule: row for row in rows}


def client_steps_done(client_id: int) -> dict[str, ActionStep]:
    """The client's steps done by rule, across assessments (latest date first): a step done under
    the previous plan stays done when a re-assessment's plan has it again."""
    rows = db.session.scalars(
        sa.select(ActionStep)
        .where(ActionStep.client_id == client_id)
        .order_by(ActionStep.done_on, ActionStep.id)
    )
    return {row.rule: row for row in rows}


def mark_step(a: Assessment, rule: str, actor_id: int, done_on: dt.date | None) -> ActionStep | None:
    """Mark one step of `a`'s plan done (on `done_on`, default today); None when the plan has no such
    step. Marking it again moves the date."""
    result: dict[str, Any] = dict(a.result or {})
    rules = {act.get("rule") for act in result.get("actions") or []}
    if rule not in rules or a.client_id is None:
        return None
    step = steps_done(a.id).get(rule)
    day = done_on or today_in_singapore()
    if step is None:
        step = ActionStep(client_id=a.client_id, assessment_id=a.id, rule=rule, done_on=day, done_by=actor_id)
        db.session.add(step)
    else:
        step.done_on = day
        step.done_by = actor_id
    audit.record(
        "action.done",
        actor_id=actor_id,
        client_id=a.client_id,
        assessment_id=a.id,
        detail={"rule": rule, "done_on": day.isoformat()},
    )
    db.session.flush()
    return step


def unmark_step(a: Assessment, rule: str, actor_id: int) -> bool:
    """Not done after all: the step goes from this plan and any earlier one of the client."""
    if a.client_id is None:
        return False
    steps = list(
        db.session.scalars(
            sa.select(ActionStep).where(ActionStep.client_id == a.client_id, ActionStep.rule == rule)
        )
    )
    if not steps:
        return False
    for step in steps:
        db.session.delete(step)
    audit.record(
        "action.undone", actor_id=actor_id, client_id=a.client_id, assessment_id=a.id, detail={"rule": rule}
    )
    db.session.flush()
    return True


# Needs attention -------------------------------------------------------------------------------------

# Order of the list: what is late first, then what waits on the advisor, then what waits on others.
KIND_ORDER = (
    "contact_overdue",
    "reassess_overdue",
    "owner_finished",
    "contact_due",
    "reassess_due",
    "draft",
    "invite_unfinished",
    "invite_unopened",
    "not_reassessed",
)


@dataclass(frozen=True, slots=True)
class Attention:
    kind: str  # one of KIND_ORDER
    client_id: int
    client_name: str
    owner_id: int
    day: dt.date | None = None  # the due date, the draft's start, the invite's creation...
    assessment_id: int | None = None
    invite_id: int | None = None

    def sort_key(self) -> tuple[int, dt.date, str, int]:
        return (
            KIND_ORDER.index(self.kind),
            self.day or dt.date.min,
            self.client_name.lower(),
            self.client_id,
        )


def _sg_date(moment: dt.datetime) -> dt.date:
    return local_date(moment)


def needs_attention(
    owner_clause: Any, *, today: dt.date | None = None, now: dt.datetime | None = None
) -> list[Attention]:
    """Everything waiting on the advisor(s) that `owner_clause` (a clause on `Client.owner_id`) selects,
    in KIND_ORDER, then by date."""
    today = today or today_in_singapore()
    now = now or utcnow()
    soon = today + dt.timedelta(days=SOON_DAYS)
    clients = {
        c.id: c
        for c in db.session.scalars(sa.select(Client).where(owner_clause, Client.deleted_at.is_(None)))
    }
    items: list[Attention] = []

    def add(kind: str, c: Client, **kw: Any) -> None:
        items.append(Attention(kind, c.id, c.name, c.owner_id, **kw))

    for c in clients.values():
        if c.next_contact_on is not None and c.next_contact_on <= soon:
            add("contact_overdue" if c.next_contact_on < today else "contact_due", c, day=c.next_contact_on)
        if c.reassess_on is not None and c.reassess_on <= soon:
            add("reassess_overdue" if c.reassess_on < today else "reassess_due", c, day=c.reassess_on)
    if not clients:
        return []
    ids = list(clients)

    invites = list(
        db.session.scalars(
            sa.select(Invite).where(
                Invite.client_id.in_(ids), Invite.revoked_at.is_(None), Invite.expires_at > now
            )
        )
    )
    invite_drafts = {i.assessment_id for i in invites if i.assessment_id is not None}
    drafts = {
        a.id: a
        for a in db.session.scalars(
            sa.select(Assessment).where(Assessment.client_id.in_(ids), Assessment.status == "draft")
        )
    }
    for i in invites:
        c = clients[i.client_id]
        if i.used_at is None:
            add("invite_unopened", c, day=_sg_date(i.created_at), invite_id=i.id)
        elif i.assessment_id in drafts:
            add(
                "invite_unfinished", c, day=_sg_date(i.used_at), invite_id=i.id, assessment_id=i.assessment_id
            )
    for a in drafts.values():
        if a.id not in invite_drafts:
            add("draft", clients[a.client_id], day=_sg_date(a.created_at), assessment_id=a.id)  # type: ignore[index]

    # Owners who finished through an invite since the advisor last opened that assessment.
    finished = db.session.execute(
        sa.select(CaseloadEntry.assessment_id, CaseloadEntry.client_id, CaseloadEntry.completed_at)
        .join(Invite, Invite.assessment_id == CaseloadEntry.assessment_id)
        .where(CaseloadEntry.client_id.in_(ids))
    ).all()
    for aid, cid, completed_at in finished:
        if cid is None:  # pragma: no cover - the query asked for these clients
            continue
        seen = db.session.scalar(
            sa.select(AuditEvent.id)
            .where(
                AuditEvent.client_id == cid,
                AuditEvent.assessment_id == aid,
                AuditEvent.action == "assessment.view",
                AuditEvent.at >= completed_at,
            )
            .limit(1)
        )
        if seen is None and completed_at is not None:
            add("owner_finished", clients[cid], day=_sg_date(completed_at), assessment_id=aid)

    # Clients whose latest finished assessment is older than six months, with no re-assessment planned.
    # From the narrow caseload summary (one row per finished assessment), not `assessments`, whose
    # rows carry the result JSON: 2 ms instead of 80 for 200 clients.
    latest = db.session.execute(
        sa.select(CaseloadEntry.client_id, sa.func.max(CaseloadEntry.as_of))
        .where(CaseloadEntry.client_id.in_(ids))
        .group_by(CaseloadEntry.client_id)
    ).all()
    cutoff = today - dt.timedelta(days=STALE_DAYS)
    for cid, as_of in latest:
        if cid is None:  # pragma: no cover - the query asked for these clients
            continue
        c = clients[cid]
        if as_of is not None and as_of < cutoff and c.reassess_on is None:
            add("not_reassessed", c, day=as_of)
    return sorted(items, key=Attention.sort_key)


def open_follow_ups(client: Client, *, today: dt.date | None = None) -> list[tuple[str, dt.date, bool]]:
    """(what, date, overdue) of the client's set dates, soonest first."""
    today = today or today_in_singapore()
    dates = [("contact", client.next_contact_on), ("reassess", client.reassess_on)]
    return sorted(((k, d, d < today) for k, d in dates if d is not None), key=lambda t: t[1])
