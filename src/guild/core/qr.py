"""QR codes as inline SVG (for pages and PDFs) or PNG bytes, with segno."""

from __future__ import annotations

import io

import segno


def qr_svg_data_uri(data: str, *, scale: int = 4, border: int = 2) -> str:
    return segno.make(data, error="m", micro=False).svg_data_uri(scale=scale, border=border)


def qr_svg(data: str, *, scale: int = 4, border: int = 2) -> str:
    buffer = io.BytesIO()
    segno.make(data, error="m", micro=False).save(
        buffer, kind="svg", scale=scale, border=border, xmldecl=False, svgns=True
    )
    return buffer.getvalue().decode()


def qr_png(data: str, *, scale: int = 8, border: int = 2) -> bytes:
    buffer = io.BytesIO()
    segno.make(data, error="m", micro=False).save(buffer, kind="png", scale=scale, border=border)
    return buffer.getvalue()
