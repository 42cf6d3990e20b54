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
