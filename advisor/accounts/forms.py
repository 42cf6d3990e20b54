"""Account forms (Flask-WTF: every form carries a CSRF token)."""

from __future__ import annotations

from typing import Any

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField, StringField
from wtforms.validators import DataRequired, EqualTo, Length, Optional

from ..inputs import NoControlChars
from ..translate import _l


def new_password_field() -> Any:
    """The new-password field, the same wherever a password is set (own change, admin reset)."""
    return PasswordField(
        _l("New password (at least 12 characters)"),
        validators=[
            DataRequired(message=_l("Enter a new password.")),
            Length(min=12, max=1024, message=_l("The new password needs 12 to 1,024 characters.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class LoginForm(FlaskForm):
    email = EmailField(
        _l("Email"),
        validators=[
            DataRequired(message=_l("Enter your email address.")),
            Length(max=254, message=_l("An email address has at most 254 characters.")),
            NoControlChars(),
        ],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        _l("Password"),
        validators=[DataRequired(message=_l("Enter your password.")), Length(max=1024)],
        render_kw={"autocomplete": "current-password"},
    )


class ChangePasswordForm(FlaskForm):
    current = PasswordField(
        _l("Current password"),
        validators=[DataRequired(message=_l("Enter your current password.")), Length(max=1024)],
        render_kw={"autocomplete": "current-password"},
    )
    new = new_password_field()
    confirm = PasswordField(
        _l("New password again"),
        validators=[
            DataRequired(message=_l("Enter the new password again.")),
            EqualTo("new", message=_l("The two new passwords differ.")),
        ],
        render_kw={"autocomplete": "new-password"},
    )


NAME_MAX = 100


class NameForm(FlaskForm):
    """The advisor's display name: an invited owner reads it to tell a real invitation from phishing."""

    name = StringField(
        _l("Your name (optional)"),
        description=_l(
            "Shown to the owners you invite, beside your organisation. Up to 100 characters; "
            "leave it empty to show your email address instead."
        ),
        validators=[
            Optional(),
            Length(max=NAME_MAX, message=_l("Your name can be at most 100 characters long.")),
            NoControlChars(),
        ],
        filters=[lambda v: v.strip() if isinstance(v, str) else v],
        render_kw={"autocomplete": "name"},
    )
