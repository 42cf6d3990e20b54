"""`advisor score --lang L` and `advisor report --lang L` (contract 5)."""

from __future__ import annotations

import json

import pytest

from advisor.cli import main
from advisor.engine import evaluate

from .conftest import PERSONAS_DIR, RULES_DIR


@pytest.fixture(autouse=True)
def _rules_env(monkeypatch):
    monkeypatch.setenv("ADVISOR_RULES_DIR", str(RULES_DIR))


def test_score_lang_names_the_language_after_ruleset_and_changes_nothing_else(capsys, ruleset):
    path = PERSONAS_DIR / "minimal.json"
    assert main(["score", str(path), "--lang", "ta"]) == 0
    out = capsys.readouterr().out
    data = json.loads(out)
    assert list(data)[:2] == ["ruleset", "language"] and data["language"] == "ta"
    canonical = json.loads(evaluate(ruleset, json.loads(path.read_text())).to_json())
    assert {k: v for k, v in data.items() if k != "language"} == canonical
    assert out.endswith("}\n")
    # Without --lang the bytes stay the engine's canonical bytes: no "language" key.
    assert main(["score", str(path)]) == 0
    assert '"language"' not in capsys.readouterr().out


def test_an_unknown_language_is_a_usage_error(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["score", str(PERSONAS_DIR / "minimal.json"), "--lang", "fr"])
    assert exc.value.code == 2


def test_report_lang_writes_a_pdf(tmp_path, capsys):
    out = tmp_path / "r.pdf"
    assert main(["report", str(PERSONAS_DIR / "minimal.json"), "-o", str(out), "--lang", "zh"]) == 0
    assert out.read_bytes().startswith(b"%PDF")


def _without_words(node):
    """A result without the texts a language may translate: codes, numbers and order remain."""
    if isinstance(node, list):
        return [_without_words(item) for item in node]
    if isinstance(node, dict):
        return {k: _without_words(v) for k, v in node.items() if k not in ("text", "name")}
    return node


@pytest.mark.parametrize("language", ["zh", "ms", "ta"])
def test_a_language_never_changes_scores_ranks_or_order(capsys, language):
    for path in sorted(PERSONAS_DIR.glob("*.json")):
        assert main(["score", str(path), "--lang", "en"]) == 0
        english = json.loads(capsys.readouterr().out)
        assert main(["score", str(path), "--lang", language]) == 0
        other = json.loads(capsys.readouterr().out)
        assert other.pop("language") == language and english.pop("language") == "en"
        assert _without_words(other) == _without_words(english), path.name
