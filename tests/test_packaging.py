"""`pip install .` outside the checkout works: the wheel carries rules/ and templates/."""

from __future__ import annotations

import contextlib
import io
import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from .conftest import PERSONAS_DIR, REPO


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(REPO)],
        check=True,
        capture_output=True,
    )
    [whl] = out.glob("*.whl")
    return whl


def test_wheel_carries_rules_and_templates(wheel):
    names = zipfile.ZipFile(wheel).namelist()
    rules = sorted(n for n in names if n.startswith("advisor/rules/"))
    assert "advisor/rules/questions.yaml" in rules
    assert len(rules) == len([p for p in (REPO / "rules").rglob("*") if p.is_file()])
    templates = [n for n in names if n.startswith("advisor/templates/")]
    assert len(templates) == len([p for p in (REPO / "templates").rglob("*") if p.is_file()])


def test_installed_package_scores_outside_the_checkout(wheel, tmp_path):
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    env = {k: v for k, v in os.environ.items() if k != "ADVISOR_RULES_DIR"}
    env["PYTHONPATH"] = str(target)
    code = (
        "import json,sys; from advisor.engine import default_rules_dir, load_ruleset, evaluate;"
        "print(default_rules_dir()); rs = load_ruleset();"
        f"print(evaluate(rs, json.load(open({str(PERSONAS_DIR / 'minimal.json')!r}))).to_json())"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True, check=True
    )
    rules_dir, _, body = proc.stdout.partition("\n")
    assert Path(rules_dir).is_relative_to(target)
    assert json.loads(body)["ruleset"]["version"]


def test_wheel_carries_compiled_catalogues_and_scores_with_lang(wheel, tmp_path):
    names = set(zipfile.ZipFile(wheel).namelist())
    for language in ("zh", "ms", "ta"):
        for domain in ("messages", "rules"):
            assert f"advisor/translations/{language}/LC_MESSAGES/{domain}.mo" in names
    assert "advisor/translations/glossary.yaml" in names
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
    )
    env = {k: v for k, v in os.environ.items() if k != "ADVISOR_RULES_DIR"}
    env["PYTHONPATH"] = str(target)
    code = (
        "import sys; from advisor.cli import main;"
        f"sys.exit(main(['score', {str(PERSONAS_DIR / 'minimal.json')!r}, '--lang', 'ta']))"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    installed = json.loads(proc.stdout)
    assert installed["language"] == "ta"
    # The installed package reads its own compiled catalogues: the same Tamil texts (once the
    # catalogue has them) as the checkout gives, with the same codes and order.
    from advisor.cli import main

    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("ADVISOR_RULES_DIR", str(REPO / "rules"))
        buffer = io.StringIO()
        with contextlib.redirect_stdout(buffer):
            assert main(["score", str(PERSONAS_DIR / "minimal.json"), "--lang", "ta"]) == 0
    checkout = json.loads(buffer.getvalue())
    checkout["ruleset"]["as_of"] = installed["ruleset"]["as_of"]  # the persona is dated by the clock
    assert installed == checkout
    # The console script the wheel installs, in text form.
    script = target / "bin" / "advisor"
    text = subprocess.run(
        [
            sys.executable,
            str(script),
            "score",
            str(PERSONAS_DIR / "minimal.json"),
            "--lang",
            "ta",
            "--format",
            "text",
        ],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert text.returncode == 0, text.stderr
    assert "/100" in text.stdout
    # The rule-prose catalogue is found in the installed package.
    lookup = (
        "from advisor.paths import packaged_or_checkout; from advisor.catalogues import rules;"
        "print(rules.load(packaged_or_checkout('translations'), 'ta').__class__.__name__)"
    )
    proc = subprocess.run(
        [sys.executable, "-c", lookup], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert proc.returncode == 0 and proc.stdout.strip() == "GNUTranslations", proc.stderr
