"""Rule texts with dates render from the rule's template and `params` in the reader's language
(contract 5): a Chinese page shows a Chinese date, while the stored result stays codes plus English."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog

from advisor.catalogues import rules as rule_prose
from advisor.catalogues.check import compile_catalog, write_catalog
from advisor.engine import evaluate
from advisor.presentation import Words, present, property_rules, rule_topics
from advisor.presentation.prose import localise
from advisor.presentation.text import render_text

AS_OF = "2026-12-03"
RULE = "qwen.intake-open"
ZH = "已于{start}开课，比评估日期（{as_of}）早约6个月或更久，名额有限；请向NTUC确认是否仍在招生。"
STALE = "common.facts-stale"
ZH_STALE = "此课程的资料记录于{recorded}，比评估日期（{as_of}）早6个月以上；请先向提供方核实。"


@pytest.fixture
def result(ruleset, personas) -> dict:
    return evaluate(ruleset, dict(personas["minimal"], as_of=AS_OF)).to_dict()


def _english(context: str) -> str:
    with (Path(rule_prose.__file__).parents[2] / "translations" / "rules.pot").open("rb") as fh:
        from babel.messages.pofile import read_po

        template = read_po(fh)
    return next(str(m.id) for m in template if m.context == context)


@pytest.fixture
def zh_rules(tmp_path: Path) -> rule_prose.RuleCatalogue:
    catalog = Catalog(locale="zh", domain="rules", fuzzy=False)
    catalog.add(_english(f"{RULE}/text"), ZH, context=f"{RULE}/text")
    catalog.add(_english(f"{STALE}/text"), ZH_STALE, context=f"{STALE}/text")
    po = tmp_path / "zh" / "LC_MESSAGES" / "rules.po"
    write_catalog(po, catalog)
    compile_catalog(po)
    return rule_prose.load_catalogue(tmp_path, "zh")


def _item(result: dict, rule: str) -> dict:
    for p in result["programs"]:
        for item in p["reasons"] + p["cautions"]:
            if item["rule"] == rule:
                return item
    raise AssertionError(f"{rule} did not fire")


def test_the_engine_stores_english_and_the_dates_as_iso_params(result) -> None:
    item = _item(result, RULE)
    assert item["params"] == {"start": "2026-06", "as_of": AS_OF}
    assert "June 2026" in item["text"] and "3 December 2026" in item["text"]
    assert "language" not in result  # stored results stay language-neutral plus English


def test_a_chinese_text_gets_chinese_dates(result, zh_rules) -> None:
    before = copy.deepcopy(result)
    out = localise(result, Words(None, "zh", rules=zh_rules))
    text = _item(out, RULE)["text"]
    assert text == ZH.format(start="2026年6月", as_of="2026年12月3日")
    assert "June" not in text and "December" not in text
    assert result == before  # the stored result is not touched


def test_the_page_view_and_the_text_output_show_the_chinese_date(result, zh_rules, ruleset) -> None:
    w = Words(None, "zh", rules=zh_rules)
    view = present(result, w, rule_topics=rule_topics(ruleset), properties=property_rules(ruleset))
    qwen = next(p for p in view.programs if p.id == "alibaba-qwen-ntuc")
    lines = [x.text for x in qwen.reasons_for + qwen.reasons_against + qwen.reasons_other + qwen.cautions]
    lines += [t for prop in view.method.properties for t in prop.texts]
    assert ZH.format(start="2026年6月", as_of="2026年12月3日") in lines
    assert "2026年12月3日" in render_text(view, w)


def test_a_rule_whose_english_changed_since_shows_the_stored_english(result, zh_rules) -> None:
    stored = _item(result, RULE)
    stored["text"] = stored["text"].replace("places are limited", "places are few")
    out = localise(result, Words(None, "zh", rules=zh_rules))
    assert _item(out, RULE)["text"] == stored["text"]


def test_a_result_stored_without_params_keeps_its_english(result, zh_rules) -> None:
    del _item(result, RULE)["params"]
    english = _item(result, RULE)["text"]
    assert _item(localise(result, Words(None, "zh", rules=zh_rules)), RULE)["text"] == english


def test_codes_numbers_and_order_never_change(result, zh_rules) -> None:
    out = localise(result, Words(None, "zh", rules=zh_rules))

    def strip(node):
        if isinstance(node, dict):
            return {k: strip(v) for k, v in node.items() if k != "text"}
        if isinstance(node, list):
            return [strip(v) for v in node]
        return node

    assert json.dumps(strip(out)) == json.dumps(strip(result))


def test_stale_facts_carry_their_recorded_date_as_a_param(ruleset, personas, zh_rules) -> None:
    # A far-off assessment date makes every programme's facts stale.
    late = evaluate(ruleset, dict(personas["minimal"], as_of="2028-12-03")).to_dict()
    item = _item(late, STALE)
    assert set(item["params"]) == {"recorded", "as_of"}
    text = _item(localise(late, Words(None, "zh", rules=zh_rules)), STALE)["text"]
    assert "2028年12月3日" in text and "December" not in text


def test_english_words_are_the_engine_s_own(result) -> None:
    # English needs no catalogue: the stored text is returned as it is.
    assert localise(result, Words(None, "en")) is result


def test_other_languages_format_dates_their_own_way(result, tmp_path: Path) -> None:
    english = _english(f"{RULE}/text")
    for language, start in (("ms", "Jun 2026"), ("ta", "ஜூன் 2026")):
        catalog = Catalog(locale=language, domain="rules", fuzzy=False)
        catalog.add(english, "⟪" + english + "⟫", context=f"{RULE}/text")
        po = tmp_path / language / "LC_MESSAGES" / "rules.po"
        write_catalog(po, catalog)
        compile_catalog(po)
        w = Words(None, language, rules=rule_prose.load_catalogue(tmp_path, language))
        assert start in _item(localise(result, w), RULE)["text"]


def test_meanings_and_lock_in_advice_follow_the_language(result, tmp_path: Path) -> None:
    from tests.planted import MARKS, plant, words

    w = words(plant(tmp_path / "translations", ("zh",)), "zh")
    out = localise(result, w)
    assert out["readiness"]["meaning"].startswith(MARKS["zh"][0])
    assert all(d["meaning"].startswith(MARKS["zh"][0]) for d in out["readiness"]["dimensions"])
    assert out["lock_in"]["advice"].startswith(MARKS["zh"][0])
    assert out["readiness"]["level"] == result["readiness"]["level"]  # a level's name is its code
    # What people read names the level in their language; the JSON keeps the name it compares.
    view = present(result, w)
    assert view.readiness.level.startswith(MARKS["zh"][0])
    assert all(d.level.startswith(MARKS["zh"][0]) for d in view.readiness.dimensions)
