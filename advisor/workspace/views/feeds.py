"""The advisor's calendar feed and daily digest: settings, the public feed URL, unsubscribing."""

from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ...extensions import db
from .. import calendar, digest
from ..forms import ActionForm, CalendarForm
from . import bp


def _settings_page(new_feed_url: str | None = None, form: CalendarForm | None = None) -> str:
    return render_template(
        "workspace/calendar.html",
        feed=calendar.active_feed(current_user.id),
        new_feed_url=new_feed_url,
        form=form or CalendarForm(formdata=None),
        action=ActionForm(),
        subscribed=digest.subscribed(current_user.id),
        mail_configured=bool(current_app.config.get("SMTP_HOST")),
    )


@bp.get("/calendar")
@login_required
def calendar_settings() -> ResponseReturnValue:
    return _settings_page()


@bp.post("/calendar")
@login_required
def create_calendar() -> ResponseReturnValue:
    form = CalendarForm()
    if not form.validate_on_submit():
        abort(400)
    _, token = calendar.create_feed(current_user.id, show_ids=bool(form.show_ids.data))
    db.session.commit()
    # Shown once, on this response only: only the token's hash is stored.
    return _settings_page(url_for("workspace.calendar_feed", token=token, _external=True), form)


@bp.post("/calendar/revoke")
@login_required
def revoke_calendar() -> ResponseReturnValue:
    if not ActionForm().validate_on_submit():
        abort(400)
    if calendar.revoke_feed(current_user.id, actor_id=current_user.id):
        flash(_("The calendar link is switched off. Calendars using it stop updating."))
    db.session.commit()
    return redirect(url_for("workspace.calendar_settings"), 303)


@bp.get("/calendar/<token>.ics")
def calendar_feed(token: str) -> ResponseReturnValue:
    """Public (a calendar program fetches it): the secret token is the key. Unknown and revoked
    tokens look the same."""
    feed = calendar.find_feed(token)
    if feed is None:
        abort(404)
    return Response(
        calendar.ics(
            feed,
            link=lambda client_id: url_for(
                "workspace.client_brief_page", client_id=client_id, _external=True
            ),
        ),
        mimetype="text/calendar",
        headers={
            "Cache-Control": "private, no-store",
            "Content-Disposition": 'inline; filename="follow-ups.ics"',
        },
    )


@bp.post("/digest")
@login_required
def digest_settings() -> ResponseReturnValue:
    if not ActionForm().validate_on_submit():
        abort(400)
    if request.form.get("subscribe") == "1":
        digest.subscribe(current_user.id)
        flash(_("You will get a daily email when something needs attention."))
    else:
        digest.unsubscribe(current_user.id, actor_id=current_user.id)
        flash(_("The daily email is switched off."))
    db.session.commit()
    return redirect(url_for("workspace.calendar_settings"), 303)


@bp.route("/digest/unsubscribe/<token>", methods=["GET", "POST"])
def digest_unsubscribe(token: str) -> ResponseReturnValue:
    """Public: the link in the email. GET asks (mail scanners follow links), POST stops the digest."""
    user_id = digest.user_from_token(token)
    if user_id is None:
        abort(404)
    form = ActionForm()
    if request.method == "POST":
        if not form.validate_on_submit():
            abort(400)
        digest.unsubscribe(user_id, actor_id=None)
        db.session.commit()
        return render_template("workspace/unsubscribed.html", done=True, form=form)
    return render_template("workspace/unsubscribed.html", done=False, form=form)
