"""Database models (SQLAlchemy 2.x, typed). Times are stored in UTC and come back timezone-aware."""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from ..dbtypes import UTCDateTime, utcnow
from ..engine.types import ResultDict
from ..extensions import db


class Assessment(db.Model):  # type: ignore[name-defined,misc]
    """One questionnaire: a draft while answered, then a frozen result snapshot.

    `id` is internal only. People see `report_id` (short, not secret, one per version) and reach the
    assessment through a link (`AssessmentLink`). Versions: "Change my answers" adds a row with the same
    `series_id` (the first version's id) and the next `version`; links belong to the series, so one
    link opens the latest version and lists the earlier ones.
    """

    __tablename__ = "assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    report_id: Mapped[str] = mapped_column(sa.String(16), unique=True)
    # The first version's id (set right after its insert; never null once flushed) and this version's
    # number from 1. A plain column, not a foreign key: deleting one version (the workspace may) keeps
    # the series' other versions and links.
    series_id: Mapped[int | None] = mapped_column(index=True)
    version: Mapped[int] = mapped_column(default=1)
    answers: Mapped[dict[str, Any]] = mapped_column(sa.JSON, default=dict)
    step_index: Mapped[int] = mapped_column(default=0)
    consent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    status: Mapped[str] = mapped_column(sa.String(16), default="draft", index=True)
    # Parsed copy for queries and reports; deferred: pages read the canonical bytes below instead.
    result: Mapped[ResultDict | None] = mapped_column(sa.JSON, deferred=True)
    # The canonical bytes of `result` (contract 2): what the page, the API and the PDF show.
    result_json: Mapped[str | None] = mapped_column(sa.Text)
    ruleset_version: Mapped[str | None] = mapped_column(sa.String(32))
    as_of: Mapped[dt.date] = mapped_column(sa.Date)
    company_name: Mapped[str | None] = mapped_column(sa.String(200))
    # The language (contract 5 code) the owner started in or last chose; results and PDF follow it.
    language: Mapped[str] = mapped_column(sa.String(8), default="en", server_default="en")
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow, onupdate=utcnow)
    completed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # No foreign keys (migration 0002 adds none here): an anonymous assessment has neither, and the
    # workspace deletes a client's assessments itself before the client.
    owner_id: Mapped[int | None] = mapped_column(index=True)
    client_id: Mapped[int | None] = mapped_column(index=True)

    def __repr__(self) -> str:  # ids only: company names are personal data and stay out of logs
        return f"<Assessment {self.report_id} {self.status}>"


class AssessmentLink(db.Model):  # type: ignore[name-defined,misc]
    """A secret link to an assessment series: the owner's (answers, changes, deletes) or a read-only
    share. Only the token's SHA-256 is stored: a lost link is replaced by a new one, never shown again.
    Each link expires and can be revoked on its own."""

    __tablename__ = "assessment_links"

    id: Mapped[int] = mapped_column(primary_key=True)
    series_id: Mapped[int] = mapped_column(index=True)
    token_hash: Mapped[str] = mapped_column(sa.String(64), unique=True)
    kind: Mapped[str] = mapped_column(sa.String(16), default="owner")  # owner | share
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, index=True)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    # The advisor who made a share link (None: the owner's own link or a link the owner made).
    created_by: Mapped[int | None] = mapped_column()

    @property
    def is_owner(self) -> bool:
        return self.kind == "owner"

    def __repr__(self) -> str:  # never the hash: it identifies the link
        return f"<AssessmentLink {self.id} {self.kind} series={self.series_id}>"
