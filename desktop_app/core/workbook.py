"""The review summary as a real .xlsx workbook (openpyxl), for the reviewer to sort, filter and
pass on: one row per file under a frozen, filtered header row, in the columns of
``inbox.columns``.

Amounts are numeric cells, with the number format ``#,##0.00####``: thousands separated, at
least the two decimals of the paper form and up to the six a valid amount may carry, so
``968.1918`` reads ``968.1918`` and ``3738.1`` reads ``3,738.10``. openpyxl writes a number as
``%.16g`` of a float (``968.1918`` becomes ``968.1917999999999``), so the cell's stored value is
set to the amount's own decimal text instead: the file holds exactly what was typed. An amount of
more than 15 significant digits, which a spreadsheet cannot hold as a number, and one that is
not a number at all, are written as text, as typed.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from io import BytesIO

from .amounts import plain_amount
from .inbox import AMOUNT, COUNT, OK, TIME, YEAR, Entry, columns

AMOUNT_FORMAT = "#,##0.00####"
COUNT_FORMAT = "0"
TIME_FORMAT = "yyyy-mm-dd hh:mm"
SHEET_TITLE = "审核汇总"
MAX_DIGITS = 15   # what a spreadsheet's double holds exactly
MAX_CELL_CHARS = 32_767

# Characters XML 1.0 cannot carry (openpyxl refuses them) and lone surrogates of odd file names.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _text(value: str) -> str:
    return _ILLEGAL.sub("\ufffd", value)[:MAX_CELL_CHARS]


def _width(text: str) -> int:
    """Width in Excel's character units: a CJK character takes two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def summary_xlsx(entries: list[Entry], folder: str = "") -> bytes:
    from openpyxl import Workbook  # loaded only when a workbook is written
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    cols = columns()
    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_TITLE
    thin = Side(style="thin", color="A0A0A0")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    header_fill = PatternFill("solid", fgColor="DDE4EE")
    unreadable_fill = PatternFill("solid", fgColor="FBE3E3")
    warned_fill = PatternFill("solid", fgColor="FFF4CE")
    for c, col in enumerate(cols, 1):
        cell = ws.cell(1, c, col.title)
        cell.font = Font(bold=True)
        cell.fill = header_fill
        cell.border = border
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    widths = [max(_width(col.title) + 2, 6) for col in cols]
    for r, entry in enumerate(entries, 2):
        fill = unreadable_fill if entry.status != OK else warned_fill if (entry.errors or entry.cross) else None
        for c, col in enumerate(cols, 1):
            value = col.get(entry)
            cell = ws.cell(r, c)
            cell.border = border
            cell.alignment = Alignment(vertical="top", wrap_text=col.kind not in (AMOUNT, COUNT, YEAR, TIME))
            if fill is not None and col.key in ("relative", "status", "notes"):
                cell.fill = fill
            shown = _put(cell, col.kind, value)
            widths[c - 1] = max(widths[c - 1], min(_width(shown) + 2, col.width + 10))
    for c, col in enumerate(cols, 1):
        ws.column_dimensions[get_column_letter(c)].width = min(widths[c - 1], col.width + 10)
    ws.row_dimensions[1].height = 30
    last = f"{get_column_letter(len(cols))}{max(len(entries) + 1, 1)}"
    ws.auto_filter.ref = f"A1:{last}"
    ws.freeze_panes = "B2"  # the header row, and the file's name while scrolling right
    # Printed (or turned into a PDF): landscape, as wide as the page, the header on every page.
    ws.print_title_rows = "1:1"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.oddHeader.center.text = _text(f"{SHEET_TITLE}　{folder}")[:200]
    ws.oddFooter.center.text = "第 &P 页，共 &N 页"
    wb.properties.title = SHEET_TITLE
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _put(cell, kind: str, value) -> str:
    """Writes ``value`` into ``cell`` as its kind asks; what it shows, for the column's width."""
    if value is None or value == "":
        return ""
    if kind == AMOUNT:
        if isinstance(value, Decimal) and len(value.as_tuple().digits) <= MAX_DIGITS:
            cell.value = float(value)       # a numeric cell…
            cell._value = plain_amount(value)  # …holding the amount's exact decimal text
            cell.number_format = AMOUNT_FORMAT
            return f"{value:,.2f}"
        text = plain_amount(value) if isinstance(value, Decimal) else _text(str(value))
        cell.value = text
        from openpyxl.styles import Alignment

        cell.alignment = Alignment(horizontal="right", vertical="top")
        return text
    if kind in (COUNT, YEAR):
        cell.value = int(value)
        cell.number_format = COUNT_FORMAT
        return str(value)
    if kind == TIME:
        cell.value = datetime.datetime.fromtimestamp(value).replace(microsecond=0)
        cell.number_format = TIME_FORMAT
        return "2026-01-01 00:00"
    text = _text(str(value))
    cell.value = text
    return max(text.split("\n"), key=_width) if text else ""
