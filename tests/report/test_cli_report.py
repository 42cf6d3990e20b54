"""`advisor report` writes the short report an owner prints at any readiness level; `--full` the full
one (precision-engineering is at the Aware level, boutique-agency at Adopter)."""

from __future__ import annotations

import io
from pathlib import Path

from advisor.cli import main

PERSONAS = Path(__file__).resolve().parents[1] / "data" / "personas"


def test_report_is_short_unless_full(tmp_path):
    persona = "boutique-agency"
    from pypdf import PdfReader

    short, full = tmp_path / "short.pdf", tmp_path / "full.pdf"
    assert main(["report", str(PERSONAS / f"{persona}.json"), "-o", str(short)]) == 0
    assert main(["report", str(PERSONAS / f"{persona}.json"), "-o", str(full), "--full"]) == 0
    short_pages = PdfReader(io.BytesIO(short.read_bytes())).pages
    full_pages = PdfReader(io.BytesIO(full.read_bytes())).pages
    assert len(short_pages) <= 4 < len(full_pages)
    assert "Funding to ask about" in "".join(p.extract_text() or "" for p in short_pages)
