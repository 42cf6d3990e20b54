"""`advisor score --format text` renders the view-model: it gains the funding reasons, the key to its
+ / - / ! marks and the independence note."""

from __future__ import annotations

from advisor.cli import format_text
from advisor.engine import evaluate, load_ruleset
from advisor.presentation import words_for
from advisor.presentation.build import independence


def test_text_has_funding_reasons_the_key_and_the_independence_note(personas):
    rs = load_ruleset()
    result = evaluate(rs, personas["eldercare-provider"])
    text = format_text(result, rs, personas["eldercare-provider"])
    lines = text.splitlines()
    data = result.to_dict()
    for f in data["funding"]:
        for reason in f["reasons"]:
            assert f"         {reason['text']}" in lines
    assert "  Key: + a reason for, - a reason against, ! a caution." in lines
    assert independence(words_for("en")) in text
    assert "Your answer in short:" in lines
    assert any(line.startswith("         Timing: ") for line in lines)
