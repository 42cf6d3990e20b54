"""Choosing a language: ?lang=, cookie, Accept-Language; the switcher; an assessment keeps its language.

A tiny planted Chinese catalogue proves the choice really reaches gettext: Flask-Babel falls back to
English silently (a `zh_Hans` folder, a region-qualified match, a fuzzy entry), so each trap is tested.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import sqlalchemy as sa
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from flask import Flask, render_template_string

from advisor import i18n
from advisor.assessments.models import Assessment
from advisor.extensions import db

from .helpers import STEPS, VALID_ANSWERS, complete, start, step_form

ALL = ("en", "zh", "ms", "ta")


def plant_catalogue(root: Path, folder: str, entries: dict[str, str], fuzzy: tuple[str, ...] = ()) -> None:
    """Compile a catalogue the way `pybabel compile` does (fuzzy entries are left out unless used)."""
    catalog = Catalog(locale=folder.split("_")[0])
    for msgid, msgstr in entries.items():
        catalog.add(msgid, msgstr, flags=("fuzzy",) if msgid in fuzzy else ())
    out = root / folder / "LC_MESSAGES"
    out.mkdir(parents=True, exist_ok=True)
    with (out / "messages.mo").open("wb") as fh:
        write_mo(fh, catalog, use_fuzzy=False)


@pytest.fixture
def catalogues(tmp_path: Path) -> Path:
    root = tmp_path / "translations"
    plant_catalogue(root, "zh", {"Language": "语言", "Old words": "旧词"}, fuzzy=("Old words",))
    plant_catalogue(root, "zh_Hans", {"Only here": "只在这里"})  # the wrong folder name
    plant_catalogue(root, "ta", {"Language": "மொழி"})
    return root


@pytest.fixture
def i18n_app(make_app, catalogues: Path) -> Flask:
    return make_app(LANGUAGES_OFFERED=ALL, BABEL_TRANSLATION_DIRECTORIES=str(catalogues))


@pytest.mark.parametrize(
    ("tag", "code"),
    [
        ("zh-SG", "zh"),
        ("zh-CN", "zh"),
        ("zh-Hans-SG", "zh"),
        ("zh_Hans_SG", "zh"),
        ("ZH", "zh"),
        ("zh-TW", "zh"),
        ("ta-IN", "ta"),
        ("ta-SG", "ta"),
        ("ms-MY", "ms"),
        ("zsm", "ms"),
        ("en-GB", "en"),
        ("fr-FR", None),
        ("", None),
        (None, None),
        ("zh;q=1", None),
        ("../../etc", None),
    ],
)
def test_tags_match_plain_codes(tag: str | None, code: str | None) -> None:
    assert i18n.match_tag(tag, ALL) == code


def test_a_language_not_offered_never_matches() -> None:
    assert i18n.match_tag("zh-SG", ("en",)) is None


def test_query_then_cookie_then_header_then_english() -> None:
    header = [("fr", 1.0), ("ta-IN", 0.9), ("zh-SG", 0.8)]
    assert i18n.negotiate("ms", "zh", header, ALL) == ("ms", "query")
    assert i18n.negotiate("xx", "zh", header, ALL) == ("zh", "cookie")
    assert i18n.negotiate(None, None, header, ALL) == ("ta", "header")
    assert i18n.negotiate(None, None, [("ta", 0.0), ("zh", 0.5)], ALL) == ("zh", "header")
    assert i18n.negotiate(None, None, [("fr", 1.0)], ALL) == ("en", "default")


def _page(client, path: str = "/", **headers: str) -> str:
    return client.get(path, headers=headers).get_data(as_text=True)


def _words(app: Flask, msgid: str, **headers: str) -> str:
    with app.test_request_context("/", headers=headers):
        app.preprocess_request()
        return render_template_string("{{ _(msgid) }}", msgid=msgid)


def test_accept_language_with_a_region_reaches_the_plain_catalogue(i18n_app: Flask) -> None:
    assert _words(i18n_app, "Language", **{"Accept-Language": "zh-SG,zh;q=0.9,en;q=0.5"}) == "语言"
    assert _words(i18n_app, "Language", **{"Accept-Language": "zh-Hans-SG"}) == "语言"
    assert _words(i18n_app, "Language", **{"Accept-Language": "ta-IN"}) == "மொழி"
    assert _words(i18n_app, "Language", **{"Accept-Language": "fr"}) == "Language"


def test_traps_that_fall_back_to_english_silently(i18n_app: Flask) -> None:
    headers = {"Accept-Language": "zh-SG"}
    # A catalogue in a `zh_Hans` folder is never found for zh_Hans_SG: the folder must be `zh`.
    assert _words(i18n_app, "Only here", **headers) == "Only here"
    # A fuzzy entry is left out by the compiler: English shows. `advisor i18n check` refuses it.
    assert _words(i18n_app, "Old words", **headers) == "Old words"


def test_formatting_uses_the_singapore_locale_of_the_language(i18n_app: Flask) -> None:
    from flask_babel import format_decimal, get_locale

    with i18n_app.test_request_context("/?lang=ta"):
        i18n_app.preprocess_request()
        assert str(get_locale()) == "ta_SG"
        assert format_decimal(1234567) == "1,234,567"  # plain `ta` would group 12,34,567
    with i18n_app.test_request_context("/?lang=zh"):
        i18n_app.preprocess_request()
        assert str(get_locale()) == "zh_Hans_SG"


def test_pages_say_their_language_and_offer_the_others(i18n_app: Flask) -> None:
    client = i18n_app.test_client()
    html = _page(client, "/?utm=x", **{"Accept-Language": "ta-IN"})
    assert '<html lang="ta-SG">' in html
    nav = re.search(r'<nav class="language-switcher".*?</nav>', html, re.S)
    assert nav, html
    for name in ("English", "简体中文", "Bahasa Melayu", "தமிழ்"):
        assert name in nav.group(0)
    assert '<span lang="ta-SG" aria-current="true">தமிழ்</span>' in nav.group(0)
    assert 'href="/?utm=x&amp;lang=zh" lang="zh-Hans-SG"' in nav.group(0)
    assert "<img" not in nav.group(0) and "flag" not in nav.group(0).lower()


def test_one_language_offered_shows_no_switcher(make_app) -> None:
    client = make_app(LANGUAGES_OFFERED=("en",)).test_client()
    assert "language-switcher" not in _page(client, "/", **{"Accept-Language": "zh-SG"})
    assert '<html lang="en-SG">' in _page(client, "/?lang=zh")


def test_a_choice_by_query_is_remembered_in_a_cookie(i18n_app: Flask) -> None:
    client = i18n_app.test_client()
    r = client.get("/?lang=ms")
    assert "lang=ms" in r.headers["Set-Cookie"] and "HttpOnly" in r.headers["Set-Cookie"]
    assert "Accept-Language" in r.headers["Vary"]
    assert '<html lang="ms-SG">' in _page(client, "/", **{"Accept-Language": "zh-SG"})
    assert '<html lang="zh-Hans-SG">' in _page(client, "/?lang=zh")


def _assessment(app: Flask) -> Assessment:
    with app.app_context():
        row = db.session.scalars(sa.select(Assessment)).one()
        db.session.expunge(row)
        return row


def test_an_assessment_stores_the_language_it_was_started_in(i18n_app: Flask) -> None:
    client = i18n_app.test_client()
    client.get("/?lang=ta")
    start(client)
    assert _assessment(i18n_app).language == "ta"


def test_switching_on_a_step_saves_what_was_typed_and_shows_the_step_again(i18n_app: Flask) -> None:
    client = i18n_app.test_client()
    token = start(client)
    html = _page(client, f"/a/{token}/step/1")
    assert 'form="step-form" name="lang" value="zh"' in html and '<form id="step-form"' in html
    data = step_form(1, VALID_ANSWERS, lang="zh")  # the switcher's button, no "action"
    r = client.post(f"/a/{token}/step/1", data=data)
    assert r.status_code == 303 and r.headers["Location"].endswith(f"/a/{token}/step/1")
    stored = _assessment(i18n_app)
    assert stored.language == "zh" and stored.step_index == 0
    for q in STEPS[0][1]:
        if q.id in VALID_ANSWERS:
            assert stored.answers[q.id] == VALID_ANSWERS[q.id], q.id
    assert '<html lang="zh-Hans-SG">' in _page(client, f"/a/{token}/step/1")


def test_switching_with_an_invalid_entry_shows_it_again_as_typed(i18n_app: Flask) -> None:
    client = i18n_app.test_client()
    token = start(client)
    number, q = next((n, q) for n, (_, qs) in enumerate(STEPS, 1) for q in qs if q.type == "int")
    data = step_form(number, VALID_ANSWERS, lang="ta")
    data[q.id] = "12abc"
    r = client.post(f"/a/{token}/step/{number}", data=data)
    assert r.status_code == 422
    html = r.get_data(as_text=True)
    assert '<html lang="ta-SG">' in html and 'value="12abc"' in html
    assert _assessment(i18n_app).language == "ta"


def test_the_result_follows_the_stored_language_unless_asked(i18n_app: Flask) -> None:
    client = i18n_app.test_client()
    client.get("/?lang=zh")
    token = complete(client, VALID_ANSWERS)
    other = i18n_app.test_client()  # no cookie: only the stored language speaks
    assert '<html lang="zh-Hans-SG">' in _page(other, f"/a/{token}/result")
    assert '<html lang="ta-SG">' in _page(other, f"/a/{token}/result?lang=ta")
    assert _assessment(i18n_app).language == "zh"  # ?lang= on the result does not change it


def test_the_language_migration_keeps_old_assessments_in_english(make_app, fresh_database_url) -> None:
    from flask_migrate import downgrade, upgrade

    app = make_app(SQLALCHEMY_DATABASE_URI=fresh_database_url())
    with app.app_context():
        db.drop_all()
        upgrade(revision="0003")
        db.session.execute(
            sa.text(
                "INSERT INTO assessments (report_id, token_hash, answers, step_index, status, as_of, "
                "created_at, updated_at, expires_at) VALUES ('R-OLD00001', 'h', '{}', 0, 'draft', "
                "'2026-01-01', '2026-01-01 00:00:00+00', '2026-01-01 00:00:00+00', '2027-01-01 00:00:00+00')"
            )
        )
        db.session.commit()
        upgrade(revision="0006_language")
        assert db.session.scalar(sa.text("SELECT language FROM assessments")) == "en"
        db.session.rollback()  # release the read, or PostgreSQL's ALTER TABLE waits for it
        downgrade(revision="0003")
        columns = {c["name"] for c in sa.inspect(db.engine).get_columns("assessments")}
        assert "language" not in columns
        downgrade(revision="base")


def test_the_api_names_the_language_after_ruleset_and_changes_no_code(i18n_app: Flask) -> None:
    client = i18n_app.test_client()
    en = client.post("/api/v1/assessments", json=VALID_ANSWERS).json["result"]
    zh = client.post("/api/v1/assessments?lang=zh", json=VALID_ANSWERS).json["result"]
    ta = client.post("/api/v1/assessments", json=VALID_ANSWERS, headers={"Accept-Language": "ta-IN"}).json
    assert list(en)[:2] == ["ruleset", "language"] and en["language"] == "en"
    assert zh["language"] == "zh" and ta["result"]["language"] == "ta"
    for other in (zh, ta["result"]):
        assert [p["id"] for p in other["programs"]] == [p["id"] for p in en["programs"]]
        assert other["readiness"]["score"] == en["readiness"]["score"]
    token = ta["token"]
    assert client.get(f"/api/v1/assessments/{token}?lang=ms").json["result"]["language"] == "ms"


@pytest.mark.parametrize("typed", ["１，２００", "1，200", "１２００", "௧௨௦௦", "\u3000１２００\u3000"])
def test_number_fields_accept_what_chinese_and_tamil_keyboards_type(client, typed: str) -> None:
    from advisor.assessments.questionnaire.forms import plain_digits

    assert plain_digits(typed) in ("1,200", "1200")
    token = start(client)
    number = next(n for n, (_, qs) in enumerate(STEPS, 1) for q in qs if q.id == "employees")
    data = step_form(number, VALID_ANSWERS, action="save")
    data["employees"] = typed
    r = client.post(f"/a/{token}/step/{number}", data=data)
    assert r.status_code == 303, r.get_data(as_text=True)
    with client.application.app_context():
        assert db.session.scalars(sa.select(Assessment)).one().answers["employees"] == 1200


def test_an_unreviewed_translation_says_so_and_links_to_english(i18n_app: Flask, catalogues: Path) -> None:
    client = i18n_app.test_client()
    html = _page(client, "/?lang=zh")
    assert 'class="translation-note"' in html and 'href="/?lang=en" lang="en-SG"' in html
    assert 'class="translation-note"' not in _page(client, "/?lang=en")
    # Once the catalogue's header names a native reviewer, the note goes.
    catalog = Catalog(locale="zh", language_team="reviewed by Tan Mei Ling <mei@example.org>")
    catalog.add("Language", "语言")
    with (catalogues / "zh" / "LC_MESSAGES" / "messages.mo").open("wb") as fh:
        write_mo(fh, catalog)
    assert i18n.reviewer_of(str(catalogues), "zh") == "Tan Mei Ling <mei@example.org>"
    assert 'class="translation-note"' not in _page(client, "/?lang=zh")


def test_the_advisors_side_stays_english_but_the_invite_landing_does_not(i18n_app: Flask) -> None:
    client = i18n_app.test_client()
    login = _page(client, "/account/login?lang=zh")
    assert '<html lang="en-SG">' in login and "language-switcher" not in login
    with i18n_app.test_request_context("/workspace/invite/nothing?lang=ta"):
        i18n_app.preprocess_request()
        assert i18n.request_language() == "ta"


def test_the_api_gives_rule_texts_from_the_rule_catalogue(make_app, catalogues: Path) -> None:
    from advisor.catalogues.check import compile_catalog, write_catalog

    english = (
        "Write a one-page AI use policy (what staff may put into AI tools, especially personal data "
        "under the PDPA, and who approves new tools)."
    )
    catalog = Catalog(locale="zh", domain="rules")
    catalog.add(english, "写一页人工智能使用政策。", context="act.policy/text")
    po = catalogues / "zh" / "LC_MESSAGES" / "rules.po"
    write_catalog(po, catalog)
    compile_catalog(po)
    app = make_app(LANGUAGES_OFFERED=ALL, BABEL_TRANSLATION_DIRECTORIES=str(catalogues))
    client = app.test_client()
    answers = dict(VALID_ANSWERS, ai_policy="none")
    en = client.post("/api/v1/assessments", json=answers).json["result"]
    zh = client.post("/api/v1/assessments?lang=zh", json=answers).json["result"]
    texts = {a["rule"]: a["text"] for a in zh["actions"]}
    assert texts.get("act.policy") == "写一页人工智能使用政策。", [a["rule"] for a in zh["actions"]]
    # Everything else as before: codes, numbers, order; untranslated texts stay English.
    assert [a["rule"] for a in zh["actions"]] == [a["rule"] for a in en["actions"]]
    assert zh["readiness"] == en["readiness"] and zh["programs"] == en["programs"]
