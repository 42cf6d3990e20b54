"""The download links' size and pages come from an index the cache writes beside each stored report
(never from a render): right after a store, gone with its file, absent for a report with notes."""

from __future__ import annotations

import io

from advisor.report.cache import PdfCache, page_count


def _pdf(pages: int) -> bytes:
    from pypdf import PdfWriter

    writer = PdfWriter()
    for _ in range(pages):
        writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def test_page_count_reads_a_weasyprint_pdf_and_a_plain_one(render_persona):
    from pypdf import PdfReader

    pdf = render_persona("minimal").pdf
    assert page_count(pdf) == len(PdfReader(io.BytesIO(pdf)).pages)
    assert page_count(_pdf(3)) == 3
    assert page_count(b"not a pdf") is None


def test_about_follows_the_stored_file(tmp_path):
    pdf = _pdf(2)
    cache = PdfCache(tmp_path, render=lambda ctx: pdf)
    ctx = {"variant": "concise", "language": "en", "x": 1}
    assert cache.about("R-1", "concise", "en") is None  # nothing stored: say only "PDF"
    cache.get_or_render("R-1", ctx)
    assert cache.about("R-1", "concise", "en") == {"bytes": len(pdf), "pages": 2}
    assert cache.about("R-1", "full", "en") is None
    assert cache.about("R-1", "concise", "zh") is None
    cache.path_for("R-1", ctx).unlink()
    assert cache.about("R-1", "concise", "en") is None  # the file went: the index says nothing


def test_a_report_with_notes_is_not_the_owner_s_download(tmp_path):
    cache = PdfCache(tmp_path, render=lambda ctx: _pdf(5))
    cache.get_or_render("R-1", {"variant": "full", "language": "en", "notes": [{"text": "n"}]})
    assert cache.about("R-1", "full", "en") is None
    assert cache.delete_owner("R-1") == 1  # the index is not counted as a PDF
