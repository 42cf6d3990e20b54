"""One vocabulary and one set of formatters: the page, the PDF and the CLI show the same words for the
same codes and values (advisor.presentation)."""

from __future__ import annotations

import datetime as dt

from advisor.cli import format_text
from advisor.engine import evaluate, load_ruleset
from advisor.engine.model import HORIZONS
from advisor.presentation import labels, words_for
from advisor.presentation.answers import answer_text, told_us
from advisor.presentation.build import attribute_text
from advisor.report.context import report_context

W = words_for("en")


def test_every_horizon_has_one_label_used_by_pdf_and_cli(personas):
    assert list(labels.HORIZON_LABELS) == list(HORIZONS)
    result = evaluate(load_ruleset(), personas["minimal"])
    ctx = report_context(result.to_dict(), company_name=None, report_id="R-TEST")
    assert [g["label"] for g in ctx["actions"]] == [labels.horizon_label(h, W) for h in HORIZONS]
    text = format_text(result)
    for h in {a["horizon"] for a in result.to_dict()["actions"]}:
        assert f"[{labels.horizon_label(h, W)}]" in text


def test_attribute_order_is_the_vocabulary_order_on_page_and_pdf(personas):
    result = evaluate(load_ruleset(), personas["minimal"]).to_dict()
    keys = labels.attribute_keys(result["programs"])
    assert keys == [k for k in labels.ATTRIBUTE_ORDER if k in keys]
    ctx = report_context(result, company_name=None, report_id="R-TEST")
    assert [row["label"] for row in ctx["table"]["rows"]] == [labels.attribute_label(k, W) for k in keys]
    odd = [{"attributes": {"zeta": {}, "cost": {}, "alpha": {}}}]
    assert labels.attribute_keys(odd) == ["cost", "alpha", "zeta"]


def test_date_time_number_and_money_formatting():
    assert W.date("2026-06") == "June 2026"
    assert W.date(dt.date(2024, 3, 6)) == "6 March 2024"
    assert W.date("soon") == "soon"
    assert W.date(None) == ""
    # Stored times are UTC (naive means UTC); they are shown in Singapore time.
    assert W.datetime(dt.datetime(2026, 11, 29, 2, 0)) == "29 November 2026, 10:00 SGT"
    assert W.datetime("2026-11-29T02:00:00+00:00") == "29 November 2026, 10:00 SGT"
    assert W.datetime("not a time") == "not a time"
    assert W.datetime(None) == ""
    assert W.number(1234567) == "1,234,567"
    assert W.money(1500) == "S$1,500"
    assert W.signed(5) == "+5" and W.signed(-3) == "\u20133" and W.signed(0) == "0"
    assert W.list_and(["A", "B", "C"]) == "A, B and C"


def test_money_is_s_dollars_in_every_language():
    for language in ("en", "zh", "ms", "ta"):
        assert words_for(language).money(1500) == "S$1,500", language


def test_answer_and_attribute_words():
    rs = load_ruleset()
    question = rs.question_by_id["industry"]
    code = question.choices[0].value
    assert answer_text(question, code, W) == question.choices[0].label
    assert answer_text(question, [code], W) == question.choices[0].label
    assert answer_text(None, True, W) == "Yes"
    assert answer_text(None, 12000, W) == "12,000"
    assert answer_text(None, None, W) == "Not given"
    assert (
        attribute_text({"value": ["self_paced", "hands_on"], "text": ""}, "formats", W)
        == "Self-paced online and Hands-on implementation support"
    )
    assert attribute_text({"value": "2026-06", "text": " "}, "start", W) == "June 2026"
    assert attribute_text({"value": None, "text": ""}, "cost", W) == "Not known"
    assert attribute_text({"value": 0, "text": "Free"}, "cost", W) == "Free"


def test_one_answer_formatter_says_money_once_and_not_sure_where_the_form_offered_it():
    rs = load_ruleset()
    budget = rs.question_by_id["budget_sgd_per_month"]
    assert answer_text(budget, 1500, W) == "S$1,500 a month"  # never "S$S$1,500 a month"
    shareholding = rs.question_by_id["local_shareholding_30pct"]
    assert shareholding.may_be_unknown
    assert answer_text(shareholding, None, W) == "Not sure"
    rows = {r.key: r for r in told_us(rs.questions, {"budget_sgd_per_month": 1500}, W)}
    assert rows["budget_sgd_per_month"].answer == "S$1,500 a month"
    assert rows["local_shareholding_30pct"].answer == "Not sure"
    assert rows["industry"].answer == "Not given" and not rows["industry"].answered
