"""Rendered PDFs: content taken from the result, valid files, same bytes, tagged metadata."""

from __future__ import annotations

import io
import json
import subprocess
from pathlib import Path

from pypdf import PdfReader

from advisor.engine import evaluate
from advisor.presentation import labels, words_for
from advisor.report import render_pdf, report_context

signed = words_for("en").signed

PERSONAS = Path(__file__).resolve().parents[1] / "data" / "personas"


def test_report_shows_the_result(render_persona, persona, tools):
    r = render_persona(persona)
    text = r.text
    n = tools.norm
    for heading in (
        "Summary",
        "How ready is the business?",
        "Which programme fits?",
        "Programmes side by side",
        "Vendor lock-in",
        "Action plan",
        "Funding and support",
        "Method and independence",
        "Independence",
        "Disclaimer",
    ):
        assert n(heading) in text
    assert n(r.context["cover"]["company"]) in text
    if r.answers.get("company_name"):
        assert n(r.answers["company_name"]) in text
    assert n("R-TEST0001") in text and n(r.result["ruleset"]["version"]) in text
    readiness = r.result["readiness"]
    assert n(f"{readiness['level']} {readiness['score']} out of 100") in text
    for p in r.result["programs"]:
        assert n(f"Fit {p['fit']} out of 100 {p['name']}") in text
        for reason in p["reasons"]:
            assert n(f"{signed(reason['points'])} {reason['text']}") in text
        for caution in p["cautions"]:
            assert n(caution["text"]) in text
    for d in r.result["readiness"]["dimensions"]:
        assert n(f"{d['name']} {d['score']} {d['level']} {d['meaning']}") in text
        for reason in d["reasons"]:
            assert n(f"{signed(reason['points'])} {reason['text']}") in text
    for action in r.result["actions"]:
        assert n(action["text"]) in text
    for f in r.result["funding"]:
        assert n(f["name"]) in text
        assert n(labels.eligibility_label(f["eligible"], words_for("en"))) in text
    assert n(r.result["lock_in"]["advice"]) in text


def test_pages_are_numbered_and_headed(render_persona, persona, tools):
    r = render_persona(persona)
    pages = r.pages
    total = len(pages)
    assert total >= 8
    for number, page in enumerate(pages[1:], start=2):
        assert tools.norm(f"Page {number} of {total}") in page
        assert tools.norm("AI readiness report") in page
    assert tools.norm("Page 1 of") not in pages[0]  # the cover carries no page furniture


def test_reported_facts_are_labelled(render_persona, tools):
    r = render_persona(tools.personas()[0])
    facts = [
        p
        for p in r.result["programs"]
        if any(isinstance(a, dict) and a.get("confidence") == "reported" for a in p["attributes"].values())
    ]
    assert facts, "the personas should include a reported fact"
    assert tools.norm("reported").upper() in r.text.upper()


def test_same_context_same_bytes(render_persona, tools):
    r = render_persona(tools.personas()[-1])
    assert render_pdf(r.context) == r.pdf


def test_metadata_title_language_dates_and_tags(render_persona, tools):
    r = render_persona(tools.personas()[-1])
    reader = PdfReader(io.BytesIO(r.pdf))
    assert reader.metadata.title == r.context["meta"]["title"]
    as_of = r.result["ruleset"]["as_of"].replace("-", "")
    assert str(reader.metadata["/CreationDate"]).startswith(f"D:{as_of}")
    assert str(reader.metadata["/ModDate"]) == str(reader.metadata["/CreationDate"])
    catalog = reader.trailer["/Root"]
    assert catalog["/Lang"] == "en-SG"  # contract 5: the page lang value
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    assert b"pdfuaid" in r.pdf or b"pdfuaid" in b"".join(catalog["/Metadata"].get_object().get_data().split())


def test_qpdf_check_is_clean(render_persona, persona, tools, tmp_path):
    qpdf = tools.need("qpdf")
    r = render_persona(persona)
    path = tmp_path / "report.pdf"
    path.write_bytes(r.pdf)
    done = subprocess.run([qpdf, "--check", str(path)], capture_output=True)
    assert done.returncode == 0, done.stdout.decode() + done.stderr.decode()
    assert b"No syntax or stream encoding errors" in done.stdout


def test_file_size_is_reasonable(render_persona, persona):
    assert len(render_persona(persona).pdf) <= 500_000


def test_a_partial_end_gives_its_timing_line_in_the_pdf(ruleset, tools):
    # Microsoft's SkillsFuture SME agreement ends about March 2027; the entry itself does not.
    answers = json.loads((PERSONAS / "precision-engineering.json").read_text(encoding="utf-8"))
    lines = {
        "2026-11-29": "SkillsFuture SME programme closes about March 2027: 4 months after your assessment "
        "date",
        "2027-06-01": "SkillsFuture SME programme has probably closed (about March 2027): check for a new "
        "intake",
    }
    for as_of, line in lines.items():
        result = evaluate(ruleset, dict(answers, as_of=as_of)).to_dict()
        ctx = report_context(result, company_name=None, report_id="R-TEST0002", variant="full")
        assert tools.norm(line) in tools.text(render_pdf(ctx))
