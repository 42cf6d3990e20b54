"""Questionnaire views."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask.typing import ResponseReturnValue

bp = Blueprint("questionnaire", __name__)


@bp.get("/")
def landing() -> ResponseReturnValue:
    return render_template("questionnaire/landing.html")
