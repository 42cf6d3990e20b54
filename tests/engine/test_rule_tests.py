"""`advisor rules test [DIR]` (contract 4): relations, output lines, exit codes, strict files."""

from __future__ import annotations

import shutil

import pytest
import yaml

from advisor.engine import evaluate

from ..conftest import RULES_DIR
from .test_cli import run


@pytest.fixture
def rules_dir(tmp_path):
    root = tmp_path / "rules"
    shutil.copytree(RULES_DIR, root)
    shutil.rmtree(root / "tests", ignore_errors=True)
    (root / "tests").mkdir()
    return root


@pytest.fixture
def persona(ruleset, answers):
    answers = dict(answers, as_of="2026-11-29")
    result = evaluate(ruleset, answers).to_dict()
    return answers, result


def write(root, name, personas):
    (root / "tests" / name).write_text(yaml.safe_dump({"personas": personas}, sort_keys=False))


def true_relations(result):
    """Relations that hold for `result`, whatever the current rule content."""
    progs = result["programs"]
    first, last = progs[0], progs[-1]
    below = next(p for p in progs if p["fit"] < first["fit"]) if last["fit"] < first["fit"] else None
    funding = {f["id"]: f["eligible"] for f in result["funding"]}
    rels = [
        {"in_top": [first["id"], 1], "why": "w"},
        {"not_first": last["id"], "why": "w"} if last["rank"] != 1 else None,
        {"above": [first["id"], below["id"]], "why": "w"} if below else None,
        {"funding": {"psg": funding["psg"]}, "why": "w"},
        {"level_in": [result["readiness"]["level"]], "why": "w"},
        {
            "lock_in_not": next(r for r in ("low", "medium", "high") if r != result["lock_in"]["risk"]),
            "why": "w",
        },
        {"action": ".", "why": "w"} if result["actions"] else None,
    ]
    with_caution = next((p for p in progs if p["cautions"]), None)
    if with_caution:
        rels.append({"caution": {with_caution["id"]: "."}, "why": "w"})
    return [r for r in rels if r]


def test_passing_relations_exit_0(monkeypatch, capsys, rules_dir, persona):
    answers, result = persona
    rels = true_relations(result)
    write(rules_dir, "a.yaml", [{"id": "p-one", "about": "x", "answers": answers, "expect": rels}])
    code, out, err = run(monkeypatch, capsys, ["rules", "test", str(rules_dir)])
    assert (code, err) == (0, "")
    assert out == f"{len(rels)} passed, 0 failed\n"


def test_failing_relations_print_one_line_each_and_exit_1(monkeypatch, capsys, rules_dir, persona):
    answers, result = persona
    progs = result["programs"]
    first, last = progs[0], progs[-1]
    funding = result["funding"][0]
    wrong = "unlikely" if funding["eligible"] != "unlikely" else "likely"
    write(
        rules_dir,
        "b.yaml",
        [
            {
                "id": "p-two",
                "answers": answers,
                "expect": [
                    {"in_top": [first["id"], 1], "why": "holds"},
                    {"not_first": first["id"], "why": "fails"},
                    {"above": [last["id"], first["id"]], "why": "fails"},
                    {"funding": {funding["id"]: wrong}, "why": "fails"},
                    {"lock_in_not": result["lock_in"]["risk"], "why": "fails"},
                    {"action": "no action says this, surely", "why": "fails"},
                ],
            }
        ],
    )
    code, out, err = run(monkeypatch, capsys, ["rules", "test", str(rules_dir)])
    assert (code, err) == (1, "")
    lines = out.splitlines()
    assert lines[-1] == "1 passed, 5 failed"
    assert lines[0].startswith(f"tests/b.yaml: p-two: not_first: {first['id']}: got rank 1")
    assert lines[1] == (
        f"tests/b.yaml: p-two: above: [{last['id']}, {first['id']}]: "
        f"got {last['id']} {last['fit']}, {first['id']} {first['fit']}"
    )
    assert lines[2] == (
        f"tests/b.yaml: p-two: funding: {{{funding['id']}: {wrong}}}: "
        f"got {funding['id']} {funding['eligible']}"
    )
    assert lines[3].startswith("tests/b.yaml: p-two: lock_in_not: ")
    assert lines[4].startswith("tests/b.yaml: p-two: action: no action says this, surely: got actions [")


def test_joint_ranks_in_relations(monkeypatch, capsys, rules_dir, answers):
    from .ruledirs import controlled_rules

    root = controlled_rules(
        rules_dir.parent / "c", {"multi-model": {"base_fit": 60}, "aws-skill-builder": {"base_fit": 60}}
    )
    (root / "tests").mkdir()
    write(
        root,
        "t.yaml",
        [
            {
                "id": "tie",
                "answers": dict(answers, as_of="2026-11-29"),
                "expect": [
                    {"in_top": ["multi-model", 1], "why": "joint first counts as first"},
                    {"in_top": ["aws-skill-builder", 1], "why": "joint first counts as first"},
                    {"above": ["aws-skill-builder", "multi-model"], "why": "equal fits: not above"},
                    {"not_first": "multi-model", "why": "joint first is first"},
                ],
            }
        ],
    )
    code, out, _ = run(monkeypatch, capsys, ["rules", "test", str(root)])
    assert code == 1
    assert out.splitlines() == [
        "tests/t.yaml: tie: above: [aws-skill-builder, multi-model]: got aws-skill-builder 60, "
        "multi-model 60",
        "tests/t.yaml: tie: not_first: multi-model: got rank 1 (joint), fit 60",
        "2 passed, 2 failed",
    ]


@pytest.mark.parametrize(
    ("relation", "reason"),
    [
        ({"above": ["multi-model"], "why": "w"}, "expect[0]: above: needs [A, B], two different programme"),
        ({"not_first": "nope", "why": "w"}, "expect[0]: not_first: needs a programme id"),
        ({"in_top": ["multi-model", 0], "why": "w"}, "expect[0]: in_top: needs [programme id, n] with n"),
        (
            {"funding": {"psg": "maybe"}, "why": "w"},
            "expect[0]: funding: needs {scheme: likely|check|unlikely}",
        ),
        ({"level_in": ["Guru"], "why": "w"}, "expect[0]: level_in: needs a list of level names"),
        ({"lock_in_not": "huge", "why": "w"}, "expect[0]: lock_in_not: needs low, medium or high"),
        ({"caution": {"multi-model": "("}, "why": "w"}, "expect[0]: caution: bad regular expression"),
        ({"action": "x"}, "expect[0]: action: 'why' must say which fact this rests on"),
        (
            {"above": ["multi-model", "aws-skill-builder"], "below": 1, "why": "w"},
            "expect[0]: give exactly one relation",
        ),
        ({"beside": 1, "why": "w"}, "expect[0]: give exactly one relation"),
    ],
)
def test_bad_relations_are_refused_with_exit_2(monkeypatch, capsys, rules_dir, persona, relation, reason):
    answers, _ = persona
    write(rules_dir, "c.yaml", [{"id": "p-three", "answers": answers, "expect": [relation]}])
    code, out, err = run(monkeypatch, capsys, ["rules", "test", str(rules_dir)])
    assert (code, out) == (2, "")
    [line] = err.splitlines()
    assert line.startswith(f"tests/c.yaml: p-three: {reason}")


def test_bad_answers_and_missing_as_of_are_reported(monkeypatch, capsys, rules_dir, persona):
    answers, _ = persona
    bad = {k: v for k, v in answers.items() if k != "as_of"}
    bad["employees"] = "many"
    write(
        rules_dir,
        "d.yaml",
        [
            {"id": "p-four", "answers": bad, "expect": [{"lock_in_not": "high", "why": "w"}]},
            {"id": "p-four", "answers": answers, "extra": 1, "expect": [{"lock_in_not": "high", "why": "w"}]},
        ],
    )
    code, _, err = run(monkeypatch, capsys, ["rules", "test", str(rules_dir)])
    assert code == 2
    lines = err.splitlines()
    assert (
        "tests/d.yaml: p-four: answers: as_of: is required here (a fixed date keeps the test stable)" in lines
    )
    assert "tests/d.yaml: p-four: answers: employees: must be a whole number" in lines
    assert "tests/d.yaml: p-four: duplicate persona id (first in tests/d.yaml)" in lines
    assert "tests/d.yaml: p-four: unknown key 'extra'" in lines


def test_a_file_of_the_wrong_shape_and_no_files(monkeypatch, capsys, rules_dir):
    code, _, err = run(monkeypatch, capsys, ["rules", "test", str(rules_dir)])
    assert (code, err) == (2, "tests/: no expectation files (tests/*.yaml)\n")
    (rules_dir / "tests" / "e.yaml").write_text("- id: x\n")
    code, _, err = run(monkeypatch, capsys, ["rules", "test", str(rules_dir)])
    assert (code, err) == (
        2,
        "tests/e.yaml: -: the file must be a mapping with one key, 'personas', holding a list\n",
    )


def test_invalid_rules_exit_1_and_missing_dir_exit_2(monkeypatch, capsys, rules_dir, tmp_path):
    (rules_dir / "lock-in.yaml").write_text("rules: []\nbands: []\n")
    code, _, err = run(monkeypatch, capsys, ["rules", "test", str(rules_dir)])
    assert (code, err) == (1, "lock-in.yaml: -: bands must define low, medium and high once each\n")
    code, _, err = run(monkeypatch, capsys, ["rules", "test", str(tmp_path / "nowhere")])
    assert code == 2 and err.startswith("dir: rules directory not found")
