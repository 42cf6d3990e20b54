"""The audit log for people: records hold ids only (PDPA: the log must not outlive a deletion as
personal data), so the page looks the names up when it is shown: accounts by email, clients by name
(or "deleted"), assessments by report id, actions and details in words."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask_babel import lazy_gettext as _l

from ..assessments.models import Assessment
from ..audit import AuditEvent
from ..extensions import db
from .models import Client

ACTION_WORDS = {
    "client.create": _l("added a client"),
    "client.view": _l("opened a client"),
    "client.update": _l("changed a client's record"),
    "client.delete": _l("deleted a client"),
    "client.restore": _l("restored a client"),
    "client.purge": _l("deleted a client for good"),
    "client.follow_up": _l("set follow-up dates"),
    "client.share": _l("shared a report with the owner"),
    "assessment.start": _l("started an assessment"),
    "assessment.view": _l("opened an assessment"),
    "assessment.pdf": _l("downloaded a PDF report"),
    "assessment.compare": _l("compared two assessments"),
    "assessment.delete": _l("deleted an assessment"),
    "assessment.rescore": _l("re-scored an assessment"),
    "assessment.owner_finished": _l("the owner finished the questionnaire"),
    "assessment.brief": _l("opened a client brief"),
    "action.done": _l("marked a plan step done"),
    "action.undone": _l("marked a plan step not done"),
    "note.create": _l("added a note"),
    "note.delete": _l("deleted a note"),
    "invite.create": _l("created an invite link"),
    "invite.revoke": _l("switched an invite link off"),
    "invite.use": _l("an invite link was used"),
    "export.csv": _l("exported the caseload as CSV"),
    "export.zip": _l("downloaded reports as a ZIP"),
    "cohort.view": _l("viewed cohort figures"),
    "calendar.create": _l("made a calendar link"),
    "calendar.revoke": _l("switched a calendar link off"),
    "digest.subscribe": _l("asked for the daily email"),
    "digest.unsubscribe": _l("stopped the daily email"),
    "digest.sent": _l("was sent the daily email"),
    "user.create": _l("created an account"),
    "user.deactivate": _l("deactivated an account"),
    "user.activate": _l("activated an account"),
    "user.reset_password": _l("reset a password"),
    "user.change_password": _l("changed their password"),
    "caseload.reassign": _l("moved a caseload"),
    "audit.view": _l("viewed the audit log"),
    "user.login": _l("signed in"),
    "user.login_failed": _l("failed to sign in"),
    "user.logout": _l("signed out"),
    "export.download": _l("downloaded a ZIP export"),
    "assessment.reopen": _l("re-opened a draft"),
    "assessment.link_delete": _l("the owner deleted the assessment through its link"),
}


@dataclass(frozen=True, slots=True)
class EventRow:
    event: AuditEvent
    actor: str
    action: str
    client: str
    assessment: str
    subject: str
    detail: str


def _detail(detail: dict[str, Any] | None) -> str:
    if not detail:
        return ""

    def word(v: Any) -> str:
        if isinstance(v, bool):
            return "yes" if v else "no"
        if isinstance(v, list):
            return ", ".join(map(str, v)) if v else "none"
        if isinstance(v, dict):
            return "; ".join(f"{k} {word(x)}" for k, x in v.items()) or "none"
        return "none" if v is None else str(v)

    return "; ".join(f"{key.replace('_', ' ')}: {word(value)}" for key, value in detail.items())


def describe(events: Sequence[AuditEvent]) -> list[EventRow]:
    from ..accounts.models import User

    user_ids = {i for e in events for i in (e.actor_id, e.subject_user_id) if i is not None}
    client_ids = {e.client_id for e in events if e.client_id is not None}
    assessment_ids = {e.assessment_id for e in events if e.assessment_id is not None}
    emails = (
        {
            uid: email
            for uid, email in db.session.execute(sa.select(User.id, User.email).where(User.id.in_(user_ids)))
        }
        if user_ids
        else {}
    )
    clients = (
        {c.id: c for c in db.session.scalars(sa.select(Client).where(Client.id.in_(client_ids)))}
        if client_ids
        else {}
    )
    reports = (
        {
            aid: rid
            for aid, rid in db.session.execute(
                sa.select(Assessment.id, Assessment.report_id).where(Assessment.id.in_(assessment_ids))
            )
        }
        if assessment_ids
        else {}
    )

    def user(uid: int | None, none: str) -> str:
        if uid is None:
            return none
        return f"{emails[uid]} (#{uid})" if uid in emails else f"account #{uid} (gone)"

    def client(cid: int | None) -> str:
        if cid is None:
            return ""
        c = clients.get(cid)
        if c is None:
            return f"client #{cid} (deleted for good)"
        return f"{c.name} (#{cid}{', deleted' if c.deleted_at else ''})"

    def assessment(aid: int | None) -> str:
        if aid is None:
            return ""
        return f"{reports[aid]} (#{aid})" if aid in reports else f"assessment #{aid} (deleted)"

    return [
        EventRow(
            event=e,
            actor=user(
                e.actor_id,
                "the owner (invite link)"
                if e.action.startswith(("invite.", "assessment.owner"))
                else "system",
            ),
            action=str(ACTION_WORDS.get(e.action, e.action)),
            client=client(e.client_id),
            assessment=assessment(e.assessment_id),
            subject=user(e.subject_user_id, ""),
            detail=_detail(e.detail),
        )
        for e in events
    ]
