"""The results page, PDF download, re-scoring, revoking, deleting and the purge command."""

from __future__ import annotations

import datetime as dt
import json
import re
from html import unescape
from pathlib import Path

import sqlalchemy as sa

from advisor.assessments import links
from advisor.assessments import services as svc
from advisor.assessments.models import Assessment
from advisor.engine import evaluate
from advisor.extensions import db
from advisor.presentation import words_for
from advisor.report import PdfCache

from .helpers import complete, start

sgt = words_for("en").datetime


def _assessment(app) -> Assessment:
    with app.app_context():
        a = db.session.scalars(sa.select(Assessment)).one()
        _ = a.result  # load the deferred column before detaching
        db.session.expunge(a)
        return a


def _text(html: str) -> str:
    return unescape(re.sub(r"\s+", " ", html))


def test_result_page_shows_everything_in_the_result(app, client, answers):
    token = complete(client, answers)
    r = client.get(f"/a/{token}/result")
    assert r.status_code == 200
    html = r.get_data(as_text=True)
    text = _text(html)
    a = _assessment(app)
    result = json.loads(a.result_json)
    assert f"overall {result['readiness']['score']} out of 100" in text
    assert result["readiness"]["level"] in text and result["readiness"]["meaning"] in text
    for d in result["readiness"]["dimensions"]:
        assert d["name"] in text and d["meaning"] in text
        for reason in d["reasons"]:
            assert reason["text"] in text
    # Programmes in the result's order, each with its fit out of 100, a neutral bar and its reasons.
    positions = [html.index(f'id="prog-{p["id"]}"') for p in result["programs"]]
    assert positions == sorted(positions)
    for p, begin, end in zip(result["programs"], positions, [*positions[1:], len(html)], strict=True):
        card = html[begin:end]
        assert f"Fit {p['fit']} out of 100" in card
        assert f'class="fit-fill" x="0" y="0" width="{p["fit"]}"' in card
        for reason in p["reasons"]:
            assert reason["text"] in text
        for caution in p["cautions"]:
            assert caution["text"] in text
        for src in p["sources"]:
            assert src["title"] in text
    if any(r["points"] < 0 for p in result["programs"] for r in p["reasons"]):
        assert "Against" in html
    assert "Side-by-side comparison" in html and "Model scope" in html
    reported = any(s["confidence"] == "reported" for p in result["programs"] for s in p["sources"])
    # The legend shows the badge as an example; outside it, the badge marks reported facts only.
    legend = re.search(r'<section aria-labelledby="legend-title">.*?</section>', html, re.S).group(0)
    assert ('class="badge reported">reported<' in html.replace(legend, "")) == reported
    assert result["lock_in"]["advice"] in text
    for action in result["actions"]:
        assert action["text"] in text
    for f in result["funding"]:
        assert f["name"] in text
    assert "Independence" in html and "same published rules" in text
    assert sgt(a.completed_at) in text and "SGT" in text
    assert f'href="/a/{token}/report.pdf"' in html
    assert f'href="/a/{token}/delete"' in html and f'href="/a/{token}/revoke"' in html
    assert r.headers["Cache-Control"] == "no-store"


def test_radar_chart_is_inline_svg_with_title_and_no_style(client, answers):
    token = complete(client, answers)
    html = client.get(f"/a/{token}/result").get_data(as_text=True)
    svg = re.search(r"<svg [^>]*class=\"radar\".*?</svg>", html, re.S).group(0)
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg
    assert "style=" not in html and "<script>" not in html


def test_stored_result_is_shown_even_when_rules_changed(app, client, answers):
    """A snapshot renders from its stored bytes; re-scoring is explicit."""
    token = complete(client, answers)
    with app.app_context():
        a = db.session.scalars(sa.select(Assessment)).one()
        data = json.loads(a.result_json)
        data["readiness"]["meaning"] = "A meaning from an older rule set."
        data["ruleset"]["version"] = "0" * 16
        a.result_json = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        a.ruleset_version = "0" * 16
        db.session.commit()
    html = client.get(f"/a/{token}/result").get_data(as_text=True)
    assert "A meaning from an older rule set." in html
    assert "Re-score with the current rules" in html
    r = client.post(f"/a/{token}/rescore")
    assert r.status_code == 303
    a = _assessment(app)
    assert a.ruleset_version == app.extensions["advisor.ruleset"].version
    html = client.get(f"/a/{token}/result").get_data(as_text=True)
    assert "A meaning from an older rule set." not in html and "Re-score" not in html


def test_rescore_of_a_draft_is_404(client):
    token = start(client)
    assert client.post(f"/a/{token}/rescore").status_code == 404


def test_delete_asks_first_then_removes_everything(app, client, answers, monkeypatch):
    token = complete(client, answers)
    report_id = _assessment(app).report_id
    deleted_owners: list[str] = []
    monkeypatch.setattr(PdfCache, "delete_owner", lambda self, owner: deleted_owners.append(owner) or 0)
    r = client.get(f"/a/{token}/delete")
    assert r.status_code == 200 and "cannot be undone" in r.get_data(as_text=True)
    assert _assessment(app).report_id == report_id  # the GET changed nothing
    assert client.post(f"/a/{token}/delete", data={}).status_code == 400  # no confirmation
    r = client.post(f"/a/{token}/delete", data={"confirm": "yes"})
    assert r.status_code == 200 and "deleted" in r.get_data(as_text=True)
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Assessment)) == 0
    assert deleted_owners == [report_id]
    assert client.get(f"/a/{token}/result").status_code == 404


def test_delete_removes_cached_pdfs(app, client, answers, tmp_path):
    token = complete(client, answers)
    assert client.get(f"/a/{token}/report.pdf").status_code == 200
    cache = PdfCache(app.config["PDF_CACHE_DIR"])
    report_id = _assessment(app).report_id
    client.post(f"/a/{token}/delete", data={"confirm": "yes"})
    assert cache.delete_owner(report_id) == 0  # nothing left to delete


def test_revoke_switches_the_link_off(app, client, answers):
    token = complete(client, answers)
    assert client.get(f"/a/{token}/revoke").status_code == 200
    r = client.post(f"/a/{token}/revoke", data={"confirm": "yes"})
    assert r.status_code == 200
    with app.app_context():
        (link,) = links.series_links(_assessment(app).series_id)
        assert link.revoked_at is not None
    for path in ("", "/result", "/step/1", "/report.pdf"):
        assert client.get(f"/a/{token}{path}").status_code == 404


def test_pdf_download(app, client, answers):
    token = complete(client, answers)
    r = client.get(f"/a/{token}/report.pdf")
    assert r.status_code == 200
    assert r.mimetype == "application/pdf" and r.data.startswith(b"%PDF")
    disposition = r.headers["Content-Disposition"]
    assert "tan-precision-pte-ltd" in disposition and _assessment(app).as_of.isoformat() in disposition
    assert client.get(f"/a/{token}/report.pdf").data == r.data  # served from the cache the second time


def test_pdf_of_a_draft_is_404(client):
    token = start(client)
    assert client.get(f"/a/{token}/report.pdf").status_code == 404


def test_pdf_filename_without_company(app):
    from advisor.assessments.reports import report_filename

    a = Assessment(company_name="陈氏 Engineering / Pte", as_of=dt.date(2026, 3, 1), report_id="R-ABCDEFGH")
    assert report_filename(a) == "ai-readiness-engineering-pte-2026-03-01-R-ABCDEFGH.pdf"
    a.company_name = None
    assert report_filename(a) == "ai-readiness-assessment-2026-03-01-R-ABCDEFGH.pdf"


def test_purge_command_removes_old_drafts_and_expired_anonymous_links_only(app, runner, answers):
    now = dt.datetime.now(dt.UTC)
    days = app.config["RETENTION_DAYS"]
    old = now - dt.timedelta(days=days + 1)
    with app.app_context():
        svc.create_draft(now=old)  # a stale draft
        fresh_draft, _ = svc.create_draft()
        expired, _ = svc.create_draft(now=old - dt.timedelta(days=app.config["ASSESSMENT_LINK_DAYS"]))
        expired.status = "complete"
        svc.create_draft(now=old, owner_id=7)  # an advisor's stale draft: answers kept for nothing
        owned_done, _ = svc.create_draft(
            now=old - dt.timedelta(days=app.config["ASSESSMENT_LINK_DAYS"]), owner_id=7
        )
        owned_done.status = "complete"  # a client record: always kept
        svc.revoke_link(links.series_links(owned_done.id)[0], now=old)
        owned_fresh, _ = svc.create_draft(owner_id=7)
        revoked, _ = svc.create_draft()
        revoked.status = "complete"
        svc.revoke_link(links.series_links(revoked.id)[0], now=old)
        db.session.commit()
        keep = {fresh_draft.report_id, owned_done.report_id, owned_fresh.report_id}
    result = runner.invoke(args=["purge"])
    assert result.exit_code == 0 and "purged 4" in result.output
    with app.app_context():
        assert set(db.session.scalars(sa.select(Assessment.report_id))) == keep
    assert "purged 0" in runner.invoke(args=["purge", "--days", str(days)]).output


def test_the_short_pdf_is_the_default_with_the_full_one_a_click_away(app, client, answers):
    import io

    from pypdf import PdfReader

    beginner = {
        **answers,
        "staff_ai_literacy": "none",
        "leadership_ai_understanding": "low",
        "digital_maturity": "mostly_paper",
        "data_quality": "poor",
        "ai_usage": "none",
        "use_cases": "none",
        "ai_policy": "none",
        "change_readiness": "low",
        "it_staff": 0,
        "training_hours_per_month": 0,
        "budget_sgd_per_month": 0,
    }
    token = complete(client, beginner)
    result = json.loads(_assessment(app).result_json)
    assert result["readiness"]["level"] in ("Unaware", "Aware")
    html = client.get(f"/a/{token}/result").get_data(as_text=True)
    # Before any PDF exists the links say only "PDF": nothing is rendered to find out its size.
    assert "Short report (PDF)" in html and f'href="/a/{token}/report.pdf?full=1"' in html
    assert "Full report, every programme and detail (PDF)" in html
    short = client.get(f"/a/{token}/report.pdf").data
    full = client.get(f"/a/{token}/report.pdf?full=1").data
    short_pages, full_pages = len(PdfReader(io.BytesIO(short)).pages), len(PdfReader(io.BytesIO(full)).pages)
    assert short_pages < full_pages
    # Both variants are cached side by side, under different keys.
    cached = list((Path(app.config["PDF_CACHE_DIR"]) / _assessment(app).report_id).glob("*.pdf"))
    assert len(cached) == 2
    assert client.get(f"/a/{token}/report.pdf").data == short
    # Once cached, each link says its pages and size, measured from the file.
    html = client.get(f"/a/{token}/result").get_data(as_text=True)
    short_kb, full_kb = int(len(short) / 1024 + 0.5), int(len(full) / 1024 + 0.5)  # Jinja rounds half up
    assert f"Short report (PDF, {short_pages} pages, about {short_kb} KB)" in html
    assert f"Full report, every programme and detail (PDF, {full_pages} pages, about {full_kb} KB)" in html


def test_summary_is_the_first_section_and_names_the_top_programme(app, client, answers):
    token = complete(client, answers)
    html = client.get(f"/a/{token}/result").get_data(as_text=True)
    main = html.split('<main id="main"')[1]
    assert main.index('<section id="summary"') == main.index("<section")
    result = json.loads(_assessment(app).result_json)
    top = result["programs"][0]
    summary = main.split('<section id="summary"')[1].split("</section>")[0]
    assert top["name"] in unescape(summary)
    assert result["lock_in"]["advice"] not in unescape(summary)
    assert 'href="#programs-title"' in main  # the contents list follows


def test_an_old_result_without_ranks_next_level_or_what_if_still_renders_joint_ranks(app, client, answers):
    token = complete(client, answers)
    with app.app_context():
        a = db.session.scalars(sa.select(Assessment)).one()
        data = json.loads(a.result_json)
        data.pop("what_if", None)
        for p in data["programs"]:
            p.pop("rank", None)
        for d in data["readiness"]["dimensions"]:
            d.pop("next_level", None)
        data["programs"][1]["fit"] = data["programs"][0]["fit"]  # a tie, as older rules could make
        a.result_json = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        db.session.commit()
    html = unescape(client.get(f"/a/{token}/result").get_data(as_text=True))
    summary = html.split('<section id="summary"')[1].split("</section>")[0]
    first, second = data["programs"][0]["name"], data["programs"][1]["name"]
    assert f"Joint first: {first} and {second}" in summary
    assert "What a different preference would change" not in html and "To reach" not in html


def test_a_partial_end_gives_its_timing_line_on_the_page(app, client, answers):
    token = complete(client, answers)
    with app.app_context():
        a = db.session.scalars(sa.select(Assessment)).one()
        scored = evaluate(app.extensions["advisor.ruleset"], dict(answers, as_of="2026-11-29"))
        a.result_json = scored.to_json()
        db.session.commit()
    html = _text(client.get(f"/a/{token}/result").get_data(as_text=True))
    card = html.split('id="prog-microsoft-ai-skills"')[1].split('id="prog-')[0]
    assert "SkillsFuture SME programme closes about March 2027: 4 months after your assessment date" in card


def test_a_result_stored_before_round_3_renders_on_the_page(app, client, answers):
    """A stored result without topic, params, rank, next_level or what_if (tests/data/results)."""
    from advisor.presentation import present, rule_topics

    fixture = json.loads(
        (Path(__file__).resolve().parents[1] / "data" / "results" / "before-round-3.json").read_text()
    )
    token = complete(client, answers)
    with app.app_context():
        a = db.session.scalars(sa.select(Assessment)).one()
        a.answers = fixture["answers"]
        a.result_json = json.dumps(fixture["result"], ensure_ascii=False, indent=2) + "\n"
        db.session.commit()
        ruleset = app.extensions["advisor.ruleset"]
        view = present(fixture["result"], words_for("en"), rule_topics=rule_topics(ruleset))
    page = _text(client.get(f"/a/{token}/result").get_data(as_text=True))
    assert view.summary.headline in page
    assert unescape(view.summary.top[0].caution) in page
    assert "What a different preference would change" not in page  # not worked out back then: not said
