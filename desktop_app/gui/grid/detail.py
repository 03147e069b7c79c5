"""The selected row's long texts in full-size boxes below the table.

A table row shows at most a few lines of a long text; here each long column of the current row
has a box of its own with a character count, edited through the same document (so the same
undo, one step per stretch of typing) and held to the field's limit.
"""

from __future__ import annotations

from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPlainTextEdit, QSizePolicy, QVBoxLayout, QWidget

from ...core import spec as S
from ...core.fieldpath import format_path
from .paste import cut_notice


class DetailPane(QWidget):
    notice = Signal(str)

    def __init__(self, model, parent=None):
        super().__init__(parent)
        self.setObjectName(f"{model.table.key}__detail")
        self.model = model
        self.doc = model.doc
        self.columns = [c for c in model.columns if c.kind.multiline]
        self.row: int | None = None
        self.read_only = False
        self._refreshing = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 4, 0, 0)
        self.title = QLabel()
        self.title.setObjectName(f"{model.table.key}__detail_title")
        layout.addWidget(self.title)
        boxes = QHBoxLayout()
        layout.addLayout(boxes, 1)
        self.edits: dict[str, QPlainTextEdit] = {}
        self.counts: dict[str, QLabel] = {}
        for column in self.columns:
            column_box = QVBoxLayout()
            head = QHBoxLayout()
            label = QLabel(column.label)
            count = QLabel()
            count.setObjectName(f"{model.table.key}__count__{column.key}")
            count.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            head.addWidget(label)
            head.addStretch(1)
            head.addWidget(count)
            edit = QPlainTextEdit()
            edit.setObjectName(f"{model.table.key}__detail__{column.key}")
            edit.setTabChangesFocus(True)
            edit.setUndoRedoEnabled(False)  # the window's undo covers it
            edit.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
            edit.setMinimumHeight(edit.fontMetrics().lineSpacing() * 3 + 12)
            label.setBuddy(edit)
            edit.textChanged.connect(lambda c=column: self._typed(c))
            column_box.addLayout(head)
            column_box.addWidget(edit, 1)
            boxes.addLayout(column_box, 1)
            self.edits[column.key] = edit
            self.counts[column.key] = count
        self.doc.valueChanged.connect(self._value_changed)
        self.show_row(None)

    def sizeHint(self) -> QSize:
        # Its boxes' own hint is some twelve lines, which the splitter gave them before the
        # rows: the pane asks for four lines and the table takes the rest.
        hint = super().sizeHint()
        lines = self.fontMetrics().lineSpacing()
        hint.setHeight(min(hint.height(), self.minimumSizeHint().height() + lines))
        return hint

    @property
    def inputs(self) -> list[QPlainTextEdit]:
        return list(self.edits.values())

    def path(self, key: str) -> str | None:
        return None if self.row is None else format_path(self.model.table.key, self.row, key)

    def show_row(self, row: int | None) -> None:
        if row is not None and not 0 <= row < len(self.doc.form.rows(self.model.table.key)):
            row = None
        self.row = row
        self.title.setText(self.doc.label(format_path(self.model.table.key, row)) if row is not None
                           else f"{self.doc.label(self.model.table.key)}：选中一行后在此编辑长文字")
        for column in self.columns:
            edit = self.edits[column.key]
            edit.setEnabled(row is not None)
            edit.setReadOnly(self.read_only)
            edit.setAccessibleName(self.doc.label(self.path(column.key)) if row is not None else column.label)
            self._refresh(column)

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        for edit in self.edits.values():
            edit.setReadOnly(read_only)

    def _refresh(self, column: S.Field) -> None:
        edit = self.edits[column.key]
        value = (self.doc.form.get(self.path(column.key)) or "") if self.row is not None else ""
        if edit.toPlainText() != value:
            self._refreshing = True
            try:
                edit.setPlainText(value)
            finally:
                self._refreshing = False
        self._count(column, len(value))

    def _count(self, column: S.Field, n: int) -> None:
        self.counts[column.key].setText(f"{n:,} / {column.limit:,} 字")

    def _typed(self, column: S.Field) -> None:
        if self._refreshing or self.row is None or self.read_only:
            return
        edit = self.edits[column.key]
        text = edit.toPlainText()
        cut = len(text) > column.limit
        if cut:
            text = text[:column.limit]
            self._refreshing = True
            try:
                edit.setPlainText(text)
                edit.moveCursor(edit.textCursor().MoveOperation.End)
            finally:
                self._refreshing = False
        self._count(column, len(text))
        self.doc.set_value(self.path(column.key), text)
        if cut:
            self.notice.emit(cut_notice({column.label: column.limit}))

    def _value_changed(self, path: str) -> None:
        for column in self.columns:
            if path == self.path(column.key):
                self._refresh(column)
