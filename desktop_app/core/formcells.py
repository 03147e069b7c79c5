"""What the form workbook's writer (``printing.sheet``) and reader (``core.formbook``) agree on:
how the program's workbook is recognised, the number formats of its cells, and the rule that a
text is always stored as text.

A text cell is never a formula: a clerk's text that begins with ``=``, ``+``, ``-`` or ``@``
(``=HYPERLINK(…)`` in an indicator's name, typed or pasted by anyone who had the file) is stored as a
string, so no spreadsheet that opens the workbook evaluates it; ``put_text`` is the summary
workbook's rule (``core.workbook``).
"""

from __future__ import annotations

from .lazyre import lazy

# The workbook's keywords (File → Properties in Excel, WPS and LibreOffice, kept when they save)
# hold the form's format id: how the reader knows the workbook is one of the program's, and of
# which form, whatever the sheet is called.
KEYWORDS_PREFIX = "budget-form:"

TEXT_FORMAT = "@"                       # what the clerk types there stays text (a phone number, 2026-01-15)
YEAR_FORMAT = "0"
# A value the printed copy shows computed where the field is empty (a total as the sum of its
# parts, a suggested score): the same look, spelt with a second section. Read back, such a cell
# still holding what would be computed is the empty field again.
COMPUTED_TEXT_FORMAT = "General;-General;General;@"
MAX_DIGITS = 15                         # what a spreadsheet's number holds exactly

# Characters XML 1.0 cannot carry (openpyxl refuses them) and lone surrogates.
_ILLEGAL = lazy(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def sheet_text(text: str) -> str:
    """``text`` as a cell can hold it: a character XML cannot carry becomes U+FFFD; a carriage
    return before a line feed is dropped (a cell's line break is the line feed alone)."""
    return _ILLEGAL.sub("\ufffd", text.replace("\r\n", "\n").replace("\r", "\n"))


def put_text(cell, text: str) -> None:
    """Writes ``text`` into an openpyxl cell as a string, never as a formula: the summary
    workbook's rule (``workbook.put_text``, quote-prefixed where a spreadsheet would read a
    formula on editing), one rule for both workbooks."""
    from .workbook import put_text as text_cell  # the summary's module: only when writing

    text_cell(cell, sheet_text(text))


def number_format(kind, computed: bool = False) -> str:
    """A decimal kind's number format: thousands separated, at least the paper's two decimals and
    up to the kind's, its unit after it (``95.50%``: the form holds 95.5, not 0.955)."""
    places = "0.00" + "#" * max(0, kind.max_decimals - 2)
    unit = f'"{kind.unit}"' if kind.unit else ""
    code = f"#,##{places}{unit}"
    return f"{code};-{code}" if computed else code


def is_computed(number_format: str) -> bool:
    return ";" in (number_format or "")


# After the label of a column the printed copy has no place for (kept right of the grid, outside
# the print area, so that nothing of the form is lost on the way).
UNPRINTED = "（不打印）"


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
