"""A row table as a flat grid model: one Qt row per row of the table, one column per declared
column. Edits go to the document by path; the grid view (``gui.grid``) does the rest."""

from __future__ import annotations

from PySide6.QtCore import QAbstractTableModel, QModelIndex, Qt

from ..core import spec as S
from ..core.fieldpath import format_path, parse
from .document import FormDocument
from .grid.cells import cell_data, value_from_text


class RowTableModel(QAbstractTableModel):
    is_tree = False

    def __init__(self, doc: FormDocument, table: S.Table, parent=None):
        super().__init__(parent)
        self.doc = doc
        self.table = table
        self.columns = table.value_columns
        self.keys = [c.key for c in self.columns]
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

    def field(self, index) -> S.Field:
        return self.columns[index.column()]

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        column = self.columns[index.column()]
        value = getattr(self.doc.form.rows(self.table.key)[index.row()], column.key)
        return cell_data(column, value, role, self.doc.label(self.path(index)) if
                         role == Qt.ItemDataRole.AccessibleTextRole else "")

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):
        if role != Qt.ItemDataRole.EditRole or not index.isValid() or self.read_only:
            return False
        text = "" if value is None else str(value)
        self.doc.set_value(self.path(index), value_from_text(self.field(index), text))
        return True

    # -- the grid's questions -----------------------------------------------------------

    def path(self, index) -> str:
        return format_path(self.table.key, index.row(), self.keys[index.column()])

    def row_of(self, index) -> int | None:
        return index.row() if index.isValid() else None

    def index_for_row(self, row: int, column: int = 0) -> QModelIndex:
        return self.index(row, column) if 0 <= row < self.rowCount() else QModelIndex()

    def index_for_path(self, path: str) -> QModelIndex:
        """``table[2].column`` -> that cell; ``table[2]`` -> its first cell."""
        p = parse(path)
        if p.row is None:
            return QModelIndex()
        col = self.keys.index(p.key) if p.key in self.keys else 0
        return self.index_for_row(p.row, col)

    def rows_in_order(self) -> list[int]:
        return list(range(self.rowCount()))

    def order_key(self, index) -> int:
        """Where a cell's row comes in the order shown."""
        return index.row()

    def next_row(self, index, step: int) -> int | None:
        """The row ``step`` (±1) from ``index``'s in the order shown, None past the edge."""
        row = index.row() + step if index.isValid() else (0 if step > 0 else self.rowCount() - 1)
        return row if 0 <= row < self.rowCount() else None

    def siblings(self, row: int) -> list[int]:
        """The rows ``row`` moves among: all of them."""
        return self.rows_in_order()

    def insert_position(self, index: QModelIndex):
        """Where a new row goes for the current cell (after its row; at the end without one)."""
        row = index.row() + 1 if index.isValid() else self.rowCount()
        return row, self.doc.form.model.row(self.table.key)

    def append_position(self, index: QModelIndex):
        """Where rows pasted beyond the last go: at the end."""
        return self.rowCount(), self.doc.form.model.row(self.table.key)

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
