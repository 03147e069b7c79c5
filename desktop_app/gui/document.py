"""The open form and its edit history.

Every change a clerk makes goes through ``FormDocument`` as a ``QUndoCommand``, so undo/redo
covers all of it, and the widgets learn about changes from two signals instead of from each
other. The document edits the core ``Form`` by interchange path; it knows no rules.
"""

from __future__ import annotations

import copy

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..core.draftfile import Touched
from ..core.labels import field_label
from ..core.model import FormBase
from ..core.totals import Totals, compute_totals

_MERGE_ID = 1  # consecutive keystrokes in one field become one undo step


class FormDocument(QObject):
    valueChanged = Signal(str)       # a path, e.g. "group.field" or "table[2].column"
    rowsChanged = Signal(str)        # a row table's key: rows added, removed or moved
    formReplaced = Signal()          # a whole new form (open, new, recover)
    changed = Signal()               # anything at all: totals, problems, autosave listen here

    def __init__(self, form: FormBase, parent: QObject | None = None):
        super().__init__(parent)
        self._form = form
        self._totals: Totals | None = None
        self._touched = Touched()
        self.undo_stack = QUndoStack(self)

    @property
    def form(self) -> FormBase:
        return self._form

    @property
    def totals(self) -> Totals:
        """The form's totals, computed once per change however many widgets show them."""
        if self._totals is None:
            self._totals = compute_totals(self._form)
        return self._totals

    def label(self, path: str) -> str:
        return field_label(self._form.spec, path)

    def take_touched(self) -> Touched:
        """What changed since the last call (the last save), for a save of only those rows."""
        touched, self._touched = self._touched, Touched()
        return touched

    def replace(self, form: FormBase) -> None:
        self._form = form
        self._totals = None
        self._touched = Touched()
        self.undo_stack.clear()
        self.formReplaced.emit()
        self.changed.emit()

    # -- edits (each one undoable) -------------------------------------------------------

    def set_value(self, path: str, value) -> None:
        old = self._form.get(path)
        if type(old) is type(value) and repr(old) == repr(value):
            return  # Decimal 1.0 and 1.00 compare equal but are different entries
        self.undo_stack.push(_SetValue(self, path, old, value))

    def insert_row(self, rows: str, index: int, item) -> None:
        self.undo_stack.push(_InsertRow(self, rows, index, item))

    def remove_row(self, rows: str, index: int) -> None:
        self.undo_stack.push(_RemoveRow(self, rows, index))

    def move_row(self, rows: str, source: int, target: int) -> None:
        if source != target:
            self.undo_stack.push(_MoveRow(self, rows, source, target))

    # -- applied by the commands ---------------------------------------------------------

    def _apply_value(self, path: str, value) -> None:
        self._form.set(path, value)
        self._touched.value(path)
        self._totals = None
        self.valueChanged.emit(path)
        self.changed.emit()

    def _rows(self, rows: str) -> list:
        return getattr(self._form, rows)

    def _rows_changed(self, rows: str, first: int = 0) -> None:
        self._touched.rows(rows, first)
        self._totals = None
        self.rowsChanged.emit(rows)
        self.changed.emit()


class _SetValue(QUndoCommand):
    def __init__(self, doc: FormDocument, path: str, old, new):
        super().__init__(f"修改{doc.label(path)}")
        self.doc, self.path, self.old, self.new = doc, path, old, new

    def id(self) -> int:
        return _MERGE_ID

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, _SetValue) or other.path != self.path:
            return False
        self.new = other.new
        return True

    def redo(self) -> None:
        self.doc._apply_value(self.path, self.new)

    def undo(self) -> None:
        self.doc._apply_value(self.path, self.old)


class _InsertRow(QUndoCommand):
    def __init__(self, doc: FormDocument, rows: str, index: int, item):
        super().__init__(f"添加{doc.label(rows)}")
        self.doc, self.rows, self.index, self.item = doc, rows, index, item

    def redo(self) -> None:
        self.doc._rows(self.rows).insert(self.index, copy.deepcopy(self.item))
        self.doc._rows_changed(self.rows, self.index)

    def undo(self) -> None:
        del self.doc._rows(self.rows)[self.index]
        self.doc._rows_changed(self.rows, self.index)


class _RemoveRow(QUndoCommand):
    def __init__(self, doc: FormDocument, rows: str, index: int):
        super().__init__(f"删除{doc.label(rows)}")
        self.doc, self.rows, self.index = doc, rows, index
        self.item = None

    def redo(self) -> None:
        self.item = self.doc._rows(self.rows).pop(self.index)
        self.doc._rows_changed(self.rows, self.index)

    def undo(self) -> None:
        self.doc._rows(self.rows).insert(self.index, self.item)
        self.doc._rows_changed(self.rows, self.index)


class _MoveRow(QUndoCommand):
    def __init__(self, doc: FormDocument, rows: str, source: int, target: int):
        super().__init__(f"移动{doc.label(rows)}")
        self.doc, self.rows, self.source, self.target = doc, rows, source, target

    def _move(self, a: int, b: int) -> None:
        items = self.doc._rows(self.rows)
        items.insert(b, items.pop(a))
        self.doc._rows_changed(self.rows, min(a, b))

    def redo(self) -> None:
        self._move(self.source, self.target)

    def undo(self) -> None:
        self._move(self.target, self.source)
