"""What a cell of any row table shows and what typed or pasted text becomes, by the column's
declared kind. Both grid models (a flat table, an indicator tree) answer Qt's roles from here,
so a cell reads and parses the same in every table of every form."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor, QFont

from ...core import spec as S

ERROR_COLOUR = QColor("#b00020")
DERIVED_COLOUR = QColor("#5f6b7a")  # what the program worked out, in a cell the clerk left empty
NEEDED = "✗"  # starts what the rules show in an empty cell that must be filled
R = Qt.ItemDataRole


def shown(field: S.Field, value) -> str:
    return field.kind.show(value)


def value_from_text(field: S.Field, text: str):
    """What the form holds once ``text`` is typed or pasted into a cell of ``field``, as its
    kind reads typed text: numbers through the core's parser (text that is not a number is
    kept, and flagged), years as numbers, everything else as written."""
    return field.kind.typed(text)[0]


def cell_data(field: S.Field, value, role, label: str, derived: str = ""):
    """Qt's ``data()`` for a cell holding ``value``; ``label`` names the cell for screen readers.
    ``derived`` is what the form's rules work out for the cell (``Rules.derived``): shown grey
    and italic in its place while the cell is empty, named in the tooltip once one is typed, so
    a worked-out value and a typed one are told apart at a glance."""
    if derived and role != R.EditRole:
        empty = field.kind.is_empty(value)
        if empty and role == R.DisplayRole:
            return derived
        if empty and role == R.ForegroundRole:
            return QBrush(ERROR_COLOUR if derived.startswith(NEEDED) else DERIVED_COLOUR)
        if role == R.FontRole:
            font = QFont()
            font.setItalic(empty)
            return font
        if role == R.ToolTipRole and not (field.kind.decimal and field.kind.problem(value)):
            if derived.startswith(NEEDED):
                return derived.removeprefix(NEEDED).strip() if empty else None
            return (f"自动计算：{derived}（直接填写可改为手填）" if empty
                    else f"手填：{shown(field, value)}（自动计算为 {derived}，清空则采用）")
        if empty and role == R.AccessibleTextRole:
            return f"{label}：自动计算 {derived}"
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
