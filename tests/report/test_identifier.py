"""The file identifier added after writing: in the trailer, a hash of the content (qpdf --check, in
test_render, shows the offsets stay intact)."""

from __future__ import annotations

import hashlib
import io
import logging
import re

from pypdf import PdfReader

from advisor.report.render import with_identifier

ID = re.compile(rb"/ID \[\(([0-9a-f]{32})\) \(\1\)\]")


def test_trailer_has_a_content_hash_identifier(render_persona, persona):
    pdf = render_persona(persona).pdf
    found = ID.findall(pdf)
    assert len(found) == 1
    without = ID.sub(b"", pdf)
    assert found[0] == hashlib.md5(without, usedforsecurity=False).hexdigest().encode()
    reader = PdfReader(io.BytesIO(pdf), strict=True)
    assert [str(x) for x in reader.trailer["/ID"]] == [found[0].decode()] * 2
    assert len(reader.pages) > 1


def test_identifier_is_not_added_twice(render_persona, persona):
    pdf = render_persona(persona).pdf
    assert with_identifier(pdf) == pdf


def test_unexpected_trailer_is_left_alone(caplog):
    odd = b"%PDF-1.7\n1 0 obj\n<</Type /Catalog>>\nendobj\nstartxref\n9\n%%EOF\n"
    with caplog.at_level(logging.WARNING, logger="advisor.report.render"):
        assert with_identifier(odd) == odd
        assert with_identifier(b"not a pdf") == b"not a pdf"
    assert "no file identifier" in caplog.text
