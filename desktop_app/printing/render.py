"""``render_pdf(form) -> bytes``: the printed copy, drawn with reportlab's canvas.

Pure and deterministic: the same form gives the same bytes (reportlab's invariant mode, no
clock). Every page carries 第 N 页 共 M 页 and the form's fingerprint (``jsonio.fingerprint``,
the one ``check`` prints); while ``check`` finds errors every page is marked 草稿.
"""

from __future__ import annotations

import io

from reportlab.pdfgen.canvas import Canvas

from ..core import checks, jsonio, labels
from ..core.model import Form
from . import fonts
from .grid import (AUTO, CENTER, COLUMN_WIDTHS, FONT_SIZE, GRID_LEFT, LEADING, MARGIN_BOTTOM,
                   MARGIN_TOP, PAD_X, PAD_Y, PAGE_HEIGHT, PAGE_WIDTH, RIGHT, build_sections,
                   column_x, span_width)
from .paginate import Fragment, Measured, Page, box_height, measure, paginate, wrap_cell
from .signature import SignatureBlock

TITLE_SIZE = 18.0
HEADER_SIZE = 10.5
FOOTER_SIZE = 8.0
GRID_WIDTH = sum(COLUMN_WIDTHS)
GRID_RIGHT = GRID_LEFT + GRID_WIDTH
RULE = 0.5
FRAME = 1.0
ASCENT = 0.86  # of the font size: baseline below the top of an ideograph's line box
TITLE_BASELINE = PAGE_HEIGHT - MARGIN_TOP - TITLE_SIZE
HEADER_BASELINE = TITLE_BASELINE - 30
FIRST_GRID_TOP = HEADER_BASELINE - 9
GRID_TOP = PAGE_HEIGHT - MARGIN_TOP
FOOTER_BASELINE = MARGIN_BOTTOM - 24


def render_pdf(form: Form) -> bytes:
    """The printed copy of ``form`` as PDF bytes (A4 portrait)."""
    font = fonts.register()
    sections, pages, signature = layout(form)
    draft = checks.has_errors(checks.check(form))
    fingerprint = jsonio.fingerprint(form)

    out = io.BytesIO()
    # The initial font is ours, so the file names no font it does not embed (not even Helvetica).
    canvas = Canvas(out, pagesize=(PAGE_WIDTH, PAGE_HEIGHT), invariant=1, pageCompression=1,
                    initialFontName=font, initialFontSize=FONT_SIZE)
    canvas.setTitle(labels.FORM_TITLE)
    canvas.setSubject(form.department[:200])
    canvas.setCreator("desktop_app")
    for number, page in enumerate(pages, 1):
        if draft:
            _draft_mark(canvas, font)
        if number == 1:
            _title(canvas, font, form)
        _grid(canvas, font, sections, page)
        if page.signature:
            signature.draw(canvas, font, page.bottom - 16)
        _footer(canvas, font, number, len(pages), fingerprint, draft)
        canvas.showPage()
    canvas.save()
    return out.getvalue()


def layout(form: Form) -> tuple[list[Measured], list[Page], SignatureBlock]:
    """The measured grid cut into pages, with the signature block: everything but the drawing."""
    sections = [measure(s) for s in build_sections(form)]
    signature = SignatureBlock(form, GRID_LEFT, GRID_WIDTH)
    pages = paginate(sections, FIRST_GRID_TOP, GRID_TOP, MARGIN_BOTTOM, signature.height)
    return sections, pages, signature


def _title(canvas: Canvas, font: str, form: Form) -> None:
    title = labels.FORM_TITLE
    text = canvas.beginText((PAGE_WIDTH - fonts.text_width(title, TITLE_SIZE)) / 2, TITLE_BASELINE)
    text.setFont(font, TITLE_SIZE)
    text.setTextRenderMode(2)  # fill and stroke: a faux bold, as the bold face is not bundled
    canvas.saveState()
    canvas.setLineWidth(0.5)
    text.textOut(title)
    canvas.drawText(text)
    canvas.restoreState()

    canvas.setFont(font, HEADER_SIZE)
    year_label = f"{labels.YEAR}："
    if form.year:
        year_width = fonts.text_width(f"{year_label}{form.year}", HEADER_SIZE)
        canvas.drawString(GRID_RIGHT - year_width, HEADER_BASELINE, f"{year_label}{form.year}")
    else:  # left blank to write in
        year_width = fonts.text_width(year_label, HEADER_SIZE) + 60
        canvas.drawString(GRID_RIGHT - year_width, HEADER_BASELINE, year_label)
        _underline(canvas, GRID_RIGHT - 60, GRID_RIGHT, HEADER_BASELINE)
    unit = f"{labels.UNIT_SEAL}："
    canvas.drawString(GRID_LEFT, HEADER_BASELINE, unit)
    start = GRID_LEFT + fonts.text_width(unit, HEADER_SIZE)
    room = GRID_RIGHT - year_width - 24 - start
    name = wrap_cell(form.department.strip(), room, HEADER_SIZE)
    if len(name) == 1 and name[0]:
        canvas.drawString(start, HEADER_BASELINE, name[0])
    else:  # no name, or too long for the line: the grid's 部门名称 has it; here the seal goes
        _underline(canvas, start, start + min(room, 200), HEADER_BASELINE)


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


def _grid(canvas: Canvas, font: str, sections: list[Measured], page: Page) -> None:
    canvas.setFont(font, FONT_SIZE)
    canvas.setLineWidth(RULE)
    top = page.top
    for fragment in page.fragments:
        _fragment(canvas, sections[fragment.section], fragment, top)
        top -= fragment.height
    if page.fragments:
        canvas.setLineWidth(FRAME)
        canvas.rect(GRID_LEFT, top, GRID_WIDTH, page.top - top)
        canvas.setLineWidth(RULE)


def _fragment(canvas: Canvas, m: Measured, fragment: Fragment, top: float) -> None:
    tops = []
    y = top
    for piece in fragment.pieces:
        tops.append(y)
        row = m.rows[piece.row]
        for cell, lines in row.cells:
            x, width = column_x(cell.col), span_width(cell.col, cell.span)
            canvas.rect(x, y - piece.height, width, piece.height)
            _lines(canvas, lines[piece.start:piece.stop], x, width, y, piece.height, cell.align,
                   middle=piece.whole)
        y -= piece.height
    bottom = y
    for mb in m.blocks:  # merged 一级/二级指标 labels: drawn over their part on this page
        inside = [i for i, p in enumerate(fragment.pieces) if mb.block.first <= p.row <= mb.block.last]
        if inside:
            b_top = tops[inside[0]]
            b_bottom = tops[inside[-1]] - fragment.pieces[inside[-1]].height
            x, width = column_x(mb.block.col), COLUMN_WIDTHS[mb.block.col]
            canvas.rect(x, b_bottom, width, b_top - b_bottom)
            _lines(canvas, mb.lines, x, width, b_top, b_top - b_bottom, CENTER, middle=True)
    canvas.rect(column_x(0), bottom, COLUMN_WIDTHS[0], top - bottom)
    _lines(canvas, m.label, column_x(0), COLUMN_WIDTHS[0], top, top - bottom, CENTER, middle=True)


def _draft_mark(canvas: Canvas, font: str) -> None:
    canvas.saveState()
    canvas.setFillGray(0.86)
    canvas.translate(PAGE_WIDTH / 2, PAGE_HEIGHT / 2)
    canvas.rotate(35)
    canvas.setFont(font, 160)
    canvas.drawCentredString(0, -55, labels.DRAFT_MARK)
    canvas.restoreState()


def _footer(canvas: Canvas, font: str, number: int, count: int, fingerprint: str, draft: bool) -> None:
    canvas.setFont(font, FOOTER_SIZE)
    canvas.drawCentredString(PAGE_WIDTH / 2, FOOTER_BASELINE, f"第 {number} 页 共 {count} 页")
    canvas.drawString(GRID_LEFT, FOOTER_BASELINE, f"内容指纹 {fingerprint}")
    if draft:
        canvas.drawRightString(GRID_RIGHT, FOOTER_BASELINE, f"{labels.DRAFT_MARK}：表单检查尚有错误，不作正式申报")
