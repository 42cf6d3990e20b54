"""Follow-through: Needs attention, the client brief (page and PDF), action-plan steps done, the
owner's copy of the report, sharing with the owner, and the privacy notice the client agrees to."""

from __future__ import annotations

from flask import Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ... import audit
from ...assessments import reports
from ...extensions import db
from .. import exports, followups, services
from ..access import get_assessment, get_client, owner_filter
from ..brief import client_brief
from ..forms import ActionForm, ShareForm, StepDoneForm
from ..models import Client
from ..share import compose_messages, share_target
from . import bp


@bp.get("/attention")
@login_required
def attention() -> ResponseReturnValue:
    items = followups.needs_attention(owner_filter(Client.owner_id))
    return render_template("workspace/attention.html", items=items)


@bp.get("/clients/<id:client_id>/brief")
@login_required
def client_brief_page(client_id: int) -> ResponseReturnValue:
    c = get_client(client_id)
    brief = client_brief(c)
    audit.record("assessment.brief", actor_id=current_user.id, client_id=c.id)
    db.session.commit()
    plan: list[dict[str, object]] = []
    if brief["assessment"]:
        a = get_assessment(brief["assessment"]["id"])
        done = followups.client_steps_done(c.id)
        plan = [
            {**act, "done": done.get(act.get("rule", ""))}
            for act in (reports.stored_result(a).get("actions") or [])
        ]
    return render_template(
        "workspace/brief.html", client=c, brief=brief, plan=plan, step_form=StepDoneForm(formdata=None)
    )


@bp.get("/clients/<id:client_id>/brief.pdf")
@login_required
def client_brief_pdf(client_id: int) -> ResponseReturnValue:
    c = get_client(client_id)
    from ..brief_pdf import brief_pdf  # WeasyPrint loads only when a PDF is asked for

    data = brief_pdf(client_brief(c))
    audit.record("assessment.brief", actor_id=current_user.id, client_id=c.id, detail={"pdf": True})
    db.session.commit()
    return Response(
        data,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="client-brief-{c.id}.pdf"'},
    )


@bp.post("/assessments/<id:assessment_id>/steps")
@login_required
def mark_step(assessment_id: int) -> ResponseReturnValue:
    a = get_assessment(assessment_id)
    if a.status != "complete":
        abort(404)
    form = StepDoneForm()
    if not form.validate_on_submit():
        abort(400)
    rule = form.rule.data or ""
    if request.form.get("undo"):
        done = followups.unmark_step(a, rule, current_user.id)
    else:
        done = followups.mark_step(a, rule, current_user.id, form.done_on.data) is not None
    if not done:
        abort(400)
    db.session.commit()
    return redirect(url_for("workspace.client_brief_page", client_id=a.client_id, _anchor="plan"), 303)


@bp.get("/assessments/<id:assessment_id>/owner.pdf")
@login_required
def owner_pdf(assessment_id: int) -> ResponseReturnValue:
    """The owner's copy: the report without internal notes (cached beside the internal copy)."""
    a = get_assessment(assessment_id)
    if a.status != "complete":
        abort(404)
    data = exports.pdf_for(a, "owner")
    audit.record(
        "assessment.pdf",
        actor_id=current_user.id,
        client_id=a.client_id,
        assessment_id=a.id,
        detail={"copy": "owner"},
    )
    db.session.commit()
    return Response(
        data,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{reports.report_filename(a)}"'},
    )


@bp.route("/assessments/<id:assessment_id>/share", methods=["GET", "POST"])
@login_required
def share(assessment_id: int) -> ResponseReturnValue:
    """Copy-ready email and WhatsApp text for the owner, with a link to their result or the owner's
    PDF; a POST makes the link, shows the texts and logs the share on the client's timeline."""
    a = get_assessment(assessment_id)
    if a.status != "complete":
        abort(404)
    client = db.session.get(Client, a.client_id)
    if client is None:  # pragma: no cover - get_assessment checked it
        abort(404)
    form = ShareForm()
    messages = None
    if request.method == "POST":
        if not form.validate_on_submit():
            if "csrf_token" in form.errors:
                abort(400)
            return render_template("workspace/share.html", a=a, client=client, form=form, messages=None), 400
        target = share_target(a, current_user.id, form.what.data or "link")
        messages = compose_messages(client, a, target, advisor=current_user.email)
        services.add_client_note(
            client,
            current_user.id,
            _(
                "Shared with the owner: %(what)s by %(channel)s.",
                what=target.label,
                channel=form.channel_label(),
            ),
            kind="share",
            assessment_id=a.id,
        )
        audit.record(
            "client.share",
            actor_id=current_user.id,
            client_id=client.id,
            assessment_id=a.id,
            detail={"what": target.what, "channel": form.channel.data},
        )
        db.session.commit()
        flash(_("The share is logged on the client's timeline. Copy the message below."))
    return render_template("workspace/share.html", a=a, client=client, form=form, messages=messages)


@bp.get("/privacy")
@login_required
def privacy_notice() -> ResponseReturnValue:
    """The privacy notice exactly as an invited client sees it, for the advisor who asks for consent."""
    return render_template(
        "workspace/privacy.html",
        advisor=current_user.email,
        organisation=current_app.config.get("ORGANISATION_NAME") or "",
        action=ActionForm(),
    )
