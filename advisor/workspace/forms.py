"""Workspace forms. Every POST goes through a FlaskForm, so every one carries a CSRF token."""

from __future__ import annotations

from collections.abc import Sequence

from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from ..forms import ActionForm
from ..inputs import NoControlChars

__all__ = ["ActionForm"]  # the one empty form (advisor.forms), re-exported for the workspace views


def _choices(pairs: Sequence[tuple[str, str]], placeholder: str) -> list[SelectChoice]:
    """SelectField choices without tuples (WTForms 3.3 warns on those), empty placeholder first."""
    return [SelectChoice("", placeholder)] + [SelectChoice(v, lab) for v, lab in pairs]


class ClientForm(FlaskForm):
    name = StringField(
        "Company name",
        validators=[
            DataRequired(message="Enter the company name."),
            Length(max=200, message="Shorten the company name to 200 characters or fewer."),
            NoControlChars(),
        ],
    )
    industry = SelectField("Industry", validators=[Optional()])

    def set_industries(self, pairs: Sequence[tuple[str, str]]) -> None:
        self.industry.choices = _choices(pairs, "Not known yet")


class StartAssessmentForm(FlaskForm):
    consent = BooleanField(
        "The client has read the privacy notice and agrees that their answers are stored",
        validators=[DataRequired(message="Confirm the client's consent first.")],
    )


class NoteForm(FlaskForm):
    body = TextAreaField(
        "Note",
        validators=[
            DataRequired(message="Write the note before adding it."),
            Length(max=5000, message="Shorten the note to 5,000 characters or fewer."),
            NoControlChars(multiline=True),
        ],
    )


class InviteStartForm(FlaskForm):
    consent = BooleanField(
        "I have read the privacy notice and agree that my answers are stored",
        validators=[DataRequired(message="Please agree to the privacy notice to start.")],
    )


class ResetPasswordForm(FlaskForm):
    password = PasswordField(
        "New password (at least 12 characters)",
        validators=[
            DataRequired(message="Enter a new password."),
            Length(min=12, max=1024, message="The new password needs 12 to 1,024 characters."),
        ],
        render_kw={"autocomplete": "new-password"},
    )


class ReassignForm(FlaskForm):
    to_user = SelectField("Move every client to", validators=[DataRequired(message="Choose an advisor.")])

    def set_users(self, pairs: Sequence[tuple[str, str]]) -> None:
        self.to_user.choices = _choices(pairs, "Choose an advisor")
