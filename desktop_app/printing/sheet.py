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
from copy import copy
from io import BytesIO

from .. import APP_NAME
from ..core import spec as S
from ..core.amounts import plain_amount
from ..core.errors import FormError
from ..core.fileerrors import quoted
from ..core.fieldpath import format_path, parse
from ..core.formcells import (
    COMPUTED_TEXT_FORMAT,
    UNPRINTED,
    MAX_DIGITS,
    TEXT_FORMAT,
    YEAR_FORMAT,
    keywords_of,
    number_format,
    put_text,
    sheet_text,
)
from ..core.kinds import DecimalKind, KindError
from ..core.labels import field_label
from ..core.lookup import field_of, table_of
from ..core.model import FormBase
from . import grid
from .grid import Geometry, Section  # by name: in the class, ``grid`` is its method
from .paginate import wrap_cell

FONT_NAME = "宋体"        # on every Chinese Windows, and what WPS starts with
SIZE = 10.0               # the sheet's text; the grid's columns are widened in proportion
TITLE_SIZE = 16.0
SCALE = SIZE / grid.FONT_SIZE
LINE = 1.35 * SIZE        # a line of wrapped text (宋体 at 10 points: a spreadsheet row of 13.5)
PAD = 4.0                 # above and below a cell's lines
MAX_ROW = 400.0           # a spreadsheet row is at most 409 points tall
EXTRA_WIDTH = 14          # a column the paper has no place for, in width units


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
        from openpyxl.worksheet.cell_range import CellRange

        self.form = form
        self.spec = form.spec
        self.layout = form.spec.print_layout
        self.widths = self.layout.column_widths
        self.columns = len(self.widths)
        self.wb = Workbook()
        self.ws = self.wb.active
        self.Alignment, self.CellRange = Alignment, CellRange
        self.font = Font(name=FONT_NAME, size=SIZE)
        self.title_font = Font(name=FONT_NAME, size=TITLE_SIZE, bold=True)
        thin = Side(style="thin", color="000000")
        self.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        self.row = 1
        self.ruled = False  # inside the grid
        self._styles: dict = {}
        self.dressed: set[tuple[int, int]] = set()
        self.extra_columns = 0

    # -- cells ----------------------------------------------------------------------------

    def _dress(self, cell, align: str = S.LEFT, lines: int = 1, number_format: str = TEXT_FORMAT,
               title: bool = False) -> None:
        """Font, alignment, number format and (inside the grid) rules of ``cell``. openpyxl
        hashes each style object it is given; a combination made once is copied to the next cell
        that wants it (a form of thousands of rows is written in a fraction of the time)."""
        if align == S.AUTO:
            align = S.CENTER if lines <= 1 else S.LEFT
        key = (align, number_format, title, self.ruled, bool(cell.quotePrefix))  # (put_text's mark kept)
        style = self._styles.get(key)
        if style is not None:
            cell._style = copy(style)
            return
        cell.font = self.title_font if title else self.font
        cell.alignment = self.Alignment(horizontal={S.LEFT: "left", S.CENTER: "center", S.RIGHT: "right"}[align],
                                        vertical="center", wrap_text=True)
        cell.number_format = number_format
        if self.ruled:
            cell.border = self.border
        self._styles[key] = copy(cell._style)

    def _text(self, row: int, col: int, text: str, align: str = S.LEFT, lines: int = 1, title: bool = False):
        cell = self.ws.cell(row, col + 1)
        if text:
            put_text(cell, text)
        self._dress(cell, align, lines, title=title)
        self.dressed.add((row, col + 1))
        return cell

    def _value(self, row: int, col: int, path: str, align: str, lines: int, printed: str = ""):
        """The value of ``path`` itself, as its kind is stored; an empty one the printed copy
        shows computed (``printed``) is shown so too, marked as computed."""
        f = self.spec.field_at(path)
        value = self.form.get(path)
        cell = self.ws.cell(row, col + 1)
        self.dressed.add((row, col + 1))
        kind = f.kind if f is not None else None
        computed = kind is not None and kind.is_empty(value) and bool(printed)
        if isinstance(kind, DecimalKind):
            if isinstance(value, str) and not computed:
                raise FormError(f"{field_label(self.spec, path)}：「{quoted(value)}」不是有效的{kind.noun}，请先改正再导出")
            shown = value
            if computed:
                try:
                    shown = kind.parse(printed)
                except KindError:  # a computed text that is not a number (—): shown as printed
                    put_text(cell, printed)
                    self._dress(cell, align, lines, COMPUTED_TEXT_FORMAT)
                    return cell
            if shown is not None and len(shown.as_tuple().digits) <= MAX_DIGITS:
                cell.value = float(shown)            # a numeric cell…
                cell._value = plain_amount(shown)    # …holding the exact decimal typed
                self._dress(cell, align, lines, number_format(kind, computed))
            elif shown is not None:  # more digits than a spreadsheet's number holds: kept exact, as text
                put_text(cell, plain_amount(shown))
                self._dress(cell, align, lines, COMPUTED_TEXT_FORMAT if computed else TEXT_FORMAT)
            else:
                self._dress(cell, align, lines, number_format(kind))
            return cell
        if kind is not None and kind.integer:
            if value is not None:
                cell.value = int(value)
            self._dress(cell, align, lines, YEAR_FORMAT)
            return cell
        if computed:
            put_text(cell, printed)
            self._dress(cell, align, lines, COMPUTED_TEXT_FORMAT)
            return cell
        if value:
            put_text(cell, str(value))
        self._dress(cell, align, lines)  # text: what the clerk types there stays text
        return cell

    def _merge(self, first_row: int, col: int, last_row: int, last_col: int) -> None:
        """Cells merged. (openpyxl's ``merge_cells`` also remakes every covered cell and its
        borders, most of the writing time of a long form; the covered cells here are plain
        empty cells, ruled with the grid.)"""
        if first_row != last_row or col != last_col:
            self.ws.merged_cells.add(self.CellRange(min_col=col + 1, min_row=first_row, max_col=last_col + 1,
                                               max_row=last_row))

    def _rule(self, first_row: int, last_row: int) -> None:
        """Every cell of the grid ruled, the empty ones under merged cells too."""
        for row in range(first_row, last_row + 1):
            for col in range(1, self.columns + 1):
                if (row, col) not in self.dressed:
                    self._dress(self.ws.cell(row, col))

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
        self._text(self.row, 0, self.spec.title, S.CENTER, title=True)
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
            self._text(self.row, last - 1, f"{field_of(self.spec, header.year).label}：", S.RIGHT)
            self._value(self.row, last, header.year, S.LEFT, 1)
        self.title_rows = self.row - 1  # the title (and the year under it) on every page
        self.row += 1

    def grid(self) -> None:
        top = self.row
        self.ruled = True
        for placed, section in zip(self.layout.sections, grid.build_sections(self.form)):
            extra = (placed.rows.unprinted(table_of(self.spec, placed.rows.table))
                     if isinstance(placed.rows, S.TableColumns) else ())
            self.section(section, extra)
        self._rule(top, self.row - 1)
        self.ruled = False

    def section(self, section: Section, extra: tuple[S.Field, ...] = ()) -> None:
        """A section's rows; ``extra``: its table's columns the paper has no place for, in
        columns of their own right of the grid (outside the print area)."""
        geometry = section.geometry
        first = self.row
        starts = []  # the sheet row each grid row starts on
        for row in section.rows:
            starts.append(self.row)
            measured = [lines_needed(c.text, geometry.span_width(c.col, c.span)) for c in row.cells]
            heights = self._height(max(measured + [1]))
            last_row = self.row + len(heights) - 1
            for i, height in enumerate(heights):
                self.ws.row_dimensions[self.row + i].height = height
            for c, cell_lines in zip(row.cells, measured):
                if c.path:
                    self._value(self.row, c.col, c.path, c.align, cell_lines, c.text)
                else:
                    self._text(self.row, c.col, c.text, c.align, cell_lines)
                self._merge(self.row, c.col, last_row, c.col + c.span - 1)
            path = next((c.path for c in row.cells if c.path), "")
            for i, f in enumerate(extra):
                col = self.columns + i
                self.extra_columns = max(self.extra_columns, i + 1)
                if row.heading:
                    self._text(self.row, col, f"{f.label}{UNPRINTED}", S.CENTER)
                elif path:
                    p = parse(path)
                    self._value(self.row, col, format_path(p.member, p.row, f.key), S.LEFT, 1, "")
                else:
                    self._dress(self.ws.cell(self.row, col + 1))
                self._merge(self.row, col, last_row, col)
            self.row = last_row + 1
        starts.append(self.row)
        # Merged labels, innermost first: their rows grow, where they must, to show every line.
        for block in sorted(section.blocks, key=lambda b: -b.col):
            self._label(starts[block.first], block.col, starts[block.last + 1] - 1, block.text, geometry)
        self._label(first, 0, self.row - 1, section.label, geometry)

    def _label(self, first: int, col: int, last: int, text: str, geometry: Geometry) -> None:
        self._text(first, col, text, S.CENTER)
        self._merge(first, col, last, col)
        need = lines_needed(text, geometry.widths[col]) * LINE + 2 * PAD
        heights = [self.ws.row_dimensions[r].height for r in range(first, last + 1)]
        if sum(heights) < need:
            self.ws.row_dimensions[last].height = min(MAX_ROW, heights[-1] + need - sum(heights))

    def signature(self) -> None:
        signature = self.layout.signature
        self.row += 1  # a blank line under the grid
        fields = [(f"{field_of(self.spec, p).label}：", p) for p in signature.line]
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

