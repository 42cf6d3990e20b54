"""Context → HTML (Jinja) → PDF (WeasyPrint), fetching nothing but the package's own static files."""

from __future__ import annotations

import gc
import hashlib
import logging
import re
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache, partial
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup
from weasyprint import CSS, HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

from ..paths import PACKAGE_DIR, packaged_or_checkout
from ..presentation.names import mark_names
from ..presentation.words import load_catalogue
from . import textlayer

logger = logging.getLogger(__name__)


STATIC_DIR = PACKAGE_DIR / "static" / "report"
MIME_TYPES = {
    ".css": "text/css",
    ".svg": "image/svg+xml",
    ".png": "image/png",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
    ".woff2": "font/woff2",
}


def templates_dir() -> Path:
    """The packaged `advisor/templates` when installed as a wheel, else the checkout's `templates/`."""
    return packaged_or_checkout("templates")


class StaticOnlyFetcher(URLFetcher):
    """Serves files under STATIC_DIR and refuses everything else: http(s), data:, other files.

    User text is escaped, so no tag from it should ever reach this point; the fetcher is the second
    wall, for whatever a template change might let through.
    """

    def __init__(self, root: Path = STATIC_DIR) -> None:
        super().__init__(allowed_protocols=("file",), allow_redirects=False)
        self.root = root.resolve()

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            logger.warning("report: refused to fetch %.200s", url)
            raise ValueError("only the report's own static files may be loaded")
        path = Path(unquote(parts.path)).resolve()
        if not path.is_relative_to(self.root) or not path.is_file():
            logger.warning("report: refused to fetch %.200s", url)
            raise ValueError("only the report's own static files may be loaded")
        body = _read_static(path)
        return URLFetcherResponse(
            path.as_uri(), body, {"Content-Type": MIME_TYPES.get(path.suffix, "application/octet-stream")}
        )


@cache
def _read_static(path: Path) -> bytes:
    # Static files ship with the package and never change while the process runs.
    return path.read_bytes()


def css_string(value: str) -> Markup:
    """A CSS string literal with everything but ASCII letters and digits escaped (safe in <style>).

    Spaces are escaped too: a CSS escape swallows one following space, so a literal space after an
    escaped character would vanish.
    """
    out = []
    for ch in str(value):
        out.append(ch if ch.isascii() and ch.isalnum() else f"\\{ord(ch):06x}")
    return Markup('"' + "".join(out) + '"')  # noqa: S704 - every character is escaped above


@cache
def environment(language: str = "en") -> Environment:
    """The report's Jinja environment for one language: `_()` and `{% trans %}` read that language's
    catalogue (one environment per language, so concurrent renders never swap catalogues)."""
    env = Environment(
        loader=FileSystemLoader(str(templates_dir() / "report")),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        extensions=["jinja2.ext.i18n"],
    )
    env.install_gettext_translations(load_catalogue(language), newstyle=True)  # type: ignore[attr-defined]
    env.filters["css_string"] = css_string
    env.filters["proper"] = partial(mark_names, language=language)
    return env


def render_html(context: dict[str, Any]) -> str:
    """The report's HTML: `short.html` for the short report an owner prints, else `report.html`."""
    template = "short.html" if context.get("variant") == "concise" else "report.html"
    return environment(str(context.get("language", "en"))).get_template(template).render(**context)


@cache
def _stylesheet() -> CSS:
    """report.css, parsed once per process rather than once per render (about 2% of a render).

    WeasyPrint gives stylesheets passed this way the user origin, below the template's own <style>;
    that only sets margin-box content for the `main` and `wide` pages, which the file leaves alone,
    so the cascade (and the PDF) is the same as with a <link>. The parsed sheet is only read while
    rendering, so threads can share it.
    """
    path = STATIC_DIR / "report.css"
    return CSS(
        string=_read_static(path).decode("utf-8"),
        base_url=STATIC_DIR.as_uri() + "/",
        url_fetcher=StaticOnlyFetcher(),
    )


_local = threading.local()


def _font_config() -> FontConfiguration:
    """One font configuration per thread, reused across renders.

    A fresh one (WeasyPrint's default) reloads Fontconfig and every font face for each PDF, which
    was about a sixth of a report's render time; Pango objects are not shared between threads.
    """
    config = getattr(_local, "font_config", None)
    if config is None:
        config = _local.font_config = FontConfiguration()
    return config


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Keep Python's automatic garbage collector off while a report is laid out, when that is safe.

    A render builds a few hundred thousand objects that all stay alive until the PDF is written, so
    the collector's automatic passes keep re-walking them and find almost nothing: about a fifth of
    a render's CPU time. Reference counting still frees as usual; the one young-generation pass at
    the end collects the render's own reference cycles, so the cost is paid here and not left to
    whatever runs next. The switch is process-wide, so it is used only when the render is the only
    thread running (the CLI, an RQ job, a sync worker): other threads would lose their collector for
    the length of a render they know nothing about.
    """
    if threading.active_count() > 1 or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect(0)


def render_pdf(context: dict[str, Any]) -> bytes:
    """The PDF bytes for a report context; the same context always gives the same bytes."""
    with _collector_paused():
        return _render_pdf(context)


def _render_pdf(context: dict[str, Any]) -> bytes:
    return pdf_from_html(render_html(context))


def pdf_of_report_html(markup: str) -> bytes:
    """`render_pdf` for a report's HTML already made by `render_html` (the cache hashes it first)."""
    with _collector_paused():
        return pdf_from_html(markup)


def pdf_from_html(markup: str) -> bytes:
    """A report-styled, tagged PDF of an HTML document (the report, or a test's own page)."""
    # Tamil (and other scripts drawn out of logical order) need /ActualText for a true text layer.
    textlayer.install()
    html = HTML(string=markup, base_url=STATIC_DIR.as_uri() + "/", url_fetcher=StaticOnlyFetcher())
    # pdf/ua-1 gives a tagged PDF (chart <title> → /Alt); the dates come from the context's
    # <meta dcterms.*> and the identifier is a hash of the bytes, so nothing varies between renders.
    pdf = html.write_pdf(
        stylesheets=[_stylesheet()], pdf_variant="pdf/ua-1", pdf_identifier=False, font_config=_font_config()
    )
    if not isinstance(pdf, bytes):  # pragma: no cover - write_pdf returns bytes without a target
        raise TypeError("WeasyPrint returned no bytes")
    return with_identifier(pdf)


# The cross-reference stream's dictionary as pydyf writes it: `N 0 obj\n<</Type /XRef...`.
_XREF_HEAD = re.compile(rb"\d+ 0 obj\n<</Type /XRef[^>]*?(?=/Filter |/Length )")


def with_identifier(pdf: bytes) -> bytes:
    """The PDF with a file identifier (trailer /ID) that is the MD5 of its bytes without one.

    WeasyPrint's own `pdf_identifier=True` makes pydyf serialise and compress every object a second
    time just to hash them, about 8% of a render. The cross-reference stream is the file's last
    object and `startxref` points at its start, so adding a key to its dictionary moves no offset.
    Should a WeasyPrint or pydyf upgrade write that part differently, the PDF goes out unchanged
    (still valid, still the same bytes every time) and a warning says so.
    """
    tail = pdf.rfind(b"startxref")
    try:
        start = int(pdf[tail + len(b"startxref") :].split()[0])
    except (IndexError, ValueError):
        start = -1
    head = _XREF_HEAD.match(pdf, start) if tail > 0 and 0 <= start < tail else None
    if head is None or b"/ID " in head.group(0):
        logger.warning("report: PDF trailer not as expected, no file identifier added")
        return pdf
    digest = hashlib.md5(pdf, usedforsecurity=False).hexdigest().encode("ascii")
    return pdf[: head.end()] + b"/ID [(" + digest + b") (" + digest + b")]" + pdf[head.end() :]
