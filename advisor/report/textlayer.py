"""A true text layer for scripts whose glyphs are drawn out of logical order (Tamil, other Indic).

WeasyPrint (70) maps each glyph to text once per font, in a ToUnicode CMap, from the first cluster
it is drawn in. That cannot describe a Tamil word: in கொ the pre-base vowel sign is drawn *before*
the consonant, and the consonant's glyph, first met inside such a cluster, is recorded as the whole
cluster's text, so every later bare consonant reads back wrong (உங்கள் → உங்கைள், செலவு →
சலைவு). Copy, search and screen readers get those words, which breaks the PDF/UA promise.

The PDF way to say "these glyphs read as this text" is a marked-content span with `/ActualText`
(ISO 32000-1 §14.9.4; PDF/UA-1 §7.2 allows it inside tagged content). After WeasyPrint has drawn a
line of text we read the same glyphs back through the font's final mapping, exactly as a reader
will (mappings are first-come, so they are final once drawn); when that differs from the line's
text, the drawn operators are wrapped in `/Span <</ActualText (line text)>> BDC … EMC`. Lines that
already read back right (English, Chinese, Malay) are left byte-for-byte as they were, so their
PDFs do not change.

Why a wrapper and not a copy of WeasyPrint's drawing code: it only reads WeasyPrint's objects and
inserts operators around what WeasyPrint wrote, so an upgrade that fixes the mapping simply makes
the wrapper a no-op (every line then reads back right). `install()` checks the names it relies on
and leaves WeasyPrint alone, with a warning, if they have changed. The upstream fix proposed for
WeasyPrint (issue #2841 class) does the same per cluster inside `draw_first_line`.

A second, related fix: WeasyPrint lays SVG `<text>` out one character at a time (so that per-letter
x/dx/rotate lists work), which draws Tamil unshaped (dotted circles, vowel signs after the consonant)
in chart labels. For a text node that has no per-letter positioning and contains combining marks,
the wrapper hands WeasyPrint the node's text as a single "letter", so Pango shapes it whole. Labels
without marks (English, Chinese, Malay) are laid out exactly as before.
"""

from __future__ import annotations

import logging
import re
import threading
import unicodedata
from collections.abc import Callable
from typing import Any

import pydyf
import weasyprint.svg as svg_package
from weasyprint.draw import text as draw_text_module
from weasyprint.text.ffi import ffi, pango

logger = logging.getLogger(__name__)

_lock = threading.Lock()
_installed: dict[str, Any] = {}


def install() -> bool:
    """Wrap WeasyPrint's line drawing once per process; True when the wrapper is in place."""
    with _lock:
        if _installed:
            return True
        original = getattr(draw_text_module, "draw_first_line", None)
        if original is None or not hasattr(pango, "PANGO_GLYPH_EMPTY") or not hasattr(pydyf, "String"):
            logger.warning("report: WeasyPrint internals changed, Tamil text layer left as drawn")
            return False
        _installed.update(original=original, ffi=ffi, pango=pango, pydyf=pydyf)
        draw_text_module.draw_first_line = _wrap(original)
        _install_svg_shaping()
        return True


def _install_svg_shaping() -> None:
    original: Callable[..., Any] | None = svg_package.TAGS.get("text")
    if original is None or getattr(svg_package, "text", None) is not original:
        logger.warning("report: WeasyPrint SVG internals changed, SVG text left as drawn")
        return
    if original is None:  # pragma: no cover - for the type checker (the test above narrows badly)
        return
    wrapper = _wrap_svg_text(original)
    _installed["svg_text"] = original
    # The package compares TAGS entries with its own `text` name, so both must change together.
    svg_package.text = wrapper
    for tag, handler in list(svg_package.TAGS.items()):
        if handler is original:
            svg_package.TAGS[tag] = wrapper


class _WholeText(str):
    """A string that iterates as one item: WeasyPrint then lays the SVG text out in one piece."""

    def __iter__(self) -> Any:
        return iter((str(self),))


_PER_LETTER = ("dx", "dy", "rotate", "textLength", "letter-spacing")


def _needs_whole_shaping(node: Any) -> bool:
    text = node._etree_node.text
    if not isinstance(text, str) or len(text) < 2 or isinstance(text, _WholeText):
        return False
    attrib = node.attrib
    if any(name in attrib for name in _PER_LETTER):
        return False
    if any(len(str(attrib.get(name, "")).split()) > 1 for name in ("x", "y")):
        return False
    return any(unicodedata.category(ch) in ("Mn", "Mc", "Me") for ch in text)


def _wrap_svg_text(original: Callable[..., Any]) -> Callable[..., Any]:
    def text(svg: Any, node: Any, font_size: float) -> Any:
        if not _needs_whole_shaping(node):
            return original(svg, node, font_size)
        plain = node._etree_node.text
        node._etree_node.text = _WholeText(plain)
        try:
            return original(svg, node, font_size)
        finally:
            node._etree_node.text = plain

    text.__wrapped__ = original  # type: ignore[attr-defined]
    return text


def uninstall() -> None:
    """Put WeasyPrint's own function back (tests compare the text layer with and without)."""
    with _lock:
        if not _installed:
            return
        draw_text_module.draw_first_line = _installed["original"]
        original_svg_text = _installed.get("svg_text")
        if original_svg_text is not None:
            svg_package.text = original_svg_text
            for tag, handler in list(svg_package.TAGS.items()):
                if getattr(handler, "__wrapped__", None) is original_svg_text:
                    svg_package.TAGS[tag] = original_svg_text
        _installed.clear()


def _wrap(original: Callable[..., Any]) -> Callable[..., Any]:
    def draw_first_line(stream: Any, textbox: Any, *args: Any, **kwargs: Any) -> Any:
        if not _may_reorder(textbox.text):  # most lines: nothing to check, nothing to read back
            return original(stream, textbox, *args, **kwargs)
        start = len(stream.stream)
        result = original(stream, textbox, *args, **kwargs)
        if len(stream.stream) == start:  # nothing drawn (blank or invisible text)
            return result
        try:
            line_text, read_back = _line_texts(stream, textbox)
        except Exception:  # pragma: no cover - never fail a render over the text layer
            logger.exception("report: could not check a line's text layer")
            return result
        if _squeeze(read_back) != _squeeze(line_text):
            pydyf = _installed["pydyf"]
            marker = pydyf.Dictionary({"ActualText": pydyf.String(line_text)})
            stream.stream[start:start] = ["/Span", marker, b"BDC"]
            stream.stream.append(b"EMC")
        return result

    draw_first_line.__wrapped__ = original  # type: ignore[attr-defined]
    return draw_first_line


# Text outside these blocks cannot put a glyph before the character it follows: Latin, Greek and
# Cyrillic (no combining marks), general punctuation, currency, arrows and symbols, CJK
# punctuation, ideographs and full-width forms. Checking the read-back of such lines found nothing
# to fix and cost about 4% of an English render; any other character (a combining mark, an Indic
# or other complex script) keeps the check.
_PLAIN = re.compile(
    "[\u0000-\u02ff\u0370-\u03ff\u0400-\u04ff\u2000-\u2bff\u3000-\u303f\u3400-\u4dbf"
    "\u4e00-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef]*"
)


def _may_reorder(text: Any) -> bool:
    """False when every character of `text` is in a block drawn in logical order."""
    return not (isinstance(text, str) and _PLAIN.fullmatch(text) is not None)


def _line_texts(stream: Any, textbox: Any) -> tuple[str, str]:
    """(the first line's text, what a reader gets back from its glyphs through the fonts' maps)."""
    ffi, pango = _installed["ffi"], _installed["pango"]
    layout = textbox.pango_layout
    line = pango.pango_layout_get_line_readonly(layout.layout, 0)
    utf8 = layout.text.encode()
    line_text = utf8[line.start_index : line.start_index + line.length].decode(errors="replace")
    parts: list[str] = []
    run = line.runs
    while run != ffi.NULL:
        glyph_item = run.data
        run = run.next
        font, _size = stream.add_font(glyph_item.item.analysis.font)
        glyphs = glyph_item.glyphs
        for info in glyphs.glyphs[0 : glyphs.num_glyphs]:
            glyph_id = info.glyph
            if glyph_id == pango.PANGO_GLYPH_EMPTY:
                continue
            if glyph_id & pango.PANGO_GLYPH_UNKNOWN_FLAG:
                parts.append("\ufffd")  # drawn as .notdef: never what the text says
                continue
            parts.append(font.to_unicode.get(glyph_id, "\ufffd"))
    return line_text, "".join(parts)


def _squeeze(text: str) -> str:
    # Whitespace and soft hyphens are not drawn as glyphs (or drawn as empty ones).
    return "".join(text.replace("\u00ad", "").split())
