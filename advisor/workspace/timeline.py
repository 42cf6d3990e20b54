"""A client's timeline: notes and contacts (which belong to the client), assessments started and
finished, invites sent and opened, copies shared with the owner; newest first, across assessments."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import sqlalchemy as sa

from ..assessments.models import Assessment
from ..extensions import db
from .models import Client, Invite, Note


@dataclass(frozen=True, slots=True)
class Event:
    at: dt.datetime
    # a note kind (note|call|meeting|message|share), or assessment_started|assessment_finished|
    # invite_sent|invite_opened
    kind: str
    note: Note | None = None
    assessment: Assessment | None = None
    invite: Invite | None = None


def client_timeline(client: Client) -> list[Event]:
    events: list[Event] = []
    for n in db.session.scalars(sa.select(Note).where(Note.client_id == client.id)):
        events.append(Event(n.created_at, n.kind, note=n))
    for a in db.session.scalars(sa.select(Assessment).where(Assessment.client_id == client.id)):
        events.append(Event(a.created_at, "assessment_started", assessment=a))
        if a.status == "complete" and a.completed_at is not None:
            events.append(Event(a.completed_at, "assessment_finished", assessment=a))
    for i in db.session.scalars(sa.select(Invite).where(Invite.client_id == client.id)):
        events.append(Event(i.created_at, "invite_sent", invite=i))
        if i.used_at is not None:
            events.append(Event(i.used_at, "invite_opened", invite=i))
    # Newest first; at the same moment a note after the event it is about.
    return sorted(events, key=lambda e: (e.at, e.note is not None, e.note.id if e.note else 0), reverse=True)


def last_contact(client: Client) -> Note | None:
    """The latest contact (call, meeting, message, or a copy shared) on the client's timeline."""
    from .models import CONTACT_KINDS

    return db.session.scalar(
        sa.select(Note)
        .where(Note.client_id == client.id, Note.kind.in_(CONTACT_KINDS))
        .order_by(Note.created_at.desc(), Note.id.desc())
        .limit(1)
    )
