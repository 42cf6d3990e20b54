"""What copy, search and screen readers get from a Tamil or Chinese PDF is the text that was drawn.

WeasyPrint 70 draws Tamil right but maps glyphs to text wrongly for words with pre-base vowel signs
(உங்கள் read back as உங்கைள்); advisor/report/textlayer.py adds /ActualText where that happens.
"""

from __future__ import annotations

import io
import subprocess
from html import escape

import pytest
from pypdf import PdfReader

from advisor.report import render_pdf, report_context, textlayer
from advisor.report.render import pdf_from_html

# Everyday report words, many with pre-base vowel signs (ெ ே ை) and the two-part ொ ோ ௌ.
TAMIL = (
    "உங்கள் நிறுவனத்தின் செயற்கை நுண்ணறிவு தயார்நிலை மதிப்பீடு. மாதச் செலவு எவ்வளவு என்பதைக் "
    "கவனியுங்கள். பயிற்சி நேரம் குறைவாக இருந்தால் முதலில் எளிய கருவிகளைத் தேர்ந்தெடுக்கவும். தரவு "
    "பாதுகாப்பு கொள்கை எழுதப்பட்டிருக்க வேண்டும். தொழிலாளர்கள் கற்றுக்கொள்ள நேரம் ஒதுக்குங்கள். "
    "மேகக் கணினி சேவைகளைப் பயன்படுத்துகிறீர்களா? கொள்முதல் தொகை, மானியம், பெரும்பாலும், கேள்விகள், "
    "வேலை, பொருள், தெரியும், நோக்கம், சொல்லுங்கள், கௌரவம், பௌத்தம், வழங்குநர் மேலும் விவரங்கள்."
)
CHINESE = (
    "您的企业人工智能准备度评估。技能创前程企业补助可以支付部分培训费用。请先选择简单的工具，"
    "再逐步推广到整个团队。数据保护政策应该写成文字，并让每位员工都知道。"
)
# Hyphenation marks an extractor may keep where a line breaks.
_MARKS = str.maketrans("", "", "\u2010\u00ad")


def _svg(label: str) -> str:
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="300" height="40" role="img"><title>chart</title>'
        f'<text x="290" y="20" text-anchor="end" font-family="Noto Sans, Noto Sans CJK SC, Noto Sans Tamil" '
        f'font-size="12">{escape(label)}</text></svg>'
    )


def _page(*paragraphs: tuple[str, str], svg: str = "") -> str:
    body = "".join(f'<p lang="{lang}">{escape(text)}</p>' for lang, text in paragraphs) + svg
    head = '<meta charset="utf-8"><title>t</title>'
    return f'<!doctype html><html lang="en-SG"><head>{head}</head><body>{body}</body></html>'


def _words(text: str) -> list[str]:
    return text.translate(_MARKS).split()


@pytest.fixture(scope="module")
def mixed_pdf() -> bytes:
    return pdf_from_html(_page(("ta", TAMIL), ("zh-Hans", CHINESE), ("en", "Plain English stays as it was.")))


def test_tamil_extracts_word_for_word(mixed_pdf, tools) -> None:
    got = _words(tools.pdftotext(mixed_pdf))
    want = _words(TAMIL)
    start = got.index(want[0])
    assert got[start : start + len(want)] == want


def test_chinese_extracts_character_for_character(mixed_pdf, tools) -> None:
    got = "".join(_words(tools.pdftotext(mixed_pdf)))
    want = "".join(_words(CHINESE))
    assert want in got


def test_the_pdf_stays_tagged_and_valid(mixed_pdf, tools, tmp_path) -> None:
    reader = PdfReader(io.BytesIO(mixed_pdf))
    catalog = reader.trailer["/Root"]
    assert bool(catalog["/MarkInfo"]["/Marked"])
    assert "/StructTreeRoot" in catalog
    content = reader.pages[0].get_contents().get_data()
    # The spans sit inside the structure's marked content (MCID), so the tags still cover every glyph.
    assert content.count(b"/ActualText") >= 1
    assert content.index(b"/MCID") < content.index(b"/ActualText")
    assert content.count(b"BDC") == content.count(b"EMC") - content.count(b"BMC")
    path = tmp_path / "t.pdf"
    path.write_bytes(mixed_pdf)
    done = subprocess.run([tools.need("qpdf"), "--check", str(path)], capture_output=True)
    assert done.returncode == 0, done.stdout.decode() + done.stderr.decode()


def test_a_tamil_chart_label_is_shaped_as_one_piece(tools) -> None:
    # Laid out letter by letter, the label would come back with a gap after each vowel sign
    # ("உங ்கள ்") and draw dotted circles; shaped whole it reads back as written.
    label = "உங்கள் செலவு கொள்கை"
    pdf = pdf_from_html(_page(svg=_svg(label)))
    assert label in " ".join(_words(tools.pdftotext(pdf)))


def test_lines_that_read_back_right_are_left_alone(monkeypatch) -> None:
    page = _page(
        ("en", "Plain English, figures S$1,500 and 40%."), ("zh-Hans", CHINESE), svg=_svg("Skills 技能 40")
    )
    with_layer = pdf_from_html(page)
    assert b"/ActualText" not in with_layer
    textlayer.uninstall()
    monkeypatch.setattr(textlayer, "install", lambda: False)
    try:
        without = pdf_from_html(page)
    finally:
        monkeypatch.undo()
        textlayer.install()
    assert without == with_layer


@pytest.mark.parametrize(
    ("text", "checked"),
    [
        ("Plain English, figures S$1,500 and 40% – “quoted” → next", False),
        (CHINESE, False),
        ("Bahasa Melayu: kecerdasan buatan (AI), RM1,200", False),
        (TAMIL[:20], True),
        ("cafe\u0301 with a combining accent", True),
        ("mixed English and தமிழ்", True),
    ],
)
def test_only_lines_that_can_reorder_are_read_back(text: str, checked: bool) -> None:
    # The read-back is skipped for scripts drawn in logical order (about 4% of an English render).
    assert textlayer._may_reorder(text) is checked


def test_weasyprint_still_needs_the_layer(tools) -> None:
    """When this fails, WeasyPrint has fixed its Tamil mapping: the wrapper is then a no-op, remove it."""
    from weasyprint import HTML

    textlayer.uninstall()
    try:
        raw = HTML(string=_page(("ta", TAMIL))).write_pdf(pdf_variant="pdf/ua-1")
    finally:
        textlayer.install()
    wrong = [w for w in _words(TAMIL) if w not in _words(tools.pdftotext(raw))]
    assert wrong, "WeasyPrint now writes a right Tamil text layer; advisor/report/textlayer.py can go"


def test_a_tamil_company_name_in_the_report_extracts_right(first_result, tools) -> None:
    name = "முருகன் உணவகம் செலவு கொள்கை"
    pdf = render_pdf(report_context(first_result, company_name=name, report_id="R-TAMIL001"))
    assert name in " ".join(_words(tools.pdftotext(pdf)))
