"""Workspace forms. Every POST goes through a FlaskForm, so every one carries a CSRF token."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField,
    DateField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Length, NumberRange, Optional, Regexp, ValidationError

from ..accounts.forms import new_password_field
from ..forms import ActionForm
from ..i18n import LANGUAGES
from ..inputs import NoControlChars
from .words import NOTE_KINDS

__all__ = ["ActionForm"]  # the one empty form (advisor.forms), re-exported for the workspace views

NOTE_MAX = 5000

# Singapore UEN: businesses nnnnnnnnX, local companies yyyynnnnnX, other entities TyyPQnnnnX.
UEN_RE = re.compile(r"[0-9]{8}[A-Z]|[0-9]{9}[A-Z]|[RST][0-9]{2}[A-Z]{2}[0-9]{4}[A-Z]")
_EMAIL_RE = re.compile(r"[^@\s]{1,64}@[^@\s]+\.[^@\s.]{2,}")
_PHONE_RE = re.compile(r"\+?[0-9 ()-]{7,24}")


def normalise_uen(raw: str | None) -> str | None:
    return re.sub(r"\s+", "", raw).upper() or None if raw else None


def normalise_phone(raw: str | None) -> str | None:
    return " ".join(raw.split()) or None if raw else None


def _choices(pairs: Sequence[tuple[str, str]], placeholder: Any) -> list[SelectChoice]:
    """SelectField choices without tuples (WTForms 3.3 warns on those), empty placeholder first."""
    return [SelectChoice("", placeholder)] + [SelectChoice(v, lab) for v, lab in pairs]


def _max_chars(form: Any, field: Any) -> None:
    if field.data and len(field.data) > NOTE_MAX:
        raise ValidationError(
            _l(
                "Shorten the note to 5,000 characters or fewer (it has %(n)s).",
                n=format(len(field.data), ","),
            )
        )


def _strip(value: Any) -> Any:
    return value.strip() if isinstance(value, str) else value


class ClientForm(FlaskForm):
    name = StringField(
        _l("Company name"),
        filters=[_strip],
        validators=[
            DataRequired(message=_l("Enter the company name.")),
            Length(max=200, message=_l("Shorten the company name to 200 characters or fewer.")),
            NoControlChars(),
        ],
    )
    industry = SelectField(_l("Industry"), validators=[Optional()])
    uen = StringField(
        _l("UEN (Unique Entity Number)"),
        filters=[normalise_uen],
        validators=[Optional()],
        render_kw={"autocomplete": "off", "spellcheck": "false"},
    )
    employees = IntegerField(
        _l("Employees"),
        validators=[
            Optional(),
            NumberRange(min=1, max=100000, message=_l("Enter the number of employees, from 1 to 100,000.")),
        ],
        render_kw={"inputmode": "numeric"},
    )
    contact_name = StringField(
        _l("Contact person"),
        filters=[_strip],
        validators=[
            Optional(),
            Length(max=200, message=_l("Shorten the contact person's name to 200 characters or fewer.")),
            NoControlChars(),
        ],
        render_kw={"autocomplete": "off"},
    )
    phone = StringField(
        _l("Phone"),
        filters=[normalise_phone],
        validators=[Optional()],
        render_kw={"type": "tel", "autocomplete": "off"},
    )
    email = StringField(
        _l("Email"),
        filters=[_strip],
        validators=[
            Optional(),
            Length(max=254, message=_l("Shorten the email address to 254 characters or fewer.")),
            Regexp(_EMAIL_RE, message=_l("Enter an email address like name@example.sg.")),
        ],
        render_kw={"type": "email", "autocomplete": "off", "spellcheck": "false"},
    )
    preferred_language = SelectField(_l("Preferred language"), validators=[Optional()])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.preferred_language.choices = _choices(
            [(code, lang.name) for code, lang in LANGUAGES.items()], str(_l("Not known"))
        )

    def set_industries(self, pairs: Sequence[tuple[str, str]]) -> None:
        self.industry.choices = _choices(pairs, _l("Not known yet"))

    def validate_uen(self, field: StringField) -> None:
        if field.data and not UEN_RE.fullmatch(field.data):
            raise ValidationError(
                _l("Enter the UEN as registered with ACRA, for example 201912345K or 53123456X.")
            )

    def validate_phone(self, field: StringField) -> None:
        if field.data and (
            not _PHONE_RE.fullmatch(field.data) or not 7 <= sum(ch.isdigit() for ch in field.data) <= 15
        ):
            raise ValidationError(_l("Enter a phone number with 7 to 15 digits, for example +65 6123 4567."))

    def record(self) -> dict[str, Any]:
        """The client's fields as the services take them."""
        return {
            "name": self.name.data or "",
            "industry": self.industry.data or None,
            "uen": self.uen.data or None,
            "employees": self.employees.data,
            "contact_name": self.contact_name.data or None,
            "phone": self.phone.data or None,
            "email": (self.email.data or None),
            "preferred_language": self.preferred_language.data or None,
        }


class FollowUpForm(FlaskForm):
    next_contact_on = DateField(_l("Next contact"), validators=[Optional()], format="%Y-%m-%d")
    reassess_on = DateField(_l("Re-assess on"), validators=[Optional()], format="%Y-%m-%d")


class StepDoneForm(FlaskForm):
    rule = StringField(validators=[DataRequired(), Length(max=100), NoControlChars()])
    done_on = DateField(_l("Done on"), validators=[Optional()], format="%Y-%m-%d")


class ShareForm(FlaskForm):
    what = SelectField(_l("What to send"), validators=[DataRequired()], default="link")
    channel = SelectField(_l("How"), validators=[DataRequired()], default="email")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.what.choices = [
            SelectChoice("link", str(_l("A private link to their result"))),
            SelectChoice("pdf", str(_l("The owner's copy of the report (PDF, no internal notes)"))),
        ]
        self.channel.choices = [SelectChoice("email", str(_l("Email"))), SelectChoice("whatsapp", "WhatsApp")]

    def channel_label(self) -> str:
        return "WhatsApp" if self.channel.data == "whatsapp" else str(_l("email"))


class CalendarForm(FlaskForm):
    show_ids = BooleanField(_l("Show client numbers instead of names (the feed goes to Outlook or Google)"))


class StartAssessmentForm(FlaskForm):
    consent = BooleanField(
        _l("The client has read the privacy notice and agrees that their answers are stored"),
        validators=[DataRequired(message=_l("Confirm the client's consent first."))],
    )


# What an advisor records by hand ("share" is logged by the share page).
NOTE_KIND_LABELS = {k: v for k, v in NOTE_KINDS.items() if k != "share"}


class NoteForm(FlaskForm):
    body = TextAreaField(
        _l("Note"),
        validators=[
            DataRequired(message=_l("Write the note before adding it.")),
            # Counted on the form and refused here, never cut: WTForms' Length would add `maxlength`,
            # and a browser silently cuts pasted text at it.
            _max_chars,
            NoControlChars(multiline=True),
        ],
        render_kw={"data-counter": NOTE_MAX},
    )
    kind = SelectField(_l("What it records"), validators=[Optional()], default="note")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind.choices = [SelectChoice(k, str(v)) for k, v in NOTE_KIND_LABELS.items()]


class ResetPasswordForm(FlaskForm):
    password = new_password_field()


class ReassignForm(FlaskForm):
    to_user = SelectField(
        _l("Move every client to"), validators=[DataRequired(message=_l("Choose an advisor."))]
    )

    def set_users(self, pairs: Sequence[tuple[str, str]]) -> None:
        self.to_user.choices = _choices(pairs, _l("Choose an advisor"))
