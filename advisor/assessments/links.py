"""Links to an assessment and its versions: the one place a secret token is turned into an assessment.

An assessment series (the first version and every "Change my answers" version after it) has several
links: the owner's (answers, changes, renews, deletes) and read-only shares (an advisor's, say). Each
link is a random token (32 bytes, URL-safe) of which only the SHA-256 is stored, and each expires and
can be revoked on its own. Every token lookup goes through `find_link`, so a check that must hold for
every link (unknown, expired, revoked, a deleted client's...) has a single home. Tokens are never
logged: nothing here formats one into a message.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable

import sqlalchemy as sa
from flask import abort

from ..dbtypes import utcnow
from ..extensions import db
from .models import Assessment, AssessmentLink

OWNER = "owner"
SHARE = "share"
KINDS = (OWNER, SHARE)
# A longer "token" is no token of ours: refuse it before hashing anything.
_MAX_TOKEN_LENGTH = 100

# Features that can hide an assessment without deleting it (the workspace: a client in its restore
# window) register a check here; the assessments feature cannot import them.
_hidden_checks: list[Callable[[Assessment], bool]] = []


def hide_when(check: Callable[[Assessment], bool]) -> None:
    """Register `check(assessment) -> True` to make its links answer 404 (idempotent)."""
    if check not in _hidden_checks:
        _hidden_checks.append(check)


def is_hidden(assessment: Assessment) -> bool:
    """True while some feature hides this assessment (e.g. its client is deleted, not yet purged):
    every link to it (page, PDF, API, draft) answers 404 until it is restored."""
    return any(check(assessment) for check in _hidden_checks)


# Features that keep a record the link holder deletes (the workspace: an advisor's client record
# becomes a soft delete the advisor is told about) register a handler returning True when it kept it.
_link_delete_handlers: list[Callable[[Assessment], bool]] = []


def on_link_delete(handler: Callable[[Assessment], bool]) -> None:
    """Register `handler(assessment) -> True when it kept (withdrew) the record` (idempotent)."""
    if handler not in _link_delete_handlers:
        _link_delete_handlers.append(handler)


def kept_by_link_delete(assessment: Assessment) -> bool:
    """Whether a feature keeps the record the link holder deletes (`on_link_delete`); see
    `services.delete_by_link`."""
    return any(handler(assessment) for handler in _link_delete_handlers)


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh link token (32 random bytes, URL-safe) and the hash that is stored instead of it."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def add_link(
    series_id: int,
    *,
    days: int,
    kind: str = OWNER,
    created_by: int | None = None,
    now: dt.datetime | None = None,
) -> tuple[AssessmentLink, str]:
    """A new live link to the series, valid for `days`; returns it and its token (shown once)."""
    if kind not in KINDS:
        raise ValueError(f"unknown link kind {kind!r}")
    now = now or utcnow()
    token, token_hash = new_token()
    link = AssessmentLink(
        series_id=series_id,
        token_hash=token_hash,
        kind=kind,
        created_at=now,
        expires_at=now + dt.timedelta(days=days),
        created_by=created_by,
    )
    db.session.add(link)
    db.session.flush()
    return link, token


def is_live(link: AssessmentLink, now: dt.datetime | None = None) -> bool:
    return link.revoked_at is None and link.expires_at > (now or utcnow())


def find(token: str, *, now: dt.datetime | None = None) -> tuple[AssessmentLink, Assessment] | None:
    """The live link a token names and the latest version it opens (one query), or None when the
    token is unknown, expired or revoked, or its series is gone (never say which). Every token
    lookup comes here: a check that must hold for every link belongs in this function."""
    if not token or len(token) > _MAX_TOKEN_LENGTH:
        return None
    row = db.session.execute(
        sa.select(AssessmentLink, Assessment)
        .join(Assessment, Assessment.series_id == AssessmentLink.series_id)
        .where(AssessmentLink.token_hash == hash_token(token))
        .order_by(Assessment.version.desc())
        .limit(1)
    ).first()
    if row is None:
        return None
    link, newest = row
    if not is_live(link, now) or is_hidden(newest):
        return None
    return link, newest


def find_link(token: str, *, now: dt.datetime | None = None) -> AssessmentLink | None:
    """The live link a token names, or None (see `find`)."""
    found = find(token, now=now)
    return None if found is None else found[0]


def versions(series_id: int) -> list[Assessment]:
    """Every version of the series, first first."""
    return list(
        db.session.scalars(
            sa.select(Assessment).where(Assessment.series_id == series_id).order_by(Assessment.version)
        )
    )


def latest(series_id: int) -> Assessment | None:
    """The newest version, finished or not (a change in progress is a draft version)."""
    found: Assessment | None = db.session.scalar(
        sa.select(Assessment)
        .where(Assessment.series_id == series_id)
        .order_by(Assessment.version.desc())
        .limit(1)
    )
    return found


def latest_complete(series_id: int) -> Assessment | None:
    found: Assessment | None = db.session.scalar(
        sa.select(Assessment)
        .where(Assessment.series_id == series_id, Assessment.status == "complete")
        .order_by(Assessment.version.desc())
        .limit(1)
    )
    return found


def series_links(series_id: int) -> list[AssessmentLink]:
    return list(
        db.session.scalars(
            sa.select(AssessmentLink)
            .where(AssessmentLink.series_id == series_id)
            .order_by(AssessmentLink.created_at, AssessmentLink.id)
        )
    )


def find_assessment(token: str, *, now: dt.datetime | None = None) -> Assessment | None:
    """The latest version a token opens, or None when the link is not live (never say why)."""
    found = find(token, now=now)
    return None if found is None else found[1]


def link_or_404(token: str, *, owner: bool = True) -> tuple[AssessmentLink, Assessment]:
    """The live link and the latest version it opens. `owner=True` (the default, for every route that
    changes something) also turns a share link away; the 404 is the same in every case."""
    found = find(token)
    if found is None or (owner and not found[0].is_owner):
        abort(404)
    return found


def assessment_or_404(token: str, *, owner: bool = True) -> Assessment:
    """Unknown, expired, revoked and hidden links all get the same 404 (never say which)."""
    return link_or_404(token, owner=owner)[1]


def completed_or_404(token: str, *, owner: bool = False) -> tuple[AssessmentLink, Assessment]:
    """The live link and its latest *finished* version (a change in progress does not hide the last
    result); 404 when none is finished."""
    link, newest = link_or_404(token, owner=owner)
    done = newest if newest.status == "complete" else latest_complete(link.series_id)
    if done is None or not done.result_json:
        abort(404)
    return link, done


def version_or_404(token: str, number: int) -> tuple[AssessmentLink, Assessment]:
    """One finished version of the link's series, by its number."""
    link, _ = link_or_404(token, owner=False)
    found: Assessment | None = db.session.scalar(
        sa.select(Assessment).where(
            Assessment.series_id == link.series_id,
            Assessment.version == number,
            Assessment.status == "complete",
        )
    )
    if found is None or not found.result_json:
        abort(404)
    return link, found
