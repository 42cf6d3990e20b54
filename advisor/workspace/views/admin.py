"""Admin pages: advisors (deactivate, reset password, reassign caseload) and the audit log."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from flask import abort, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user

from ... import audit
from ...accounts import admin_required
from ...accounts.models import User
from ...accounts.services import AccountError, set_active, set_password
from ...audit import ACTIONS, AuditEvent
from ...extensions import db
from ...inputs import parse_id, parse_page
from .. import services
from ..audit_view import ACTION_WORDS, describe
from ..forms import ActionForm, ReassignForm, ResetPasswordForm
from ..models import Client
from . import bp


def _user(user_id: int) -> User:
    user = db.session.get(User, user_id)
    if user is None:
        abort(404)
    return user


@bp.get("/admin/advisors")
@admin_required
def advisors() -> ResponseReturnValue:
    rows = db.session.execute(
        sa.select(User, sa.func.count(Client.id))
        .outerjoin(Client, Client.owner_id == User.id)
        .group_by(User.id)
        .order_by(User.email)
    ).all()
    users = [(u.id, u.email) for u, _ in rows if u.active]
    reassign = ReassignForm()
    reassign.set_users([(str(i), e) for i, e in users])
    return render_template(
        "workspace/admin_advisors.html",
        rows=rows,
        action=ActionForm(),
        reset=ResetPasswordForm(),
        reassign=reassign,
    )


@bp.post("/admin/advisors/<id:user_id>/active")
@admin_required
def toggle_active(user_id: int) -> ResponseReturnValue:
    user = _user(user_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    if user.id == current_user.id:
        flash("You cannot deactivate your own account.")
        return redirect(url_for("workspace.advisors"), 303)
    set_active(user, not user.active, actor_id=current_user.id)
    db.session.commit()
    return redirect(url_for("workspace.advisors"), 303)


@bp.post("/admin/advisors/<id:user_id>/password")
@admin_required
def reset_password(user_id: int) -> ResponseReturnValue:
    user = _user(user_id)
    form = ResetPasswordForm()
    if not form.validate_on_submit():
        flash("The new password needs at least 12 characters.")
        return redirect(url_for("workspace.advisors"), 303)
    try:
        set_password(user, form.password.data or "", actor_id=current_user.id)
    except AccountError as exc:
        flash(str(exc))
        return redirect(url_for("workspace.advisors"), 303)
    db.session.commit()
    flash("Password reset. Give it to the advisor in person; their other sessions are logged out.")
    return redirect(url_for("workspace.advisors"), 303)


@bp.post("/admin/advisors/<id:user_id>/reassign")
@admin_required
def reassign(user_id: int) -> ResponseReturnValue:
    user = _user(user_id)
    form = ReassignForm()
    form.set_users([(str(u.id), u.email) for u in db.session.scalars(sa.select(User).where(User.active))])
    if not form.validate_on_submit() or int(form.to_user.data or 0) == user.id:
        flash("Choose another, active advisor.")
        return redirect(url_for("workspace.advisors"), 303)
    n = services.reassign_caseload(user.id, int(form.to_user.data or 0), current_user.id)
    db.session.commit()
    flash(f"{n} client(s) moved.")
    return redirect(url_for("workspace.advisors"), 303)


@bp.get("/admin/audit")
@admin_required
def audit_log() -> ResponseReturnValue:
    args = request.args
    stmt = sa.select(AuditEvent)
    for name, col in (("actor", AuditEvent.actor_id), ("client", AuditEvent.client_id)):
        value = parse_id(args.get(name))
        if value is not None:
            stmt = stmt.where(col == value)
    if args.get("action") in ACTIONS:
        stmt = stmt.where(AuditEvent.action == args["action"])
    for name, op in (("from", "ge"), ("to", "lt")):
        try:
            day = dt.date.fromisoformat(args.get(name, ""))
        except ValueError:
            continue
        if name == "to":
            if day == dt.date.max:  # "up to the end of time": no upper bound (and no overflow)
                continue
            day += dt.timedelta(days=1)
        moment = dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
        stmt = stmt.where(AuditEvent.at >= moment if op == "ge" else AuditEvent.at < moment)
    page = parse_page(args.get("page"))
    events = list(db.session.scalars(stmt.order_by(AuditEvent.id.desc()).limit(101).offset((page - 1) * 100)))
    audit.record("audit.view", actor_id=current_user.id)
    db.session.commit()
    return render_template(
        "workspace/audit.html",
        events=describe(events[:100]),
        more=len(events) > 100,
        page=page,
        actions=[(act, str(ACTION_WORDS.get(act, act))) for act in ACTIONS],
        args=args,
        base_args={k: v for k, v in args.items() if k != "page"},
    )
