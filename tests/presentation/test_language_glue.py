"""Lists and sentence ends in the reader's language: items joined and sentences ended by the
catalogue, so a Chinese page reads "A；B。" and never carries English "; " or "." between Chinese
words (on the results page, in the short report, in chart descriptions and in the text output)."""

from __future__ import annotations

import html as htmllib
import re
from typing import Any

import pytest

from advisor.engine import evaluate
from advisor.presentation import present, property_rules, rule_topics, words_for
from advisor.presentation.text import render_text
from tests.contexts import report_context_for

# Chinese characters and full-width punctuation.
CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]"
# English glue beside Chinese: "；" written "; ", "。" written ".".
ENGLISH_GLUE = re.compile(rf"{CJK}\s*; |; \s*{CJK}|{CJK}\.(?=\s|$)")


def text_of(page: str) -> str:
    return htmllib.unescape(re.sub(r"<[^>]+>", "", page))


def glue(text: str) -> list[str]:
    return [text[max(0, m.start() - 25) : m.end() + 25] for m in ENGLISH_GLUE.finditer(text)]


def test_the_glue_check_sees_english_punctuation_between_chinese_items():
    assert glue("排名第二：A（契合度 30 分）; 排名第三：B（契合度 20 分）.")
    assert not glue("排名第二：A（契合度 30 分）；排名第三：B（契合度 20 分）。")
    assert not glue("Fit 30; ranked third: B.")


def test_series_and_sentence_follow_the_language():
    zh, en = words_for("zh"), words_for("en")
    assert zh.series(["甲 1", "乙 2", "丙 3"]) == "甲 1；乙 2；丙 3"
    assert en.series(["A 1", "B 2", "C 3"]) == "A 1; B 2; C 3"
    assert zh.sentence("甲") == "甲。" and en.sentence("A") == "A."
    assert zh.series([]) == "" and zh.series(["甲"]) == "甲"


def _view(ruleset: Any, answers: dict[str, Any], language: str) -> Any:
    return present(
        evaluate(ruleset, answers).to_dict(),
        words_for(language),
        answers=answers,
        questions=ruleset.questions,
        rule_topics=rule_topics(ruleset),
        properties=property_rules(ruleset),
    )


def test_chart_descriptions_join_items_in_chinese(ruleset, personas):
    view = _view(ruleset, personas["minimal"], "zh")
    for described in (view.radar_desc, view.bars_title):
        assert "；" in described and described.endswith("。"), described
        assert "; " not in described, described


def test_text_output_has_no_english_glue_in_chinese(ruleset, personas):
    answers = personas["minimal"]
    view = _view(ruleset, answers, "zh")
    assert any(d.next and len(d.next.changes) > 1 for d in view.readiness.dimensions)  # a list to join
    text = render_text(view, words_for("zh"))
    assert glue(text) == []
    assert f"{view.summary.lock_in_label}。" in text


@pytest.mark.parametrize("name", ["minimal", "boutique-agency"])
def test_short_report_lists_the_other_programmes_in_chinese(ruleset, personas, name):
    from advisor.report import render_html

    answers = personas[name]
    result = evaluate(ruleset, answers).to_dict()
    ctx = report_context_for(
        ruleset, result, answers, variant="concise", language="zh", company_name="测试公司"
    )
    lines = [o["line"] for o in ctx["other_programs"]]
    assert len(lines) > 1  # a list to join
    text = text_of(render_html(ctx))
    assert "；".join(lines) + "。" in text
    assert glue(text) == []
    assert re.search(r"</a>。", render_html(ctx))  # "Where to start: <link>。"


def test_results_page_ends_its_sentences_in_chinese(make_app, personas):
    from tests.web.helpers import VALID_ANSWERS, complete

    app = make_app(LANGUAGES_OFFERED=("en", "zh", "ms", "ta"))
    client = app.test_client()
    token = complete(client, VALID_ANSWERS)
    page = client.get(f"/a/{token}/result?lang=zh").get_data(as_text=True)
    assert 'lang="zh-Hans-SG"' in page
    assert re.search(r'<strong class="risk risk-\w+">[^<]+</strong>。', page)
    assert "</strong>. " not in page and "</a>.</p>" not in page
    assert glue(text_of(page)) == []
    # The first screen's line under the top programme: its name and "Where to start" in zh marks.
    first = page.split('class="act-lines"', 1)[1].split("</div>", 1)[0]
    assert re.search(r"</strong>：", first) and "</strong>:" not in first
    assert "</a>." not in first
    # Chinese sets no space after "：" or "。": the parts of the line are joined the language's way.
    line = first.split('class="act-line"', 1)[1].split("</p>", 1)[0]
    assert not re.search(r"[：。]\s", text_of(line)) and "None" not in line
