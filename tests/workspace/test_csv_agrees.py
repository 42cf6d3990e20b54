"""Both CSV exports say what the caseload page says: the same rows in the same order, and the same
score, level, change since the previous assessment, lock-in risk and top programme for each, because
all three are built from the page's summary lines (`caseload_select` + `caseload_rows`)."""

from __future__ import annotations

import csv
import io
import re

import pytest

from advisor.extensions import db
from advisor.workspace.caseload import Filters, caseload_page, caseload_rows
from advisor.workspace.csv_words import change_text
from advisor.workspace.models import CaseloadEntry

from .conftest import login


def _csv(body: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


QUERIES = [{"view": "all"}, {"view": "clients"}, {"view": "all", "sort": "score_asc"}]


@pytest.mark.parametrize("query", QUERIES)
def test_the_csv_exports_and_the_page_agree_row_for_row(
    ws_app, make_user, make_client_record, make_assessment, query
):
    me = make_user("me@example.sg")
    tan = make_client_record(me, "Tan Precision")
    lim = make_client_record(me, "Lim Bakery", "food")
    make_assessment(tan, "2026-03-01")
    make_assessment(tan, "2026-09-01", ai_policy="written", data_quality="good")
    make_assessment(tan, "2026-09-01", ai_policy="none")  # same day again: the later one counts
    make_assessment(lim, "2026-05-01")
    c = ws_app.test_client()
    login(c, "me@example.sg")
    page = c.get("/workspace/", query_string=query).get_data(as_text=True)
    words = _csv(c.get("/workspace/caseload.csv", query_string=query).get_data())
    codes = _csv(c.get("/workspace/export.csv", query_string=query).get_data())
    with ws_app.test_request_context():
        from advisor.ruleset import current_ruleset

        f = Filters.from_args(query)
        lines = caseload_rows(caseload_page(f, CaseloadEntry.owner_id == me, 1, 100), current_ruleset())
        levels = {
            i: r
            for i, r in db.session.execute(db.select(CaseloadEntry.assessment_id, CaseloadEntry.lock_in_risk))
        }
    assert lines and len(words) == len(codes) == len(lines)
    # The page lists the reports in the same order as both files.
    on_page = re.findall(r"R-[0-9A-Z]{8}", page)
    order = [line.report_id for line in lines]
    assert sorted(set(on_page), key=on_page.index) == order
    assert [r["Report"] for r in words] == order == [r["report_id"] for r in codes]
    for line, w, k in zip(lines, words, codes, strict=True):
        assert (w["Readiness score"], w["Readiness level"]) == (str(line.score), line.level)
        assert (k["readiness_score"], k["readiness_level"]) == (str(line.score), line.level)
        assert w["Change since the previous assessment"] == change_text(line)
        assert w["Lock-in risk"] == line.risk and k["lock_in_risk"] == (levels[line.assessment_id] or "")
        assert w["Programme 1"] in line.top and k["program_1_name"] in line.top
        assert w["Client"] == line.client_name == k["company"]
    if query["view"] == "all":  # the re-assessments show their change, in the page's words
        changes = {change_text(line) for line in lines}
        assert "first assessment" in changes
        assert any(t.startswith(("up", "down", "no change")) for t in changes)
