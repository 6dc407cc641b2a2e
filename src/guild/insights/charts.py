"""Small server-rendered SVG charts (bar and line): no JavaScript, no external service.

They print in PDFs (WeasyPrint renders inline SVG) and respect the strict CSP (presentation
attributes only, no ``style``). Each chart has a ``<title>`` and a ``<desc>`` for screen readers;
the table behind it is always shown next to it and exportable.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

BAR = "#0b5394"
BAR_LIGHT = "#9fc5e8"
TEXT = "#1f2328"
GRID = "#8c959f"
ALERT = "#b3261e"


def _num(value) -> float:
    return float(value) if value is not None else 0.0


def _fmt(value, unit: str) -> str:
    if value is None:
        return "–"
    if isinstance(value, (float, Decimal)) and value != int(value):
        text = f"{value:.1f}".replace(".", ",")
    else:
        text = f"{int(value)}"
    return f"{text}{unit}"


def bar_chart(
    items: list[tuple[str, object]],
    *,
    title: str,
    unit: str = "",
    max_value: float | None = None,
    width: int = 640,
) -> SafeString:
    """Horizontal bars, one per (label, value)."""
    row_h, label_w, pad = 26, 220, 8
    height = pad * 2 + 24 + row_h * max(len(items), 1)
    peak = max_value or max((_num(v) for _label, v in items), default=0) or 1
    plot_w = width - label_w - 70
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="insights-chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<text x="{pad}" y="{pad + 14}" font-size="14" font-weight="bold" fill="{TEXT}">'
        f"{escape(title)}</text>",
    ]
    for index, (label, value) in enumerate(items):
        y = pad + 24 + index * row_h
        bar_w = max(0.0, min(1.0, _num(value) / peak)) * plot_w
        short = label if len(label) <= 32 else label[:31] + "…"
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 17}" font-size="12" text-anchor="end" '
            f'fill="{TEXT}">{escape(short)}</text>'
        )
        parts.append(
            f'<rect x="{label_w}" y="{y + 4}" width="{bar_w:.1f}" height="{row_h - 8}" '
            f'fill="{BAR}"/>'
        )
        parts.append(
            f'<text x="{label_w + bar_w + 4:.1f}" y="{y + 17}" font-size="12" '
            f'fill="{TEXT}">{escape(_fmt(value, unit))}</text>'
        )
    if not items:
        parts.append(f'<text x="{pad}" y="{pad + 42}" font-size="12" fill="{TEXT}">–</text>')
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text is escaped above)


def line_chart(
    points: list[tuple[str, object]],
    *,
    title: str,
    unit: str = "",
    reference: float | None = None,
    reference_label: str = "",
    width: int = 640,
    height: int = 260,
) -> SafeString:
    """A line over labelled points (``None`` values are gaps); optional horizontal reference."""
    left, right, top, bottom = 50, 20, 34, 40
    plot_w, plot_h = width - left - right, height - top - bottom
    values = [_num(v) for _label, v in points if v is not None]
    peak = max(values + ([_num(reference)] if reference is not None else []) + [0]) or 1
    peak *= 1.1
    step = plot_w / max(len(points) - 1, 1)

    def xy(index, value):
        return left + index * step, top + plot_h - (_num(value) / peak) * plot_h

    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="insights-chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}" '
        f'aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<text x="8" y="20" font-size="14" font-weight="bold" fill="{TEXT}">'
        f"{escape(title)}</text>",
        f'<line x1="{left}" y1="{top + plot_h}" x2="{left + plot_w}" y2="{top + plot_h}" '
        f'stroke="{GRID}"/>',
        f'<text x="{left - 6}" y="{top + 4}" font-size="11" text-anchor="end" fill="{TEXT}">'
        f"{escape(_fmt(round(peak, 1), unit))}</text>",
        f'<text x="{left - 6}" y="{top + plot_h}" font-size="11" text-anchor="end" '
        f'fill="{TEXT}">0</text>',
    ]
    if reference is not None:
        _x, ry = xy(0, reference)
        parts.append(
            f'<line x1="{left}" y1="{ry:.1f}" x2="{left + plot_w}" y2="{ry:.1f}" '
            f'stroke="{ALERT}" stroke-dasharray="6 4"/>'
        )
        parts.append(
            f'<text x="{left + plot_w}" y="{ry - 4:.1f}" font-size="11" '
            f'text-anchor="end" fill="{ALERT}">{escape(reference_label)} '
            f"{escape(_fmt(reference, unit))}</text>"
        )
    segment: list[str] = []
    for index, (label, value) in enumerate(points):
        x, y = xy(index, value)
        parts.append(
            f'<text x="{x:.1f}" y="{top + plot_h + 16}" font-size="11" '
            f'text-anchor="middle" fill="{TEXT}">{escape(label)}</text>'
        )
        if value is None:
            if len(segment) > 1:
                parts.append(
                    f'<polyline points="{" ".join(segment)}" fill="none" '
                    f'stroke="{BAR}" stroke-width="2"/>'
                )
            segment = []
            continue
        segment.append(f"{x:.1f},{y:.1f}")
        parts.append(f'<circle cx="{x:.1f}" cy="{y:.1f}" r="3" fill="{BAR}"/>')
        parts.append(
            f'<text x="{x:.1f}" y="{y - 7:.1f}" font-size="11" text-anchor="middle" '
            f'fill="{TEXT}">{escape(_fmt(value, unit))}</text>'
        )
    if len(segment) > 1:
        parts.append(
            f'<polyline points="{" ".join(segment)}" fill="none" stroke="{BAR}" stroke-width="2"/>'
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text is escaped above)
