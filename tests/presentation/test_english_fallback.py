"""A rule text with no current translation falls back to the stored English (contract 5), and the
page and the PDF wrap it in `lang="en"`: screen readers speak it as English and the PDF takes the
English fonts (`:lang(zh) [lang|="en"]`). Inside a sentence of the page's language (the weakest
area, a cost) only the English part is wrapped. Translated texts are not wrapped, and an English
view marks nothing."""

from __future__ import annotations

import copy
import json
import re
from typing import Any

import pytest
import sqlalchemy as sa

from advisor.engine import evaluate
from advisor.presentation import present, property_rules, rule_topics, words_for
from tests.contexts import report_context_for

# Texts the rules never said: a stored result whose rules' English changed since.
STEP = "Write down the one task your team repeats most often each week."
WHY = "Your team already keeps its customer records in one shared place."
ADVICE = "Keep a copy of your prompts and data outside any one vendor's tools."
# Two that stand inside a sentence of the page's language: the weakest area's meaning, and a cost.
MEANING = "Your records are kept but rarely looked at together."
COST = "Free for the first course, then priced per learner."


def stale(result: dict[str, Any]) -> dict[str, Any]:
    """`result` as if stored under older rules: the first 30-day action, the first-ranked
    programme's strongest reason and the lock-in advice have English the catalogue no longer has."""
    out = copy.deepcopy(result)
    next(a for a in out["actions"] if a["horizon"] == "30_days")["text"] = STEP
    top = next(p for p in out["programs"] if p.get("rank", 0) == 1)
    best = max((r for r in top["reasons"] if r["points"] > 0), key=lambda r: r["points"])
    best["text"] = WHY
    out["lock_in"]["advice"] = ADVICE
    min(out["readiness"]["dimensions"], key=lambda d: d["score"])["meaning"] = MEANING
    for p in out["programs"]:
        if isinstance(p.get("cost"), dict) and p["cost"].get("text"):
            p["cost"]["text"] = COST
    return out


def marked(html: str, text: str) -> bool:
    return f'<span lang="en">{text}</span>' in html.replace("&#39;", "'")


@pytest.fixture(scope="module")
def stored(ruleset, personas) -> dict[str, Any]:
    return stale(evaluate(ruleset, personas["precision-engineering"]).to_dict())


def _view(ruleset: Any, result: dict[str, Any], language: str) -> Any:
    return present(
        result,
        words_for(language),
        rule_topics=rule_topics(ruleset),
        properties=property_rules(ruleset),
    )


def test_the_view_flags_the_english_fallbacks_only(ruleset, stored):
    view = _view(ruleset, stored, "zh")
    first = next(g for g in view.actions if g.horizon == "30_days")
    assert first.steps[0] == STEP and first.english == [STEP]
    assert all(re.search(r"[\u4e00-\u9fff]", s) for s in first.steps[1:])  # translated, not flagged
    top = next(p for p in view.programs if p.rank == 1)
    assert WHY in top.english and WHY in view.summary.top[0].english
    assert not any(x.text in top.english for x in top.reasons_for if x.text != WHY)
    assert view.lock_in.english == [ADVICE]
    assert STEP in view.summary.english and view.summary.lock_in_line in view.summary.english


def test_an_english_view_and_a_current_result_flag_nothing(ruleset, stored, personas):
    english = _view(ruleset, stored, "en")
    assert not english.summary.english and all(not g.english for g in english.actions)
    current = _view(ruleset, evaluate(ruleset, personas["precision-engineering"]).to_dict(), "zh")
    assert not current.summary.english and all(not g.english for g in current.actions)
    assert all(not p.english for p in current.programs)


@pytest.mark.parametrize("variant", ["concise", "full"])
def test_the_pdf_marks_english_fallbacks(ruleset, stored, personas, variant):
    from advisor.report.render import render_html

    def html(language: str) -> str:
        answers = personas["precision-engineering"]
        ctx = report_context_for(
            ruleset, stored, answers, variant=variant, language=language, company_name="测试公司"
        )
        return render_html(ctx)

    chinese = html("zh")
    # The cost sentence goes on after the rule's text, which loses its own full stop there.
    for text in (STEP, WHY, MEANING, COST.rstrip(".")):
        assert marked(chinese, text), text
    if variant == "full":
        assert marked(chinese, ADVICE)
    assert 'lang="en"' not in html("en")


def test_the_results_page_marks_english_fallbacks(make_app, personas):
    from advisor.assessments.models import Assessment
    from advisor.extensions import db
    from tests.web.helpers import complete

    app = make_app(LANGUAGES_OFFERED=("en", "zh", "ms", "ta"))
    client = app.test_client()
    token = complete(client, personas["precision-engineering"])
    with app.app_context():
        a = db.session.scalars(sa.select(Assessment)).one()
        a.result_json = json.dumps(stale(json.loads(a.result_json)), ensure_ascii=False, indent=2) + "\n"
        db.session.commit()
    chinese = client.get(f"/a/{token}/result?lang=zh").get_data(as_text=True)
    for text in (STEP, WHY, ADVICE, COST.rstrip(".")):
        assert marked(chinese, text), text
    english = client.get(f"/a/{token}/result?lang=en").get_data(as_text=True)
    assert STEP in english and not marked(english, STEP)
