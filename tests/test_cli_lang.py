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
    # Words may be Tamil (once the catalogue has them); everything else is the canonical result.
    assert skeleton({k: v for k, v in data.items() if k != "language"}) == skeleton(canonical)
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


@pytest.mark.parametrize("language", ["zh", "ms", "ta"])
def test_a_language_never_changes_scores_ranks_or_order(capsys, language):
    for path in sorted(PERSONAS_DIR.glob("*.json")):
        assert main(["score", str(path), "--lang", "en"]) == 0
        english = json.loads(capsys.readouterr().out)
        assert main(["score", str(path), "--lang", language]) == 0
        other = json.loads(capsys.readouterr().out)
        assert other.pop("language") == language and english.pop("language") == "en"
        assert skeleton(other) == skeleton(english), path.name


def skeleton(node):
    """A result without its words (texts, dimension and scheme names): codes, numbers and order."""
    if isinstance(node, dict):
        return {
            k: skeleton(v) for k, v in node.items() if k not in ("text", "name", "meaning", "advice", "ask")
        }
    if isinstance(node, list):
        return [skeleton(v) for v in node]
    return node


@pytest.fixture
def planted_words(tmp_path, monkeypatch):
    """The CLI reads its packaged catalogues: point them at complete planted ones."""
    from advisor.presentation import words as words_module
    from tests.planted import plant

    root = plant(tmp_path / "translations")
    monkeypatch.setattr(words_module, "packaged_or_checkout", lambda name: root)
    from advisor.report import render as render_module

    caches = (
        words_module.load_catalogue,
        words_module.load_rule_catalogue,
        words_module.words_for,
        render_module.environment,
    )
    for c in caches:
        c.cache_clear()
    yield root
    for c in caches:
        c.cache_clear()


@pytest.mark.parametrize(("language", "date"), [("zh", "2026年6月"), ("ms", "Jun 2026"), ("ta", "ஜூன் 2026")])
def test_score_lang_gives_rule_texts_and_dates_in_the_language(capsys, planted_words, language, date):
    from tests.planted import MARKS

    path = PERSONAS_DIR / "minimal.json"
    answers = dict(json.loads(path.read_text()), as_of="2026-12-03")
    answers_file = planted_words.parent / "answers.json"
    answers_file.write_text(json.dumps(answers))
    assert main(["score", str(answers_file), "--lang", language]) == 0
    data = json.loads(capsys.readouterr().out)
    texts = [a["text"] for a in data["actions"]] + [
        r["text"] for p in data["programs"] for r in p["reasons"] + p["cautions"]
    ]
    assert texts and all(t.startswith(MARKS[language][0]) for t in texts)
    assert any(date in t for t in texts)
    assert all(
        MARKS[language][0] not in p["name"]
        for p in data["programs"]  # programme names as published
    )
    assert main(["score", str(answers_file), "--lang", language, "--format", "text"]) == 0
    text = capsys.readouterr().out
    assert date in text and MARKS[language][0] in text


def test_report_lang_writes_the_pdf_in_the_language(tmp_path, capsys, planted_words, ruleset):
    import subprocess

    from tests.planted import stand_in

    out = tmp_path / "r.pdf"
    path = PERSONAS_DIR / "minimal.json"
    assert main(["report", str(path), "-o", str(out), "--lang", "zh", "--full"]) == 0
    text = subprocess.run(["pdftotext", str(out), "-"], capture_output=True, text=True, check=True).stdout
    flat = "".join(text.split()).replace("\u2010", "")
    answered = json.loads(path.read_text())
    question = next(q for q in ruleset.questions if q.ask and q.id in answered)
    # The answers appendix names the questions in the report's language, like every other word.
    assert "".join(stand_in(question.label, "zh").split()) in flat
    assert "".join(stand_in("AI readiness report", "zh").split()) in flat
