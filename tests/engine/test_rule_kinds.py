"""Each kind of rule does what the rule files say: lock-in bands, funding precedence, actions,
caution texts with placeholders."""

from __future__ import annotations

import shutil

import pytest

from advisor.engine import evaluate, load_ruleset
from advisor.engine.evaluate import condition_env

from ..conftest import RULES_DIR


def test_lock_in_risk_is_the_band_of_the_fired_points(ruleset, personas):
    for answers in personas.values():
        result = evaluate(ruleset, answers).to_dict()["lock_in"]
        total = sum(r["points"] for r in result["reasons"])
        band = next((b for b in ruleset.lock_in_bands if total >= b.min), ruleset.lock_in_bands[-1])
        assert (result["risk"], result["advice"]) == (band.risk, band.advice)


def test_fired_rules_are_exactly_those_whose_condition_holds(ruleset, personas):
    from advisor.engine import validate_answers

    for answers in personas.values():
        clean = validate_answers(ruleset.questions, answers)
        env = condition_env(ruleset, clean)
        result = evaluate(ruleset, answers).to_dict()
        # Actions also read the overall level's id and each scheme's eligibility (computed first).
        level = next(lv.id for lv in ruleset.levels if lv.name == result["readiness"]["level"])
        aenv = dict(env, readiness_level=level)
        aenv.update({"eligible_" + f["id"].replace("-", "_"): f["eligible"] for f in result["funding"]})
        assert [a["rule"] for a in result["actions"]] == [
            r.id
            for h in ("30_days", "90_days", "12_months")
            for r in ruleset.actions
            if r.horizon == h and r.test(aenv)
        ]
        assert [r["rule"] for r in result["lock_in"]["reasons"]] == [
            r.id for r in ruleset.lock_in_rules if r.test(env)
        ]
        for dim, out in zip(ruleset.dimensions, result["readiness"]["dimensions"], strict=True):
            assert [r["rule"] for r in out["reasons"]] == [r.id for r in dim.rules if r.test(env)]


@pytest.fixture
def funding_copy(tmp_path):
    root = tmp_path / "rules"
    shutil.copytree(RULES_DIR, root)
    return root


def test_funding_unlikely_beats_check_beats_likely(funding_copy, answers):
    path = funding_copy / "funding.yaml"
    text = path.read_text().replace(
        """      - id: psg.no-shareholding""",
        """      - id: psg.always-check
        when: "true"
        effect: check
        text: Always check.
      - id: psg.no-shareholding""",
        1,
    )
    path.write_text(text)
    rs = load_ruleset(funding_copy)
    answers["local_shareholding_30pct"] = True
    psg = next(f for f in evaluate(rs, answers).to_dict()["funding"] if f["id"] == "psg")
    assert psg["eligible"] == "check"  # likely and check fired: check wins
    assert {r["rule"]: r["points"] for r in psg["reasons"]} == {
        "psg.shareholding-met": 1,
        "psg.always-check": 0,
    }
    answers["local_shareholding_30pct"] = False
    psg = next(f for f in evaluate(rs, answers).to_dict()["funding"] if f["id"] == "psg")
    assert psg["eligible"] == "unlikely"
    assert {r["rule"]: r["points"] for r in psg["reasons"]} == {
        "psg.no-shareholding": -1,
        "psg.always-check": 0,
    }


def test_funding_default_when_no_rule_fires(funding_copy, answers):
    path = funding_copy / "funding.yaml"
    about = "      - id: genai-leaders.about\n        when: "
    text = path.read_text()
    assert about + '"true"' in text
    path.write_text(text.replace(about + '"true"', about + '"false"', 1))
    rs = load_ruleset(funding_copy)
    answers.update(ai_usage="none", use_cases="ideas")
    funding = evaluate(rs, answers).to_dict()["funding"]
    leaders = next(f for f in funding if f["id"] == "genai-digital-leaders")
    scheme = next(s for s in rs.funding if s.id == "genai-digital-leaders")
    assert leaders["reasons"] == [] and leaders["eligible"] == scheme.default


def test_every_scheme_explains_itself(ruleset, personas):
    for answers in personas.values():
        assert all(f["reasons"] for f in evaluate(ruleset, answers).to_dict()["funding"])


def test_programme_texts_have_no_unfilled_placeholders(ruleset, personas):
    for as_of in ("2026-01-15", "2026-11-29", "2027-06-01"):
        for answers in personas.values():
            for p in evaluate(ruleset, dict(answers, as_of=as_of, timeline="within_3_months")).to_dict()[
                "programs"
            ]:
                for item in p["reasons"] + p["cautions"]:
                    assert "{" not in item["text"], item
