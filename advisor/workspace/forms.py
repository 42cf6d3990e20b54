"""Workspace forms. Every POST goes through a FlaskForm, so every one carries a CSRF token."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask_wtf import FlaskForm
from wtforms import BooleanField, SelectField, StringField, TextAreaField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, Optional

from ..accounts.forms import new_password_field
from ..forms import ActionForm
from ..inputs import NoControlChars
from ..translate import _l

__all__ = ["ActionForm"]  # the one empty form (advisor.forms), re-exported for the workspace views


def _choices(pairs: Sequence[tuple[str, str]], placeholder: Any) -> list[SelectChoice]:
    """SelectField choices without tuples (WTForms 3.3 warns on those), empty placeholder first."""
    return [SelectChoice("", placeholder)] + [SelectChoice(v, lab) for v, lab in pairs]


class ClientForm(FlaskForm):
    name = StringField(
        _l("Company name"),
        validators=[
            DataRequired(message=_l("Enter the company name.")),
            Length(max=200, message=_l("Shorten the company name to 200 characters or fewer.")),
            NoControlChars(),
        ],
    )
    industry = SelectField(_l("Industry"), validators=[Optional()])

    def set_industries(self, pairs: Sequence[tuple[str, str]]) -> None:
        self.industry.choices = _choices(pairs, _l("Not known yet"))


class StartAssessmentForm(FlaskForm):
    consent = BooleanField(
        _l("The client has read the privacy notice and agrees that their answers are stored"),
        validators=[DataRequired(message=_l("Confirm the client's consent first."))],
    )


class NoteForm(FlaskForm):
    body = TextAreaField(
        _l("Note"),
        validators=[
            DataRequired(message=_l("Write the note before adding it.")),
            Length(max=5000, message=_l("Shorten the note to 5,000 characters or fewer.")),
            NoControlChars(multiline=True),
        ],
    )


class InviteStartForm(FlaskForm):
    consent = BooleanField(
        _l("I have read the privacy notice and agree that my answers are stored"),
        validators=[DataRequired(message=_l("Please agree to the privacy notice to start."))],
    )


class ResetPasswordForm(FlaskForm):
    password = new_password_field()


class ReassignForm(FlaskForm):
    to_user = SelectField(
        _l("Move every client to"), validators=[DataRequired(message=_l("Choose an advisor."))]
    )

    def set_users(self, pairs: Sequence[tuple[str, str]]) -> None:
        self.to_user.choices = _choices(pairs, _l("Choose an advisor"))
