"""``form_xlsx(form) -> bytes``: the form as one Excel sheet laid out like its printed copy, for a
colleague without the program, the supervising office or the 预算管理一体化系统; ``core.formbook`` reads it back.

The grid is the PDF's (``grid.build_sections``, from the declaration's ``PrintLayout``): the same
columns in the same proportions, each section's label merged down column A, the indicator tree's
levels merged down their groups, every cell ruled. Above it the title, the year and the unit;
under it the sign-off lines. A cell showing a field holds the field's own value: amounts as
numbers (the exact decimal typed, in the form's number format), a year as a number, texts as text
(never a formula: ``formcells.put_text``). Rows are as tall as their longest text, measured as the
PDF measures it and as a spreadsheet's 宋体 would wrap it, whichever needs more; a row taller
than a spreadsheet row may be is spread over several rows merged into one. Printed, it is A4
portrait, as wide as the page, the title rows on every page.
"""

from __future__ import annotations

import math
from io import BytesIO

from .. import APP_NAME
from ..core import spec as S
from ..core.amounts import plain_amount
from ..core.errors import FormError
from ..core.fieldpath import format_path, parse
from ..core.fileerrors import quoted
from ..core.formcells import (
    AMOUNT_FORMAT,
    COMPUTED_FORMAT,
    MAX_DIGITS,
    TEXT_FORMAT,
    YEAR_FORMAT,
    keywords_of,
    put_text,
    sheet_text,
)
from ..core.labels import field_label
from ..core.model import FormBase
from ..core.totals import amount_at
from . import grid
from .paginate import wrap_cell

FONT_NAME = "宋体"        # on every Chinese Windows, and what WPS starts with
SIZE = 10.0               # the sheet's text; the grid's columns are widened in proportion
TITLE_SIZE = 16.0
EXTRA_WIDTH = 12.0        # an unprinted table column beside the grid, in width units
SCALE = SIZE / grid.FONT_SIZE
LINE = 1.35 * SIZE        # a line of wrapped text (宋体 at 10 points: a spreadsheet row of 13.5)
PAD = 4.0                 # above and below a cell's lines
MAX_ROW = 400.0           # a spreadsheet row is at most 409 points tall
CHAR_PT = 7 * 0.75        # a column-width unit (Calibri 11's digit, the default font's), in points


def width_units(points: float) -> float:
    """A column ``points`` wide in a spreadsheet's width units (5 pixels of padding included)."""
    return round((points / 0.75 - 5) / 7, 2)


def _half_widths(text: str) -> int:
    """Width in half-width characters (宋体: a CJK character is two, a Latin one one)."""
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)


def lines_needed(text: str, grid_width: float) -> int:
    """How many lines ``text`` takes in a cell ``grid_width`` points wide on paper: as the PDF
    breaks it, or as a spreadsheet would with 宋体 (each character its nominal width, lines
    broken anywhere), whichever is more."""
    if not text:
        return 1
    printed = len(wrap_cell(text, grid_width - 2 * grid.PAD_X))
    room = (grid_width - 2 * grid.PAD_X) * SCALE - 2
    estimated = sum(max(1, math.ceil(_half_widths(part) * SIZE / 2 / room)) for part in text.split("\n"))
    return max(printed, estimated, 1)


class _Writer:
    def __init__(self, form: FormBase):
        from openpyxl import Workbook  # loaded only when a workbook is written
        from openpyxl.styles import Alignment, Border, Font, Side

        self.form = form
        self.spec = form.spec
        self.layout = form.spec.print_layout
        self.widths = self.layout.column_widths
        self.columns = len(self.widths)
        self.extra_columns = 0  # unprinted table columns written beside the grid
        self.wb = Workbook()
        self.ws = self.wb.active
        self.Alignment = Alignment
        self.font = Font(name=FONT_NAME, size=SIZE)
        self.title_font = Font(name=FONT_NAME, size=TITLE_SIZE, bold=True)
        thin = Side(style="thin", color="000000")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.row = 1

    # -- cells ----------------------------------------------------------------------------

    def _align(self, align: str, lines: int = 1, vertical: str = "center"):
        if align == S.AUTO:
            align = S.CENTER if lines <= 1 else S.LEFT
        return self.Alignment(horizontal={S.LEFT: "left", S.CENTER: "center", S.RIGHT: "right"}[align],
                              vertical=vertical, wrap_text=True)

    def _text(self, row: int, col: int, text: str, align: str = S.LEFT, lines: int = 1, font=None):
        cell = self.ws.cell(row, col + 1)
        if text:
            put_text(cell, text)
        cell.font = font or self.font
        cell.alignment = self._align(align, lines)
        return cell

    def _value(self, row: int, col: int, path: str, align: str, lines: int):
        """The value of ``path`` itself, as its kind is stored."""
        f = self.spec.field_at(path)
        value = self.form.get(path)
        cell = self.ws.cell(row, col + 1)
        cell.font = self.font
        cell.alignment = self._align(align, lines)
        if f is not None and f.kind == S.AMOUNT:
            shown, number_format = value, AMOUNT_FORMAT
            if value is None and f.computed_from:
                shown, number_format = amount_at(self.form, path), COMPUTED_FORMAT
            if isinstance(shown, str):
                raise FormError(f"{field_label(self.spec, path)}：「{quoted(shown)}」不是有效的金额，请先改正再导出")
            if shown is None:
                cell.number_format = AMOUNT_FORMAT
            elif len(shown.as_tuple().digits) <= MAX_DIGITS:
                cell.value = float(shown)            # a numeric cell…
                cell._value = plain_amount(shown)    # …holding the amount's exact decimal text
                cell.number_format = number_format
            else:  # more digits than a spreadsheet's number holds: kept exact, as text
                put_text(cell, plain_amount(shown))
            return cell
        if f is not None and f.kind == S.YEAR:
            if value is not None:
                cell.value = int(value)
            cell.number_format = YEAR_FORMAT
            return cell
        if value:
            put_text(cell, str(value))
        else:
            cell.number_format = TEXT_FORMAT  # what the clerk types there stays text
        return cell

    def _merge(self, first_row: int, col: int, last_row: int, last_col: int) -> None:
        if first_row != last_row or col != last_col:
            self.ws.merge_cells(start_row=first_row, start_column=col + 1, end_row=last_row, end_column=last_col + 1)

    def _rule(self, first_row: int, last_row: int) -> None:
        for row in self.ws.iter_rows(min_row=first_row, max_row=last_row, max_col=self.columns):
            for cell in row:
                cell.border = self.border

    def _height(self, lines: int) -> list[float]:
        """The heights of the sheet rows one grid row of ``lines`` lines takes."""
        total = lines * LINE + 2 * PAD
        parts = max(1, math.ceil(total / MAX_ROW))
        return [round(total / parts, 2)] * parts

    # -- the sheet --------------------------------------------------------------------------

    def header(self) -> None:
        header = self.layout.header
        last = self.columns - 1
        self.ws.row_dimensions[self.row].height = TITLE_SIZE * 2.2
        self._text(self.row, 0, self.spec.title, S.CENTER, font=self.title_font)
        self._merge(self.row, 0, self.row, last)
        self.row += 1
        year = self.form.get(header.year)
        if header.year_style == "subtitle":
            self.ws.row_dimensions[self.row].height = LINE + 2 * PAD
            self._text(self.row, 0, f"（{'' if year is None else year}年度）", S.CENTER)
            self._merge(self.row, 0, self.row, last)
            self.row += 1
        self.ws.row_dimensions[self.row].height = LINE + 3 * PAD
        unit = grid.value_text(self.form, header.unit).strip() if header.unit else ""
        if header.year_style == "subtitle":
            self._text(self.row, 0, f"{header.unit_label}：{unit}")
            self._merge(self.row, 0, self.row, last)
        else:
            self._text(self.row, 0, f"{header.unit_label}：{unit}")
            self._merge(self.row, 0, self.row, last - 2)
            self._text(self.row, last - 1, f"{self.spec.field_at(header.year).label}：", S.RIGHT)
            self._value(self.row, last, header.year, S.LEFT, 1)
        self.title_rows = self.row - 1  # the title (and the year under it) on every page
        self.row += 1

    def grid(self) -> None:
        top = self.row
        for placed, section in zip(self.layout.sections, grid.build_sections(self.form)):
            self.section(section, self._unprinted(placed))
        self._rule(top, self.row - 1)

    def _unprinted(self, placed: S.PrintSection) -> tuple[str, tuple[S.Field, ...]]:
        if not isinstance(placed.rows, S.TableColumns):
            return "", ()
        table = self.spec.member(placed.rows.table)
        return table.key, placed.rows.unprinted(table)

    def _beside(self, row: grid.Row, unprinted: tuple[str, tuple[S.Field, ...]]) -> None:
        """A table's unprinted columns, to the right of the print area: headed by their labels,
        each row's values as its kind stores them."""
        key, columns = unprinted
        index = next((parse(c.path).row for c in row.cells if c.path), None)
        for j, column in enumerate(columns):
            col = self.columns + j
            self.extra_columns = max(self.extra_columns, j + 1)
            if row.heading:
                self._text(self.row, col, column.label, S.CENTER)
            elif index is not None:
                self._value(self.row, col, format_path(key, index, column.key), S.LEFT, 1)

    def section(self, section: grid.Section, unprinted: tuple[str, tuple[S.Field, ...]] = ("", ())) -> None:
        geometry = section.geometry
        first = self.row
        starts = []  # the sheet row each grid row starts on
        for row in section.rows:
            starts.append(self.row)
            self._beside(row, unprinted)
            lines = max([lines_needed(c.text, geometry.span_width(c.col, c.span)) for c in row.cells] + [1])
            heights = self._height(lines)
            last_row = self.row + len(heights) - 1
            for i, height in enumerate(heights):
                self.ws.row_dimensions[self.row + i].height = height
            for c in row.cells:
                cell_lines = lines_needed(c.text, geometry.span_width(c.col, c.span))
                if c.path:
                    self._value(self.row, c.col, c.path, c.align, cell_lines)
                else:
                    self._text(self.row, c.col, c.text, c.align, cell_lines)
                self._merge(self.row, c.col, last_row, c.col + c.span - 1)
            self.row = last_row + 1
        starts.append(self.row)
        # Merged labels, innermost first: their rows grow, where they must, to show every line.
        for block in sorted(section.blocks, key=lambda b: -b.col):
            self._label(starts[block.first], block.col, starts[block.last + 1] - 1, block.text, geometry)
        self._label(first, 0, self.row - 1, section.label, geometry)

    def _label(self, first: int, col: int, last: int, text: str, geometry: grid.Geometry) -> None:
        self._text(first, col, text, S.CENTER)
        self._merge(first, col, last, col)
        need = lines_needed(text, geometry.widths[col]) * LINE + 2 * PAD
        heights = [self.ws.row_dimensions[r].height for r in range(first, last + 1)]
        if sum(heights) < need:
            self.ws.row_dimensions[last].height = min(MAX_ROW, heights[-1] + need - sum(heights))

    def signature(self) -> None:
        signature = self.layout.signature
        self.row += 1  # a blank line under the grid
        fields = [(f"{self.spec.field_at(p).label}：", p) for p in signature.line]
        groups = _split(self.columns, len(fields))
        self.ws.row_dimensions[self.row].height = LINE + 3 * PAD
        for (label, path), (col, width) in zip(fields, groups):
            self._pair(col, width, label, path)
        self.row += 2
        self.ws.row_dimensions[self.row].height = LINE + 3 * PAD
        seal = max(1, self.columns // 3)
        self._pair(0, self.columns - seal, f"{signature.head_label}：", signature.head)
        self._text(self.row, self.columns - seal, signature.seal, S.CENTER)
        self._merge(self.row, self.columns - seal, self.row, self.columns - 1)
        self.row += 2
        self._text(self.row, self.columns - seal, signature.seal_date, S.CENTER)
        self._merge(self.row, self.columns - seal, self.row, self.columns - 1)

    def _pair(self, col: int, width: int, label: str, path: str) -> None:
        """A label and its value: side by side when there are two columns for them."""
        if width >= 2:
            span = 1  # as many columns as the label needs, leaving one for the value
            while span < width - 1 and sum(self.widths[col:col + span]) * SCALE < _half_widths(label) * SIZE / 2 + 8:
                span += 1
            self._text(self.row, col, label, S.RIGHT)
            self._merge(self.row, col, self.row, col + span - 1)
            self._value(self.row, col + span, path, S.LEFT, 1)
            self._merge(self.row, col + span, self.row, col + width - 1)
        else:
            self._text(self.row, col, label + grid.value_text(self.form, path))

    def finish(self) -> bytes:
        from openpyxl.utils import get_column_letter
        from openpyxl.worksheet.properties import PageSetupProperties

        ws = self.ws
        ws.title = _sheet_name(self.spec.title)
        for c, points in enumerate(self.widths):
            ws.column_dimensions[get_column_letter(c + 1)].width = width_units(points * SCALE)
        for c in range(self.columns, self.columns + self.extra_columns):
            ws.column_dimensions[get_column_letter(c + 1)].width = EXTRA_WIDTH
        ws.print_title_rows = f"1:{self.title_rows}"
        ws.print_area = f"A1:{get_column_letter(self.columns)}{self.row}"
        ws.page_setup.orientation = "portrait"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
        ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
        ws.print_options.horizontalCentered = True
        inch = 72.0
        ws.page_margins.left = ws.page_margins.right = grid.MARGIN_X / inch
        ws.page_margins.top = grid.MARGIN_TOP / inch
        ws.page_margins.bottom = grid.MARGIN_BOTTOM / inch
        ws.page_margins.header, ws.page_margins.footer = 0.2, 0.25
        ws.oddFooter.center.text = "第 &P 页 共 &N 页"
        ws.sheet_view.showGridLines = False
        props = self.wb.properties
        props.title = self.spec.title
        props.subject = sheet_text(" ".join(grid.value_text(self.form, p) for p in self.spec.unit))[:200]
        props.keywords = keywords_of(self.spec.format_id)
        props.creator = APP_NAME
        out = BytesIO()
        self.wb.save(out)
        return out.getvalue()


def _split(columns: int, parts: int) -> list[tuple[int, int]]:
    """``columns`` shared among ``parts`` as evenly as may be, the first ones wider: (start, width)."""
    out, start = [], 0
    for i in range(parts):
        width = columns // parts + (1 if i < columns % parts else 0)
        out.append((start, width))
        start += width
    return out


def _sheet_name(title: str) -> str:
    """A sheet name a spreadsheet accepts: at most 31 characters, none of ``[]:*?/\\``."""
    return "".join(ch for ch in title if ch not in "[]:*?/\\")[:31] or "Sheet1"


def form_xlsx(form: FormBase) -> bytes:
    """The workbook of ``form``; ``FormError`` when an amount is not a number (as JSON export)."""
    writer = _Writer(form)
    writer.header()
    writer.grid()
    writer.signature()
    return writer.finish()

