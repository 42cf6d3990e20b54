"""Owner-facing words stay plain (issue 19, item 4): for every shared persona, neither the results page
nor the short PDF report says "gateway", "evaluations", "OpenAI-compatible" or "open-weight", and the
results page's first screen does not show the rule-set hash.

Three places name such terms on purpose and are left out: the side-by-side comparison (programme
attributes as their sources state them), the source lists (titles as published) and the word list
that explains the terms. Everything else an owner reads comes from rule texts and the catalogue."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa
from flask import Flask
from flask.testing import FlaskClient

from advisor.assessments import reports
from advisor.assessments.models import Assessment
from advisor.extensions import db
from advisor.presentation import present, words_for
from tests.pdftext import pdf_words

URL = "/api/v1/assessments"
JARGON = ("gateway", "evaluations", "OpenAI-compatible", "open-weight")
PERSONAS = sorted(p.stem for p in (Path(__file__).parents[1] / "data" / "personas").glob("*.json"))


def norm(text: str) -> str:
    """Text without whitespace or hyphens, as tests/report compares it: a PDF line breaks anywhere,
    and extractors keep or drop the hyphen where it breaks."""
    return "".join(text.replace("-", "").replace("\u2010", "").split())


def pdf_text(pdf: bytes) -> str:
    return norm(pdf_words(pdf))


def _without(html: str, pattern: str) -> str:
    return re.sub(pattern, " ", html, flags=re.S)


def _owner_part(html: str) -> str:
    """The results page without the parts that show technical terms by design."""
    html = _without(html, r'<section aria-labelledby="compare-title">.*?</section>')
    html = _without(html, r'<section aria-labelledby="sources-title">.*?</section>')
    html = _without(html, r'<details class="funding-sources">.*?</details>')
    html = _without(html, r'<ul class="sources[^"]*">.*?</ul>')
    # The word list explains a term by naming it: its entries are <dt>term</dt><dd>meaning</dd>.
    html = _without(html, r"<div><dt>.*?</dt><dd>.*?</dd></div>")
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _first_screen(html: str) -> str:
    """From the start of <main> to the end of the summary: what a phone shows before scrolling."""
    start = html.index("<main")
    summary = html.index('id="summary"')
    return html[start : html.index("</section>", summary)]


def _jargon_in(text: str, *, normalised: bool = False) -> list[str]:
    if normalised:
        return [w for w in JARGON if norm(w).lower() in text.lower()]
    return [w for w in JARGON if w.lower() in text.lower()]


def _scored(client: FlaskClient, persona: str, personas: dict[str, dict]) -> dict[str, Any]:
    r = client.post(URL, json=personas[persona])
    assert r.status_code == 201
    body: dict[str, Any] = r.json
    return body


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_results_page_speaks_plainly(client, personas, persona):
    body = _scored(client, persona, personas)
    html = client.get(f"/a/{body['token']}/result").get_data(as_text=True)
    assert _first_screen(html), "no first screen"
    assert _jargon_in(_owner_part(html)) == []


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_first_screen_does_not_show_the_rule_set_hash(client, personas, persona):
    body = _scored(client, persona, personas)
    html = client.get(f"/a/{body['token']}/result").get_data(as_text=True)
    version = body["result"]["ruleset"]["version"]
    assert version not in _first_screen(html)


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_short_report_speaks_plainly(app: Flask, client, personas, persona):
    body = _scored(client, persona, personas)
    with app.test_request_context():
        assessment = db.session.scalars(sa.select(Assessment)).one()
        pdf = reports.pdf_for(assessment, variant="concise")
    text = pdf_text(pdf)  # without spaces and hyphens: words broken across lines still match
    # Source titles are cited as published (one names "OpenAI-compatible APIs"): not owner prose.
    for group in body["result"]["programs"]:
        for src in group.get("sources") or []:
            text = text.replace(norm(src.get("title") or ""), " ")
    # The word list in the method section names each term it explains ("Open-weight model: ...").
    for term in present(body["result"], words_for("en")).method.glossary:
        text = text.replace(norm(f"{term.term}:{term.text}"), " ")
    assert _jargon_in(text, normalised=True) == []
