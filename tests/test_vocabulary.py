"""One vocabulary: the page, the PDF and the CLI show the same words for the same codes."""

from __future__ import annotations

import datetime as dt

from advisor.cli import format_text
from advisor.engine import evaluate, load_ruleset
from advisor.engine.model import HORIZONS
from advisor.formatting import answer_text, attribute_text, date_text, datetime_text
from advisor.report.context import report_context
from advisor.vocabulary import ATTRIBUTE_ORDER, HORIZON_LABELS, attribute_keys, attribute_label


def test_every_horizon_has_one_label_used_by_pdf_and_cli(personas):
    assert list(HORIZON_LABELS) == list(HORIZONS)
    result = evaluate(load_ruleset(), personas["minimal"])
    ctx = report_context(result.to_dict(), company_name=None, report_id="R-TEST")
    assert [g["label"] for g in ctx["actions"]] == [HORIZON_LABELS[h] for h in HORIZONS]
    text = format_text(result)
    for h in {a["horizon"] for a in result.to_dict()["actions"]}:
        assert f"[{HORIZON_LABELS[h]}]" in text


def test_attribute_order_is_the_vocabulary_order_on_page_and_pdf(personas):
    result = evaluate(load_ruleset(), personas["minimal"]).to_dict()
    keys = attribute_keys(result["programs"])
    assert keys == [k for k in ATTRIBUTE_ORDER if k in keys]
    ctx = report_context(result, company_name=None, report_id="R-TEST")
    assert [row["label"] for row in ctx["table"]["rows"]] == [attribute_label(k) for k in keys]
    odd = [{"attributes": {"zeta": {}, "cost": {}, "alpha": {}}}]
    assert attribute_keys(odd) == ["cost", "alpha", "zeta"]


def test_date_and_time_formatting():
    assert date_text("2026-06") == "June 2026"
    assert date_text(dt.date(2024, 3, 6)) == "6 March 2024"
    assert date_text("soon") == "soon"
    assert date_text(None) == ""
    # Stored times are UTC (naive means UTC); they are shown in Singapore time.
    assert datetime_text(dt.datetime(2026, 11, 29, 2, 0)) == "29 November 2026, 10:00 SGT"
    assert datetime_text("2026-11-29T02:00:00+00:00") == "29 November 2026, 10:00 SGT"
    assert datetime_text("not a time") == "not a time"
    assert datetime_text(None) == ""


def test_answer_and_attribute_words():
    question = load_ruleset().question_by_id["industry"]
    code = question.choices[0].value
    assert answer_text(question, code) == question.choices[0].label
    assert answer_text(question, [code]) == question.choices[0].label
    assert answer_text(None, True) == "Yes"
    assert answer_text(None, 12000) == "12,000"
    assert answer_text(None, None) == ""
    assert (
        attribute_text({"value": ["self_paced", "hands_on"], "text": ""}, "formats")
        == "Self-paced online, Hands-on implementation support"
    )
    assert attribute_text({"value": "2026-06", "text": " "}, "start") == "June 2026"
    assert attribute_text({"value": None, "text": ""}, "cost") == "Not known"
    assert attribute_text({"value": 0, "text": "Free"}, "cost") == "Free"
