"""A client who changes an answer on their own link: the advisor sees one re-assessment per saved
change (each version is an assessment of the client), and the earlier one stays in the caseload."""

from __future__ import annotations

import sqlalchemy as sa

from advisor.assessments import services as svc
from advisor.assessments.models import Assessment
from advisor.extensions import db
from advisor.workspace.models import CaseloadEntry
from tests.web.helpers import STEPS, step_form

from .conftest import login


def _step_of(question: str) -> int:
    return next(n for n, (_, qs) in enumerate(STEPS, start=1) if any(q.id == question for q in qs))


def test_each_saved_change_is_one_reassessment_of_the_client(ws_app, world):
    with ws_app.app_context():
        token = svc.renew_link(db.session.get(Assessment, world["a2"]))
        answers = dict(db.session.get(Assessment, world["a2"]).answers)
        db.session.commit()
    c = ws_app.test_client()
    for n, value in enumerate(("informal", "none"), start=1):
        assert c.post(f"/a/{token}/change").status_code == 303
        number = _step_of("ai_policy")
        data = step_form(number, {**answers, "ai_policy": value}, action="next", **{"return": "review"})
        assert c.post(f"/a/{token}/step/{number}", data=data).status_code == 303
        assert c.post(f"/a/{token}/complete").status_code == 303
        with ws_app.app_context():
            rows = db.session.scalars(
                sa.select(Assessment).where(
                    Assessment.client_id == world["client_a"], Assessment.status == "complete"
                )
            ).all()
            assert len(rows) == 2 + n  # a1, a2 and one per saved change
            newest = max(rows, key=lambda a: a.version)
            assert newest.owner_id == world["a"] and newest.series_id == world["a2"]
            entries = db.session.scalars(
                sa.select(CaseloadEntry).where(CaseloadEntry.client_id == world["client_a"])
            ).all()
            assert len(entries) == 2 + n
            assert [e.assessment_id for e in entries if e.latest] == [newest.id]
    advisor = ws_app.test_client()
    login(advisor, "a@example.sg")
    html = advisor.get(f"/workspace/clients/{world['client_a']}").get_data(as_text=True)
    with ws_app.app_context():
        for a in db.session.scalars(sa.select(Assessment).where(Assessment.client_id == world["client_a"])):
            if a.status == "complete":
                assert a.report_id in html
