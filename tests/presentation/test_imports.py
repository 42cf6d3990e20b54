"""Imports flow one way: presentation imports engine types, never Flask, SQLAlchemy, a blueprint or a
model; the report imports presentation, never blueprints; neither hides a cycle in a local import.
Checked in a subprocess that imports only the package under test."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

from ..conftest import PERSONAS_DIR, RULES_DIR

ADVISOR = Path(__file__).resolve().parents[2] / "advisor"
BANNED = (
    "flask",
    "flask_babel",
    "flask_wtf",
    "flask_login",
    "flask_sqlalchemy",
    "flask_migrate",
    "sqlalchemy",
    "werkzeug",
    "wtforms",
    "rq",
    "redis",
)
# Web, database and feature modules of the app itself.
BANNED_OWN = (
    "advisor.assessments",
    "advisor.workspace",
    "advisor.accounts",
    "advisor.extensions",
    "advisor.ruleset",
    "advisor.filters",
    "advisor.core",
    "advisor.errors",
)

CHECK = f"""
import sys
banned = sorted(m for m in sys.modules if m.split('.')[0] in {BANNED!r}
                or any(m == b or m.startswith(b + '.') for b in {BANNED_OWN!r}))
print(','.join(banned))
"""


def _run(code: str) -> str:
    out = subprocess.run([sys.executable, "-c", code + CHECK], capture_output=True, text=True, check=True)
    return out.stdout.strip().splitlines()[-1] if out.stdout.strip() else ""


def test_presentation_imports_no_framework_database_or_feature():
    code = f"""
import json
from advisor.engine import evaluate, load_ruleset
from advisor.presentation import present, rule_topics, words_for
from advisor.presentation.text import render_text
rs = load_ruleset({str(RULES_DIR)!r})
answers = json.load(open({str(PERSONAS_DIR / "minimal.json")!r}))
view = present(evaluate(rs, answers).to_dict(), words_for("en"), answers=answers, questions=rs.questions,
               rule_topics=rule_topics(rs))
render_text(view, words_for("en"))
"""
    assert _run(code) == ""


def test_report_imports_presentation_never_a_blueprint_or_model():
    code = f"""
import json
from advisor.engine import evaluate, load_ruleset
from advisor.report import render_html, report_context
rs = load_ruleset({str(RULES_DIR)!r})
answers = json.load(open({str(PERSONAS_DIR / "minimal.json")!r}))
render_html(report_context(evaluate(rs, answers).to_dict(), company_name=None, report_id="R-1",
                           answers=answers, questions=rs.questions))
"""
    assert _run(code) == ""


def _local_imports(path: Path) -> list[str]:
    """Imports inside functions, except of the report's `render` module: that one loads WeasyPrint
    (0.6 s of CPU) at the first render on purpose, so web workers that never render do not pay for
    it (issue 21). No other local import is allowed (they would hide a cycle)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for fn in ast.walk(tree):
        if isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            for node in ast.walk(fn):
                lazy_render = isinstance(node, ast.ImportFrom) and (
                    node.module == "render"
                    or (node.module is None and [a.name for a in node.names] == ["render"])
                )
                if isinstance(node, ast.Import | ast.ImportFrom) and not lazy_render:
                    found.append(f"{path.name}:{node.lineno}")
    return found


def test_no_function_local_imports_in_presentation_or_report():
    files = sorted((ADVISOR / "presentation").glob("*.py")) + sorted((ADVISOR / "report").glob("*.py"))
    assert files
    assert [hit for f in files for hit in _local_imports(f)] == []
