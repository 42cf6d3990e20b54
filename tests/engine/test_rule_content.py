"""The shipped rules meet their own content expectations (rules/tests/*.yaml), and those
expectations keep covering what the content maintainer promised: every programme first somewhere,
every funding scheme, enough personas and relations. Also content-wide properties over random
answers: at most three first steps in any plan."""

from __future__ import annotations

import yaml
from hypothesis import HealthCheck, given, settings

from advisor.engine import REQUIRED_PROGRAMS, evaluate, load_ruleset

from ..conftest import RULES_DIR
from .strategies import valid_answers
from .test_cli import run

RULESET = load_ruleset(RULES_DIR)


def _personas():
    out = []
    for path in sorted((RULES_DIR / "tests").glob("*.yaml")):
        out.extend(yaml.safe_load(path.read_text(encoding="utf-8"))["personas"])
    return out


def test_shipped_rules_pass_their_expectations(monkeypatch, capsys):
    code, out, err = run(monkeypatch, capsys, ["rules", "test", str(RULES_DIR)])
    assert (code, err) == (0, ""), out
    passed = int(out.split()[-4])
    assert passed >= 100 and out.endswith(" passed, 0 failed\n")


def test_expectations_cover_every_programme_scheme_and_edge(ruleset):
    personas = _personas()
    assert len(personas) >= 25
    relations = [r for p in personas for r in p["expect"]]
    assert len(relations) >= 100 and all(r.get("why", "").strip() for r in relations)
    firsts = {r["in_top"][0] for r in relations if "in_top" in r and r["in_top"][1] == 1}
    assert firsts == set(REQUIRED_PROGRAMS)  # each programme is somebody's sensible first
    schemes = {k for r in relations if "funding" in r for k in r["funding"]}
    assert schemes == {f.id for f in ruleset.funding}
    psg = {r["funding"]["psg"] for r in relations if "psg" in r.get("funding", {})}
    assert psg == {"likely", "check", "unlikely"}  # both sides of each condition, and unknown
    dates = {p["answers"]["as_of"] for p in personas if p["answers"]["cloud_platforms"] == ["alibaba"]}
    assert {"2026-05-15", "2026-07-01"} <= dates  # before and after the Qwen start (June 2026)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(valid_answers(RULESET))
def test_at_most_three_first_steps(answers):
    # The plan has three 30-day groups whose conditions exclude each other (governance, first use
    # case, skills or portability): exactly one step from the last two, at most one on governance
    # (a written policy first only where the data or the staff's own AI use calls for it).
    steps = [a["rule"] for a in evaluate(RULESET, answers).to_dict()["actions"] if a["horizon"] == "30_days"]
    assert 2 <= len(steps) <= 3
    assert sum(s.startswith("act.policy") for s in steps) <= 1
