"""The annex as an A4 PDF, made from its own HTML by the project (reportlab), no browser needed.

The annex's HTML is written by :mod:`youth_sim.charts.report` with a small, known set of tags
(headings, paragraphs, lists, tables, figures with embedded PNGs, a glossary, a footer), so a
short parser turns it into reportlab flowables: A4 pages with 2 cm margins, the charts'
DejaVu Sans font, page numbers, each figure scaled to fit the page and kept with its caption,
each table kept with its caption where it fits, so that no figure leaves half a page empty
for want of a few centimetres.
"""

from __future__ import annotations

import base64
import functools
import io
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

FONT = "DejaVuSans"
INLINE = {"b": "b", "strong": "b", "em": "i", "i": "i", "code": "font face='Courier'"}
"""HTML inline tags kept, as reportlab's paragraph markup."""
MARGIN_CM = 2.0


def _register_fonts() -> None:
    """DejaVu Sans from matplotlib's own fonts (the charts use it; it has every glyph)."""
    import matplotlib
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if FONT in pdfmetrics.getRegisteredFontNames():
        return
    folder = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
    faces = {
        FONT: "DejaVuSans.ttf",
        f"{FONT}-Bold": "DejaVuSans-Bold.ttf",
        f"{FONT}-Oblique": "DejaVuSans-Oblique.ttf",
        f"{FONT}-BoldOblique": "DejaVuSans-BoldOblique.ttf",
    }
    for name, file in faces.items():
        pdfmetrics.registerFont(TTFont(name, str(folder / file)))
    addMapping(FONT, 0, 0, FONT)
    addMapping(FONT, 1, 0, f"{FONT}-Bold")
    addMapping(FONT, 0, 1, f"{FONT}-Oblique")
    addMapping(FONT, 1, 1, f"{FONT}-BoldOblique")


@dataclass
class _Cell:
    text: str = ""
    header: bool = False
    unclear: bool = False
    span: int = 1


@dataclass
class _Parser(HTMLParser):
    """Collects the annex's blocks in order: (kind, content) pairs."""

    blocks: list[tuple[str, Any]] = field(default_factory=list)
    _text: list[str] = field(default_factory=list)
    _kind: str | None = None
    _rows: list[list[_Cell]] | None = None
    _cell: _Cell | None = None
    _caption: str = ""
    _items: list[str] | None = None
    _image: bytes | None = None
    _skip: int = 0

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag in ("style", "title", "head"):
            self._skip += 1
        elif tag in ("h1", "h2", "h3", "p", "figcaption", "footer", "dt", "dd", "caption"):
            self._kind, self._text = tag, []
        elif tag == "ul":
            self._items = []
        elif tag == "li":
            self._kind, self._text = "li", []
        elif tag == "table":
            self._rows, self._caption = [], ""
        elif tag == "tr" and self._rows is not None:
            self._rows.append([])
        elif tag in ("td", "th") and self._rows is not None:
            css = a.get("class") or ""
            self._cell = _Cell(header=tag == "th", unclear="unclear" in css,
                               span=int(a.get("colspan") or 1))  # fmt: skip
            self._text = []
        elif tag == "img":
            source = a.get("src") or ""
            if source.startswith("data:image/png;base64,"):
                self._image = base64.b64decode(source.split(",", 1)[1])
        elif tag == "br":
            self._text.append("<br/>")
        elif tag == "small":
            self._text.append("<font size='7'>")
        elif tag == "span" and "swatch" in (a.get("class") or ""):
            colour = re.search(r"background:\s*(#[0-9A-Fa-f]{6})", a.get("style") or "")
            if colour:
                self._text.append(f"<font color='{colour.group(1)}'>\u25cf</font> ")
        elif tag in INLINE:
            self._text.append(f"<{INLINE[tag]}>")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "title", "head"):
            self._skip -= 1
        elif tag == "caption":
            self._caption = "".join(self._text).strip()
            self._kind = None
        elif tag in ("h1", "h2", "h3", "p", "footer", "dt", "dd") and self._kind == tag:
            self.blocks.append((tag, "".join(self._text).strip()))
            self._kind = None
        elif tag == "figcaption":
            self.blocks.append(("figure", (self._image, "".join(self._text).strip())))
            self._image, self._kind = None, None
        elif tag == "li" and self._items is not None:
            self._items.append("".join(self._text).strip())
            self._kind = None
        elif tag == "ul" and self._items is not None:
            self.blocks.append(("ul", self._items))
            self._items = None
        elif tag in ("td", "th") and self._cell is not None and self._rows is not None:
            self._cell.text = "".join(self._text).strip()
            self._rows[-1].append(self._cell)
            self._cell = None
        elif tag == "table" and self._rows is not None:
            self.blocks.append(("table", (self._caption, self._rows)))
            self._rows = None
        elif tag == "small":
            self._text.append("</font>")
        elif tag in INLINE:
            self._text.append(f"</{INLINE[tag].split()[0]}>")

    def handle_data(self, data: str) -> None:
        if self._skip:
            return
        if self._kind is not None or self._cell is not None:
            self._text.append(data.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))


def write_pdf(page: str, path: Path, title: str) -> Path:
    """Write the annex ``page`` (its HTML) as an A4 PDF at ``path``."""
    from reportlab.lib import colors
    from reportlab.lib.enums import TA_RIGHT
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
    from reportlab.lib.units import cm
    from reportlab.platypus import (
        KeepTogether,
        ListFlowable,
        ListItem,
        Paragraph,
        SimpleDocTemplate,
        Table,
        TableStyle,
    )

    _register_fonts()
    parser = _Parser()
    parser.feed(page)
    base = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=base["BodyText"], fontName=FONT, fontSize=9.5,
                          leading=13, spaceAfter=5)  # fmt: skip
    styles = {
        "h1": ParagraphStyle("h1", parent=body, fontName=f"{FONT}-Bold", fontSize=15,
                             leading=19, spaceAfter=8),
        "h2": ParagraphStyle("h2", parent=body, fontName=f"{FONT}-Bold", fontSize=12,
                             leading=15, spaceBefore=10, spaceAfter=5, keepWithNext=1),
        "h3": ParagraphStyle("h3", parent=body, fontName=f"{FONT}-Bold", fontSize=10.5,
                             leading=13, spaceBefore=6, spaceAfter=3, keepWithNext=1),
        "p": body,
        "dt": ParagraphStyle("dt", parent=body, fontName=f"{FONT}-Bold", spaceAfter=0),
        "dd": ParagraphStyle("dd", parent=body, leftIndent=12),
        "footer": ParagraphStyle("footer", parent=body, fontSize=7.5, leading=9.5,
                                 textColor=colors.HexColor("#666666")),
        "caption": ParagraphStyle("caption", parent=body, fontSize=8.5, leading=11,
                                  textColor=colors.HexColor("#333333")),
        "cell": ParagraphStyle("cell", parent=body, fontSize=8, leading=10, spaceAfter=0),
        "num": ParagraphStyle("num", parent=body, fontSize=8, leading=10, spaceAfter=0,
                              alignment=TA_RIGHT),
    }  # fmt: skip
    width, height = A4[0] - 2 * MARGIN_CM * cm, A4[1] - 2 * MARGIN_CM * cm
    story: list[Any] = []
    for kind, content in parser.blocks:
        if kind == "footer" and story:  # never alone on the last page
            story.append(KeepTogether([story.pop(), Paragraph(content, styles[kind])]))
        elif kind in ("h1", "h2", "h3", "p", "dt", "dd", "footer"):
            story.append(Paragraph(content, styles[kind]))
        elif kind == "ul":
            story.append(ListFlowable(
                [ListItem(Paragraph(item, body), leftIndent=12) for item in content],
                bulletType="bullet", start="\u2022", leftIndent=12, bulletFontName=FONT,
            ))  # fmt: skip
        elif kind == "figure":
            png, caption = content
            if png is None:
                continue
            # A heading just before a figure goes with it (and may shrink with it).
            heading = story.pop() if story and getattr(story[-1], "style", None) in (
                styles["h2"], styles["h3"]) else None  # fmt: skip
            story.append(
                _figure(png, Paragraph(caption, styles["caption"]), width, height, heading)
            )
        elif kind == "table":
            caption, rows = content
            story.extend(_table(rows, caption, styles, width, Table, TableStyle, Paragraph,
                                KeepTogether, colors))  # fmt: skip

    def number_pages(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont(FONT, 7.5)
        canvas.setFillColor(colors.HexColor("#666666"))
        canvas.drawRightString(A4[0] - MARGIN_CM * cm, 1.2 * cm, str(doc.page))
        canvas.restoreState()

    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(path.name + ".tmp")
    document = SimpleDocTemplate(
        str(temporary), pagesize=A4, leftMargin=MARGIN_CM * cm, rightMargin=MARGIN_CM * cm,
        topMargin=MARGIN_CM * cm, bottomMargin=MARGIN_CM * cm, title=title, author="youth_sim",
    )  # fmt: skip
    document.build(story, onFirstPage=number_pages, onLaterPages=number_pages)
    temporary.replace(path)
    return path


def _table(rows: list[list[_Cell]], caption: str, styles: dict[str, Any], width: float,
           table: Any, table_style: Any, paragraph: Any, keep: Any,
           colors: Any) -> list[Any]:  # fmt: skip
    """A table of the annex: cells wrap, numbers right, header rows bold, spans kept."""
    columns = max(sum(cell.span for cell in row) for row in rows if row) if rows else 0
    wide = columns > 6  # a smaller font, so that numbers and words need not break
    if wide:
        styles = {**styles,
                  "cell": styles["cell"].clone("cell_wide", fontSize=7, leading=8.5),
                  "num": styles["num"].clone("num_wide", fontSize=7, leading=8.5)}  # fmt: skip
    data, commands = [], []
    for r, row in enumerate(rows):
        line: list[Any] = []
        c = 0
        for cell in row:
            style = styles["cell"] if c == 0 or cell.header else styles["num"]
            text = f"<b>{cell.text}</b>" if cell.header else cell.text
            if cell.unclear:
                text = f"<i><font color='#777777'>{text}</font></i>"
            line.append(paragraph(text, style))
            if cell.span > 1:
                commands.append(("SPAN", (c, r), (c + cell.span - 1, r)))
                line.extend([""] * (cell.span - 1))
            c += cell.span
        line.extend([""] * (columns - len(line)))
        data.append(line)
    if not data:
        return [paragraph(caption, styles["caption"])]
    first = 0.17 * width if wide else min(0.3 * width, 4.5 * 28.35)
    rest = (width - first) / max(columns - 1, 1)
    grid = table(data, colWidths=[first] + [rest] * (columns - 1), repeatRows=1)
    grid.setStyle(table_style([
        ("LINEBELOW", (0, 0), (-1, -1), 0.3, colors.HexColor("#dddddd")),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("TOPPADDING", (0, 0), (-1, -1), 2), ("BOTTOMPADDING", (0, 0), (-1, -1), 2),
        ("LEFTPADDING", (0, 0), (-1, -1), 2), ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        *commands,
    ]))  # fmt: skip
    parts = [paragraph(caption, styles["caption"])] if caption else []
    return [keep([*parts, grid])] if len(data) < 25 else [*parts, grid]


SHRINK = 0.55
"""A figure may shrink to this share of its full size to fill the space left on a page."""


@functools.cache
def _figure_class() -> type:
    from reportlab.platypus import Flowable

    class Figure(Flowable):
        """A chart and its caption, kept together.

        At full width (or the page's height) where it fits, shrunk down to :data:`SHRINK` to
        use the rest of a page rather than leave it blank, else on the next page.
        """

        def __init__(
            self, png: bytes, caption: Any, width: float, height: float, heading: Any = None
        ) -> None:
            from reportlab.lib.utils import ImageReader

            super().__init__()
            self.png, self.caption, self.heading = png, caption, heading
            self.heading_height = 0.0
            pixels_w, pixels_h = ImageReader(io.BytesIO(png)).getSize()
            scale = min(width / pixels_w, 0.86 * height / pixels_h)
            self.full = (pixels_w * scale, pixels_h * scale)
            self.size = self.full

        def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
            _, caption_height = self.caption.wrap(avail_width, avail_height)
            self.caption_height = caption_height + 6
            if self.heading is not None:
                _, heading_height = self.heading.wrap(avail_width, avail_height)
                self.heading_height = heading_height + self.heading.style.spaceBefore + 4
            w, h = self.full
            room = avail_height - self.caption_height - self.heading_height
            factor = 1.0 if h <= room else room / h if room >= SHRINK * h else 1.0
            self.size = (w * factor, h * factor)
            return avail_width, self.size[1] + self.caption_height + self.heading_height

        def draw(self) -> None:
            from reportlab.lib.utils import ImageReader

            w, h = self.size
            self.canv.drawImage(ImageReader(io.BytesIO(self.png)), 0, self.caption_height, w, h)
            self.caption.drawOn(self.canv, 0, 0)
            if self.heading is not None:
                self.heading.drawOn(self.canv, 0, self.caption_height + h + 4)

    return Figure


def _figure(png: bytes, caption: Any, width: float, height: float, heading: Any = None) -> Any:
    """See :func:`_figure_class` (reportlab is imported only when a PDF is written)."""
    return _figure_class()(png, caption, width, height, heading)
