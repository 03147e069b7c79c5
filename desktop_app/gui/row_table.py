"""A row table of any declared form as a table model; every edit is an
undoable document edit."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QEvent, QModelIndex, Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QAbstractItemDelegate, QPlainTextEdit, QStyledItemDelegate

from ..core import spec as S
from ..core.amounts import shown_amount
from ..core.checks import amount_problem
from ..core.fieldpath import format_path, parse
from ..core.model import amount_from_text
from .document import FormDocument

_ERROR = QColor("#b00020")


class RowTableModel(QAbstractTableModel):
    def __init__(self, doc: FormDocument, table: S.Table, parent=None):
        super().__init__(parent)
        self.doc = doc
        self.table = table
        self.columns = table.columns
        self.keys = [c.key for c in table.columns]
        self.read_only = False
        doc.rowsChanged.connect(self._rows_changed)
        doc.formReplaced.connect(self._reset)
        doc.valueChanged.connect(self._value_changed)

    # -- Qt model -----------------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.doc.form.rows(self.table.key))

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            if orientation == Qt.Orientation.Horizontal:
                return self.columns[section].label
            return str(section + 1)
        return None

    def flags(self, index):
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        return base if self.read_only else base | Qt.ItemFlag.ItemIsEditable

    def kind(self, index) -> str:
        return self.columns[index.column()].kind

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        value = getattr(self.doc.form.rows(self.table.key)[index.row()], column.key)
        amount = column.kind == S.AMOUNT
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole):
            return shown_amount(value) if amount else value
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{self.doc.label(self.path(index))}：{value or ''}"
        if amount:
            if role == Qt.ItemDataRole.TextAlignmentRole:
                return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignTop)
            problem = amount_problem(value)
            if role == Qt.ItemDataRole.ToolTipRole:
                return problem
            if role == Qt.ItemDataRole.ForegroundRole and problem:
                return QBrush(_ERROR)
        elif role == Qt.ItemDataRole.TextAlignmentRole:
            return int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        return None

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.read_only:
            return False
        text = "" if value is None else str(value)
        if self.kind(index) == S.AMOUNT:
            text, _ = amount_from_text(text)
        self.doc.set_value(self.path(index), text)
        return True

    # -- paths ------------------------------------------------------------------------

    def path(self, index) -> str:
        return format_path(self.table.key, index.row(), self.keys[index.column()])

    def index_for_path(self, path: str) -> QModelIndex:
        """``table[2].column`` -> that cell; ``table[2]`` -> its first cell."""
        p = parse(path)
        if p.row is None:
            return QModelIndex()
        col = self.keys.index(p.key) if p.key in self.keys else 0
        return self.index(p.row, col) if 0 <= p.row < self.rowCount() else QModelIndex()

    # -- document signals ---------------------------------------------------------------

    def _reset(self) -> None:
        self.beginResetModel()
        self.endResetModel()

    def _rows_changed(self, rows: str) -> None:
        if rows == self.table.key:
            self._reset()

    def _value_changed(self, path: str) -> None:
        if path.startswith(self.table.key + "["):
            index = self.index_for_path(path)
            if index.isValid():
                self.dataChanged.emit(index, index)


class RowDelegate(QStyledItemDelegate):
    """Long texts are edited in a multi-line box."""

    def createEditor(self, parent, option, index):
        model = index.model()
        if model.kind(index) == S.LONG_TEXT:
            editor = QPlainTextEdit(parent)  # Tab is taken by the delegate: on to the next cell
        else:
            editor = super().createEditor(parent, option, index)
        editor.setAccessibleName(model.doc.label(model.path(index)))
        return editor

    def eventFilter(self, editor, event):
        # Qt's delegate lets a multi-line editor keep Tab; here Tab moves on to the next cell
        # (Backtab back) as in the single-line cells, so a row is filled from the keyboard.
        if isinstance(editor, QPlainTextEdit) and event.type() == QEvent.Type.KeyPress \
                and event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab):
            hint = (QAbstractItemDelegate.EndEditHint.EditNextItem if event.key() == Qt.Key.Key_Tab
                    else QAbstractItemDelegate.EndEditHint.EditPreviousItem)
            self.commitData.emit(editor)
            self.closeEditor.emit(editor, hint)
            return True
        return super().eventFilter(editor, event)

    def updateEditorGeometry(self, editor, option, index):
        rect = option.rect
        if index.model().kind(index) == S.LONG_TEXT:
            rect = rect.adjusted(0, 0, 0, max(0, 120 - rect.height()))
        editor.setGeometry(rect)
