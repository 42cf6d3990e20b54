"""The four languages on the web side with complete planted catalogues (tests/planted.py): the privacy
notice beside its authoritative English, result texts (with their dates) in the page's language on
the results page and through the API, codes, numbers and order unchanged."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from flask import Flask

from tests.planted import MARKS, plant, stand_in

from .helpers import VALID_ANSWERS, complete

ALL = ("en", "zh", "ms", "ta")
NOTICE = "Privacy notice (Personal Data Protection Act 2012)"
DATES = {"zh": "2026年6月", "ms": "Jun 2026", "ta": "ஜூன் 2026"}


@pytest.fixture(scope="module")
def planted_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return plant(tmp_path_factory.mktemp("planted") / "translations")


@pytest.fixture
def app(make_app, planted_root: Path) -> Flask:
    return make_app(LANGUAGES_OFFERED=ALL, BABEL_TRANSLATION_DIRECTORIES=str(planted_root))


def _page(client, url: str) -> str:
    r = client.get(url)
    assert r.status_code == 200, (url, r.status_code)
    return r.get_data(as_text=True)


@pytest.mark.parametrize("language", ["zh", "ms", "ta"])
def test_a_translated_privacy_notice_shows_the_authoritative_english_under_it(
    app: Flask, language: str
) -> None:
    html = _page(app.test_client(), f"/start?lang={language}")
    notice = html[
        html.index('<section class="notice"') : html.index("</section>", html.index('class="notice"'))
    ]
    translated, english = notice.split('<details class="notice-english">')
    assert stand_in(NOTICE, language) in translated
    assert stand_in("The English text of this notice is authoritative: show it", language) in english
    body = english[english.index('<div lang="en-SG">') :]
    assert f"<h3>{NOTICE}</h3>" in body  # the whole English notice, in English, marked lang="en-SG"
    assert "We ask for no personal contact details." in body and MARKS[language][0] not in body
    assert body.count("<li>") == translated.count("<li>") == 5
    assert 'id="notice-title"' not in body  # one heading names the section


def test_the_english_page_shows_the_notice_once(app: Flask) -> None:
    html = _page(app.test_client(), "/start?lang=en")
    assert html.count(NOTICE) == 1 and "notice-english" not in html


def test_the_page_language_is_back_after_the_english_copy(app: Flask) -> None:
    # Rendering the English copy must not leave the rest of the page in English.
    html = _page(app.test_client(), "/start?lang=zh")
    after = html[html.index("</details>") :]
    assert (
        stand_in(
            "I have read the privacy notice and agree that my answers are stored for this assessment.", "zh"
        )
        in after
    )


@pytest.mark.parametrize("language", ["zh", "ms", "ta"])
def test_the_results_page_shows_rule_texts_and_dates_in_its_language(app: Flask, language: str) -> None:
    client = app.test_client()
    token = complete(client, VALID_ANSWERS)
    html = _page(client, f"/a/{token}/result?lang={language}")
    assert f'<html lang="{ {"zh": "zh-Hans-SG", "ms": "ms-SG", "ta": "ta-SG"}[language] }"' in html
    assert DATES[language] in html
    english = _page(client, f"/a/{token}/result?lang=en")
    assert "June 2026" in english and DATES[language] not in english


@pytest.mark.parametrize("language", ["zh", "ms", "ta"])
def test_the_api_gives_result_texts_in_the_language_asked_codes_unchanged(app: Flask, language: str) -> None:
    client = app.test_client()
    created = client.post(f"/api/v1/assessments?lang={language}", json=VALID_ANSWERS)
    assert created.status_code == 201, created.get_data(as_text=True)
    token = created.json["token"]
    en = client.get(f"/api/v1/assessments/{token}").json["result"]
    by_header = client.get(
        f"/api/v1/assessments/{token}", headers={"Accept-Language": f"{language}-SG,en;q=0.5"}
    ).json["result"]
    by_query = created.json["result"]
    assert list(en)[:2] == ["ruleset", "language"] and en["language"] == "en"
    for other in (by_header, by_query):
        assert list(other)[:2] == ["ruleset", "language"] and other["language"] == language
        assert _skeleton(other) == _skeleton(en)  # codes, numbers, order: all the same
        texts = list(_texts(other))
        assert texts and all(t.startswith(MARKS[language][0]) for t in texts), texts[:3]
        assert any(DATES[language] in t for t in texts)


def _skeleton(node):
    """Everything but the words: dimension and scheme names are translated too."""
    if isinstance(node, dict):
        return {
            k: _skeleton(v)
            for k, v in node.items()
            if k not in ("text", "language", "name", "meaning", "advice", "ask")
        }
    if isinstance(node, list):
        return [_skeleton(v) for v in node]
    return node


def _texts(node):
    """The texts of items that name their rule (reasons, cautions, actions, lock-in reasons)."""
    if isinstance(node, dict):
        if isinstance(node.get("rule"), str) and isinstance(node.get("text"), str):
            yield node["text"]
        for v in node.values():
            yield from _texts(v)
    elif isinstance(node, list):
        for v in node:
            yield from _texts(v)


def test_the_stored_result_stays_english_and_language_neutral(app: Flask) -> None:
    from advisor.assessments.models import Assessment
    from advisor.extensions import db

    client = app.test_client()
    client.post("/api/v1/assessments?lang=zh", json=VALID_ANSWERS)
    with app.app_context():
        stored = json.loads(db.session.query(Assessment).one().result_json)
    assert "language" not in stored
    assert not re.search("[\u4e00-\u9fff]", json.dumps(stored, ensure_ascii=False))


def test_without_a_setting_pages_read_the_packaged_catalogues(make_app) -> None:
    from advisor import i18n
    from advisor.paths import packaged_or_checkout

    app = make_app(LANGUAGES_OFFERED=ALL)
    with app.test_request_context("/"):
        assert i18n.translation_folders() == str(packaged_or_checkout("translations"))
        assert i18n.rule_catalogue("zh").language == "zh"
