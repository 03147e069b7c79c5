"""What a cell of any row table shows and what typed or pasted text becomes, by the column's
declared kind. Both grid models (a flat table, an indicator tree) answer Qt's roles from here,
so a cell reads and parses the same in every table of every form."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from ...core import spec as S
from ...core.amounts import amount_problem, shown_amount
from ...core.model import amount_from_text

ERROR_COLOUR = QColor("#b00020")
R = Qt.ItemDataRole


def shown(field: S.Field, value) -> str:
    if field.kind == S.AMOUNT:
        return shown_amount(value)
    if value is None:
        return ""
    return str(value)


def value_from_text(field: S.Field, text: str):
    """What the form holds once ``text`` is typed or pasted into a cell of ``field``: amounts
    through the core's parser (text that is not a number is kept, and flagged), years as
    numbers, everything else as written."""
    if field.kind == S.AMOUNT:
        value, _ = amount_from_text(text)
        return value
    if field.kind == S.YEAR:
        digits = "".join(ch for ch in text if ch.isdigit())[:S.YEAR_DIGITS]  # as the year field's validator
        return int(digits) if digits else None
    return text


def cell_data(field: S.Field, value, role, label: str):
    """Qt's ``data()`` for a cell holding ``value``; ``label`` names the cell for screen readers."""
    if role in (R.DisplayRole, R.EditRole):
        return shown(field, value)
    if role == R.AccessibleTextRole:
        return f"{label}：{shown(field, value)}"
    if field.kind == S.AMOUNT:
        if role == R.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        problem = amount_problem(value)
        if role == R.ToolTipRole:
            return problem
        if role == R.ForegroundRole and problem:
            return QBrush(ERROR_COLOUR)
        return None
    if role == R.TextAlignmentRole:
        return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    if role == R.ToolTipRole and field.kind != S.LONG_TEXT:
        return shown(field, value) or None  # a value wider than its column reads in full
    return None
