"""The PDF report: a plain-dict context → Jinja (templates/report/) → WeasyPrint.

ctx = report_context(result.to_dict(), company_name=..., report_id="R-7K3F9Q2D")
pdf = render_pdf(ctx)                          # bytes, the same for the same context
pdf, hit = PdfCache(folder).get_or_render(owner, ctx)

WeasyPrint (0.6 s of CPU to import) loads only when `render_html`/`render_pdf` are first used: web
workers, which never render with a queue, do not pay for it.
"""

from __future__ import annotations

from typing import Any

from .cache import TEMPLATE_VERSION, PdfCache, cache_key
from .context import report_context

__all__ = ["TEMPLATE_VERSION", "PdfCache", "cache_key", "render_html", "render_pdf", "report_context"]


def __getattr__(name: str) -> Any:
    if name in ("render_html", "render_pdf"):
        from . import render

        return getattr(render, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
