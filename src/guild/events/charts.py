"""Server-rendered SVG bar charts for the statistics page and the post-show PDF report
(no JavaScript, readable in a PDF, with a text alternative)."""

from __future__ import annotations

from django.utils.html import escape


def bar_chart(
    rows: list[tuple[str, int]], *, title: str, width: int = 560, colour: str = "#1d4ed8"
) -> str:
    """Horizontal bars, one per (label, value)."""
    rows = rows[:12]
    bar_h, gap, label_w = 18, 6, 190
    height = max(len(rows), 1) * (bar_h + gap) + 30
    top = max((v for _, v in rows), default=0) or 1
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    for i, (label, value) in enumerate(rows):
        y = 20 + i * (bar_h + gap)
        length = int((width - label_w - 60) * value / top)
        parts.append(
            f'<text x="{label_w - 6}" y="{y + 13}" font-size="11" '
            f'text-anchor="end" fill="#222">{escape(str(label)[:32])}</text>'
        )
        parts.append(
            f'<rect x="{label_w}" y="{y}" width="{max(length, 1)}" height="{bar_h}" '
            f'fill="{colour}"/>'
        )
        parts.append(
            f'<text x="{label_w + length + 4}" y="{y + 13}" font-size="11" '
            f'fill="#222">{value}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def column_chart(
    rows: list[tuple[str, int]],
    *,
    title: str,
    width: int = 560,
    height: int = 200,
    colour: str = "#1d4ed8",
) -> str:
    """Vertical columns over time (registrations per day)."""
    rows = rows[-60:]
    top = max((v for _, v in rows), default=0) or 1
    n = max(len(rows), 1)
    step = (width - 40) / n
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" role="img" width="{width}" '
        f'height="{height}" viewBox="0 0 {width} {height}" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
        f'<line x1="30" y1="{height - 20}" x2="{width}" y2="{height - 20}" stroke="#555"/>',
        f'<text x="0" y="14" font-size="10" fill="#222">{top}</text>',
    ]
    for i, (label, value) in enumerate(rows):
        h = (height - 40) * value / top
        x = 32 + i * step
        parts.append(
            f'<rect x="{x:.1f}" y="{height - 20 - h:.1f}" width="{max(step - 2, 1):.1f}"'
            f' height="{h:.1f}" fill="{colour}"><title>{escape(str(label))}: {value}'
            "</title></rect>"
        )
    if rows:
        parts.append(
            f'<text x="30" y="{height - 5}" font-size="10" fill="#222">'
            f"{escape(str(rows[0][0]))}</text>"
        )
        parts.append(
            f'<text x="{width}" y="{height - 5}" font-size="10" text-anchor="end" '
            f'fill="#222">{escape(str(rows[-1][0]))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)
