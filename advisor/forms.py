"""The one empty form: POST-only actions (log out, delete, create an invite, export) carry its CSRF
token and nothing else."""

from __future__ import annotations

from flask_wtf import FlaskForm


class ActionForm(FlaskForm):
    """An empty form whose only field is the CSRF token."""
