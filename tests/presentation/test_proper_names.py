"""Contract 5: programme names stay as published and are marked `lang="en"` inside another language,
on the results page and in both reports, alone or inside a sentence."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest

from advisor.engine import evaluate
from advisor.presentation.names import mark_names
from tests.contexts import report_context_for

# Where a name cannot be marked or is not text: charts (their labels; each chart has a text version),
# the document title and the head.
SKIP = {"svg", "title", "head", "script", "style"}
VOID = {"br", "img", "meta", "link", "input", "hr", "wbr", "source", "col", "area", "base"}


class _Names(HTMLParser):
    """Text chunks that hold a programme name, with the language of the element around them."""

    def __init__(self, names: list[str]) -> None:
        super().__init__()
        self.names = names
        self.stack: list[tuple[str, str | None]] = []
        self.found: list[tuple[str, str | None]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in VOID:
            self.stack.append((tag, dict(attrs).get("lang")))

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            if self.stack.pop()[0] == tag:
                break

    def handle_data(self, data: str) -> None:
        if any(t in SKIP for t, _ in self.stack):
            return
        lang = next((lg for _, lg in reversed(self.stack) if lg), None)
        for name in self.names:
            if name in data:
                self.found.append((name, lang))


def names_and_languages(markup: str, names: list[str]) -> list[tuple[str, str | None]]:
    parser = _Names(names)
    parser.feed(markup)
    return parser.found


def test_names_are_marked_only_inside_another_language() -> None:
    names = ["AWS Skill Builder", "Google Cloud Skills Boost", "AWS"]
    text = "排名第一：AWS Skill Builder 和 Google Cloud Skills Boost <b>"
    marked = str(mark_names(text, names, "zh"))
    assert marked == (
        '排名第一：<span lang="en">AWS Skill Builder</span> 和 '
        '<span lang="en">Google Cloud Skills Boost</span> &lt;b&gt;'
    )
    assert str(mark_names(text, names, "en")) == text.replace("<b>", "&lt;b&gt;")
    route = "Vendor-neutral, multi-model route"
    assert str(mark_names(route, [route], "ta")) == f'<span lang="en">{route}</span>'


@pytest.mark.parametrize("variant", ["concise", "full"])
@pytest.mark.parametrize("language", ["zh", "ta"])
def test_every_programme_name_in_a_report_is_marked_english(ruleset, personas, variant, language) -> None:
    from advisor.report import render_html

    answers = personas["minimal"]
    result = evaluate(ruleset, answers).to_dict()
    ctx = report_context_for(
        ruleset, result, answers, variant=variant, language=language, company_name="测试"
    )
    names = [p["name"] for p in ctx["programs"]]
    found = names_and_languages(render_html(ctx), names)
    assert {n for n, _ in found} >= set(names[:1])  # the report names at least the first programme
    assert [n for n, lang in found if lang != "en"] == []


def test_every_programme_name_on_a_chinese_results_page_is_marked_english(make_app) -> None:
    from tests.web.helpers import VALID_ANSWERS, complete

    app = make_app(LANGUAGES_OFFERED=("en", "zh", "ms", "ta"))
    client = app.test_client()
    token = complete(client, VALID_ANSWERS)
    names = [p["name"] for p in client.get(f"/api/v1/assessments/{token}").json["result"]["programs"]]
    page = client.get(f"/a/{token}/result?lang=zh").get_data(as_text=True)
    found = names_and_languages(page, names)
    assert {n for n, _ in found} == set(names)  # every programme is named on the page
    assert [n for n, lang in found if lang != "en"] == []
    english = client.get(f"/a/{token}/result?lang=en").get_data(as_text=True)
    assert '<span lang="en">' not in english  # an English page marks nothing
