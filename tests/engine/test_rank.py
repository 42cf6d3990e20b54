"""programs[].rank: standard competition ranking over fit, and the published order within a tie."""

from __future__ import annotations

from advisor.engine import evaluate, load_ruleset
from advisor.engine.evaluate import program_properties, tie_key
from advisor.presentation import words_for
from advisor.presentation.build import tie_rule

from .ruledirs import caution, controlled_rules, fit_rule


def ranked(root, answers) -> list[tuple[str, int, int]]:
    result = evaluate(load_ruleset(root), dict(answers, as_of="2026-11-29")).to_dict()
    return [(p["id"], p["fit"], p["rank"]) for p in result["programs"]]


def test_equal_fits_share_a_rank_and_the_next_rank_skips(tmp_path, answers):
    root = controlled_rules(
        tmp_path,
        {
            "alibaba-qwen-ntuc": {"base_fit": 70},
            "aws-skill-builder": {"base_fit": 70},
            "google-cloud-skills-boost": {"base_fit": 50},
            "microsoft-ai-skills": {"base_fit": 50},
            "multi-model": {"base_fit": 40},
        },
    )
    assert ranked(root, answers) == [
        ("alibaba-qwen-ntuc", 70, 1),
        ("aws-skill-builder", 70, 1),
        ("google-cloud-skills-boost", 50, 3),
        ("microsoft-ai-skills", 50, 3),
        ("multi-model", 40, 5),
    ]


def test_within_a_tie_available_programmes_come_first(tmp_path, answers):
    # Ids in reverse of the wanted order: the id must not decide when availability does.
    root = controlled_rules(
        tmp_path,
        {
            "alibaba-qwen-ntuc": {"base_fit": 60, "start": "2027-06"},  # not started on 2026-11-29
            "aws-skill-builder": {"base_fit": 60, "end": "2026-10"},  # ended
            "multi-model": {"base_fit": 60},
        },
    )
    assert [p for p, _, _ in ranked(root, answers)][:3] == [
        "multi-model",
        "alibaba-qwen-ntuc",
        "aws-skill-builder",
    ]
    assert {r for _, _, r in ranked(root, answers)[:3]} == {1}


def test_within_a_tie_fewer_cautions_that_depend_on_the_answers_come_first(tmp_path, answers):
    root = controlled_rules(
        tmp_path,
        {
            "alibaba-qwen-ntuc": {
                "base_fit": 60,
                "cautions": [caution("a.c1", "employees >= 1"), caution("a.c2", "it_staff >= 0")],
            },
            "google-cloud-skills-boost": {"base_fit": 60, "cautions": [caution("g.c1", "employees >= 1")]},
            "multi-model": {"base_fit": 60},
        },
    )
    assert [p for p, _, _ in ranked(root, answers)][:3] == [
        "multi-model",
        "google-cloud-skills-boost",
        "alibaba-qwen-ntuc",
    ]


def test_availability_outranks_fewer_cautions(tmp_path, answers):
    root = controlled_rules(
        tmp_path,
        {
            "alibaba-qwen-ntuc": {"base_fit": 60, "start": "2027-06"},
            "multi-model": {
                "base_fit": 60,
                "cautions": [caution("m.c1", "employees >= 1"), caution("m.c2", "employees >= 1")],
            },
        },
    )
    assert [p for p, _, _ in ranked(root, answers)][:2] == ["multi-model", "alibaba-qwen-ntuc"]


def test_the_id_decides_only_when_everything_else_is_equal(tmp_path, answers):
    root = controlled_rules(
        tmp_path, {"multi-model": {"base_fit": 60}, "aws-skill-builder": {"base_fit": 60}}
    )
    assert ranked(root, answers)[:2] == [("aws-skill-builder", 60, 1), ("multi-model", 60, 1)]


def test_higher_fit_always_ranks_above_regardless_of_tie_criteria(tmp_path, answers):
    root = controlled_rules(
        tmp_path,
        {
            "alibaba-qwen-ntuc": {"base_fit": 61, "start": "2027-06", "cautions": [caution("a.c")]},
            "multi-model": {"base_fit": 60},
        },
    )
    assert ranked(root, answers)[:2] == [("alibaba-qwen-ntuc", 61, 1), ("multi-model", 60, 2)]


def test_cautions_every_business_gets_are_properties_and_do_not_count(tmp_path, answers):
    # Qwen's three always-firing cautions (and one on its own facts) must not put it last: with
    # those left out, the id decides here, and alibaba-qwen-ntuc sorts first.
    root = controlled_rules(
        tmp_path,
        {
            "alibaba-qwen-ntuc": {
                "base_fit": 60,
                "cautions": [
                    caution("q.vendor"),
                    caution("q.places"),
                    caution("q.reported"),
                    caution("q.scope", "program_scope == 'single_vendor_models'"),
                ],
            },
            "multi-model": {"base_fit": 60},
        },
    )
    assert [p for p, _, _ in ranked(root, answers)][:2] == ["alibaba-qwen-ntuc", "multi-model"]
    props = program_properties(load_ruleset(root))
    assert props == [
        {
            "id": "alibaba-qwen-ntuc",
            "name": load_ruleset(root).programs[0].name,
            "cautions": [
                {"rule": r, "text": "A caution."} for r in ("q.vendor", "q.places", "q.reported", "q.scope")
            ],
        }
    ]


def test_then_more_points_in_its_favour(tmp_path, answers):
    # Equal fit 60 and no cautions: multi-model gets there with +20 and -20, AWS with nothing.
    root = controlled_rules(
        tmp_path,
        {
            "aws-skill-builder": {"base_fit": 60},
            "multi-model": {
                "base_fit": 60,
                "fit": [fit_rule("m.up", "employees >= 1", 20), fit_rule("m.down", "employees >= 1", -20)],
            },
        },
    )
    assert ranked(root, answers)[:2] == [("multi-model", 60, 1), ("aws-skill-builder", 60, 1)]


def test_the_tie_key_is_the_published_order():
    # available first, then fewer counted cautions, then more points for, then the id
    keys = [tie_key(False, 0, 50, 0), tie_key(True, 2, 50, 0), tie_key(True, 1, 0, 0), tie_key(True, 1, 5, 9)]
    assert sorted(keys) == [keys[3], keys[2], keys[1], keys[0]]


def test_the_tie_rule_is_published_text():
    # The engine sorts by the rule; its words are the presentation layer's (any language).
    text = tie_rule(words_for("en"))
    assert "available on the assessment date" in text
    assert "fewer cautions that depend on your answers" in text
    assert "properties of the programme" in text and "points in its favour" in text
