"""Contract 3: the `advisor` command line (score, rules check), exit codes and stderr lines."""

from __future__ import annotations

import io
import json
import shutil
import subprocess
import sys

import pytest

from advisor.cli import main
from advisor.engine import evaluate

from ..conftest import PERSONAS_DIR, RULES_DIR


def run(monkeypatch, capsys, args, stdin: str | None = None):
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
    try:
        code = main(args)
    except SystemExit as exc:
        code = exc.code
    out = capsys.readouterr()
    return code, out.out, out.err


@pytest.fixture(autouse=True)
def _rules_env(monkeypatch):
    monkeypatch.setenv("ADVISOR_RULES_DIR", str(RULES_DIR))


@pytest.mark.parametrize("name", sorted(p.name for p in PERSONAS_DIR.glob("*.json")))
def test_score_prints_canonical_result(monkeypatch, capsys, ruleset, name):
    answers = json.loads((PERSONAS_DIR / name).read_text())
    answers["as_of"] = "2026-11-29"
    code, out, err = run(monkeypatch, capsys, ["score", "-"], json.dumps(answers))
    assert (code, err) == (0, "")
    assert out == evaluate(ruleset, answers).to_json()


def test_score_text_format(monkeypatch, capsys, personas):
    code, out, _ = run(monkeypatch, capsys, ["score", str(PERSONAS_DIR / "minimal.json"), "--format", "text"])
    assert code == 0
    assert out.startswith("AI readiness: ")
    assert "Vendor-neutral, multi-model route" in out


def test_bad_answers_exit_2_one_line_per_problem(monkeypatch, capsys):
    body = json.dumps({"industry": "farming", "employees": "9", "extra": 1})
    code, out, err = run(monkeypatch, capsys, ["score", "-"], body)
    assert code == 2 and out == ""
    lines = err.splitlines()
    assert lines[0].startswith("industry: must be one of")
    assert lines[1] == "employees: must be a whole number"
    assert "extra: is not a known question" in lines
    assert all(": " in line for line in lines)
    assert "Traceback" not in err


@pytest.mark.parametrize(
    ("args", "stdin", "first_line"),
    [
        (["score", "/no/such/file.json"], None, "body: file not found"),
        (["score", "-"], "{not json", "body: malformed JSON"),
        (["score", "-"], "[1, 2]", "body: the answers must be a JSON object"),
        (["score", "-"], "[" * 200_000, "body: malformed JSON"),
        (["score", "-"], '{"employees": ' + "9" * 5000 + "}", "body: malformed JSON"),
        (["rules", "check", "/no/such/rules"], None, "dir: rules directory not found"),
        (["score"], None, None),
        (["frobnicate"], None, None),
    ],
)
def test_bad_input_and_usage_exit_2(monkeypatch, capsys, args, stdin, first_line):
    code, out, err = run(monkeypatch, capsys, args, stdin)
    assert code == 2 and out == ""
    if first_line:
        assert err.splitlines()[0].startswith(first_line)
    assert "Traceback" not in err


def test_rules_check_clean(monkeypatch, capsys):
    code, out, err = run(monkeypatch, capsys, ["rules", "check", str(RULES_DIR)])
    assert code == 0 and err == ""
    assert out.startswith("rules ok: version ")


def test_rules_check_reports_problems_exit_1(monkeypatch, capsys, tmp_path):
    root = tmp_path / "rules"
    shutil.copytree(RULES_DIR, root)
    path = root / "actions.yaml"
    path.write_text(path.read_text().replace("when: ai_policy == 'none'", "when: policy == 'none'", 1))
    (root / "funding.yaml").write_text("schemes: [\n")
    code, out, err = run(monkeypatch, capsys, ["rules", "check", str(root)])
    assert code == 1 and out == ""
    lines = err.splitlines()
    assert "actions.yaml: act.policy: unknown name 'policy'" in lines
    assert any(line.startswith("funding.yaml:") and ": yaml: " in line for line in lines)


def test_invalid_rules_make_score_exit_1(monkeypatch, capsys, tmp_path):
    root = tmp_path / "rules"
    shutil.copytree(RULES_DIR, root)
    (root / "lock-in.yaml").write_text("rules: []\nbands: []\n")
    monkeypatch.setenv("ADVISOR_RULES_DIR", str(root))
    code, _, err = run(monkeypatch, capsys, ["score", str(PERSONAS_DIR / "minimal.json")])
    assert code == 1
    assert err.splitlines() == ["lock-in.yaml: -: bands must define low, medium and high once each"]


def test_console_script_installed():
    exe = shutil.which("advisor", path=str(__import__("pathlib").Path(sys.executable).parent))
    assert exe, "the package installs an `advisor` console script"
    proc = subprocess.run(
        [exe, "score", str(PERSONAS_DIR / "minimal.json")],
        capture_output=True,
        text=True,
        env={"ADVISOR_RULES_DIR": str(RULES_DIR), "PATH": "/usr/bin:/bin"},
    )
    assert proc.returncode == 0, proc.stderr
    assert json.loads(proc.stdout)["ruleset"]["version"]


def test_rules_check_refuses_a_program_prefixed_question(monkeypatch, capsys, tmp_path):
    """Such a question used to pass the check and then break every evaluation."""
    root = tmp_path / "rules"
    shutil.copytree(RULES_DIR, root)
    path = root / "questions.yaml"
    path.write_text(
        path.read_text().replace(
            "  - id: it_staff\n",
            "  - id: program_x\n    step: business\n    type: bool\n    label: X\n\n  - id: it_staff\n",
            1,
        )
    )
    code, out, err = run(monkeypatch, capsys, ["rules", "check", str(root)])
    assert (code, out) == (1, "")
    assert err.splitlines() == [
        "questions.yaml: program_x: question ids may not start with "
        "'program_': conditions read those names from the programme's facts"
    ]


def _text(ruleset, answers):
    from advisor.cli import format_text

    return format_text(evaluate(ruleset, answers), ruleset, answers)


def test_text_says_joint_first_and_never_names_a_winner(tmp_path, answers):
    from advisor.engine import load_ruleset
    from advisor.presentation import words_for
    from advisor.presentation.build import tie_rule

    from .ruledirs import controlled_rules

    rs = load_ruleset(
        controlled_rules(
            tmp_path,
            {
                "multi-model": {"base_fit": 60},
                "aws-skill-builder": {"base_fit": 60},
                "google-cloud-skills-boost": {"base_fit": 50},
            },
        )
    )
    out = _text(rs, dict(answers, as_of="2026-11-29"))
    lines = out.splitlines()
    assert any(line.startswith("  Joint first") and "AWS Skill Builder" in line for line in lines)
    assert any(line.startswith("  Joint first") and "multi-model" in line for line in lines)
    assert any(line.startswith("  Ranked third ") and "Google" in line for line in lines)
    assert f"  {tie_rule(words_for('en'))}" in lines
    assert "best" not in out.split("Programme fit")[1].split("\n\n")[0]


def test_text_says_how_to_reach_the_next_level_and_what_would_change_the_top(tmp_path, answers):
    from advisor.engine import load_ruleset

    from .ruledirs import controlled_rules, fit_rule

    rs = load_ruleset(
        controlled_rules(
            tmp_path,
            {
                "multi-model": {"base_fit": 60},
                "aws-skill-builder": {
                    "base_fit": 50,
                    "fit": [fit_rule("a.t", "'alibaba' in cloud_platforms", 20)],
                },
            },
            readiness={"strategy": {"base": 0, "rules": [fit_rule("s.p", "ai_policy == 'informal'", 30)]}},
        )
    )
    answers = dict(answers, as_of="2026-11-29", ai_policy="none", cloud_platforms=["aws"])
    lines = _text(rs, answers).splitlines()
    policy, clouds = rs.question_by_id["ai_policy"], rs.question_by_id["cloud_platforms"]
    names = {p.id: p.name for p in rs.programs}
    level, dim = rs.levels[1].name, rs.dimensions[0].name
    # one step up the policy scale: informal guidance, not a jump to a written policy
    assert f"      To reach {level} in {dim}: {policy.label} → {policy.label_of('informal')} (+30)" in lines
    i = lines.index("What a different preference would change")
    # a trade-off, not advice: what the owner would get by preferring something else
    assert lines[i + 1] == (
        f"  If you preferred to add {clouds.label_of('alibaba')} ({clouds.label}), "
        f"{names['aws-skill-builder']} would rank first."
    )
    assert f"  Ranked first    60  {names['multi-model']}" in lines


def test_text_says_joint_first_when_a_change_only_adds_a_co_leader(tmp_path, answers):
    from advisor.engine import load_ruleset

    from .ruledirs import controlled_rules, fit_rule

    # multi-model joins AWS at 60: the what-if names the newcomer (round 3: `top` is a programme
    # that is not first now), and the words never claim it would win alone.
    rs = load_ruleset(
        controlled_rules(
            tmp_path,
            {
                "aws-skill-builder": {"base_fit": 60},
                "multi-model": {"base_fit": 50, "fit": [fit_rule("m.t", "'alibaba' in cloud_platforms", 10)]},
            },
        )
    )
    lines = _text(rs, dict(answers, as_of="2026-11-29", cloud_platforms=["aws"])).splitlines()
    i = lines.index("What a different preference would change")
    names = {p.id: p.name for p in rs.programs}
    assert lines[i + 1].startswith("  If you preferred ")
    assert lines[i + 1].endswith(
        f"), {names['multi-model']} would share first place with {names['aws-skill-builder']}."
    )
