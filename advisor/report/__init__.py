"""The PDF report: a plain-dict context → Jinja (templates/report/) → WeasyPrint.

ctx = report_context(result.to_dict(), company_name=..., report_id="R-7K3F9Q2D")
pdf = render_pdf(ctx)                          # bytes, the same for the same context
pdf, hit = PdfCache(folder).get_or_render(owner, ctx)
"""

from .cache import TEMPLATE_VERSION, PdfCache, cache_key
from .context import report_context
from .render import render_html, render_pdf

__all__ = ["TEMPLATE_VERSION", "PdfCache", "cache_key", "render_html", "render_pdf", "report_context"]
