"""The open form and its edit history.

Every change a clerk makes goes through ``FormDocument`` as a ``QUndoCommand``, so undo/redo
covers all of it, and the widgets learn about changes from signals instead of from each other.
The document edits the core ``Form`` by interchange path; it knows no rules.

An undo step is one field's continuous typing: keystrokes in the same field merge until the
clerk leaves it (``end_typing``, called whenever focus moves) or anything else is done. Many
edits can also be made one step (``batch``: a paste, clearing cells, moving rows), and are
announced once, so a paste of a thousand rows resets a table once, not a thousand times.
"""

from __future__ import annotations

from contextlib import contextmanager

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from ..core.draftfile import Touched
from ..core.fieldpath import format_path, parse
from ..core.labels import field_label
from ..core.model import FormBase
from ..core.totals import Totals, compute_totals

_TYPING_ID = 1  # a command that may take the next keystroke of the same field


def _same(a, b) -> bool:
    return type(a) is type(b) and repr(a) == repr(b)  # Decimal 1.0 and 1.00 are different entries


class FormDocument(QObject):
    valueChanged = Signal(str)       # a path, e.g. "group.field" or "table[2].column"
    rowsChanged = Signal(str)        # a row table's key: rows added, removed or moved
    formReplaced = Signal()          # a whole new form (open, new, recover)
    changed = Signal()               # anything at all: totals, problems, autosave listen here
    revealed = Signal(str)           # undo/redo changed this path: show it to the clerk

    def __init__(self, form: FormBase, parent: QObject | None = None):
        super().__init__(parent)
        self._form = form
        self._totals: Totals | None = None
        self._touched = Touched()             # what changed since the last save, for autosave
        self.undo_stack = QUndoStack(self)
        self._typing = 0                  # the current run of keystrokes; a new number ends it
        self._batch: list | None = None   # edits of an open batch
        self._pending = _Notes()          # what a batch will announce when it closes

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
        self.end_typing()
        self.formReplaced.emit()
        self.changed.emit()

    # -- edits (each one undoable) -------------------------------------------------------

    def set_value(self, path: str, value) -> None:
        old = self._form.get(path)
        if _same(old, value):
            return
        self._do(_SetOp(path, old, value), f"修改{self.label(path)}", typing=True)

    def insert_row(self, rows: str, index: int, item) -> None:
        self._do(_InsertOp(rows, index, item), f"添加{self.label(rows)}")

    def remove_row(self, rows: str, index: int) -> None:
        self._do(_RemoveOp(rows, index), f"删除{self.label(rows)}")

    def move_row(self, rows: str, source: int, target: int) -> None:
        if source != target:
            order = list(range(len(self._rows(rows))))
            order.insert(target, order.pop(source))
            self.reorder_rows(rows, order)

    def reorder_rows(self, rows: str, order: list[int], text: str = "") -> None:
        """Rows in a new order: ``order[i]`` is the old index of the row that goes to ``i``."""
        if order != sorted(order):
            self._do(_ReorderOp(rows, list(order)), text or f"移动{self.label(rows)}")

    @contextmanager
    def batch(self, text: str):
        """Everything done inside is one undo step named ``text`` (nested batches join the
        outer one); the widgets hear of it once, when it closes. If it fails half-way, what it
        did is taken back."""
        if self._batch is not None:
            yield
            return
        self._batch = []
        self.end_typing()
        try:
            yield
        except BaseException:
            ops, self._batch = self._batch, None
            for op in reversed(ops):
                op.undo(self, self._pending)
            self._announce()
            raise
        ops, self._batch = self._batch, None
        if ops:
            self.undo_stack.push(_Edit(self, ops, text, applied=True))
        self.end_typing()
        self._announce()

    def end_typing(self, *_) -> None:
        """The next keystroke starts a new undo step (the clerk left the field, or did
        something else). Takes any arguments, to be connected to ``focusChanged``."""
        self._typing += 1

    def _do(self, op, text: str, typing: bool = False) -> None:
        if self._batch is not None:
            op.do(self, self._pending)
            self._batch.append(op)
            return
        if not typing:
            self.end_typing()
        self.undo_stack.push(_Edit(self, [op], text, token=self._typing if typing else None))
        if not typing:
            self.end_typing()

    # -- applied by the commands ---------------------------------------------------------

    def _rows(self, rows: str) -> list:
        return getattr(self._form, rows)

    def _announce(self) -> None:
        notes, self._pending = self._pending, _Notes()
        if notes.empty():
            return
        self._totals = None
        for rows in notes.tables:
            self.rowsChanged.emit(rows)
        for path in notes.paths:
            if parse(path).member not in notes.tables:
                self.valueChanged.emit(path)
        self.changed.emit()

    def _reveal(self, where: str) -> None:
        p = parse(where)
        if p.row is not None:
            count = len(self._rows(p.member))
            if count == 0:
                where = p.member
            elif p.row >= count:
                where = format_path(p.member, count - 1, p.key)
        self.revealed.emit(where)


class _Notes:
    """Paths and tables an edit changed, announced together."""

    def __init__(self):
        self.paths: dict[str, None] = {}
        self.tables: dict[str, None] = {}

    def empty(self) -> bool:
        return not (self.paths or self.tables)


class _SetOp:
    def __init__(self, path: str, old, new):
        self.path, self.old, self.new = path, old, new

    @property
    def where(self) -> str:
        return self.path

    def do(self, doc: FormDocument, notes: _Notes) -> None:
        doc._form.set(self.path, self.new)
        doc._touched.value(self.path)
        notes.paths[self.path] = None

    def undo(self, doc: FormDocument, notes: _Notes) -> None:
        doc._form.set(self.path, self.old)
        doc._touched.value(self.path)
        notes.paths[self.path] = None


class _InsertOp:
    def __init__(self, rows: str, index: int, item):
        self.rows, self.index, self.item = rows, index, item

    @property
    def where(self) -> str:
        return format_path(self.rows, self.index)

    def do(self, doc: FormDocument, notes: _Notes) -> None:
        import copy  # here: its import looks for Jython's modules along the whole path (1 ms of the start)

        doc._rows(self.rows).insert(self.index, copy.deepcopy(self.item))
        doc._touched.rows(self.rows, self.index)
        notes.tables[self.rows] = None

    def undo(self, doc: FormDocument, notes: _Notes) -> None:
        del doc._rows(self.rows)[self.index]
        doc._touched.rows(self.rows, self.index)
        notes.tables[self.rows] = None


class _RemoveOp:
    def __init__(self, rows: str, index: int):
        self.rows, self.index = rows, index
        self.item = None

    @property
    def where(self) -> str:
        return format_path(self.rows, self.index)

    def do(self, doc: FormDocument, notes: _Notes) -> None:
        self.item = doc._rows(self.rows).pop(self.index)
        doc._touched.rows(self.rows, self.index)
        notes.tables[self.rows] = None

    def undo(self, doc: FormDocument, notes: _Notes) -> None:
        doc._rows(self.rows).insert(self.index, self.item)
        doc._touched.rows(self.rows, self.index)
        notes.tables[self.rows] = None


class _ReorderOp:
    def __init__(self, rows: str, order: list[int]):
        self.rows, self.order = rows, order

    @property
    def first(self) -> int:
        return next(i for i, old in enumerate(self.order) if old != i)

    @property
    def where(self) -> str:
        return format_path(self.rows, self.first)

    def do(self, doc: FormDocument, notes: _Notes) -> None:
        items = doc._rows(self.rows)
        items[:] = [items[i] for i in self.order]
        doc._touched.rows(self.rows, self.first)
        notes.tables[self.rows] = None

    def undo(self, doc: FormDocument, notes: _Notes) -> None:
        items = doc._rows(self.rows)
        old = [None] * len(items)
        for new_index, old_index in enumerate(self.order):
            old[old_index] = items[new_index]
        items[:] = old
        doc._touched.rows(self.rows, self.first)
        notes.tables[self.rows] = None


class _Edit(QUndoCommand):
    """One undo step: one or more edits, applied in order and taken back in reverse."""

    def __init__(self, doc: FormDocument, ops: list, text: str, token: int | None = None,
                 applied: bool = False):
        super().__init__(text)
        self.doc, self.ops, self.token = doc, ops, token
        self._skip_redo = applied   # a batch is applied as it is made; push must not redo it
        self._pushed = False

    def id(self) -> int:
        return _TYPING_ID if self.token is not None else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        # Only the same run of typing in the same field: a run ends when focus moves or
        # anything else is done (``end_typing`` gives the next keystroke a new token).
        if not isinstance(other, _Edit) or other.token is None or other.token != self.token:
            return False
        mine, theirs = self.ops[0], other.ops[0]
        if mine.path != theirs.path:
            return False
        mine.new = theirs.new
        return True

    def redo(self) -> None:
        if self._skip_redo:
            self._skip_redo = False
            self._pushed = True
            return
        for op in self.ops:
            op.do(self.doc, self.doc._pending)
        self.doc._announce()
        if self._pushed:  # redone by the clerk, not pushed
            self.doc.end_typing()
            self.doc._reveal(self.ops[0].where)
        self._pushed = True

    def undo(self) -> None:
        for op in reversed(self.ops):
            op.undo(self.doc, self.doc._pending)
        self.doc._announce()
        self.doc.end_typing()
        self.doc._reveal(self.ops[0].where)
