"""Chinese and Tamil company names render as real glyphs in embedded Noto fonts."""

from __future__ import annotations

import subprocess

import pytest

from advisor.report import render_pdf, report_context

CHINESE = "陈氏精密工程私人有限公司"
TAMIL = "முருகன் உணவகம்"


@pytest.fixture(scope="module")
def multilingual_pdf(first_result) -> bytes:
    return render_pdf(report_context(first_result, company_name=f"{CHINESE} {TAMIL}", report_id="R-MULTI001"))


def test_chinese_name_extracts_back_exactly(multilingual_pdf, tools):
    assert CHINESE in tools.pdftotext(multilingual_pdf)
    assert CHINESE in tools.text(multilingual_pdf, raw=True)


def test_cjk_and_tamil_fonts_are_embedded(multilingual_pdf, tools, tmp_path):
    pdffonts = tools.need("pdffonts")
    path = tmp_path / "multi.pdf"
    path.write_bytes(multilingual_pdf)
    listing = subprocess.run([pdffonts, str(path)], capture_output=True, text=True, check=True).stdout
    fonts = [line.replace("-", "") for line in listing.splitlines()[2:] if line.strip()]
    assert any("NotoSansTamil" in line for line in fonts), listing
    assert any("NotoSansCJK" in line for line in fonts), listing
    assert all(" yes " in line for line in fonts), listing  # every font embedded


def test_chinese_uses_simplified_chinese_glyphs_never_japanese(multilingual_pdf, tools, tmp_path):
    # A generic sans-serif makes WeasyPrint pick Noto Sans CJK JP shapes (different 骨/直/写…);
    # report.css names "Noto Sans CJK SC".
    from advisor.report.render import pdf_from_html

    chinese_page = (
        '<!doctype html><html lang="zh-Hans-SG"><head><meta charset="utf-8"><title>t</title></head>'
        f"<body><p>{CHINESE}：人工智能准备度，技能创前程，直写骨。</p></body></html>"
    )
    for name, pdf in (("report", multilingual_pdf), ("page", pdf_from_html(chinese_page))):
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(pdf)
        listing = subprocess.run(
            [tools.need("pdffonts"), str(path)], capture_output=True, text=True, check=True
        )
        fonts = listing.stdout.lower().replace("-", "")
        assert "notosanscjksc" in fonts, listing.stdout
        assert "cjkjp" not in fonts and "cjkkr" not in fonts and "cjktc" not in fonts, listing.stdout
