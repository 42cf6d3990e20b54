"""Workspace tables: clients, invites, notes, the caseload summary, and export jobs."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..dbtypes import UTCDateTime, utcnow
from ..extensions import db


class Client(db.Model):  # type: ignore[name-defined,misc]
    """A company an advisor works with. `owner_id` is the advisor whose caseload holds it."""

    __tablename__ = "clients"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    industry: Mapped[str | None] = mapped_column(sa.String(32))
    # The record an advisor needs to reach the client (purpose stated in the privacy notice: to
    # contact the business about its assessment and follow-ups; deleted with the client).
    contact_name: Mapped[str | None] = mapped_column(sa.String(200))
    phone: Mapped[str | None] = mapped_column(sa.String(32))
    email: Mapped[str | None] = mapped_column(sa.String(254))
    preferred_language: Mapped[str | None] = mapped_column(sa.String(8))  # en | zh | ms | ta
    # Singapore Unique Entity Number; not unique in the table (two advisors may hold one firm), a
    # duplicate is a warning on the form.
    uen: Mapped[str | None] = mapped_column(sa.String(10), index=True)
    employees: Mapped[int | None] = mapped_column()
    # Follow-ups: when to contact the client next and when to re-assess (Asia/Singapore dates).
    next_contact_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    reassess_on: Mapped[dt.date | None] = mapped_column(sa.Date)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Soft delete: hidden everywhere at once, restorable for CLIENT_RESTORE_DAYS, then purged.
    deleted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime, index=True)
    deleted_by: Mapped[int | None] = mapped_column()

    def __repr__(self) -> str:  # id only: company names stay out of logs
        return f"<Client {self.id}>"


class Invite(db.Model):  # type: ignore[name-defined,misc]
    """A private link the client opens to answer the questionnaire alone. Only the token's hash
    is stored; the link is shown once when created."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(sa.ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    created_by: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    used_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # The draft the invite started; set on first use so a reopened link resumes the same draft.
    assessment_id: Mapped[int | None] = mapped_column(sa.ForeignKey("assessments.id", ondelete="SET NULL"))


NOTE_KINDS = ("note", "call", "meeting", "message", "share")
CONTACT_KINDS = ("call", "meeting", "message", "share")


class Note(db.Model):  # type: ignore[name-defined,misc]
    """A note or a contact on the client's timeline. It belongs to the client (migration 0004 moved
    the old per-assessment notes there); `assessment_id` only says which assessment it is about, and
    is cleared when that assessment is deleted: the note stays with the client."""

    __tablename__ = "assessment_notes"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(sa.ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    assessment_id: Mapped[int | None] = mapped_column(
        sa.ForeignKey("assessments.id", ondelete="SET NULL"), index=True
    )
    # note | call | meeting | message | share (a copy sent to the owner); all but "note" are contacts.
    kind: Mapped[str] = mapped_column(sa.String(16), default="note")
    author_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"))
    body: Mapped[str] = mapped_column(sa.Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)


class ActionStep(db.Model):  # type: ignore[name-defined,misc]
    """An action-plan step of an assessment marked done (rule id of the action), with its date."""

    __tablename__ = "action_steps"

    id: Mapped[int] = mapped_column(primary_key=True)
    client_id: Mapped[int] = mapped_column(sa.ForeignKey("clients.id", ondelete="CASCADE"), index=True)
    assessment_id: Mapped[int] = mapped_column(sa.ForeignKey("assessments.id", ondelete="CASCADE"))
    rule: Mapped[str] = mapped_column(sa.String(100))
    done_on: Mapped[dt.date] = mapped_column(sa.Date)
    done_by: Mapped[int | None] = mapped_column()

    __table_args__ = (sa.UniqueConstraint("assessment_id", "rule", name="uq_action_steps_assessment_rule"),)


class CalendarFeed(db.Model):  # type: ignore[name-defined,misc]
    """An advisor's secret iCalendar feed URL (the token's hash only), revocable."""

    __tablename__ = "calendar_feeds"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    # The feed goes to Outlook or Google: the advisor may show client ids instead of names.
    show_ids: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class DigestSubscription(db.Model):  # type: ignore[name-defined,misc]
    """An advisor who opted in to the daily email digest."""

    __tablename__ = "digest_subscriptions"

    user_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), primary_key=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_sent_on: Mapped[dt.date | None] = mapped_column(sa.Date)


class CaseloadEntry(db.Model):  # type: ignore[name-defined,misc]
    """A flat copy of what the caseload list, its filters and the cohort view need from a finished
    advisor assessment, kept in step with `assessments` by the listeners in `summary.py`. It exists so
    that filtering 10,000 assessments never parses result JSON."""

    __tablename__ = "caseload_entries"

    assessment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("assessments.id", ondelete="CASCADE"), primary_key=True
    )
    owner_id: Mapped[int] = mapped_column(index=True)
    client_id: Mapped[int | None] = mapped_column(index=True)
    industry: Mapped[str | None] = mapped_column(sa.String(32))
    score: Mapped[int] = mapped_column()
    level: Mapped[str] = mapped_column(sa.String(64))
    top_program: Mapped[str | None] = mapped_column(sa.String(64))
    top_fit: Mapped[int | None] = mapped_column()
    lock_in_risk: Mapped[str | None] = mapped_column(sa.String(16))
    as_of: Mapped[dt.date] = mapped_column(sa.Date)
    completed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    ruleset_version: Mapped[str | None] = mapped_column(sa.String(32))
    # The client's most recent assessment: the cohort view counts clients, not re-assessments.
    latest: Mapped[bool] = mapped_column(default=True)

    __table_args__ = (sa.Index("ix_caseload_owner_as_of", "owner_id", "as_of"),)


class CaseloadDimension(db.Model):  # type: ignore[name-defined,misc]
    """One dimension score of a caseload entry: a row each, so new dimensions need no migration."""

    __tablename__ = "caseload_dimensions"

    assessment_id: Mapped[int] = mapped_column(
        sa.ForeignKey("caseload_entries.assessment_id", ondelete="CASCADE"), primary_key=True
    )
    dimension_id: Mapped[str] = mapped_column(sa.String(64), primary_key=True)
    name: Mapped[str] = mapped_column(sa.String(200))
    score: Mapped[int] = mapped_column()


class ExportJob(db.Model):  # type: ignore[name-defined,misc]
    """A ZIP of PDF reports, built inline or by an RQ worker. `assessment_ids` were checked
    against the owner when the job was made; the worker checks them again."""

    __tablename__ = "export_jobs"

    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(sa.ForeignKey("users.id"), index=True)
    status: Mapped[str] = mapped_column(sa.String(16), default="queued")  # queued|running|done|failed
    assessment_ids: Mapped[list[int]] = mapped_column(sa.JSON, default=list)
    # Which copy of each report: "owner" (no internal notes) or "internal" (with the notes).
    copy: Mapped[str] = mapped_column(sa.String(16), default="internal", server_default="internal")
    total: Mapped[int] = mapped_column(default=0)
    done: Mapped[int] = mapped_column(default=0)
    path: Mapped[str | None] = mapped_column(sa.String(500))
    error: Mapped[str | None] = mapped_column(sa.String(200))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)


class KeptForm(db.Model):  # type: ignore[name-defined,misc]
    """What an advisor typed into a workspace form that arrived after the session or its CSRF token
    had expired: kept (at most KEEP_HOURS) so the form comes back filled after signing in again. Only
    the hash of the key is stored; the key travels in the form page's address."""

    __tablename__ = "kept_forms"

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    user_id: Mapped[int | None] = mapped_column()  # the signed-out user, when the session still names one
    endpoint: Mapped[str] = mapped_column(sa.String(64))
    target: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)  # the form page's view args
    fields: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
