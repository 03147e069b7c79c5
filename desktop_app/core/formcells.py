"""What the form workbook's writer (``printing.sheet``) and reader (``core.formbook``) agree on:
how the program's workbook is recognised, the number formats of its cells, and the rule that a
text is always stored as text.

A text cell is never a formula: a clerk's text that begins with ``=``, ``+``, ``-`` or ``@``
(``=HYPERLINK(…)`` in an indicator's name, typed or pasted by anyone who had the file) is stored as a
string, so no spreadsheet that opens the workbook evaluates it. openpyxl makes any string that
begins with ``=`` a formula unless told otherwise; ``put_text`` tells it.
"""

from __future__ import annotations

import re

# The workbook's keywords (File → Properties in Excel, WPS and LibreOffice, kept when they save)
# hold the form's format id: how the reader knows the workbook is one of the program's, and of
# which form, whatever the sheet is called.
KEYWORDS_PREFIX = "budget-form:"

AMOUNT_FORMAT = "#,##0.00####"          # at least the paper's two decimals, up to the six kept
# The same look, spelt differently: an empty total shown as the sum of its parts. Read back, a
# cell of this format still holding that sum is the empty total again.
COMPUTED_FORMAT = "#,##0.00####;-#,##0.00####"
YEAR_FORMAT = "0"
TEXT_FORMAT = "@"                       # what the clerk types there stays text (a phone number, 2026-01-15)
MAX_DIGITS = 15                         # what a spreadsheet's number holds exactly

# Characters XML 1.0 cannot carry (openpyxl refuses them) and lone surrogates.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def sheet_text(text: str) -> str:
    """``text`` as a cell can hold it: a character XML cannot carry becomes U+FFFD; a carriage
    return before a line feed is dropped (a cell's line break is the line feed alone)."""
    return _ILLEGAL.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))


def put_text(cell, text: str) -> None:
    """Writes ``text`` into an openpyxl cell as a string, never as a formula."""
    cell.value = sheet_text(text)
    cell.data_type = "s"
    cell.number_format = TEXT_FORMAT


def keywords_of(format_id: str) -> str:
    return KEYWORDS_PREFIX + format_id


def format_in(keywords: str | None) -> str | None:
    """The format id the workbook's keywords name, or None."""
    if not keywords:
        return None
    for word in str(keywords).replace(",", " ").replace(";", " ").split():
        if word.startswith(KEYWORDS_PREFIX):
            return word[len(KEYWORDS_PREFIX):]
    return None
