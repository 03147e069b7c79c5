"""``render_pdf(form) -> bytes``: the printed copy of any declared form, drawn with reportlab's
canvas as its declaration's ``PrintLayout`` lays it out.

Pure and deterministic: the same form gives the same bytes (reportlab's invariant mode, no
clock). Every page carries 第 N 页 共 M 页 and the form's fingerprint (``core.fingerprint``,
the one ``check`` prints); while ``check`` finds errors every page is marked 草稿.
"""

from __future__ import annotations

import datetime
import io
from typing import Callable

from reportlab.pdfgen.canvas import Canvas

from .. import APP_NAME
from ..core import checks
from ..core.dates import parse_date
from ..core.fingerprint import fingerprint as fingerprint_of
from ..core.fontcoverage import printable
from ..core.lookup import field_of
from ..core.model import FormBase
from . import fonts
from .grid import (
    AUTO,
    CENTER,
    FONT_SIZE,
    LEADING,
    MARGIN_BOTTOM,
    MARGIN_TOP,
    PAD_X,
    PAD_Y,
    PAGE_HEIGHT,
    PAGE_WIDTH,
    RIGHT,
    Geometry,
    build_sections,
    geometry_of,
    value_text,
)
from .paginate import Fragment, Measured, Page, box_height, measure, paginate, wrap_cell
from .signature import SignatureBlock

TITLE_SIZE = 18.0
HEADER_SIZE = 10.5
FOOTER_SIZE = 8.0
RULE = 0.5
FRAME = 1.0
ASCENT = 0.86  # of the font size: baseline below the top of an ideograph's line box
SUBTITLE_SIZE = 12.0
TITLE_BASELINE = PAGE_HEIGHT - MARGIN_TOP - TITLE_SIZE
SUBTITLE_BASELINE = TITLE_BASELINE - 24  # （2021年度） under the title
GRID_TOP = PAGE_HEIGHT - MARGIN_TOP


def header_baseline(form: FormBase) -> float:
    """The line of 填报单位（盖章）, lower when the year stands under the title."""
    subtitle = form.spec.print_layout.header.year_style == "subtitle"
    return (SUBTITLE_BASELINE if subtitle else TITLE_BASELINE) - 30


def first_grid_top(form: FormBase) -> float:
    return header_baseline(form) - 9
FOOTER_BASELINE = MARGIN_BOTTOM - 24


def render_pdf(form: FormBase, progress: Callable[[int, int], None] | None = None) -> bytes:
    """The printed copy of ``form`` as PDF bytes (A4 portrait). ``progress(done, pages)`` is
    called once the pages are laid out and after each page is drawn (a window shows it, and
    stops a render it no longer wants by raising from it); it does not change the bytes."""
    font = fonts.register()
    sections, pages, signature = layout(form)
    if progress is not None:
        progress(0, len(pages))
    draft = checks.has_errors(checks.check(form))
    fingerprint = fingerprint_of(form)
    spec = form.spec
    geometry = geometry_of(spec)
    mark = spec.print_layout.draft_mark

    out = io.BytesIO()
    # The initial font is ours, so the file names no font it does not embed (not even Helvetica).
    canvas = Canvas(out, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), invariant=1, pageCompression=1,
                    initialFontName=font, initialFontSize=FONT_SIZE)
    _metadata(canvas, form)
    for number, page in enumerate(pages, 1):
        if draft:
            _draft_mark(canvas, font, mark)
        if number == 1:
            _title(canvas, font, form, geometry)
        _grid(canvas, font, sections, page, geometry)
        if page.signature:
            signature.draw(canvas, font, page.bottom - 16)
        _footer(canvas, font, number, len(pages), fingerprint, mark if draft else "", geometry)
        canvas.showPage()
        if progress is not None:
            progress(number, len(pages))
    canvas.save()
    return out.getvalue()


def _metadata(canvas: Canvas, form: FormBase) -> None:
    """Title and author as a viewer lists them (the form and the unit that files it), and a
    creation date read from the content — the sign-off date, else 1 January of its year — so the same
    draft always gives the same bytes."""
    spec = form.spec
    unit = printable(" ".join(value_text(form, p) for p in spec.unit).replace("\n", " ")).strip()[:200]
    canvas.setTitle(f"{spec.title} — {unit}" if unit else spec.title)
    canvas.setAuthor(unit or APP_NAME)
    canvas.setSubject(spec.title)
    canvas.setCreator(APP_NAME)
    signed = next((d for p in spec.print_layout.signature.line if (d := parse_date(form.get(p)))), None)
    year = form.get(spec.print_layout.header.year)
    day = signed or (datetime.date(year, 1, 1) if isinstance(year, int) and 1 <= year <= 9999 else None)
    if day is not None:
        canvas.setDateFormatter(lambda *_: f"D:{day:%Y%m%d}000000+08'00'")  # 中国标准时间


def layout(form: FormBase) -> tuple[list[Measured], list[Page], SignatureBlock]:
    """The measured grid cut into pages, with the signature block: everything but the drawing."""
    sections = [measure(s) for s in build_sections(form)]
    geometry = geometry_of(form.spec)
    signature = SignatureBlock(form, geometry.left, geometry.width)
    pages = paginate(sections, first_grid_top(form), GRID_TOP, MARGIN_BOTTOM, signature.height)
    return sections, pages, signature


def _title(canvas: Canvas, font: str, form: FormBase, geometry: Geometry) -> None:
    header = form.spec.print_layout.header
    title = form.spec.title
    text = canvas.beginText((PAGE_WIDTH - fonts.text_width(title, TITLE_SIZE)) / 2, TITLE_BASELINE)
    text.setFont(font, TITLE_SIZE)
    text.setTextRenderMode(2)  # fill and stroke: a faux bold, as the bold face is not bundled
    canvas.saveState()
    canvas.setLineWidth(0.5)
    text.textOut(title)
    canvas.drawText(text)
    canvas.restoreState()

    baseline = header_baseline(form)
    year = form.get(header.year)
    right = geometry.right
    if header.year_style == "subtitle":
        canvas.setFont(font, SUBTITLE_SIZE)
        canvas.drawCentredString(PAGE_WIDTH / 2, SUBTITLE_BASELINE, f"（{year or '　　　　'}年度）")
        year_width = -24.0  # nothing at the right of the unit's line
    else:
        canvas.setFont(font, HEADER_SIZE)
        year_label = f"{field_of(form.spec, header.year).label}："
        if year:
            year_width = fonts.text_width(f"{year_label}{year}", HEADER_SIZE)
            canvas.drawString(right - year_width, baseline, f"{year_label}{year}")
        else:  # left blank to write in
            year_width = fonts.text_width(year_label, HEADER_SIZE) + 60
            canvas.drawString(right - year_width, baseline, year_label)
            _underline(canvas, right - 60, right, baseline)
    canvas.setFont(font, HEADER_SIZE)
    unit = f"{header.unit_label}："
    canvas.drawString(geometry.left, baseline, unit)
    start = geometry.left + fonts.text_width(unit, HEADER_SIZE)
    room = right - year_width - 24 - start
    name = wrap_cell(value_text(form, header.unit).strip() if header.unit else "", room, HEADER_SIZE)
    if len(name) == 1 and name[0]:
        canvas.drawString(start, baseline, name[0])
    else:  # no name, or too long for the line: the grid has it; here the seal goes
        _underline(canvas, start, start + min(room, 200), baseline)


def _underline(canvas: Canvas, x0: float, x1: float, baseline: float) -> None:
    canvas.setLineWidth(RULE)
    canvas.line(x0, baseline - 2.5, x1, baseline - 2.5)


def _lines(canvas: Canvas, lines: list[str], x: float, width: float, top: float, height: float,
           align: str, middle: bool) -> None:
    """Draws ``lines`` in the box (x, top, width, height), padded; ``middle`` centres them
    vertically."""
    if middle:
        top -= max(0.0, (height - box_height(len(lines))) / 2)
    if align == AUTO:
        align = CENTER if len(lines) <= 1 else "left"
    for i, line in enumerate(lines):
        baseline = top - PAD_Y - i * LEADING - (LEADING - FONT_SIZE) / 2 - ASCENT * FONT_SIZE
        if align == CENTER:
            canvas.drawCentredString(x + width / 2, baseline, line)
        elif align == RIGHT:
            canvas.drawRightString(x + width - PAD_X, baseline, line)
        else:
            canvas.drawString(x + PAD_X, baseline, line)


def _grid(canvas: Canvas, font: str, sections: list[Measured], page: Page, geometry: Geometry) -> None:
    canvas.setFont(font, FONT_SIZE)
    canvas.setLineWidth(RULE)
    top = page.top
    for fragment in page.fragments:
        _fragment(canvas, sections[fragment.section], fragment, top, geometry)
        top -= fragment.height
    if page.fragments:
        canvas.setLineWidth(FRAME)
        canvas.rect(geometry.left, top, geometry.width, page.top - top)
        canvas.setLineWidth(RULE)


def _fragment(canvas: Canvas, m: Measured, fragment: Fragment, top: float, geometry: Geometry) -> None:
    column_x, widths = geometry.column_x, geometry.widths
    tops = []
    y = top
    for piece in fragment.pieces:
        tops.append(y)
        row = m.rows[piece.row]
        for i, (cell, lines) in enumerate(row.cells):
            x, width = column_x(cell.col), geometry.span_width(cell.col, cell.span)
            canvas.rect(x, y - piece.height, width, piece.height)
            repeated = i == 0 and row.repeats_first_cell(piece.start)
            shown = (row.continued or []) if repeated else lines[piece.start:piece.stop]
            _lines(canvas, shown, x, width, y, piece.height, cell.align, middle=piece.whole)
        y -= piece.height
    bottom = y
    for mb in m.blocks:  # merged labels of the indicator tree: drawn over their part on this page
        inside = [i for i, p in enumerate(fragment.pieces) if mb.block.first <= p.row <= mb.block.last]
        if inside:
            b_top = tops[inside[0]]
            b_bottom = tops[inside[-1]] - fragment.pieces[inside[-1]].height
            x, width = column_x(mb.block.col), widths[mb.block.col]
            canvas.rect(x, b_bottom, width, b_top - b_bottom)
            _lines(canvas, mb.lines, x, width, b_top, b_top - b_bottom, CENTER, middle=True)
    canvas.rect(column_x(0), bottom, widths[0], top - bottom)
    _lines(canvas, m.label, column_x(0), widths[0], top, top - bottom, CENTER, middle=True)


def _draft_mark(canvas: Canvas, font: str, mark: str) -> None:
    canvas.saveState()
    canvas.setFillGray(0.86)
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canvas.rotate(35)
    canvas.setFont(font, 160)
    canvas.drawCentredString(0, -55, mark)
    canvas.restoreState()


def _footer(canvas: Canvas, font: str, number: int, count: int, fingerprint: str, draft: str,
            geometry: Geometry) -> None:
    """``draft``: the draft mark while the check finds errors, else empty."""
    canvas.setFont(font, FOOTER_SIZE)
    canvas.drawCentredString(PAGE_WIDTH / 2, FOOTER_BASELINE, f"第 {number} 页 共 {count} 页")
    canvas.drawString(geometry.left, FOOTER_BASELINE, f"内容指纹 {fingerprint}")
    if draft:
        canvas.drawRightString(geometry.right, FOOTER_BASELINE, f"{draft}：表单检查尚有错误，不作正式申报")
