"""The engine stays pure: importing and running it loads no web, database or PDF library."""

from __future__ import annotations

import subprocess
import sys

from ..conftest import PERSONAS_DIR, RULES_DIR

CODE = f"""
import json, sys
from advisor.engine import evaluate, load_ruleset
rs = load_ruleset({str(RULES_DIR)!r})
evaluate(rs, json.load(open({str(PERSONAS_DIR / "minimal.json")!r})))
banned = [m for m in sys.modules if m.split('.')[0] in
          ('flask', 'sqlalchemy', 'flask_sqlalchemy', 'weasyprint', 'werkzeug', 'jinja2', 'wtforms')]
print(','.join(banned))
"""


def test_engine_imports_no_framework():
    out = subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
