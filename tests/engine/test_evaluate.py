"""Contract 2: result layout, ordering, traceability, time-awareness and canonical bytes."""

from __future__ import annotations

import json
import shutil

import pytest

from advisor.engine import REQUIRED_PROGRAMS, evaluate, load_ruleset

DIMENSIONS = ["strategy", "data", "technology", "skills", "governance", "resources", "culture"]


@pytest.fixture
def result(ruleset, answers):
    answers["as_of"] = "2026-11-29"
    return evaluate(ruleset, answers).to_dict()


def test_top_level_keys_in_contract_order(result):
    assert list(result) == ["ruleset", "readiness", "programs", "funding", "lock_in", "actions", "what_if"]
    assert list(result["ruleset"]) == ["version", "as_of"]
    assert list(result["readiness"]) == ["score", "level", "meaning", "dimensions"]
    assert list(result["lock_in"]) == ["risk", "reasons", "advice"]


def test_dimensions_in_contract_order_with_traced_reasons(ruleset, result):
    dims = result["readiness"]["dimensions"]
    assert [d["id"] for d in dims][:7] == DIMENSIONS
    by_id = {d.id: d for d in ruleset.dimensions}
    for d in dims:
        assert list(d) == ["id", "name", "score", "level", "meaning", "reasons", "next_level"]
        assert 0 <= d["score"] <= 100
        total = by_id[d["id"]].base + sum(r["points"] for r in d["reasons"])
        assert d["score"] == max(0, min(100, total))
        rule_ids = {r.id for r in by_id[d["id"]].rules}
        assert all(r["rule"] in rule_ids and r["points"] != 0 for r in d["reasons"])


def test_overall_score_is_weighted_mean_rounded_half_up(ruleset, result):
    from decimal import ROUND_HALF_UP, Decimal

    weights = {d.id: d.weight for d in ruleset.dimensions}
    dims = result["readiness"]["dimensions"]
    mean = Decimal(sum(weights[d["id"]] * d["score"] for d in dims)) / sum(weights.values())
    assert result["readiness"]["score"] == int(mean.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def test_programs_complete_sorted_and_traced(ruleset, result):
    programs = result["programs"]
    assert sorted(p["id"] for p in programs) == sorted(REQUIRED_PROGRAMS)
    assert [p["fit"] for p in programs] == sorted((p["fit"] for p in programs), reverse=True)
    base = {p.id: p.base_fit for p in ruleset.programs}
    for p in programs:
        assert list(p) == [
            "id",
            "name",
            "fit",
            "rank",
            "strength",
            "reasons",
            "cautions",
            "attributes",
            "start",
            "cost",
            "sources",
        ]
        assert p["fit"] == max(0, min(100, base[p["id"]] + sum(r["points"] for r in p["reasons"])))
        assert p["sources"] and all(s["confidence"] in ("confirmed", "reported") for s in p["sources"])
        for attr in (
            "provider",
            "partners",
            "model_scope",
            "formats",
            "certifications",
            "audience",
            "cost",
            "start",
            "end",
            "capacity",
        ):
            fact = p["attributes"][attr]
            assert fact["text"]
            assert fact["confidence"] == p["sources"][fact["source"]]["confidence"]


def test_funding_separate_from_programmes(result):
    program_ids = {p["id"] for p in result["programs"]}
    assert result["funding"]
    for f in result["funding"]:
        assert f["id"] not in program_ids
        assert f["eligible"] in ("likely", "check", "unlikely")
        assert f["sources"]


def test_actions_ordered_by_horizon_then_file_order(ruleset, result):
    order = {"30_days": 0, "90_days": 1, "12_months": 2}
    file_pos = {r.id: i for i, r in enumerate(ruleset.actions)}
    keys = [(order[a["horizon"]], file_pos[a["rule"]]) for a in result["actions"]]
    assert keys == sorted(keys)


def test_canonical_bytes_are_deterministic(ruleset, answers):
    answers["as_of"] = "2026-11-29"
    first = evaluate(ruleset, answers).to_json()
    second = evaluate(ruleset, json.loads(json.dumps(answers))).to_json()
    assert first == second
    assert first.endswith("}\n")
    assert first == json.dumps(json.loads(first), ensure_ascii=False, indent=2) + "\n"


def test_to_dict_is_a_copy(ruleset, answers):
    result = evaluate(ruleset, answers)
    d = result.to_dict()
    d["programs"][0]["attributes"]["provider"]["text"] = "changed"
    assert evaluate(ruleset, answers).to_dict()["programs"][0]["attributes"]["provider"]["text"] != "changed"


def _program(result, pid):
    return next(p for p in result["programs"] if p["id"] == pid)


def test_programme_not_started_gets_dated_caution_and_lower_fit_when_urgent(ruleset, answers):
    answers.update(timeline="within_3_months")
    before = evaluate(ruleset, dict(answers, as_of="2026-03-01")).to_dict()
    after = evaluate(ruleset, dict(answers, as_of="2026-07-01")).to_dict()
    qwen_before, qwen_after = _program(before, "alibaba-qwen-ntuc"), _program(after, "alibaba-qwen-ntuc")
    cautions = [c["text"] for c in qwen_before["cautions"] if c["rule"] == "common.not-started"]
    assert cautions and "June 2026" in cautions[0] and "1 March 2026" in cautions[0]
    assert not any(c["rule"] == "common.not-started" for c in qwen_after["cautions"])
    assert qwen_before["fit"] < qwen_after["fit"]


def test_month_precision_start_counts_from_first_day(ruleset, answers):
    on_day = evaluate(ruleset, dict(answers, as_of="2026-06-01")).to_dict()
    day_before = evaluate(ruleset, dict(answers, as_of="2026-05-31")).to_dict()
    assert not any(
        c["rule"] == "common.not-started" for c in _program(on_day, "alibaba-qwen-ntuc")["cautions"]
    )
    assert any(
        c["rule"] == "common.not-started" for c in _program(day_before, "alibaba-qwen-ntuc")["cautions"]
    )


def test_ended_programme_says_so(tmp_path, answers):
    # No programme in the fact sheet ends as a whole, so the mechanics are tried on a copy of the
    # rules whose AWS entry is given a month-precision end.
    rules = tmp_path / "rules"
    shutil.copytree(load_ruleset().path, rules)
    aws = rules / "programs" / "aws-skill-builder.yaml"
    text = aws.read_text(encoding="utf-8")
    marker = "  end:\n    value: null\n"
    assert marker in text
    aws.write_text(text.replace(marker, "  end:\n    value: 2027-03\n"), encoding="utf-8")
    ruleset = load_ruleset(rules)
    ended = evaluate(ruleset, dict(answers, as_of="2027-04-01")).to_dict()
    running = evaluate(ruleset, dict(answers, as_of="2027-03-31")).to_dict()
    aws_ended, aws_running = _program(ended, "aws-skill-builder"), _program(running, "aws-skill-builder")
    assert any(c["rule"] == "common.ended-caution" for c in aws_ended["cautions"])
    assert not any(c["rule"] == "common.ended-caution" for c in aws_running["cautions"])
    assert aws_ended["fit"] < aws_running["fit"]


def test_microsoft_agreement_end_does_not_end_the_entry(ruleset, answers):
    # The fact sheet's "about March 2027" belongs to the SkillsFuture SME agreement only; the free
    # courses and the NTUC LearningHub agreement have no published end.
    before = _program(evaluate(ruleset, dict(answers, as_of="2027-03-31")).to_dict(), "microsoft-ai-skills")
    later = _program(evaluate(ruleset, dict(answers, as_of="2027-06-01")).to_dict(), "microsoft-ai-skills")
    end = later["attributes"]["end"]
    assert (end["value"], end["part"], end["precision"]) == ("2027-03", "SkillsFuture SME programme", "month")
    assert list(end) == ["value", "text", "part", "precision", "source", "confidence"]
    assert not any(c["rule"] in ("common.ended-caution", "common.ended") for c in later["cautions"])
    assert not any(r["rule"] == "common.ended" for r in later["reasons"])
    assert [c["rule"] for c in before["cautions"] if c["rule"].startswith("microsoft.")] == [
        "microsoft.sme-agreement-end"
    ]
    assert [c["rule"] for c in later["cautions"] if c["rule"].startswith("microsoft.")] == [
        "microsoft.sme-agreement-ended"
    ]
    assert later["fit"] == before["fit"]


def test_a_partial_end_never_ends_the_entry_but_a_whole_end_does(tmp_path, answers):
    # The same end on AWS, once for the whole entry and once naming a part of it.
    results = {}
    for name, end in (
        ("whole", "  end:\n    value: 2027-03\n"),
        ("part", "  end:\n    value: 2027-03\n    part: One intake\n"),
    ):
        rules = tmp_path / name
        shutil.copytree(load_ruleset().path, rules)
        aws = rules / "programs" / "aws-skill-builder.yaml"
        text = aws.read_text(encoding="utf-8")
        assert "  end:\n    value: null\n" in text
        aws.write_text(text.replace("  end:\n    value: null\n", end), encoding="utf-8")
        results[name] = _program(
            evaluate(load_ruleset(rules), dict(answers, as_of="2027-06-01")).to_dict(), "aws-skill-builder"
        )
    whole, part = results["whole"], results["part"]
    assert "part" not in whole["attributes"]["end"]
    assert part["attributes"]["end"]["part"] == "One intake"
    assert any(c["rule"] == "common.ended-caution" for c in whole["cautions"])
    assert any(r["rule"] == "common.ended" for r in whole["reasons"])
    assert not any(c["rule"] == "common.ended-caution" for c in part["cautions"])
    assert not any(r["rule"] == "common.ended" for r in part["reasons"])
    assert part["fit"] > whole["fit"]


def test_qwen_critique_is_visible(ruleset, personas):
    for answers in personas.values():
        qwen = _program(evaluate(ruleset, answers).to_dict(), "alibaba-qwen-ntuc")
        rules = {c["rule"] for c in qwen["cautions"]}
        assert {"qwen.single-vendor", "qwen.limited-places"} <= rules
        assert qwen["attributes"]["model_scope"]["value"] == "single_vendor_models"
        assert qwen["attributes"]["start"]["value"] == "2026-06"
        assert qwen["attributes"]["capacity"]["value"] == 1000
        assert qwen["attributes"]["provider"]["confidence"] == "reported"
        if answers["non_technical_workforce"] == "high":
            assert "qwen.support-non-technical" in rules


def test_as_of_recorded(ruleset, answers):
    answers["as_of"] = "2025-01-15"
    assert evaluate(ruleset, answers).to_dict()["ruleset"] == {
        "version": ruleset.version,
        "as_of": "2025-01-15",
    }
