"""No lost typing: a note, client or follow-up form sent after the session ended (logged out
elsewhere, idle or absolute timeout) or after its CSRF token expired is kept, the advisor is asked to
sign in again, and the form comes back filled in, with a line saying nothing was saved yet.

The text is kept in `kept_forms` (not the session cookie: a 5,000-character note does not fit in
one, and logging in starts a fresh session) for KEEP_HOURS, under the hash of a random key that
travels in the form page's address (`?kept=`). Restoring needs that key and, when the session named
its user, the same user; the form page's own access check still applies.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa
from flask import Blueprint, Response, current_app, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.datastructures import MultiDict

from ..assessments import services as assessment_service
from ..dbtypes import utcnow
from ..extensions import db
from ..inputs import has_control_chars, is_unstorable
from .models import KeptForm

KEEP_HOURS = 24
_CLIENT_FIELDS = (
    "name",
    "industry",
    "uen",
    "employees",
    "contact_name",
    "phone",
    "email",
    "preferred_language",
)
_MAX_FIELD = 20_000  # generous: a note over the limit comes back whole, with its error on saving
# A form sent with no session at all (the cookie expired) names nobody; anyone can send one, so only
# this many such forms are kept at a time (a flood cannot fill the database).
ANONYMOUS_CAP = 100


@dataclass(frozen=True, slots=True)
class Kept:
    page: str  # the endpoint of the page with the form
    arg: str | None  # the view argument both the POST and the page take
    fields: tuple[str, ...]
    anchor: str | None = None


# POST endpoint → where its form lives and which fields it sends.
FORMS: dict[str, Kept] = {
    "workspace.add_client_note": Kept("workspace.client", "client_id", ("body", "kind"), "timeline"),
    "workspace.set_follow_up": Kept(
        "workspace.client", "client_id", ("next_contact_on", "reassess_on"), "follow-up"
    ),
    "workspace.add_note": Kept("workspace.assessment", "assessment_id", ("body", "kind"), "notes"),
    "workspace.new_client": Kept("workspace.new_client", None, _CLIENT_FIELDS),
    "workspace.edit_client": Kept("workspace.edit_client", "client_id", _CLIENT_FIELDS),
}


def _session_user() -> int | None:
    """The user the (possibly ended) session names, from Flask-Login's raw "id:version" value."""
    if current_user.is_authenticated:
        return int(current_user.id)
    raw = session.get("_user_id")
    try:
        return int(str(raw).split(":", 1)[0]) if raw else None
    except ValueError:
        return None


def forget_expired(now: dt.datetime) -> None:
    db.session.execute(sa.delete(KeptForm).where(KeptForm.created_at < now - dt.timedelta(hours=KEEP_HOURS)))


def _anonymous_rows(now: dt.datetime) -> int:
    return int(
        db.session.scalar(
            sa.select(sa.func.count())
            .select_from(KeptForm)
            .where(KeptForm.user_id.is_(None), KeptForm.created_at >= now - dt.timedelta(hours=KEEP_HOURS))
        )
        or 0
    )


def stash() -> Response | None:
    """Keep this request's form and send the advisor on (to sign in, or back to the form). None when
    the endpoint has no form worth keeping or nothing was typed."""
    kept = FORMS.get(request.endpoint or "")
    if kept is None or request.method != "POST":
        return None
    fields = {
        name: value[:_MAX_FIELD]
        for name in kept.fields
        if isinstance(value := request.form.get(name), str)
        and value.strip()
        and not has_control_chars(value, multiline=True)
        and not is_unstorable(value)
    }
    target: dict[str, Any] = {}
    if kept.arg is not None:
        value = (request.view_args or {}).get(kept.arg)
        if not isinstance(value, int):
            return None
        target[kept.arg] = value
    now = utcnow()
    args = dict(target)
    user_id = _session_user()
    if fields and user_id is None and _anonymous_rows(now) >= ANONYMOUS_CAP:
        fields = {}  # nobody signed can be told apart from a flood: keep no more
    if fields:
        token, token_hash = assessment_service.new_token()
        forget_expired(now)
        db.session.add(
            KeptForm(
                token_hash=token_hash,
                user_id=user_id,
                endpoint=request.endpoint,
                target=target,
                fields=fields,
                created_at=now,
            )
        )
        db.session.commit()
        args["kept"] = token
    page = url_for(kept.page, **args, _anchor=kept.anchor)
    if current_user.is_authenticated:
        flash(
            _(
                "The form had expired, so nothing was saved yet. "
                "What you typed is below: check it and save again."
            )
        )
        return redirect(page, 303)  # type: ignore[return-value]
    flash(_("Your session had ended, so nothing was saved yet. Sign in again: what you typed is kept."))
    return redirect(url_for("accounts.login", next=page))  # type: ignore[return-value]


def restore(post_endpoint: str, **target: int) -> MultiDict[str, str] | None:
    """The fields kept for the form that posts to `post_endpoint` on this page (`?kept=`), once:
    the row goes when read. None when there is nothing (unknown, expired, another user's)."""
    token = request.args.get("kept")
    if not token or len(token) > 100:
        return None
    now = utcnow()
    row = db.session.scalar(
        sa.select(KeptForm).where(
            KeptForm.token_hash == assessment_service.hash_token(token),
            KeptForm.endpoint == post_endpoint,
            KeptForm.created_at >= now - dt.timedelta(hours=KEEP_HOURS),
        )
    )
    if row is None or row.target != target:
        return None
    if row.user_id is not None and row.user_id != current_user.id:
        return None
    fields = MultiDict({k: str(v) for k, v in (row.fields or {}).items()})
    db.session.delete(row)
    db.session.commit()
    current_app.logger.info("kept form %s restored", post_endpoint)
    return fields


def install(bp: Blueprint) -> None:
    """Hook the blueprint: a form POST without a live session is kept before `login_required` would
    send it to the login page (which drops it), and a CSRF failure on one is kept too."""
    from flask_wtf.csrf import CSRFError

    @bp.before_request
    def _signed_out_post() -> Response | None:
        if request.method == "POST" and not current_user.is_authenticated:
            return stash()
        return None

    @bp.errorhandler(CSRFError)
    def _expired_form(exc: CSRFError) -> Any:
        kept = stash()
        if kept is not None:
            return kept
        handler = current_app.error_handler_spec[None][400].get(CSRFError)
        return handler(exc) if handler is not None else (exc.description, 400)
