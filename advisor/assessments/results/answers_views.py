"""Download my answers: readable, and as contract-1 JSON (owner's link only: answers are personal)."""

from __future__ import annotations

from flask import Response, render_template
from flask.typing import ResponseReturnValue

from ...filters import request_words
from ...ruleset import current_ruleset
from .. import links
from ..answers_export import answers_in_words, answers_json
from .views import bp


@bp.get("/a/<token>/answers")
def answers(token: str) -> ResponseReturnValue:
    _, done = links.completed_or_404(token, owner=True)
    return render_template(
        "action/answers.html",
        assessment=done,
        token=token,
        steps=answers_in_words(done, current_ruleset(), request_words()),
    )


@bp.get("/a/<token>/answers.json")
def answers_download(token: str) -> ResponseReturnValue:
    _, done = links.completed_or_404(token, owner=True)
    return Response(
        answers_json(done, current_ruleset()),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="answers-{done.report_id}.json"'},
    )
