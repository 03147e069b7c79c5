"""A row table on its page: its title, the grid, the row buttons, a reserved line for what the
grid has to tell the clerk, and (when the table has long texts) the detail pane below, in a
splitter so either can have the room."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt
from PySide6.QtWidgets import (QHBoxLayout, QLabel, QPushButton, QSizePolicy, QSplitter, QVBoxLayout,
                               QWidget)

from . import keys
from .detail import DetailPane
from .view import GridTable, GridTree

NOTICE_STYLE = "color: #8a5a00;"


class GridPanel(QWidget):
    def __init__(self, doc, model, status_label: QLabel | None = None, parent=None, beside: QWidget | None = None):
        super().__init__(parent)
        self.doc, self.model = doc, model
        table = model.table
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.view = GridTree(model) if model.is_tree else GridTable(model)

        upper = QWidget()
        upper_layout = QVBoxLayout(upper)
        upper_layout.setContentsMargins(0, 0, 0, 0)
        upper_layout.addWidget(self.view, 1)
        self.view.setMinimumHeight(self.view.fontMetrics().lineSpacing() * 6)

        buttons = QHBoxLayout()
        self.buttons: dict[str, QPushButton] = {}
        first = model.columns[0].label
        texts = {keys.ADD.name: f"添加{first}" if model.is_tree else "添加行"}
        for spec in keys.ROW_ACTIONS:
            action = self.view.grid_actions[spec.name]
            button = QPushButton(texts.get(spec.name, spec.text))
            button.setObjectName(spec.name)
            button.setToolTip(f"{button.text()}（{keys.shown_keys(spec)}）")
            button.clicked.connect(action.trigger)
            buttons.addWidget(button)
            self.buttons[spec.name] = button
        if model.is_tree:
            self.move_button = QPushButton("移动到…")
            self.move_button.setObjectName("move_to")
            self.move_button.setToolTip("把选中的行移到另一个分类下（也在右键菜单中）")
            self.move_button.clicked.connect(self._show_move_menu)
            buttons.addWidget(self.move_button)
            self.buttons["move_to"] = self.move_button
        if status_label is not None:
            buttons.addSpacing(12)
            status_label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            status_label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            buttons.addWidget(status_label, 1)
            if beside is not None:
                buttons.addWidget(beside)
        else:
            buttons.addStretch(1)
        upper_layout.addLayout(buttons)
        self._button_row = buttons

        # One line kept for the grid's notices, whether or not it has one: nothing moves.
        self.notice = QLabel()
        self.notice.setObjectName(f"{table.key}__notice")
        self.notice.setStyleSheet(NOTICE_STYLE)
        self.notice.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.notice.setFixedHeight(self.notice.fontMetrics().lineSpacing() + 2)
        upper_layout.addWidget(self.notice)
        self.view.notice.connect(self.show_notice)

        self.detail = None
        if any(c.kind.multiline for c in model.columns):
            self.detail = DetailPane(model)
            self.detail.notice.connect(self.show_notice)
            splitter = QSplitter(Qt.Orientation.Vertical)
            splitter.setObjectName(f"{table.key}__splitter")
            splitter.setChildrenCollapsible(False)
            splitter.addWidget(upper)
            splitter.addWidget(self.detail)
            # The rows get the room; the detail its few lines (the clerk drags it taller).
            splitter.setStretchFactor(0, 1)
            splitter.setStretchFactor(1, 0)
            layout.addWidget(splitter, 1)
            self.view.selectionModel().currentChanged.connect(self._current_changed)
            model.modelReset.connect(lambda: self._current_changed(self.view.currentIndex()))
        else:
            layout.addWidget(upper, 1)
        # A table that has rows always has a current cell (its detail shown, typing goes there).
        model.modelReset.connect(self._keep_a_current_cell)
        self._keep_a_current_cell()

    @property
    def inputs(self) -> list[QWidget]:
        return [self.view, *self.buttons.values(), *(self.detail.inputs if self.detail else [])]

    def set_read_only(self, read_only: bool) -> None:
        self.view.set_read_only(read_only)
        self.model.read_only = read_only
        for button in self.buttons.values():
            button.setEnabled(not read_only)
        if self.detail is not None:
            self.detail.set_read_only(read_only)

    def add_marker(self, marker: QWidget) -> None:
        """A comment's marker for this table, after the row buttons: over the grid it would
        hide a cell or a heading."""
        last = list(self.buttons.values())[-1]
        self._button_row.insertWidget(self._button_row.indexOf(last) + 1, marker)

    def show_notice(self, text: str) -> None:
        """Says ``text`` in the reserved line ("" clears it: each paste and each cell edit
        speaks for itself)."""
        self.notice.setToolTip(text)
        self.notice.setText(self.notice.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight,
                                                                 max(self.notice.width(), 200)))

    def _keep_a_current_cell(self) -> None:
        if not self.view.currentIndex().isValid():
            first = self.model.next_row(QModelIndex(), +1)
            if first is not None:
                self.view.selectionModel().setCurrentIndex(self.model.index_for_row(first, 0),
                                                           QItemSelectionModel.SelectionFlag.NoUpdate)

    def _current_changed(self, current, *_args) -> None:
        self.detail.show_row(self.model.row_of(current) if current.isValid() else None)

    def _show_move_menu(self) -> None:
        menu = self.view.move_to_menu(self)
        menu.exec(self.move_button.mapToGlobal(self.move_button.rect().bottomLeft()))
        menu.deleteLater()
