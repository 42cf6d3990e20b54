"""Broken rule files fail at load with `file: rule id: reason`, every problem at once."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from advisor.engine import RulesError, load_ruleset

from ..conftest import RULES_DIR


@pytest.fixture
def rules_copy(tmp_path: Path) -> Path:
    target = tmp_path / "rules"
    shutil.copytree(RULES_DIR, target)
    return target


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"fixture text not found in {path.name}: {old!r}"
    path.write_text(text.replace(old, new, 1))


def load_problems(root: Path) -> list[str]:
    with pytest.raises(RulesError) as info:
        load_ruleset(root)
    return [str(p) for p in info.value.problems]


def test_real_rules_load(ruleset):
    assert len(ruleset.version) == 16
    assert [d.id for d in ruleset.dimensions][:7] == [
        "strategy",
        "data",
        "technology",
        "skills",
        "governance",
        "resources",
        "culture",
    ]


def test_unknown_question_id(rules_copy):
    edit(rules_copy / "readiness.yaml", "when: use_cases == 'ideas'", "when: usecases == 'ideas'")
    assert load_problems(rules_copy) == ["readiness.yaml: strategy.use-cases-ideas: unknown name 'usecases'"]


def test_unknown_value(rules_copy):
    edit(rules_copy / "lock-in.yaml", "when: ai_policy == 'written'", "when: ai_policy == 'formal'")
    [problem] = load_problems(rules_copy)
    assert problem.startswith("lock-in.yaml: lock.policy: unknown value 'formal' (allowed: ")


def test_bad_operator(rules_copy):
    edit(rules_copy / "actions.yaml", "when: ai_policy == 'none'", "when: ai_policy === 'none'")
    [problem] = load_problems(rules_copy)
    assert problem.startswith("actions.yaml: act.policy: cannot parse condition")


def test_missing_source(rules_copy):
    edit(
        rules_copy / "programs" / "aws-skill-builder.yaml",
        "    text: Online digital training (courses sold as subscriptions)\n    source: aws-pricing\n",
        "    text: Online digital training (courses sold as subscriptions)\n",
    )
    assert load_problems(rules_copy) == [
        "programs/aws-skill-builder.yaml: aws-skill-builder: attribute 'formats': missing source"
    ]


def test_unknown_source(rules_copy):
    edit(
        rules_copy / "programs" / "aws-skill-builder.yaml",
        "    text: Online digital training (courses sold as subscriptions)\n    source: aws-pricing\n",
        "    text: Online digital training (courses sold as subscriptions)\n    source: a-blog\n",
    )
    assert load_problems(rules_copy) == [
        "programs/aws-skill-builder.yaml: aws-skill-builder: attribute 'formats': unknown source 'a-blog'"
    ]


def test_bad_confidence(rules_copy):
    edit(rules_copy / "programs" / "aws-skill-builder.yaml", "confidence: confirmed", "confidence: certain")
    assert load_problems(rules_copy) == [
        "programs/aws-skill-builder.yaml: aws-skill-builder: source aws-pricing: "
        "'confidence' must be confirmed or reported"
    ]


def test_duplicate_rule_id(rules_copy):
    edit(rules_copy / "actions.yaml", "id: act.baseline", "id: act.policy")
    assert load_problems(rules_copy) == [
        "actions.yaml: act.policy: duplicate id (first defined in actions.yaml)"
    ]


def test_duplicate_id_across_files(rules_copy):
    edit(rules_copy / "lock-in.yaml", "id: lock.policy", "id: act.policy")
    assert load_problems(rules_copy) == [
        "actions.yaml: act.policy: duplicate id (first defined in lock-in.yaml)"
    ]


def test_zero_points_refused(rules_copy):
    edit(rules_copy / "lock-in.yaml", "points: -5", "points: 0")
    assert load_problems(rules_copy) == [
        "lock-in.yaml: lock.policy: 'points' must not be 0 (a rule's sign gives its direction)"
    ]


def test_bad_horizon(rules_copy):
    edit(rules_copy / "actions.yaml", "horizon: 12_months", "horizon: next_year")
    assert load_problems(rules_copy) == [
        "actions.yaml: act.digitise: 'horizon' must be one of: 30_days, 90_days, 12_months"
    ]


def test_missing_required_programme(rules_copy):
    (rules_copy / "programs" / "multi-model.yaml").unlink()
    assert load_problems(rules_copy) == ["programs/: multi-model: required programme is missing"]


def test_unknown_placeholder(rules_copy):
    edit(rules_copy / "program-rules.yaml", "It starts {start}, more", "It starts {begin}, more")
    assert load_problems(rules_copy) == [
        "program-rules.yaml: common.starts-after-window: unknown placeholder '{begin}' in text"
    ]


def test_yaml_syntax_error_has_line(rules_copy):
    path = rules_copy / "lock-in.yaml"
    lines = path.read_text().splitlines()
    lines[4] = "  - id: [unclosed"
    path.write_text("\n".join(lines) + "\n")
    [problem] = load_problems(rules_copy)
    assert problem.startswith("lock-in.yaml:")
    assert ": yaml: " in problem
    line = int(problem.split(":")[1])
    assert 5 <= line <= 7


def test_every_problem_reported_together(rules_copy):
    edit(rules_copy / "readiness.yaml", "when: use_cases == 'ideas'", "when: usecases == 'ideas'")
    edit(rules_copy / "lock-in.yaml", "when: ai_policy == 'written'", "when: ai_policy == 'formal'")
    (rules_copy / "programs" / "multi-model.yaml").unlink()
    found = load_problems(rules_copy)
    assert len(found) == 3
    assert {p.split(":")[0] for p in found} == {"readiness.yaml", "lock-in.yaml", "programs/"}


def test_version_follows_the_files(rules_copy, ruleset):
    assert load_ruleset(rules_copy).version == ruleset.version
    (rules_copy / "notes.txt").write_text("a note\r\n")
    crlf = load_ruleset(rules_copy).version
    assert crlf != ruleset.version
    (rules_copy / "notes.txt").write_text("a note\n")
    assert load_ruleset(rules_copy).version == crlf  # CRLF counts as LF


def test_version_matches_contract_definition(ruleset):
    import hashlib

    digest = hashlib.sha256()
    for path in sorted(RULES_DIR.rglob("*"), key=lambda p: p.relative_to(RULES_DIR).as_posix()):
        if path.is_file():
            digest.update(path.relative_to(RULES_DIR).as_posix().encode() + b"\0")
            digest.update(path.read_bytes().replace(b"\r\n", b"\n"))
    assert ruleset.version == digest.hexdigest()[:16]


def test_missing_directory(tmp_path):
    with pytest.raises(RulesError):
        load_ruleset(tmp_path / "nowhere")


def test_choice_with_unquoted_comma_is_refused(rules_copy):
    edit(
        rules_copy / "questions.yaml",
        'label: "Basic digital tools (email, accounting software)"',
        "label: Basic digital tools (email, accounting software)",
    )
    found = load_problems(rules_copy)
    assert found[0] == (
        "questions.yaml: digital_maturity: values[1] needs a 'value' and a 'label' and"
        " nothing else (quote a label that holds a comma)"
    )
    # the value it dropped is then unknown where rules use it
    assert "readiness.yaml: data.digital-basic: unknown value 'basic_digital'" in found[1]


@pytest.mark.parametrize(
    ("qid", "reason"),
    [
        (
            "program_x",
            "question ids may not start with 'program_': conditions read those names from "
            "the programme's facts",
        ),
        (
            "program_ended",
            "question ids may not start with 'program_': conditions read those names "
            "from the programme's facts",
        ),
        ("count", "'count' is a reserved word of the condition language"),
        ("any_of", "'any_of' is a reserved word of the condition language"),
        ("true", "'true' is a reserved word of the condition language"),
        ("unknown", "'unknown' is a reserved word of the condition language"),
    ],
)
def test_reserved_question_ids_are_refused(rules_copy, qid, reason):
    edit(
        rules_copy / "questions.yaml",
        "  - id: it_staff\n",
        f"  - id: '{qid}'\n    step: business\n    type: int\n    label: X\n\n  - id: it_staff\n",
    )
    assert load_problems(rules_copy) == [f"questions.yaml: {qid}: {reason}"]


def test_fact_and_topic_are_kept_on_programme_rules(rules_copy):
    old_fact = '    fact: "Each programme\'s formats attribute (sourced per programme)."\n'
    edit(
        rules_copy / "program-rules.yaml",
        "    points: 5\n    topic: format\n" + old_fact,
        "    points: 5\n    topic: format\n    fact: The article lists each programme's formats.\n",
    )
    rs = load_ruleset(rules_copy)
    rule = rs.program_rules[0]
    assert (rule.fact, rule.topic) == ("The article lists each programme's formats.", "format")


def test_topic_must_be_a_slug(rules_copy):
    edit(
        rules_copy / "program-rules.yaml",
        "    points: 5\n    topic: format\n",
        "    points: 5\n    topic: Lock In\n",
    )
    [problem] = load_problems(rules_copy)
    assert problem.endswith(": 'topic' must be a short slug of lower-case letters, digits and -")


def test_fact_is_refused_outside_programme_rules(rules_copy):
    edit(rules_copy / "lock-in.yaml", "points: -5", "points: -5\n    fact: x")
    assert load_problems(rules_copy) == ["lock-in.yaml: lock.policy: unknown key 'fact'"]


MS_END = "  end:\n    value: 2027-03\n    part: SkillsFuture SME programme\n"


@pytest.mark.parametrize(
    ("end", "reason"),
    [
        (
            "  end:\n    value: 2027-13\n    part: SkillsFuture SME programme\n",
            "attribute 'end': value must be a date YYYY-MM-DD or a month YYYY-MM, or null",
        ),
        (
            "  end:\n    value: null\n    part: SkillsFuture SME programme\n",
            "attribute 'end': 'part' needs the date that part ends in 'value'",
        ),
        (
            "  end:\n    value: 2027-03\n    part: ''\n",
            "attribute 'end': 'part' must be non-empty text naming what ends",
        ),
        (
            "  end:\n    value: 2027-03\n    part: SkillsFuture SME programme\n    parts: x\n",
            "unknown key 'parts'",
        ),
    ],
)
def test_bad_partial_end_is_refused(rules_copy, end, reason):
    edit(rules_copy / "programs" / "microsoft-ai-skills.yaml", MS_END, end)
    assert load_problems(rules_copy) == [f"programs/microsoft-ai-skills.yaml: microsoft-ai-skills: {reason}"]


def test_part_only_on_the_end_attribute(rules_copy):
    edit(
        rules_copy / "programs" / "microsoft-ai-skills.yaml",
        "    value: 2024-03-06\n",
        "    value: 2024-03-06\n    part: SkillsFuture SME programme\n",
    )
    assert load_problems(rules_copy) == [
        "programs/microsoft-ai-skills.yaml: microsoft-ai-skills: unknown key 'part'"
    ]
