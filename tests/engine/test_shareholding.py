"""An unanswered local-shareholding question is unknown: PSG and EDG say "check", never "unlikely"."""

from __future__ import annotations

import pytest

from advisor.engine import evaluate, validate_answers


def funding(ruleset, answers: dict) -> dict[str, str]:
    return {f["id"]: f["eligible"] for f in evaluate(ruleset, answers).to_dict()["funding"]}


@pytest.fixture
def small(answers):
    """A firm PSG's size rule admits, so only shareholding decides."""
    return dict(answers, employees=20, it_staff=min(answers["it_staff"], 20), annual_revenue="1m_to_10m")


def test_unknown_shareholding_says_check(ruleset, small):
    small.pop("local_shareholding_30pct", None)
    result = evaluate(ruleset, small).to_dict()
    by_id = {f["id"]: f for f in result["funding"]}
    assert by_id["psg"]["eligible"] == "check"
    assert by_id["edg"]["eligible"] == "check"
    assert "psg.shareholding-unknown" in [r["rule"] for r in by_id["psg"]["reasons"]]
    assert "edg.shareholding-unknown" in [r["rule"] for r in by_id["edg"]["reasons"]]
    assert "psg.no-shareholding" not in [r["rule"] for r in by_id["psg"]["reasons"]]


def test_no_shareholding_says_unlikely(ruleset, small):
    got = funding(ruleset, dict(small, local_shareholding_30pct=False))
    assert (got["psg"], got["edg"]) == ("unlikely", "unlikely")


def test_shareholding_met_says_likely_for_psg(ruleset, small):
    got = funding(ruleset, dict(small, local_shareholding_30pct=True))
    assert (got["psg"], got["edg"]) == ("likely", "check")


def test_unknown_stays_absent_from_clean_answers(ruleset, small):
    small.pop("local_shareholding_30pct", None)
    clean = validate_answers(ruleset.questions, small)
    assert "local_shareholding_30pct" not in clean
    assert ruleset.question_by_id["local_shareholding_30pct"].may_be_unknown


def test_a_bare_unknown_answer_in_a_rule_is_refused(tmp_path, ruleset):
    import shutil

    from advisor.engine import RulesError, load_ruleset

    root = tmp_path / "rules"
    shutil.copytree(ruleset.path, root)
    path = root / "funding.yaml"
    path.write_text(
        path.read_text().replace(
            "when: local_shareholding_30pct == false", "when: not local_shareholding_30pct", 1
        )
    )
    with pytest.raises(RulesError) as info:
        load_ruleset(root)
    [problem] = [str(p) for p in info.value.problems]
    assert problem.startswith(
        "funding.yaml: psg.no-shareholding: 'local_shareholding_30pct' may be "
        "unknown: write local_shareholding_30pct == true"
    )
