"""CSV rows carry each programme's name and rank, and a shared rank says "joint"."""

from __future__ import annotations

import datetime as dt
import json
from types import SimpleNamespace

from advisor.engine import evaluate
from advisor.workspace.csv_export import header, row


def _assessment(result: dict, answers: dict) -> SimpleNamespace:
    """An export row as `csv_export.rows_for` makes it: the caseload line, the summary entry, the rest."""
    line = SimpleNamespace(
        report_id="R-TEST",
        client_id=2,
        client_name="Tan",
        as_of=dt.date(2026, 11, 30),
        completed_at=dt.datetime(2026, 11, 30, 2, 0, tzinfo=dt.UTC),
        score=result["readiness"]["score"],
    )
    entry = SimpleNamespace(
        owner_id=1,
        level=result["readiness"]["level"],
        lock_in_risk=result["lock_in"]["risk"],
        ruleset_version=result["ruleset"]["version"],
    )
    dims = {d["id"]: d["score"] for d in result["readiness"]["dimensions"]}
    return SimpleNamespace(line=line, entry=entry, answers=answers, result=result, dimensions=dims)


def _rows(result: dict, answers: dict) -> dict[str, str]:
    dims = [d["id"] for d in result["readiness"]["dimensions"]]
    cells = row(_assessment(result, answers), [], dims)
    return dict(zip(header([], dims), cells, strict=True))


def test_a_joint_first_is_written_as_joint_for_every_tied_programme(ruleset, answers):
    result = json.loads(evaluate(ruleset, answers).to_json())
    # Make the first two programmes equal, as the engine would rank them.
    a, b = result["programs"][0], result["programs"][1]
    b["fit"] = a["fit"]
    a["rank"] = b["rank"] = 1
    out = _rows(result, answers)
    assert out["program_1_rank"] == "joint 1" and out["program_2_rank"] == "joint 1"
    assert out["program_1_name"] == a["name"] and out["program_2_name"] == b["name"]


def test_a_sole_first_is_plain_and_ranks_come_from_fit_for_older_results(ruleset, answers):
    result = json.loads(evaluate(ruleset, answers).to_json())
    fits = [p["fit"] for p in result["programs"]]
    for p in result["programs"]:
        p.pop("rank", None)  # stored before ranks existed
    out = _rows(result, answers)
    expected_first = "joint 1" if fits[0] == fits[1] else "1"
    assert out["program_1_rank"] == expected_first
    assert out["program_1_fit"] == fits[0]
