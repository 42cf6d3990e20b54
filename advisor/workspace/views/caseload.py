"""Caseload list, CSV export, ZIP export of PDFs and the cohort view."""

from __future__ import annotations

import sqlalchemy as sa
from flask import (
    Response,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    send_file,
    session,
    stream_with_context,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required
from markupsafe import Markup

from ... import audit
from ...accounts import admin_required
from ...charts import Bar, bar_chart
from ...extensions import db
from ...inputs import parse_id, parse_page
from ...ruleset import current_ruleset
from .. import exports
from ..access import is_admin, owner_filter
from ..caseload import SORTS, Filters, caseload_page, caseload_rows, conditions, filter_options
from ..cohort import Cohort, Distribution, cohort_figures, min_group_size
from ..csv_export import rows_for, stream_csv
from ..followups import needs_attention
from ..forms import ActionForm
from ..models import CaseloadEntry, Client, ExportJob
from . import bp


def _advisor_options() -> list[tuple[str, str]]:
    if not is_admin():
        return []
    from ...accounts.models import User

    return [(str(i), e) for i, e in db.session.execute(sa.select(User.id, User.email).order_by(User.email))]


@bp.get("/")
@login_required
def caseload() -> ResponseReturnValue:
    return _caseload(Filters.from_args(request.args), parse_page(request.args.get("page")))


def _caseload(f: Filters, page_number: int, error: str | None = None) -> str:
    per_page = int(current_app.config.get("CASELOAD_PAGE_SIZE", 25))
    page = caseload_page(f, owner_filter(CaseloadEntry.owner_id), page_number, per_page)
    return render_template(
        "workspace/caseload.html",
        page=page,
        rows=caseload_rows(page, current_ruleset()),
        f=f,
        sorts=SORTS,
        options=filter_options(current_ruleset()),
        advisors=_advisor_options(),
        action=ActionForm(),
        error=error,
        attention=len(needs_attention(Client.owner_id == current_user.id)),
    )


@bp.get("/export.csv")
@login_required
def export_csv() -> ResponseReturnValue:
    f = Filters.from_args(request.args)
    # The search text may be a company name: the log keeps only that a search was made.
    filters = {k: v for k, v in f.args().items() if k != "q"}
    audit.record("export.csv", actor_id=current_user.id, detail={"filters": filters, "search": bool(f.q)})
    db.session.commit()
    ruleset = current_ruleset()
    body = stream_csv(rows_for(f, owner_filter(CaseloadEntry.owner_id), ruleset), ruleset)
    return Response(
        stream_with_context(body),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="caseload.csv"'},
        content_type="text/csv; charset=utf-8",
    )


@bp.get("/caseload.csv")
@login_required
def export_csv_words() -> ResponseReturnValue:
    """The caseload in words, for people (the codes export, `export.csv`, is for other tools)."""
    from .. import csv_words

    f = Filters.from_args(request.args)
    filters = {k: v for k, v in f.args().items() if k != "q"}
    audit.record(
        "export.csv",
        actor_id=current_user.id,
        detail={"filters": filters, "search": bool(f.q), "words": True},
    )
    db.session.commit()
    owner = owner_filter(CaseloadEntry.owner_id)
    ruleset = current_ruleset()
    body = csv_words.stream_csv(rows_for(f, owner, ruleset), ruleset, owner)
    return Response(
        stream_with_context(body),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="caseload-in-words.csv"'},
        content_type="text/csv; charset=utf-8",
    )


@bp.post("/export.zip")
@login_required
def export_zip() -> ResponseReturnValue:
    if not ActionForm().validate_on_submit():
        abort(400)
    wanted = [i for i in map(parse_id, request.form.getlist("ids")) if i is not None]
    copy = request.form.get("copy") or "owner"  # the owner's copy is the default to hand out
    if copy not in exports.COPIES:
        abort(400)
    if len(wanted) > exports.MAX_ZIP:
        # Said, never cut: a ZIP holds at most MAX_ZIP reports.
        f = Filters.from_args(request.form)
        message = _(
            "You ticked %(n)s reports; one ZIP holds at most %(max)s. Tick fewer and download twice.",
            n=format(len(wanted), ","),
            max=format(exports.MAX_ZIP, ","),
        )
        return _caseload(f, parse_page(request.form.get("page")), error=message), 400
    ids = exports.visible_ids(current_user.id, is_admin(), wanted)
    if not ids:
        # The list comes back with the reason on top: the filters travel in the form's hidden fields.
        f = Filters.from_args(request.form)
        message = (
            "Tick at least one assessment to download its report."
            if not wanted
            else "None of the ticked assessments can be exported: they are gone or not yours."
        )
        return _caseload(f, parse_page(request.form.get("page")), error=message), 400
    job = exports.create_job(current_user.id, ids, copy)
    audit.record(
        "export.zip", actor_id=current_user.id, detail={"job": job.id, "assessments": ids, "copy": copy}
    )
    db.session.commit()  # before queueing: the worker reads the job from the database
    try:
        exports.submit(job)
    except exports.QueueUnavailable as exc:
        db.session.commit()  # the job is marked failed, so nothing waits for it
        return render_template("errors/error.html", title="Export not started", message=str(exc)), 503
    # The job page starts this download by itself once the ZIP is ready (no second click); the
    # mark lives in the session, so the job's address stays the same and a later visit does not.
    session["zip_auto"] = job.id
    return redirect(url_for("workspace.export_job", job_id=job.id), 303)


def _job(job_id: int) -> ExportJob:
    job = db.session.get(ExportJob, job_id)
    if job is None or job.owner_id != current_user.id or exports.holds_hidden(job):
        abort(404)
    return job


@bp.get("/exports/<id:job_id>")
@login_required
def export_job(job_id: int) -> ResponseReturnValue:
    job = _job(job_id)
    auto = session.get("zip_auto") == job.id
    if auto and job.status in ("done", "failed"):
        session.pop("zip_auto", None)  # once
    return render_template("workspace/export_job.html", job=job, auto=auto)


@bp.get("/exports/<id:job_id>/download")
@login_required
def export_download(job_id: int) -> ResponseReturnValue:
    job = _job(job_id)
    if job.status != "done" or not job.path:
        abort(404)
    audit.record("export.download", actor_id=current_user.id, detail={"job": job.id})
    db.session.commit()
    return send_file(
        job.path, mimetype="application/zip", as_attachment=True, download_name=f"reports-{job.id}.zip"
    )


def _bars(d: Distribution) -> list[Bar]:
    return [Bar(g.label, g.count, f"{g.count} ({round(100 * g.share)}%)") for g in d.groups]


def _charts(c: Cohort) -> dict[str, Markup]:
    if c.hidden or c.levels is None or c.programs is None or c.lock_in is None or c.dimensions is None:
        return {}
    top = max([g.count for d in (c.levels, c.programs, c.lock_in) for g in d.groups] + [1])
    return {
        "levels": bar_chart(
            _bars(c.levels),
            title="Clients by readiness level",
            maximum=top,
            chart_id="chart-levels",
            css_class="chart",
        ),
        "dimensions": bar_chart(
            [Bar(name, avg, f"{avg:.0f} / 100") for _, name, avg in c.dimensions],
            title="Average score by dimension",
            maximum=100,
            chart_id="chart-dimensions",
            css_class="chart",
        ),
        "programs": bar_chart(
            _bars(c.programs),
            title="Clients by best-fit programme",
            maximum=top,
            chart_id="chart-programs",
            css_class="chart",
        ),
        "lock_in": bar_chart(
            _bars(c.lock_in),
            title="Clients by lock-in risk",
            maximum=top,
            chart_id="chart-lock-in",
            css_class="chart",
        ),
    }


@bp.get("/cohort")
@login_required
def cohort() -> ResponseReturnValue:
    f = Filters.from_args(request.args)
    # The advisor's own caseload: plain counts (k = 1). They already see every name, so a threshold
    # hides nothing from them and only blurs the figures; it applies to views pooled across advisors
    # (the admins' organisation view).
    where = [
        *conditions(
            Filters(**{**f.__dict__, "q": "", "advisor": ""}), CaseloadEntry.owner_id == current_user.id
        ),
        CaseloadEntry.latest.is_(True),
    ]
    c = cohort_figures(where, current_ruleset(), 1)
    # The search text may be a company name: the log keeps only that a search was made.
    filters = {k: v for k, v in f.args().items() if k != "q"}
    audit.record("cohort.view", actor_id=current_user.id, detail={"filters": filters, "search": bool(f.q)})
    db.session.commit()
    return render_template(
        "workspace/cohort.html",
        c=c,
        f=f,
        charts=_charts(c),
        options=filter_options(current_ruleset()),
        advisors=[],
    )


@bp.get("/admin/organisation")
@admin_required
def organisation() -> ResponseReturnValue:
    """Readiness and programme mix by industry and size across every advisor: pooled, so every
    figure counts at least COHORT_MIN_GROUP clients, merges shown."""
    from ..organisation import organisation_view

    k = min_group_size(current_app.config.get("COHORT_MIN_GROUP"))
    view = organisation_view(current_ruleset(), k)
    audit.record("cohort.view", actor_id=current_user.id, detail={"organisation": True})
    db.session.commit()
    return render_template("workspace/organisation.html", view=view)
