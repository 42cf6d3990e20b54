"""The workspace blueprint; its views live in the modules of this package."""

from __future__ import annotations

from flask import Blueprint

bp = Blueprint("workspace", __name__, url_prefix="/workspace")

from .. import keep  # noqa: E402

keep.install(bp)  # no lost typing: forms sent after the session ended are kept

from . import admin, assessments, caseload, clients, feeds, followthrough, invites  # noqa: E402,F401  (they add routes to bp)
