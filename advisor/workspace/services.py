"""Writes in the workspace: clients, advisor-run assessments, invites, notes, reassignment.

Views stay thin; each write here also adds its audit record to the same transaction. Nothing here
commits: the view commits once, so a write and its audit record are stored together or not at all.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, replace
from typing import Any

import sqlalchemy as sa
from flask import current_app

from .. import audit
from ..assessments import services as assessment_service
from ..assessments.models import Assessment
from ..dbtypes import utcnow
from ..extensions import db
from .models import ActionStep, CaseloadEntry, Client, Invite, Note

# The client record's optional fields (besides name and industry), as the form gives them.
RECORD_FIELDS = ("uen", "employees", "contact_name", "phone", "email", "preferred_language")


def create_client(owner_id: int, name: str, industry: str | None, **record: Any) -> Client:
    client = Client(owner_id=owner_id, name=name.strip(), industry=industry or None)
    for key in RECORD_FIELDS:
        setattr(client, key, record.get(key))
    db.session.add(client)
    db.session.flush()
    audit.record("client.create", actor_id=owner_id, client_id=client.id)
    return client


def update_client(client: Client, actor_id: int, name: str, industry: str | None, **record: Any) -> None:
    renamed = client.name != name.strip()
    client.name = name.strip()
    client.industry = industry or None
    for key in RECORD_FIELDS:
        if key in record:
            setattr(client, key, record[key])
    if renamed:
        # An open draft carries the company name into its answers: a rename reaches it too.
        for a in db.session.scalars(
            sa.select(Assessment).where(Assessment.client_id == client.id, Assessment.status == "draft")
        ):
            a.company_name = client.name
            a.answers = {**(a.answers or {}), "company_name": client.name}
    audit.record("client.update", actor_id=actor_id, client_id=client.id)


def duplicate_uen(uen: str | None, owner_clause: Any, *, exclude: int | None = None) -> list[Client]:
    """Live clients in the user's reach that already carry this UEN (a warning, not a refusal: a
    group's companies or a re-registered firm may share one)."""
    if not uen:
        return []
    stmt = sa.select(Client).where(Client.uen == uen, Client.deleted_at.is_(None), owner_clause)
    if exclude is not None:
        stmt = stmt.where(Client.id != exclude)
    return list(db.session.scalars(stmt.order_by(Client.name)))


def search_clause(q: str) -> Any:
    """Clients whose name contains `q` (any case) or whose UEN starts with it."""
    q = q.strip()
    uen = q.replace(" ", "").upper()
    return sa.or_(Client.name.icontains(q, autoescape=True), Client.uen.startswith(uen, autoescape=True))


def client_assessments(client: Client) -> list[Assessment]:
    return list(
        db.session.scalars(
            sa.select(Assessment)
            .where(Assessment.client_id == client.id)
            .order_by(Assessment.as_of.desc(), Assessment.created_at.desc())
        )
    )


def latest_complete(client: Client) -> Assessment | None:
    return db.session.scalar(
        sa.select(Assessment)
        .where(Assessment.client_id == client.id, Assessment.status == "complete")
        .order_by(Assessment.as_of.desc(), Assessment.completed_at.desc())
        .limit(1)
    )


def _client_language(a: Assessment, client: Client) -> None:
    """An assessment for the client starts in the client's preferred language (its pages and the
    owner's PDF follow it once that language is offered)."""
    if client.preferred_language:
        a.language = client.preferred_language


def start_assessment(client: Client, actor_id: int) -> tuple[Assessment, str]:
    """A new draft for the client, owned by the client's advisor. A re-assessment starts from the
    previous answers, so the advisor only changes what moved; the as-of date is today's."""
    a, token = assessment_service.create_draft(owner_id=client.owner_id, client_id=client.id, consent=True)
    previous = latest_complete(client)
    known: dict[str, object] = (
        {k: v for k, v in (previous.answers or {}).items() if k != "as_of"}
        if previous
        else ({"industry": client.industry} if client.industry else {})
    )
    a.company_name = client.name
    a.answers = {**known, "company_name": client.name}
    _client_language(a, client)
    audit.record("assessment.start", actor_id=actor_id, client_id=client.id, assessment_id=a.id)
    return a, token


def reopen_draft(a: Assessment, actor_id: int) -> str:
    """A link for the advisor to continue a draft. The advisor gets a link of their own: the owner's
    link (an invite's draft, or one the owner saved) keeps working. See `links.py`."""
    from .links import advisor_draft_link

    return advisor_draft_link(a, actor_id)


def previous_assessment(a: Assessment) -> Assessment | None:
    """The client's latest completed assessment before `a` (by as-of date, then completion time)."""
    if a.client_id is None or a.completed_at is None:
        return None
    earlier = sa.or_(
        Assessment.as_of < a.as_of,
        sa.and_(Assessment.as_of == a.as_of, Assessment.completed_at < a.completed_at),
    )
    return db.session.scalar(
        sa.select(Assessment)
        .where(
            Assessment.client_id == a.client_id,
            Assessment.id != a.id,
            Assessment.status == "complete",
            earlier,
        )
        .order_by(Assessment.as_of.desc(), Assessment.completed_at.desc())
        .limit(1)
    )


def delete_assessment(a: Assessment, actor_id: int) -> None:
    # Notes, ZIP exports, the invite and the audit record: `hooks.before_assessment_delete`.
    assessment_service.delete(a, actor_id=actor_id)


@dataclass(frozen=True, slots=True)
class DeleteCounts:
    """What a delete removes, shown on its confirmation page before anything goes."""

    assessments: int = 0
    finished: int = 0  # finished assessments: each has a PDF report
    notes: int = 0
    cached_pdfs: int = 0  # rendered copies of those reports in the PDF cache
    invites: int = 0


def _cached_pdfs(report_ids: list[str]) -> int:
    try:
        from ..report import PdfCache
    except ImportError:
        return 0
    cache = PdfCache(current_app.config["PDF_CACHE_DIR"])
    return sum(cache.count(rid) for rid in report_ids)


def assessment_counts(assessments: list[Assessment]) -> DeleteCounts:
    """What deleting these assessments removes (notes belong to the client and stay)."""
    return DeleteCounts(
        assessments=len(assessments),
        finished=sum(1 for a in assessments if a.status == "complete"),
        cached_pdfs=_cached_pdfs([a.report_id for a in assessments]),
    )


def client_counts(client: Client) -> DeleteCounts:
    notes = db.session.scalar(sa.select(sa.func.count()).select_from(Note).where(Note.client_id == client.id))
    counts = replace(assessment_counts(client_assessments(client)), notes=int(notes or 0))
    invites = db.session.scalar(
        sa.select(sa.func.count())
        .select_from(Invite)
        .where(Invite.client_id == client.id, Invite.revoked_at.is_(None))
    )
    return DeleteCounts(**{**asdict(counts), "invites": int(invites or 0)})


def restore_days() -> int:
    return int(current_app.config.get("CLIENT_RESTORE_DAYS", 7))


def delete_client(client: Client, actor_id: int, *, now: dt.datetime | None = None) -> DeleteCounts:
    """Soft delete: the client and everything of theirs disappear from every list at once; `purge`
    removes them for good once the restore window has passed."""
    counts = client_counts(client)
    client.deleted_at = now or utcnow()
    client.deleted_by = actor_id
    audit.record(
        "client.delete",
        actor_id=actor_id,
        client_id=client.id,
        detail={"assessments": counts.assessments, "notes": counts.notes, "restore_days": restore_days()},
    )
    db.session.flush()
    return counts


def restorable(client: Client, *, now: dt.datetime | None = None) -> bool:
    return client.deleted_at is not None and client.deleted_at > (now or utcnow()) - dt.timedelta(
        days=restore_days()
    )


def restore_client(client: Client, actor_id: int) -> None:
    client.deleted_at = None
    client.deleted_by = None
    audit.record("client.restore", actor_id=actor_id, client_id=client.id)
    db.session.flush()


def deleted_clients(owner_clause: Any, *, now: dt.datetime | None = None) -> list[Client]:
    """Deleted clients still inside the restore window, most recently deleted first."""
    cutoff = (now or utcnow()) - dt.timedelta(days=restore_days())
    return list(
        db.session.scalars(
            sa.select(Client)
            .where(owner_clause, Client.deleted_at.is_not(None), Client.deleted_at > cutoff)
            .order_by(Client.deleted_at.desc())
        )
    )


def purge_deleted_clients(*, now: dt.datetime | None = None) -> int:
    """Hard-delete clients deleted longer ago than the restore window, with every assessment (and,
    through the delete hooks, their notes, exports, invites and cached PDFs). Commits each client on
    its own, like a command: one client that fails to go does not keep the others. Returns the count."""
    from .keep import forget_expired

    forget_expired(now or utcnow())  # forms kept across an ended session: a day at most
    db.session.commit()
    cutoff = (now or utcnow()) - dt.timedelta(days=restore_days())
    doomed = list(
        db.session.scalars(
            sa.select(Client).where(Client.deleted_at.is_not(None), Client.deleted_at <= cutoff)
        )
    )
    for client in doomed:
        for a in client_assessments(client):
            assessment_service.delete(a, reason="purge")
        db.session.execute(sa.delete(Invite).where(Invite.client_id == client.id))
        # SQLite enforces ON DELETE CASCADE only with a pragma: remove the client's rows explicitly.
        db.session.execute(sa.delete(Note).where(Note.client_id == client.id))
        db.session.execute(sa.delete(ActionStep).where(ActionStep.client_id == client.id))
        audit.record("client.purge", actor_id=None, client_id=client.id)
        db.session.delete(client)
        db.session.commit()
    return len(doomed)


# Invites -------------------------------------------------------------------------------------------


def create_invite(client: Client, actor_id: int, *, now: dt.datetime | None = None) -> tuple[Invite, str]:
    now = now or utcnow()
    token, token_hash = assessment_service.new_token()
    days = int(current_app.config.get("INVITE_DAYS", 14))
    invite = Invite(
        client_id=client.id,
        created_by=actor_id,
        token_hash=token_hash,
        created_at=now,
        expires_at=now + dt.timedelta(days=days),
    )
    db.session.add(invite)
    db.session.flush()
    audit.record("invite.create", actor_id=actor_id, client_id=client.id, detail={"invite": invite.id})
    return invite, token


def find_invite(token: str, *, now: dt.datetime | None = None) -> Invite | None:
    """The usable invite for a token, or None when unknown, expired or revoked (never say which)."""
    if not token or len(token) > 100:
        return None
    invite: Invite | None = db.session.scalar(
        sa.select(Invite).where(Invite.token_hash == assessment_service.hash_token(token))
    )
    if invite is None or invite.revoked_at is not None or invite.expires_at <= (now or utcnow()):
        return None
    client = db.session.get(Client, invite.client_id)
    if client is None or client.deleted_at is not None:
        return None
    return invite


def use_invite(invite: Invite) -> tuple[Assessment, str] | None:
    """Start (or resume) the invite's draft and return it with a fresh link token. None when the
    invite's assessment is already finished: the link has done its job."""
    client = db.session.get(Client, invite.client_id)
    if client is None:
        return None
    a = db.session.get(Assessment, invite.assessment_id) if invite.assessment_id else None
    if a is not None and a.status != "draft":
        return None
    if a is None:
        a, token = assessment_service.create_draft(
            owner_id=client.owner_id, client_id=client.id, consent=True
        )
        a.answers = {"company_name": client.name}
        a.company_name = client.name
        _client_language(a, client)
        invite.assessment_id = a.id
        invite.used_at = invite.used_at or utcnow()
    else:
        token = assessment_service.renew_link(a)
    audit.record(
        "invite.use", actor_id=None, client_id=client.id, assessment_id=a.id, detail={"invite": invite.id}
    )
    return a, token


def revoke_invite(invite: Invite, actor_id: int) -> None:
    invite.revoked_at = utcnow()
    audit.record("invite.revoke", actor_id=actor_id, client_id=invite.client_id, detail={"invite": invite.id})


# Notes ---------------------------------------------------------------------------------------------


def add_client_note(
    client: Client,
    author_id: int,
    body: str,
    *,
    kind: str = "note",
    assessment_id: int | None = None,
) -> Note:
    """A note or a contact on the client's timeline. Drops the client's cached PDFs (the internal
    copy shows the notes) once committed."""
    note = Note(
        client_id=client.id, assessment_id=assessment_id, kind=kind, author_id=author_id, body=body.strip()
    )
    db.session.add(note)
    db.session.flush()
    audit.record(
        "note.create",
        actor_id=author_id,
        client_id=client.id,
        assessment_id=assessment_id,
        detail={"note": note.id, "kind": kind},
    )
    drop_client_pdfs(client.id)
    return note


def add_note(a: Assessment, author_id: int, body: str, *, kind: str = "note") -> Note:
    """A note written on an assessment's page: it belongs to the client, referencing `a`."""
    client = db.session.get(Client, a.client_id)
    if client is None:
        raise ValueError("an assessment without a client takes no notes")
    return add_client_note(client, author_id, body, kind=kind, assessment_id=a.id)


def client_notes(client_id: int | None) -> list[Note]:
    """Every note and contact of the client, oldest first (across all its assessments)."""
    if client_id is None:
        return []
    return list(
        db.session.scalars(
            sa.select(Note).where(Note.client_id == client_id).order_by(Note.created_at, Note.id)
        )
    )


def notes_of(a: Assessment) -> list[Note]:
    """The notes shown with an assessment: the whole client's (notes belong to the client)."""
    return client_notes(a.client_id)


def delete_note(note: Note, actor_id: int) -> None:
    audit.record(
        "note.delete",
        actor_id=actor_id,
        client_id=note.client_id,
        assessment_id=note.assessment_id,
        detail={"note": note.id},
    )
    drop_client_pdfs(note.client_id)
    db.session.delete(note)


def drop_client_pdfs(client_id: int) -> None:
    """After the commit, delete every cached PDF of the client's assessments that shows notes (the
    internal copies, named apart by the cache): notes belong to the client, so a note change makes
    all of them stale, and a stale file would keep a deleted note's text on disk. Copies without
    notes (the owner's, the public report) stay."""
    report_ids = list(
        db.session.scalars(
            sa.select(Assessment.report_id).where(
                Assessment.client_id == client_id, Assessment.status == "complete"
            )
        )
    )
    if not report_ids:
        return
    from ..after_commit import after_commit

    cache_dir = current_app.config["PDF_CACHE_DIR"]

    def remove() -> None:
        from ..report import PdfCache  # WeasyPrint loads only when a report is needed

        cache = PdfCache(cache_dir)
        for rid in report_ids:
            cache.delete_noted(rid)

    after_commit(db.session, remove)


# Admin ---------------------------------------------------------------------------------------------


def reassign_caseload(from_id: int, to_id: int, actor_id: int) -> int:
    """Move every client of one advisor, with their assessments, to another. Returns the count."""
    client_ids = list(db.session.scalars(sa.select(Client.id).where(Client.owner_id == from_id)))
    db.session.execute(sa.update(Client).where(Client.owner_id == from_id).values(owner_id=to_id))
    # Bulk updates skip the ORM listeners: move the caseload summary explicitly.
    db.session.execute(
        sa.update(Assessment)
        .where(Assessment.owner_id == from_id, Assessment.client_id.is_not(None))
        .values(owner_id=to_id)
    )
    db.session.execute(
        sa.update(CaseloadEntry).where(CaseloadEntry.owner_id == from_id).values(owner_id=to_id)
    )
    audit.record(
        "caseload.reassign",
        actor_id=actor_id,
        subject_user_id=from_id,
        detail={"to": to_id, "clients": client_ids},
    )
    return len(client_ids)
