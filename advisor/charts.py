"""Server-made SVG charts: plain SVG attributes (no style=), a <title> and a text equivalent."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Any

from markupsafe import Markup, escape

INK = "#1f2933"
GRID = "#9aa5b1"
FILL = "#1d5fa8"


def _pt(cx: float, cy: float, r: float, i: int, n: int) -> tuple[float, float]:
    angle = -math.pi / 2 + 2 * math.pi * i / n  # first axis straight up, clockwise
    return cx + r * math.cos(angle), cy + r * math.sin(angle)


def _poly(points: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{x:.1f},{y:.1f}" for x, y in points)


def radar_svg(dimensions: Sequence[dict[str, Any]], *, title: str = "Readiness by dimension") -> Markup:
    """A radar chart of dimension scores (0-100). Returns inline SVG markup with role="img"."""
    n = len(dimensions)
    if n < 3:
        return Markup("")
    w, h, cx, cy, r = 640, 440, 320, 220, 135
    desc = "; ".join(f"{d['name']}: {int(d['score'])} of 100" for d in dimensions)
    parts = [
        f'<svg class="radar" viewBox="0 0 {w} {h}" width="{w}" height="{h}" role="img" '
        f'aria-labelledby="radar-title radar-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="radar-title">{escape(title)}</title>',
        f'<desc id="radar-desc">{escape(desc)}</desc>',
    ]
    for ring in (25, 50, 75, 100):
        pts = [_pt(cx, cy, r * ring / 100, i, n) for i in range(n)]
        parts.append(f'<polygon points="{_poly(pts)}" fill="none" stroke="{GRID}" stroke-width="1"/>')
    for i in range(n):
        x, y = _pt(cx, cy, r, i, n)
        parts.append(f'<line x1="{cx}" y1="{cy}" x2="{x:.1f}" y2="{y:.1f}" stroke="{GRID}" '
                     'stroke-width="1"/>')
    pts = [_pt(cx, cy, r * max(0, min(100, int(d["score"]))) / 100, i, n) for i, d in enumerate(dimensions)]
    parts.append(f'<polygon points="{_poly(pts)}" fill="{FILL}" fill-opacity="0.25" stroke="{FILL}" '
                 f'stroke-width="2.5"/>')
    for x, y in pts:
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="4" fill="{FILL}"/>')
    for i, d in enumerate(dimensions):
        x, y = _pt(cx, cy, r + 18, i, n)
        anchor = "middle" if abs(x - cx) < 10 else ("start" if x > cx else "end")
        dy = -6 if y < cy - r + 10 else (14 if y > cy + r - 10 else 4)
        parts.append(f'<text x="{x:.1f}" y="{y + dy:.1f}" text-anchor="{anchor}" font-size="16" '
                     f'fill="{INK}">{escape(d["name"])} <tspan font-weight="bold">{int(d["score"])}</tspan>'
                     f'</text>')
    parts.append("</svg>")
    # Safe: every piece of text from the result went through escape() above; the rest is numbers.
    return Markup("".join(parts))  # noqa: S704
