"""The review summary as a real .xlsx workbook (openpyxl), for the reviewer to sort, filter,
print and pass on: one row per file under a frozen, filtered header row, in the columns of
``inbox.columns``.

Amounts are numeric cells, with the number format ``#,##0.00####``: thousands separated, at
least the two decimals of the paper form and up to the six a valid amount may carry, so
``968.1918`` reads ``968.1918`` and ``3738.1`` reads ``3,738.10``. openpyxl writes a number as
``%.16g`` of a float (``968.1918`` becomes ``968.1917999999999``), so the cell's stored value is
set to the amount's own decimal text instead: the file holds exactly what was typed. An amount of
more than 15 significant digits, which a spreadsheet cannot hold as a number, and one that is
not a number at all, are written as text, as typed.

Every text is a text cell, whatever it starts with: openpyxl takes a string beginning with
``=`` for a formula, and a spreadsheet runs ``=HYPERLINK(…)`` or ``=cmd|…`` when the file opens,
so a hostile draft's unit or file name would act on the reviewer's computer. A text that a
spreadsheet would read as a formula when the cell is edited (``= + - @``, after blanks) is
marked quote-prefixed as well, as typing ``'`` before it does.

Text wraps within its column's width, and each row is made as tall as its longest text (a
spreadsheet does not measure rows written by another program): printed — landscape A4, as wide
as the page, the header row on every page — every word can be read.
"""

from __future__ import annotations

import datetime
import math
from decimal import Decimal
from io import BytesIO

from .amounts import format_amount, plain_amount
from .inbox import AMOUNT, COUNT, OK, RATE, TEXT, TIME, YEAR, Entry, columns
from .lazyre import lazy

AMOUNT_FORMAT = "#,##0.00####"
RATE_FORMAT = "0.00%"
COUNT_FORMAT = "0"
TIME_FORMAT = "yyyy-mm-dd hh:mm"
SHEET_TITLE = "审核汇总"
FONT_NAME, FONT_SIZE = "宋体", 10   # on every Chinese Windows, and what WPS starts with
LINE_PT = 12.75                     # a line of 10-point text
MAX_DIGITS = 15                     # what a spreadsheet's double holds exactly
MAX_CELL_CHARS = 32_767
MAX_LINES = 12                      # a row grows no taller (the cell still holds it all)

# Characters XML 1.0 cannot carry (openpyxl refuses them) and lone surrogates of odd file names.
_ILLEGAL = lazy(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(value: str) -> str:
    return _ILLEGAL.sub("\ufffd", value)[:MAX_CELL_CHARS]


_FORMULA_START = lazy(r"[\s\u3000]*[=+\-@]")


def put_text(cell, text: str) -> None:
    """``text`` into ``cell`` as a text cell, never a formula."""
    cell.value = _text(text)
    cell.data_type = "s"  # set after the value: openpyxl has just made "=…" a formula
    if _FORMULA_START.match(cell.value):
        cell.quotePrefix = True


def width_of(text: str) -> int:
    """Width in a spreadsheet's character units: a CJK (full-width) character takes two."""
    return sum(2 if ord(ch) >= 0x2E80 else 1 for ch in text)


def _lines(text: str, width: float) -> int:
    room = max(width - 1, 1)
    return sum(max(1, math.ceil(width_of(part) / room)) for part in text.split("\n"))


def summary_xlsx(entries: list[Entry], folder: str = "") -> bytes:
    from openpyxl import Workbook  # loaded only when a workbook is written
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.properties import PageSetupProperties

    cols = columns()
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    thin = Side(style="thin", color="A0A0A0")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    font, bold = Font(name=FONT_NAME, size=FONT_SIZE), Font(name=FONT_NAME, size=FONT_SIZE, bold=True)
    header_fill = PatternFill("solid", fgColor="DDE4EE")
    unreadable_fill = PatternFill("solid", fgColor="FBE3E3")
    warned_fill = PatternFill("solid", fgColor="FFF4CE")
    wrapped = Alignment(vertical="top", wrap_text=True)
    plain = Alignment(vertical="top")
    right = Alignment(horizontal="right", vertical="top")
    centred = Alignment(horizontal="center", vertical="top", wrap_text=True)
    short = {"status", "form", "verdict"}  # a word or a character: centred under its header

    # Widths first: a text column as wide as its longest text up to its declared width (then it
    # wraps), a number or time as wide as it needs (a spreadsheet shows ### rather than wrap it).
    shown = [[_shown(col.kind, col.get(e)) for col in cols] for e in entries]
    titles = [_title(col.title) for col in cols]
    widths = []
    for c, col in enumerate(cols):
        longest = max([width_of(s) for row in shown for s in [row[c]] if s] or [0])
        title = max(width_of(line) for line in titles[c].split("\n"))
        widths.append(max(title, min(longest, col.width) if col.kind == TEXT else longest) + 2)

    for c, col in enumerate(cols, 1):
        cell = ws.cell(1, c)
        put_text(cell, titles[c - 1])
        cell.font, cell.fill, cell.border = bold, header_fill, border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[1].height = max(t.count("\n") + 1 for t in titles) * LINE_PT + 4

    for r, (entry, texts) in enumerate(zip(entries, shown), 2):
        fill = unreadable_fill if entry.status != OK else warned_fill if (entry.errors or entry.cross) else None
        lines = 1
        for c, col in enumerate(cols, 1):
            cell = ws.cell(r, c)
            cell.font, cell.border = font, border
            cell.alignment = centred if col.key in short else wrapped if col.kind == TEXT else plain
            if fill is not None and col.key in ("relative", "status", "notes"):
                cell.fill = fill
            if _put(cell, col.kind, col.get(entry)) == "text" and col.kind == AMOUNT:
                cell.alignment = right
            if col.kind == TEXT and texts[c - 1]:
                lines = max(lines, _lines(texts[c - 1], widths[c - 1]))
        ws.row_dimensions[r].height = min(lines, MAX_LINES) * LINE_PT + 3

    for c in range(len(cols)):
        ws.column_dimensions[get_column_letter(c + 1)].width = widths[c]
    ws.auto_filter.ref = f"A1:{get_column_letter(len(cols))}{len(entries) + 1}"
    ws.freeze_panes = "B2"  # the header row, and the file's name while scrolling right
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.page_margins.left = ws.page_margins.right = 0.4
    ws.page_margins.top = ws.page_margins.bottom = 0.75
    ws.page_margins.header = ws.page_margins.footer = 0.3
    # "&" starts a code of a printed header (&P the page, &"font" a font): the folder's own is
    # doubled, within the 255 characters a header may hold.
    shown_folder = _text(folder)[:190]
    while len(shown_folder) + shown_folder.count("&") > 190:
        shown_folder = shown_folder[:-1]
    ws.oddHeader.center.text = f"{SHEET_TITLE}　{shown_folder.replace('&', '&&')}"
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    wb.properties.title = SHEET_TITLE
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _title(title: str) -> str:
    """A header on two lines where it says its unit (``…合计`` over ``（万元）``), so no column is
    made wide for its header, nor does a header break inside a word."""
    head, bracket, unit = title.partition("（")
    return f"{head}\n{bracket}{unit}" if bracket and head else title


def _shown(kind: str, value) -> str:
    """What a cell shows, for its column's width and its row's height."""
    if value is None or value == "":
        return ""
    if kind == AMOUNT:
        return format_amount(value) if isinstance(value, Decimal) else _text(str(value))
    if kind == TIME:
        return "2026-01-01 00:00"
    if kind == RATE:
        return "100.00%"
    return _text(str(value))


def _put(cell, kind: str, value) -> str:
    """Writes ``value`` into ``cell`` as its kind asks; "number" or "text" (or "" for none)."""
    if value is None or value == "":
        return ""
    if kind == AMOUNT:
        if isinstance(value, Decimal) and len(value.as_tuple().digits) <= MAX_DIGITS:
            cell.value = float(value)          # a numeric cell…
            cell._value = plain_amount(value)  # …holding the amount's exact decimal text
            cell.number_format = AMOUNT_FORMAT
            return "number"
        put_text(cell, plain_amount(value) if isinstance(value, Decimal) else str(value))
        return "text"
    if kind == RATE and isinstance(value, Decimal):
        cell.value = float(value)
        cell._value = plain_amount(value)  # the fraction's exact decimal text
        cell.number_format = RATE_FORMAT
        return "number"
    if kind in (COUNT, YEAR):
        cell.value = int(value)
        cell.number_format = COUNT_FORMAT
        return "number"
    if kind == TIME:
        cell.value = datetime.datetime.fromtimestamp(value).replace(microsecond=0)
        cell.number_format = TIME_FORMAT
        return "number"
    put_text(cell, str(value))
    return "text"
