"""Log in, log out, change password."""

from __future__ import annotations

import time
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required, login_user, logout_user

from .. import audit
from ..extensions import db
from ..forms import ActionForm
from ..translate import _, _l
from .forms import ChangePasswordForm, LoginForm, NameForm
from .limiter import email_key, limiter, login_limit, login_limit_per_email
from .passwords import verify_password
from .services import AccountError, authenticate, end_sessions, record_login_failure, set_password

bp = Blueprint("accounts", __name__, url_prefix="/account")

# One message for every failure: it must not tell whether the email has an account.
LOGIN_FAILED = _l("That email and password do not match an active account.")


def _safe_next(target: str | None) -> str | None:
    """Only a path on this site: never another host (open redirect)."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    if "\\" in target:
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
@limiter.limit(login_limit_per_email, methods=["POST"], key_func=email_key)
def login() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("workspace.caseload"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        user = authenticate(form.email.data or "", form.password.data or "")
        if user is not None:
            audit.record("user.login", actor_id=user.id, subject_user_id=user.id)
            db.session.commit()  # the record, and a password hash upgraded to the current cost
            session.clear()  # a fresh session on login: no fixation
            login_user(user)
            session.permanent = True
            session["login_at"] = int(time.time())
            return redirect(_safe_next(request.args.get("next")) or url_for("workspace.caseload"))
        record_login_failure(form.email.data or "")
        db.session.commit()
        form.form_errors.append(LOGIN_FAILED)
        status = 200
    elif request.method == "POST":
        status = 400
    return render_template("accounts/login.html", form=form), status


@bp.post("/logout")
def logout() -> ResponseReturnValue:
    form = ActionForm()
    if not form.validate_on_submit():
        return redirect(url_for("accounts.login")), 302
    if current_user.is_authenticated:
        # The signed cookie stays valid until it expires: a copy of it (a shared computer, a stolen
        # cookie) must stop working now, so the server forgets every session of this user.
        end_sessions(current_user._get_current_object())
        audit.record("user.logout", actor_id=current_user.id, subject_user_id=current_user.id)
        db.session.commit()
    logout_user()
    session.clear()
    flash(_("You are logged out."))
    return redirect(url_for("accounts.login"))


@bp.route("/password", methods=["GET", "POST"])
@login_required
def change_password() -> ResponseReturnValue:
    form = ChangePasswordForm()
    status = 200
    if form.validate_on_submit():
        if not verify_password(current_user.password_hash, form.current.data or ""):
            form.current.errors = [_("That is not your current password.")]
            status = 400
        else:
            try:
                set_password(current_user, form.new.data or "", actor_id=current_user.id)
            except AccountError as exc:
                form.new.errors = [str(exc)]
                status = 400
            else:
                db.session.commit()
                # The session id changed with session_version: log in again on this device only.
                login_user(current_user._get_current_object())
                session["login_at"] = int(time.time())
                flash(_("Your password is changed. Other sessions are logged out."))
                return redirect(url_for("workspace.caseload"))
    elif request.method == "POST":
        status = 400
    return _account_page(form=form), status


def _account_page(form: ChangePasswordForm | None = None, name_form: NameForm | None = None) -> str:
    """The account page: the name shown to invited owners, and the password."""
    if name_form is None:
        name_form = NameForm(formdata=None, data={"name": current_user.name or ""})
    return render_template("accounts/password.html", form=form or ChangePasswordForm(), name_form=name_form)


@bp.post("/name")
@login_required
def set_name() -> ResponseReturnValue:
    form = NameForm()
    if not form.validate_on_submit():
        return _account_page(name_form=form), 400
    user = current_user._get_current_object()
    user.name = form.name.data or None
    db.session.commit()
    flash(_("Your name is saved. Invited owners now see it."))
    return redirect(url_for("accounts.change_password"), 303)


@bp.errorhandler(429)
def too_many_attempts(exc: Exception) -> ResponseReturnValue:
    current_app.logger.warning("login rate limit reached")
    form = LoginForm()
    form.form_errors.append(_("Too many attempts. Wait a few minutes, then try again."))
    return render_template("accounts/login.html", form=form), 429
