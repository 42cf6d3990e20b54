"""The life of an assessment: draft, steps, completion snapshot, explicit rescoring, revocation,
deletion (with its cached PDFs) and the retention purge.

These functions flush and never commit: the view, command or job calling them commits once, so a
multi-step write is stored whole or not at all.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable, Mapping
from typing import Any

import sqlalchemy as sa
from flask import current_app
from sqlalchemy.orm.attributes import set_committed_value

from ..after_commit import after_commit
from ..dbtypes import utcnow
from ..engine import RuleSet, evaluate, today_in_singapore, validate_answers
from ..extensions import db
from . import links, report_queue
from .links import hash_token, new_token
from .models import Assessment, AssessmentLink

__all__ = ["hash_token", "new_token"]  # the workspace's invites use the same token scheme

# Crockford-like alphabet without look-alikes (0/O, 1/I/L, U) so a report id reads well over the phone.
_REPORT_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"


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
    """Start an assessment after the person consented; return it and its owner's link token."""
    now = now or utcnow()
    days = int(current_app.config["ASSESSMENT_LINK_DAYS"])
    assessment = Assessment(
        report_id=_unique_report_id(),
        version=1,
        answers={},
        step_index=0,
        consent_at=now if consent else None,
        status="draft",
        as_of=as_of or today_in_singapore(),
        created_at=now,
        updated_at=now,
        owner_id=owner_id,
        client_id=client_id,
    )
    db.session.add(assessment)
    db.session.flush()
    # The first version names the series. A plain UPDATE with `updated_at` given: an ORM change would
    # stamp `updated_at` with the clock's time (onupdate) and a stale draft would look fresh.
    db.session.execute(
        sa.update(Assessment)
        .where(Assessment.id == assessment.id)
        .values(series_id=assessment.id, updated_at=now)
    )
    set_committed_value(assessment, "series_id", assessment.id)
    _, token = links.add_link(assessment.id, days=days, now=now)
    return assessment, token


def find_by_token(token: str, *, now: dt.datetime | None = None) -> Assessment | None:
    """The latest version a link token opens, or None when unknown, expired or revoked (never say
    which). The lookup itself lives in `links.find_link`."""
    return links.find_assessment(token, now=now)


def series_of(assessment: Assessment) -> int:
    return assessment.series_id if assessment.series_id is not None else assessment.id


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
    keep_result(assessment, now=assessment.completed_at)
    db.session.flush()
    return assessment


def result_days() -> int:
    return int(current_app.config["RESULT_LINK_DAYS"])


def keep_result(assessment: Assessment, *, now: dt.datetime | None = None) -> dt.datetime:
    """A finished result stays reachable as long as its plan runs (RESULT_LINK_DAYS from now): the
    series' live owner links are extended to then (never shortened). Also how the owner renews.
    Returns the new end date."""
    until = (now or utcnow()) + dt.timedelta(days=result_days())
    for link in links.series_links(series_of(assessment)):
        if link.is_owner and links.is_live(link, now) and link.expires_at < until:
            link.expires_at = until
    db.session.flush()
    return until


def owner_link_expiry(assessment: Assessment, *, now: dt.datetime | None = None) -> dt.datetime | None:
    """When the series' last live owner link stops working (what the page says), or None."""
    ends = [
        link.expires_at
        for link in links.series_links(series_of(assessment))
        if link.is_owner and links.is_live(link, now)
    ]
    return max(ends) if ends else None


def start_change(assessment: Assessment, *, now: dt.datetime | None = None) -> Assessment:
    """ "Change my answers": a new draft version of a finished assessment, holding its answers and the
    first version's as-of date, opened at the review. The finished versions stay as they are. When a
    change is already under way, that draft is returned."""
    sid = series_of(assessment)
    newest = links.latest(sid)
    if newest is not None and newest.status == "draft":
        return newest
    if newest is None or newest.status != "complete":
        raise ValueError("only a finished assessment can be changed")
    now = now or utcnow()
    draft = Assessment(
        report_id=_unique_report_id(),
        series_id=sid,
        version=newest.version + 1,
        answers=dict(newest.answers or {}),
        step_index=newest.step_index,
        consent_at=newest.consent_at,
        status="draft",
        as_of=newest.as_of,  # the same date as the first version: only the answers move
        company_name=newest.company_name,
        created_at=now,
        updated_at=now,
        owner_id=newest.owner_id,
        client_id=newest.client_id,
    )
    db.session.add(draft)
    db.session.flush()
    return draft


def discard_change(assessment: Assessment) -> None:
    """Drop a change under way (a draft version after the first); the finished versions stay."""
    if assessment.status != "draft" or assessment.version <= 1:
        raise ValueError("only a change under way can be discarded")
    _remove(assessment, None, "discard")
    db.session.flush()


def previous_version(assessment: Assessment) -> Assessment | None:
    """The finished version before this one in its series, if any."""
    found: Assessment | None = db.session.scalar(
        sa.select(Assessment)
        .where(
            Assessment.series_id == series_of(assessment),
            Assessment.version < assessment.version,
            Assessment.status == "complete",
        )
        .order_by(Assessment.version.desc())
        .limit(1)
    )
    return found


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
    """A fresh owner's link for an assessment someone continues: the old owner's links stop working
    (only hashes are stored, so a link is replaced, never shown again), the new one lives a full link
    period (a result's period when the latest version is finished). Share links are left alone.
    Returns the token."""
    now = now or utcnow()
    sid = series_of(assessment)
    for link in links.series_links(sid):
        if link.is_owner and link.revoked_at is None:
            link.revoked_at = now
    newest = links.latest(sid)
    finished = newest is not None and newest.status == "complete"
    days = result_days() if finished else int(current_app.config["ASSESSMENT_LINK_DAYS"])
    _, token = links.add_link(sid, days=days, now=now)
    return token


def share_link(
    assessment: Assessment, *, created_by: int | None = None, days: int | None = None
) -> tuple[AssessmentLink, str]:
    """A read-only link to the series (it opens the latest result and its PDF, changes nothing)."""
    return links.add_link(
        series_of(assessment), kind=links.SHARE, days=days or result_days(), created_by=created_by
    )


def revoke_link(link: AssessmentLink, *, now: dt.datetime | None = None) -> None:
    """Switch one link off for good."""
    if link.revoked_at is None:
        link.revoked_at = now or utcnow()
    db.session.flush()


def revoke(assessment: Assessment) -> None:
    """Switch every link of the assessment off for good (the owner's and every share); the rows
    stay until the retention purge."""
    now = utcnow()
    for link in links.series_links(series_of(assessment)):
        revoke_link(link, now=now)
    db.session.flush()


def _delete_cached_pdfs_after_commit(report_ids: list[str]) -> None:
    cache = report_queue.cache()

    def remove() -> None:
        for rid in report_ids:
            report_queue.cancel(rid)  # before the files: a queued render must not write them back
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


def _drop_links_if_empty(series_ids: set[int]) -> None:
    """A series without versions keeps no links."""
    for sid in series_ids:
        if db.session.scalar(sa.select(Assessment.id).where(Assessment.series_id == sid).limit(1)) is None:
            db.session.execute(sa.delete(AssessmentLink).where(AssessmentLink.series_id == sid))


def delete(assessment: Assessment, *, actor_id: int | None = None, reason: str = "delete") -> None:
    """Remove this one version, everything the registered hooks hold of it, and every cached PDF of it
    (personal data must be removable); the series' links go with its last version. The workspace
    deletes one record this way; the link holder deletes the whole series (`delete_series`)."""
    _delete_cached_pdfs_after_commit([assessment.report_id])
    _remove(assessment, actor_id, reason)
    db.session.flush()
    _drop_links_if_empty({series_of(assessment)})
    db.session.flush()


def delete_by_link(assessment: Assessment) -> bool:
    """The link holder's delete. True when a feature kept the record for its advisor (links switched
    off, PDFs gone, advisor told: `links.on_link_delete`); False when every version was deleted with
    everything of it."""
    if links.kept_by_link_delete(assessment):
        return True
    delete_series(assessment)
    return False


def delete_series(assessment: Assessment, *, actor_id: int | None = None, reason: str = "delete") -> int:
    """Remove every version of the assessment, their PDFs and every link to them. Returns how many
    versions were deleted."""
    sid = series_of(assessment)
    doomed = links.versions(sid) or [assessment]
    _delete_cached_pdfs_after_commit([a.report_id for a in doomed])
    for a in doomed:
        _remove(a, actor_id, reason)
    db.session.flush()
    db.session.execute(sa.delete(AssessmentLink).where(AssessmentLink.series_id == sid))
    db.session.flush()
    return len(doomed)


def purge(retention_days: int, *, now: dt.datetime | None = None) -> int:
    """Delete drafts untouched for `retention_days` (anyone's: an abandoned advisor or invite draft
    holds answers too, and so does an abandoned change), and anonymous assessments none of whose links
    has worked for `retention_days` (each expired or was revoked before then). Advisors' completed
    assessments (owner set) are kept whatever their links say: their clients' records follow the
    advisor's own retention. Returns how many were deleted."""
    cutoff = (now or utcnow()) - dt.timedelta(days=retention_days)
    stale_draft = sa.and_(Assessment.status == "draft", Assessment.updated_at < cutoff)
    recent_link = (
        sa.select(AssessmentLink.id)
        .where(
            AssessmentLink.series_id == Assessment.series_id,
            AssessmentLink.expires_at >= cutoff,
            sa.or_(AssessmentLink.revoked_at.is_(None), AssessmentLink.revoked_at >= cutoff),
        )
        .exists()
    )
    dead_anonymous = sa.and_(Assessment.owner_id.is_(None), ~recent_link)
    doomed = db.session.scalars(sa.select(Assessment).where(sa.or_(stale_draft, dead_anonymous))).all()
    _delete_cached_pdfs_after_commit([a.report_id for a in doomed])
    for a in doomed:
        _remove(a, None, "purge")
    db.session.flush()
    _drop_links_if_empty({series_of(a) for a in doomed})
    db.session.flush()
    return len(doomed)
