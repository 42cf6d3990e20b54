"""Account forms (Flask-WTF: every form carries a CSRF token)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import EmailField, PasswordField
from wtforms.validators import DataRequired, EqualTo, Length

from ..inputs import NoControlChars


class LoginForm(FlaskForm):
    email = EmailField(
        "Email",
        validators=[
            DataRequired(message="Enter your email address."),
            Length(max=254, message="An email address has at most 254 characters."),
            NoControlChars(),
        ],
        render_kw={"autocomplete": "username"},
    )
    password = PasswordField(
        "Password",
        validators=[DataRequired(message="Enter your password."), Length(max=1024)],
        render_kw={"autocomplete": "current-password"},
    )


class ChangePasswordForm(FlaskForm):
    current = PasswordField(
        "Current password",
        validators=[DataRequired(message="Enter your current password."), Length(max=1024)],
        render_kw={"autocomplete": "current-password"},
    )
    new = PasswordField(
        "New password (at least 12 characters)",
        validators=[
            DataRequired(message="Enter a new password."),
            Length(min=12, max=1024, message="The new password needs 12 to 1,024 characters."),
        ],
        render_kw={"autocomplete": "new-password"},
    )
    confirm = PasswordField(
        "New password again",
        validators=[
            DataRequired(message="Enter the new password again."),
            EqualTo("new", message="The two new passwords differ."),
        ],
        render_kw={"autocomplete": "new-password"},
    )
