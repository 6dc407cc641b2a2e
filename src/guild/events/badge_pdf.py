"""Badges drawn straight into PDF (pydyf + fontTools, both already WeasyPrint dependencies).

WeasyPrint lays out each badge as a full HTML box tree (~70 ms a badge, plus the inline SVG
QR code): a 5,000-badge print run took minutes and over a gigabyte. A badge is a fixed
drawing (colour band, names, QR code, ticket band, event name), so this module writes its
PDF operators directly: text in DejaVu Sans (the font of the HTML badges), embedded once per
document as a subset, the QR code as one path of filled rectangles. About a millisecond a
badge. Used when the DejaVu fonts are installed; ``render_badges`` falls back to WeasyPrint
otherwise.
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path

MM = 72 / 25.4
CARD_W, CARD_H = 105 * MM, 148.5 * MM
A4_W, A4_H = 210 * MM, 297 * MM
FONT_DIRS = (
    Path("/usr/share/fonts/truetype/dejavu"),
    Path("/usr/share/fonts/dejavu"),
    Path("/usr/local/share/fonts/dejavu"),
)
BEST_MASK_UP_TO = 20  # badges; larger batches draw QR codes with a fixed mask
FONT_FILES = {"regular": "DejaVuSans.ttf", "bold": "DejaVuSans-Bold.ttf"}


def _font_path(name: str) -> Path | None:
    for folder in FONT_DIRS:
        path = folder / name
        if path.is_file():
            return path
    return None


def available() -> bool:
    return all(_font_path(name) for name in FONT_FILES.values())


class _Font:
    """One TrueType font: character → glyph id and advance width (1/1000 em)."""

    def __init__(self, path: Path):
        from fontTools.ttLib import TTFont

        self.path = path
        font = TTFont(str(path), lazy=True)
        self.units = font["head"].unitsPerEm
        self.cmap = font.getBestCmap()
        hmtx = font["hmtx"]
        self.gid = {code: font.getGlyphID(name) for code, name in self.cmap.items()}
        self.width = {
            self.gid[code]: round(hmtx[name][0] * 1000 / self.units)
            for code, name in self.cmap.items()
        }
        self.width[0] = round(hmtx[font.getGlyphOrder()[0]][0] * 1000 / self.units)
        head, os2, post = font["head"], font["OS/2"], font["post"]
        scale = 1000 / self.units
        self.bbox = [round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)]
        self.ascent = round(os2.sTypoAscender * scale)
        self.descent = round(os2.sTypoDescender * scale)
        self.cap_height = round(getattr(os2, "sCapHeight", 0) * scale) or self.ascent
        self.italic_angle = post.italicAngle
        self.name = font["name"].getDebugName(6) or path.stem
        font.close()

    def glyphs(self, text: str) -> list[int]:
        return [self.gid.get(ord(ch), 0) for ch in text]

    def text_width(self, text: str, size: float) -> float:
        return sum(self.width.get(g, 0) for g in self.glyphs(text)) * size / 1000

    def subset(self, codepoints: set[int]) -> bytes:
        from fontTools import subset
        from fontTools.ttLib import TTFont

        options = subset.Options()
        options.retain_gids = True  # glyph ids stay those of the full font (CIDToGIDMap Identity)
        options.hinting = False
        options.layout_features = []
        options.name_IDs = [1, 2, 3, 4, 6]
        options.notdef_outline = True
        options.drop_tables += ["GSUB", "GPOS", "GDEF", "kern", "MATH", "FFTM"]
        font = TTFont(str(self.path))
        for tag in ("GSUB", "GPOS", "GDEF", "kern"):
            if tag in font:
                del font[tag]  # no shaping on badges; decompiling these costs ~0.4 s a font
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=codepoints)
        subsetter.subset(font)
        out = io.BytesIO()
        font.save(out)
        return out.getvalue()


@lru_cache(maxsize=1)
def _fonts() -> dict[str, _Font]:
    return {style: _Font(_font_path(name)) for style, name in FONT_FILES.items()}


def _rgb(colour: str) -> str:
    value = (colour or "#000000").lstrip("#")
    if len(value) == 3:
        value = "".join(c * 2 for c in value)
    try:
        r, g, b = (int(value[i : i + 2], 16) / 255 for i in (0, 2, 4))
    except ValueError:
        r = g = b = 0.0
    return f"{r:.3f} {g:.3f} {b:.3f}"


class _Canvas:
    """Collects the content stream of one page."""

    def __init__(self, fonts: dict[str, _Font], used: dict[str, set[int]]):
        self.fonts, self.used, self.ops = fonts, used, []

    def text(self, text, style, size, cx, baseline, max_width, *, colour="0 0 0"):
        """Centred on ``cx``; shrunk (down to 60 %) then cut to fit ``max_width``."""
        if not text:
            return
        font = self.fonts[style]
        width = font.text_width(text, size)
        if width > max_width:
            size = max(size * max_width / width, size * 0.6)
            while text and font.text_width(text, size) > max_width:
                text = text[:-2] + "…"
            width = font.text_width(text, size)
        glyphs = font.glyphs(text)
        self.used[style].update(ord(ch) for ch in text)
        hexed = "".join(f"{g:04x}" for g in glyphs)
        self.ops.append(
            f"BT {colour} rg /F{style} {size:.2f} Tf {cx - width / 2:.2f} {baseline:.2f} Td "
            f"<{hexed}> Tj ET"
        )

    def rect(self, x, y, w, h, colour):
        self.ops.append(f"{colour} rg {x:.2f} {y:.2f} {w:.2f} {h:.2f} re f")

    def qr(self, data: str, x: float, y: float, size: float, *, mask: int | None = None):
        import segno

        # Choosing the best of the eight masks costs ~15 ms a code; any mask is valid (ISO/IEC
        # 18004) and scans, so batches use a fixed one.
        matrix = segno.make(data, error="m", micro=False, mask=mask).matrix
        n = len(matrix) + 2  # one module of quiet zone each side, as the SVG badges
        module = size / n
        parts = ["0 0 0 rg"]
        for row_index, row in enumerate(matrix):
            top = y + size - (row_index + 1) * module
            col = 0
            length = len(row)
            while col < length:
                if row[col]:
                    start = col
                    while col < length and row[col]:
                        col += 1
                    parts.append(
                        f"{x + (start + 1) * module:.2f} {top - module:.2f} "
                        f"{(col - start) * module:.2f} {module + 0.01:.2f} re"
                    )
                else:
                    col += 1
        parts.append("f")
        self.ops.append("\n".join(parts))

    def line(self, x1, y1, x2, y2, width=0.2 * MM):
        self.ops.append(f"0 0 0 RG {width:.2f} w {x1:.2f} {y1:.2f} m {x2:.2f} {y2:.2f} l S")


def _wrap(font: _Font, text: str, size: float, max_width: float, lines: int = 2) -> list[str]:
    """Word-wrap onto at most ``lines`` lines (the last one is shrunk or cut by ``text``)."""
    words, out = text.split(), []
    while words and len(out) < lines - 1:
        line = words.pop(0)
        while words and font.text_width(f"{line} {words[0]}", size) <= max_width:
            line = f"{line} {words.pop(0)}"
        out.append(line)
    if words:
        out.append(" ".join(words))
    return out or [text]


def _draw_badge(canvas: _Canvas, badge: dict, event_name: str, ox: float, oy: float, mask=None):
    """One 105 × 148.5 mm card whose bottom-left corner is (ox, oy); same drawing as
    ``events/pdf/_badge.html``."""
    cx = ox + CARD_W / 2
    inner = CARD_W - 12 * MM
    top = oy + CARD_H
    colour = _rgb(badge["colour"])
    canvas.rect(ox + 6 * MM, top - 10 * MM, inner, 10 * MM, colour)
    cursor = top - 20 * MM  # 10 mm band + 10 mm margin
    for text, style, size, gap in (
        (badge["name_first"], "bold", 20, 0),
        ((badge["name_last"] or "").upper(), "bold", 20, 0),
        (badge.get("company", ""), "regular", 13, 3 * MM),
        (badge.get("job", ""), "regular", 10, 1 * MM),
    ):
        if not text:
            continue
        cursor -= gap
        for part in _wrap(canvas.fonts[style], text, size, inner):
            canvas.text(part, style, size, cx, cursor - size * 0.93, inner)
            cursor -= size * 1.17
    qr_size = 42 * MM
    cursor -= 6 * MM
    canvas.qr(badge["token"], cx - qr_size / 2, cursor - qr_size, qr_size, mask=mask)
    band_h = 14 * 1.17 + 4 * MM
    band_y = oy + 12 * MM
    canvas.rect(ox + 6 * MM, band_y, inner, band_h, colour)
    canvas.text(
        badge["ticket"], "bold", 14, cx, band_y + 2 * MM + 14 * 0.24, inner - 4 * MM,
        colour="1 1 1",
    )  # fmt: skip
    canvas.text(event_name, "regular", 8, cx, oy + 5 * MM + 8 * 0.24, CARD_W - 4 * MM)


def _cut_marks(canvas: _Canvas):
    mid_x, mid_y = A4_W / 2, A4_H / 2
    canvas.line(mid_x, A4_H, mid_x, A4_H - 5 * MM)
    canvas.line(mid_x, 0, mid_x, 5 * MM)
    canvas.line(0, mid_y, 5 * MM, mid_y)
    canvas.line(A4_W, mid_y, A4_W - 5 * MM, mid_y)


def _font_objects(pdf, font: _Font, codepoints: set[int], tag: str):
    import pydyf

    codepoints = codepoints | {ord(" "), ord("…")}
    gids = sorted({font.gid.get(c, 0) for c in codepoints} | {0})
    font_file = pydyf.Stream([font.subset(codepoints)], compress=True)
    pdf.add_object(font_file)
    base = f"/{tag}+{font.name.replace(' ', '')}"
    descriptor = pydyf.Dictionary(
        {
            "Type": "/FontDescriptor",
            "FontName": base,
            "Flags": 32,
            "FontBBox": pydyf.Array(font.bbox),
            "ItalicAngle": font.italic_angle,
            "Ascent": font.ascent,
            "Descent": font.descent,
            "CapHeight": font.cap_height,
            "StemV": 80,
            "FontFile2": font_file.reference,
        }
    )
    pdf.add_object(descriptor)
    widths = pydyf.Array()
    for gid in gids:
        widths.extend([gid, pydyf.Array([font.width.get(gid, 0)])])
    cid_font = pydyf.Dictionary(
        {
            "Type": "/Font",
            "Subtype": "/CIDFontType2",
            "BaseFont": base,
            "CIDSystemInfo": pydyf.Dictionary(
                {
                    "Registry": pydyf.String("Adobe"),
                    "Ordering": pydyf.String("Identity"),
                    "Supplement": 0,
                }
            ),
            "FontDescriptor": descriptor.reference,
            "W": widths,
            "CIDToGIDMap": "/Identity",
        }
    )
    pdf.add_object(cid_font)
    mapping = {}
    for code in sorted(codepoints):
        gid = font.gid.get(code)
        if gid and code <= 0xFFFF:
            mapping.setdefault(gid, code)
    lines = [
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def",
        "1 begincodespacerange <0000> <FFFF> endcodespacerange",
    ]
    items = sorted(mapping.items())
    for start in range(0, len(items), 100):
        chunk = items[start : start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines += [f"<{gid:04x}> <{code:04x}>" for gid, code in chunk]
        lines.append("endbfchar")
    lines.append("endcmap CMapName currentdict /CMap defineresource pop end end")
    to_unicode = pydyf.Stream(["\n".join(lines)], compress=True)
    pdf.add_object(to_unicode)
    type0 = pydyf.Dictionary(
        {
            "Type": "/Font",
            "Subtype": "/Type0",
            "BaseFont": base,
            "Encoding": "/Identity-H",
            "DescendantFonts": pydyf.Array([cid_font.reference]),
            "ToUnicode": to_unicode.reference,
        }
    )
    pdf.add_object(type0)
    return type0


def render(badges: list[dict], event_name: str, *, layout: str, title: str) -> bytes:
    """The PDF of ``badges`` (dicts from ``badges.badge_context`` plus ``token``): A6 cards or
    A4 sheets of four with cut marks."""
    import pydyf

    fonts = _fonts()
    mask = 2 if len(badges) > BEST_MASK_UP_TO else None
    used = {"regular": set(), "bold": set()}
    pages = []
    if layout == "a4":
        slots = ((0, CARD_H), (CARD_W, CARD_H), (0, 0), (CARD_W, 0))
        for start in range(0, max(len(badges), 1), 4):
            canvas = _Canvas(fonts, used)
            _cut_marks(canvas)
            for badge, (ox, oy) in zip(badges[start : start + 4], slots, strict=False):
                _draw_badge(canvas, badge, event_name, ox, oy, mask)
            pages.append(((A4_W, A4_H), canvas.ops))
    else:
        for badge in badges or [None]:
            canvas = _Canvas(fonts, used)
            if badge is not None:
                _draw_badge(canvas, badge, event_name, 0, 0, mask)
            pages.append(((CARD_W, CARD_H), canvas.ops))

    pdf = pydyf.PDF()
    pdf.info["Title"] = pydyf.String(title)
    pdf.info["Producer"] = pydyf.String("Guild")
    font_refs = pydyf.Dictionary(
        {
            f"F{style}": _font_objects(pdf, fonts[style], used[style], tag).reference
            for style, tag in (("regular", "GUILDR"), ("bold", "GUILDB"))
        }
    )
    resources = pydyf.Dictionary({"Font": font_refs})
    pdf.add_object(resources)
    for (width, height), ops in pages:
        content = pydyf.Stream(["\n".join(ops)], compress=True)
        pdf.add_object(content)
        page = pydyf.Dictionary(
            {
                "Type": "/Page",
                "Parent": pdf.pages.reference,
                "MediaBox": pydyf.Array([0, 0, round(width, 2), round(height, 2)]),
                "Contents": content.reference,
                "Resources": resources.reference,
            }
        )
        pdf.add_page(page)
    out = io.BytesIO()
    pdf.write(out, version=b"1.7", compress=True)
    return out.getvalue()
