"""The gettext foundation: Flask-Babel is bound, templates can translate, pages say their language."""

from __future__ import annotations

from flask import Flask, g, render_template_string
from flask.testing import FlaskClient

from advisor import i18n


def test_language_table_follows_contract_5() -> None:
    assert list(i18n.LANGUAGES) == ["en", "zh", "ms", "ta"]
    assert [lang.html_lang for lang in i18n.LANGUAGES.values()] == ["en-SG", "zh-Hans-SG", "ms-SG", "ta-SG"]
    assert [lang.locale for lang in i18n.LANGUAGES.values()] == ["en_SG", "zh_Hans_SG", "ms_SG", "ta_SG"]
    assert i18n.language("xx").code == "en"
    assert i18n.language(None).code == "en"


def test_templates_translate_and_format_with_placeholders(app: Flask) -> None:
    with app.test_request_context("/"):
        out = render_template_string("{{ _('Hello %(name)s.', name='<b>') }}")
    assert out == "Hello &lt;b&gt;."


def test_a_language_not_offered_falls_back_to_english(app: Flask) -> None:
    with app.test_request_context("/"):
        g.language = "ta"
        assert i18n.request_language() == ("ta" if "ta" in i18n.OFFERED_LANGUAGES else "en")
        g.language = "nonsense"
        assert i18n.request_language() == "en"


def test_pages_carry_the_page_language(client: FlaskClient) -> None:
    body = client.get("/").get_data(as_text=True)
    assert '<html lang="en-SG">' in body
