"""The life of an assessment: draft, steps, completion snapshot, explicit rescoring, revocation,
deletion (with its cached PDFs) and the retention purge.

These functions flush and never commit: the view, command or job calling them commits once, so a
multi-step write is stored whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Callable, Mapping
from typing import Any

import sqlalchemy as sa
from flask import current_app

from ..after_commit import after_commit
from ..dbtypes import utcnow
from ..engine import RuleSet, evaluate, today_in_singapore, validate_answers
from ..extensions import db
from .models import Assessment

# Crockford-like alphabet without look-alikes (0/O, 1/I/L, U) so a report id reads well over the phone.
_REPORT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_token() -> tuple[str, str]:
    """A fresh link token (32 random bytes, URL-safe) and the hash that is stored instead of it."""
    token = secrets.token_urlsafe(32)
    return token, hash_token(token)


def new_report_id() -> str:
    return "R-" + "".join(secrets.choice(_REPORT_ALPHABET) for _ in range(8))


def _unique_report_id() -> str:
    for _ in range(10):
        rid = new_report_id()
        if db.session.scalar(sa.select(Assessment.id).where(Assessment.report_id == rid)) is None:
            return rid
    raise RuntimeError("could not find a free report id")  # 30**8 ids: practically unreachable


def create_draft(
    *,
    as_of: dt.date | None = None,
    owner_id: int | None = None,
    client_id: int | None = None,
    consent: bool = True,
    now: dt.datetime | None = None,
) -> tuple[Assessment, str]:
    """Start an assessment after the person consented; return it and its secret link token."""
    now = now or utcnow()
    token, token_hash = new_token()
    days = int(current_app.config["ASSESSMENT_LINK_DAYS"])
    assessment = Assessment(
        report_id=_unique_report_id(),
        token_hash=token_hash,
        answers={},
        step_index=0,
        consent_at=now if consent else None,
        status="draft",
        as_of=as_of or today_in_singapore(),
        created_at=now,
        updated_at=now,
        expires_at=now + dt.timedelta(days=days),
        owner_id=owner_id,
        client_id=client_id,
    )
    db.session.add(assessment)
    db.session.flush()
    return assessment, token


def find_by_token(token: str, *, now: dt.datetime | None = None) -> Assessment | None:
    """The assessment a link token opens, or None when unknown, expired or revoked (never say which)."""
    if not token or len(token) > 100:
        return None
    assessment: Assessment | None = db.session.scalar(
        sa.select(Assessment).where(Assessment.token_hash == hash_token(token))
    )
    if assessment is None or assessment.revoked_at is not None:
        return None
    if assessment.expires_at <= (now or utcnow()):
        return None
    return assessment


def save_step(
    assessment: Assessment,
    answers: Mapping[str, Any],
    *,
    step_index: int | None = None,
    remove: tuple[str, ...] = (),
) -> None:
    """Merge one step's accepted answers into the draft (a finished assessment is frozen)."""
    if assessment.status != "draft":
        raise ValueError("a completed assessment cannot be edited")
    merged = {k: v for k, v in (assessment.answers or {}).items() if k not in remove}
    merged.update(answers)
    assessment.answers = merged  # a new dict, so the JSON column sees the change
    if "company_name" in merged or "company_name" in remove:
        assessment.company_name = merged.get("company_name")
    if step_index is not None:
        assessment.step_index = step_index
    db.session.flush()


def _evaluate(assessment: Assessment, ruleset: RuleSet, answers: Mapping[str, Any]) -> None:
    full = {**answers, "as_of": assessment.as_of.isoformat()}
    result = evaluate(ruleset, full)
    assessment.result = result.to_dict()
    assessment.result_json = result.to_json()
    assessment.ruleset_version = result.version


def complete(assessment: Assessment, ruleset: RuleSet) -> Assessment:
    """Score the draft and freeze the result. Raises AnswersError when answers are missing or bad."""
    if assessment.status == "complete":
        return assessment
    _evaluate(assessment, ruleset, assessment.answers or {})
    assessment.status = "complete"
    assessment.completed_at = utcnow()
    db.session.flush()
    return assessment


def rescore(assessment: Assessment, ruleset: RuleSet) -> Assessment:
    """Re-score stored answers with the current rules: an explicit action that replaces the snapshot."""
    if assessment.status != "complete":
        raise ValueError("only a completed assessment can be re-scored")
    _evaluate(assessment, ruleset, assessment.answers or {})
    assessment.completed_at = utcnow()
    db.session.flush()
    return assessment


def create_complete(ruleset: RuleSet, raw: Any, *, owner_id: int | None = None) -> tuple[Assessment, str]:
    """Validate answers (contract 1), then store a finished assessment. Raises AnswersError first,
    so invalid input stores nothing."""
    today = today_in_singapore()
    clean = validate_answers(ruleset.questions, raw, today)
    as_of = dt.date.fromisoformat(clean["as_of"])
    answers = {k: v for k, v in raw.items() if k != "as_of"}
    assessment, token = create_draft(as_of=as_of, owner_id=owner_id)
    assessment.answers = answers
    assessment.company_name = answers.get("company_name")
    complete(assessment, ruleset)
    return assessment, token


def renew_link(assessment: Assessment, *, now: dt.datetime | None = None) -> str:
    """A fresh link token for an assessment someone continues: the old link stops working, the new
    one lives a full link period and is not revoked. Returns the token."""
    token, token_hash = new_token()
    assessment.token_hash = token_hash
    days = int(current_app.config["ASSESSMENT_LINK_DAYS"])
    assessment.expires_at = (now or utcnow()) + dt.timedelta(days=days)
    assessment.revoked_at = None
    return token


def revoke(assessment: Assessment) -> None:
    """Switch the link off for good; the row stays until the retention purge."""
    assessment.revoked_at = utcnow()
    db.session.flush()


def _delete_cached_pdfs_after_commit(report_ids: list[str]) -> None:
    from ..report import PdfCache, queue  # WeasyPrint loads only when a report is needed

    cache = PdfCache(current_app.config["PDF_CACHE_DIR"])

    def remove() -> None:
        for rid in report_ids:
            queue.cancel(rid)  # before the files: a queued render must not write them back
            cache.delete_owner(rid)

    after_commit(db.session, remove)


delete_cached_pdfs_after_commit = _delete_cached_pdfs_after_commit  # for other features' soft deletes


# Called with (assessment, actor_id, reason) before an assessment row is deleted, in the same
# transaction. Other packages (the workspace: notes, ZIP exports, invites, audit) register here, so this
# module needs no import of them and every delete path (public link, workspace, purge) runs them.
DeleteHook = Callable[[Assessment, "int | None", str], None]
_delete_hooks: list[DeleteHook] = []


def on_delete(hook: DeleteHook) -> None:
    """Register `hook` once (idempotent: create_app runs many times in one process)."""
    if hook not in _delete_hooks:
        _delete_hooks.append(hook)


def _remove(assessment: Assessment, actor_id: int | None, reason: str) -> None:
    for hook in list(_delete_hooks):
        hook(assessment, actor_id, reason)
    db.session.delete(assessment)


def delete(assessment: Assessment, *, actor_id: int | None = None, reason: str = "delete") -> None:
    """Remove the assessment, everything the registered hooks hold of it, and every cached PDF of it
    (personal data must be removable). `actor_id` is None when the link holder deletes it."""
    _delete_cached_pdfs_after_commit([assessment.report_id])
    _remove(assessment, actor_id, reason)
    db.session.flush()


def purge(retention_days: int, *, now: dt.datetime | None = None) -> int:
    """Delete drafts untouched for `retention_days` (anyone's: an abandoned advisor or invite draft
    holds answers too), and anonymous assessments whose link expired or was revoked more than
    `retention_days` ago. Advisors' completed assessments (owner set) are kept whatever their link
    says: their clients' records follow the advisor's own retention. Returns how many were deleted."""
    cutoff = (now or utcnow()) - dt.timedelta(days=retention_days)
    stale_draft = sa.and_(Assessment.status == "draft", Assessment.updated_at < cutoff)
    dead_anonymous = sa.and_(
        Assessment.owner_id.is_(None), sa.or_(Assessment.expires_at < cutoff, Assessment.revoked_at < cutoff)
    )
    doomed = db.session.scalars(sa.select(Assessment).where(sa.or_(stale_draft, dead_anonymous))).all()
    _delete_cached_pdfs_after_commit([a.report_id for a in doomed])
    for a in doomed:
        _remove(a, None, "purge")
    db.session.flush()
    return len(doomed)
