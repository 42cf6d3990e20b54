"""The invited owner's consent form and the words of the invite landing that come from Python.

Its own module because the owner reads it (advisor/catalogues/check.py lists this path as
owner-facing): unlike the rest of advisor/workspace/, its words are translated."""

from __future__ import annotations

from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms.validators import DataRequired

from ..translate import _l

# Said instead of a name when the advisor's account or the client record is gone.
SOME_ADVISOR = _l("your advisor")
SOME_BUSINESS = _l("your business")


class InviteStartForm(FlaskForm):  # type: ignore[misc]  # FlaskForm is untyped (pyproject)
    consent = BooleanField(
        _l("I have read the privacy notice and agree that my answers are stored"),
        validators=[DataRequired(message=_l("Please agree to the privacy notice to start."))],
    )
