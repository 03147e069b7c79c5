"""What a cell of any row table shows and what typed or pasted text becomes, by the column's
declared kind. Both grid models (a flat table, an indicator tree) answer Qt's roles from here,
so a cell reads and parses the same in every table of every form."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor

from ...core import spec as S

ERROR_COLOUR = QColor("#b00020")
R = Qt.ItemDataRole


def shown(field: S.Field, value) -> str:
    return field.kind.show(value)


def value_from_text(field: S.Field, text: str):
    """What the form holds once ``text`` is typed or pasted into a cell of ``field``, as its
    kind reads typed text: numbers through the core's parser (text that is not a number is
    kept, and flagged), years as numbers, everything else as written."""
    return field.kind.typed(text)[0]


def cell_data(field: S.Field, value, role, label: str):
    """Qt's ``data()`` for a cell holding ``value``; ``label`` names the cell for screen readers."""
    if role in (R.DisplayRole, R.EditRole):
        return shown(field, value)
    if role == R.AccessibleTextRole:
        return f"{label}：{shown(field, value)}"
    if field.kind.decimal:
        if role == R.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
        problem = field.kind.problem(value)
        if role == R.ToolTipRole:
            return problem
        if role == R.ForegroundRole and problem:
            return QBrush(ERROR_COLOUR)
        return None
    if role == R.TextAlignmentRole:
        return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
    if role == R.ToolTipRole and not field.kind.multiline:
        return shown(field, value) or None  # a value wider than its column reads in full
    return None
