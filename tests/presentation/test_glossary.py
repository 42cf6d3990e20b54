"""The owner's word list: the general terms in whole sentences, one entry per funding scheme the result
lists (by the scheme's own name), none for a scheme these words do not know, and no figures (amounts
live in rules/ with their sources)."""

from __future__ import annotations

import re

from advisor.engine import evaluate
from advisor.presentation import present, words_for
from advisor.presentation.glossary import owner_words, scheme_text


def test_general_terms_then_the_result_s_schemes(ruleset, answers):
    result = evaluate(ruleset, answers).to_dict()
    w = words_for("en")
    terms = owner_words(result, w)
    names = [t.term for t in terms]
    assert names[:6] == ["AI readiness", "Programme", "Fit strength", "Vendor", "Lock-in", "Funding scheme"]
    schemes = [f["name"] for f in result["funding"] if scheme_text(f["id"], w)]
    assert names[6:] == schemes and schemes
    for t in terms:
        assert t.text.endswith(".") and t.text[0].isupper(), t
        figures = re.sub(r"0 to 100|out of 100", "", t.text)
        assert not re.search(r"\d", figures), t  # no amounts or percentages outside rules/


def test_unknown_scheme_has_no_entry_and_the_view_carries_the_list(ruleset, answers):
    result = evaluate(ruleset, answers).to_dict()
    result["funding"] = [
        *result["funding"],
        {"id": "new-scheme", "name": "A new scheme", "eligible": "check"},
    ]
    w = words_for("en")
    assert "A new scheme" not in [t.term for t in owner_words(result, w)]
    view = present(result, w)
    assert [t.term for t in view.owner_words] == [t.term for t in owner_words(result, w)]
    assert {f.id: f.about for f in view.funding}["new-scheme"] is None
    assert all(f.about for f in view.funding if f.id != "new-scheme")


def test_the_word_list_is_translated_where_a_catalogue_has_it(ruleset, answers):
    result = evaluate(ruleset, answers).to_dict()
    english = owner_words(result, words_for("en"))
    chinese = owner_words(result, words_for("zh"))
    assert len(english) == len(chinese)
