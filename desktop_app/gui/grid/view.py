"""The spreadsheet grid: one behaviour for every row table of every form, as a table view
(``GridTable``) for a flat table and a tree view (``GridTree``) for an indicator table.

Both views share ``_Grid``: the delegate (``delegate.py``), the keys (``keys.py``), the
clipboard (``clipboard.py``), the actions and their context menu, and the edits they make
(``edits.py``). The model answers the few questions that differ (``row_of``, ``next_row``,
``siblings``, ``insert_position``…), so nothing here knows which kind of table it shows.
"""

from __future__ import annotations

from PySide6.QtCore import (QEvent, QItemSelection, QItemSelectionModel, QModelIndex, QPersistentModelIndex, Qt,
                            QTimer, Signal)
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import (QAbstractItemView, QApplication, QHeaderView, QMenu, QTableView, QTreeView,
                               QWidget)

from .. import dialogs
from . import edits, keys
from .clipboard import format_tsv, parse_tsv
from .delegate import GridDelegate
from .paste import PasteRefused

SF = QItemSelectionModel.SelectionFlag
# Share of the width each kind of column gets (fixed-width kinds get what their values need).


# Rows are measured to wrap (each row as tall as its text, up to the delegate's MAX_LINES) in a
# table of up to WRAP_ROWS rows. Qt asks the delegate, in Python, for the size of every cell of
# every row on each layout (10,000 measured indicator rows took 15 s to show, and as long again
# whenever a column changed width), so a larger table has rows FIXED_LINES lines high; the
# detail pane below shows the whole of the selected row.
WRAP_ROWS = 200
FIXED_LINES = 2
# Qt lays out every row of a level the moment it opens, asking the model (in Python) about each
# (some 30 µs a row: 0.7 s for 20,000 in one turn of the event loop, the window frozen). A tree
# of more rows opens its second-level headings a few per turn, about this many rows at a time.
OPEN_AT_ONCE = 1000


class _Grid:
    """What both views do; mixed into a QTableView or QTreeView."""

    measured = True  # rows measured to wrap (see WRAP_ROWS)

    def _follow_row_count(self) -> None:
        """Measured rows or fixed ones, by the number of rows (after a paste of thousands, too)."""
        model = self.grid_model
        measured = len(model.doc.form.rows(model.table.key)) <= WRAP_ROWS
        if measured != self.measured:
            self.measured = measured
            self._measuring_changed()

    def fixed_row_height(self) -> int:
        return self.fontMetrics().lineSpacing() * FIXED_LINES + 8

    def setup_grid(self, model) -> None:
        self.setModel(model)
        self.grid_model = model
        self.read_only = False
        self._replacing = False
        self._auto_columns = True
        self._fitting = False
        self.setItemDelegate(GridDelegate(self))
        self.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked)  # the rest are keys.py's
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setWordWrap(True)
        self.setTabKeyNavigation(True)  # Tab reaches focusNextPrevChild below
        self.setAttribute(Qt.WidgetAttribute.WA_InputMethodEnabled)
        self.setObjectName(model.table.key)
        self.setAccessibleName(model.doc.label(model.table.key))
        self.grid_actions: dict[str, QAction] = {}
        handlers = {"cut": self.cut, "copy": self.copy, "paste": self.paste, "clear": self.clear,
                    "add_row": self.add_row, "remove_row": self.remove_rows,
                    "move_up": lambda: self.move_rows(-1), "move_down": lambda: self.move_rows(+1)}
        for spec in (*keys.CELL_ACTIONS, *keys.ROW_ACTIONS):
            action = QAction(spec.text, self)
            action.setObjectName(spec.name)
            action.setShortcuts(keys.sequences(spec))
            # Only while the grid itself has focus: in a cell editor, Delete and Ctrl+C are the editor's.
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(handlers[spec.name])
            self.addAction(action)
            self.grid_actions[spec.name] = action
        header = self.column_header()
        header.sectionResized.connect(self._column_dragged)
        self._header_pressed = False
        header.viewport().installEventFilter(self)  # to tell the clerk's drag from Qt's own resizes
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
            signal.connect(self._follow_row_count)

    # -- state --------------------------------------------------------------------------

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        for name, action in self.grid_actions.items():
            action.setEnabled(not read_only or name == "copy")

    def opening_to_replace(self) -> bool:
        return self._replacing

    def editing(self) -> bool:
        return self.state() == QAbstractItemView.State.EditingState

    def selected_cells(self) -> list[QModelIndex]:
        cells = self.selectedIndexes()
        if not cells and self.currentIndex().isValid():
            cells = [self.currentIndex()]
        return cells

    def selected_rows(self) -> list[int]:
        rows = {self.grid_model.row_of(i) for i in self.selected_cells()}
        rows.discard(None)
        return sorted(rows)

    # -- moving the current cell --------------------------------------------------------

    def go_to(self, index: QModelIndex) -> None:
        """Makes ``index`` the current and only selected cell (explicitly: Qt's default reads
        the keys held, so an undo by Ctrl+Z would add the cell to the selection)."""
        if index.isValid():
            self.selectionModel().setCurrentIndex(index, SF.ClearAndSelect)
            self.scrollTo(index)

    def step_across(self, step: int) -> bool:
        """Tab (+1) / Shift+Tab (-1): the next cell, on to the next row's first cell; False at
        the last cell of the last row (first of the first), where Tab leaves the table."""
        model, here = self.grid_model, self.currentIndex()
        row = model.row_of(here) if here.isValid() else None
        last = len(model.columns) - 1
        if row is not None and 0 <= here.column() + step <= last:
            self.go_to(model.index_for_row(row, here.column() + step))
            return True
        target = model.next_row(here, step) if here.isValid() else None
        if target is None:
            return False
        self.go_to(model.index_for_row(target, 0 if step > 0 else last))
        return True

    def step_down(self, step: int) -> bool:
        """Enter (+1) / Shift+Enter (-1): the same column of the next row; stays at the edge."""
        model, here = self.grid_model, self.currentIndex()
        if not here.isValid():
            return False
        target = model.next_row(here, step)
        if target is None:
            return False
        column = here.column() if model.row_of(here) is not None else 0
        self.go_to(model.index_for_row(target, column))
        return True

    def leave(self, forward: bool) -> None:
        """On to the next (previous) widget, wherever the current cell is (Ctrl+Tab)."""
        QWidget.focusNextPrevChild(self, forward)

    def focusNextPrevChild(self, forward: bool) -> bool:
        # Tab and Shift+Tab outside an editor (Qt's own would wrap to row 1 at the end).
        if not self.editing() and self.hasFocus() and self.step_across(1 if forward else -1):
            return True
        return QWidget.focusNextPrevChild(self, forward)

    # -- keys ---------------------------------------------------------------------------

    def keyPressEvent(self, event) -> None:
        if self.editing():
            super().keyPressEvent(event)
            return
        key = event.key()
        shift = bool(event.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        if keys.is_ctrl_tab(event):
            self.leave(key == Qt.Key.Key_Tab and not shift)
        elif keys.is_ctrl_plus(event):
            self.grid_actions[keys.ADD.name].trigger()
        elif keys.is_enter(event) and not event.modifiers() & Qt.KeyboardModifier.AltModifier:
            self.step_down(-1 if shift else 1)
        elif key == Qt.Key.Key_F2:
            self.edit_current(replace=False)
        elif key == Qt.Key.Key_Backspace:
            self.edit_current(replace=True)
        elif keys.is_typing(event) and self.edit_current(replace=True, event=event):
            pass
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def inputMethodEvent(self, event) -> None:
        # Chinese typed through an input method replaces the cell as a key would.
        if not self.editing() and (event.commitString() or event.preeditString()):
            if self.edit_current(replace=True, event=event):
                return
        super().inputMethodEvent(event)

    def edit_current(self, replace: bool, event=None) -> bool:
        """Opens the current cell's editor, empty when ``replace`` (then ``event``, the key
        that opened it, is typed into it). On a tree's 2nd-level heading typing adds a row
        there first."""
        if self.read_only:
            return False
        model, index = self.grid_model, self.currentIndex()
        if not index.isValid():
            return False
        if model.row_of(index) is None:
            if not (replace and model.is_tree and model.slot_rows(index) is not None):
                return False
            try:
                row = edits.insert_row(model, index)
            except PasteRefused as refused:
                dialogs.warn(self.window(), refused.message)
                return False
            index = model.index_for_row(row, 0)
            self.go_to(index)
        self.notice.emit("")
        self._replacing = replace
        try:
            opened = self.edit(index, QAbstractItemView.EditTrigger.AllEditTriggers, None)
        finally:
            self._replacing = False
        editor = self.indexWidget(index)
        if not opened or editor is None:
            return False
        if event is not None:
            QApplication.sendEvent(editor.focusProxy() or editor, event)
        return True

    # -- clipboard ----------------------------------------------------------------------

    def copy(self) -> None:
        rows = edits.copied(self.grid_model, self.selected_cells())
        if rows:
            QGuiApplication.clipboard().setText(format_tsv(rows))

    def cut(self) -> None:
        if not self.read_only:
            self.copy()
            self.clear()

    def paste(self) -> None:
        self.paste_text(QGuiApplication.clipboard().text())

    def paste_text(self, text: str) -> None:
        """Pastes cells from the top-left selected cell (one value fills every selected cell)."""
        if self.read_only:
            return
        block = parse_tsv(text)
        if not block:
            return
        model, cells = self.grid_model, self.selected_cells()
        editable = [i for i in cells if model.row_of(i) is not None]
        if len(block) == 1 and len(block[0]) == 1 and len(editable) > 1:
            self._tell(edits.fill(model, editable, block[0][0]))
            return
        anchor = min(cells, key=lambda i: (model.order_key(i), i.column())) if cells else QModelIndex()
        try:
            pasted = edits.paste(model, anchor, block)
        except PasteRefused as refused:
            dialogs.warn(self.window(), refused.message)
            return
        self.select_cells(pasted.rows, pasted.first_column, pasted.first_column + pasted.columns - 1)
        self._tell(pasted.notice)

    def clear(self) -> None:
        if not self.read_only:
            edits.clear(self.grid_model, self.selected_cells())

    def _tell(self, text: str) -> None:
        self.notice.emit(text)  # "" clears what the last paste said

    # -- rows ---------------------------------------------------------------------------

    def add_row(self) -> None:
        if self.read_only:
            return
        model, at = self.grid_model, self.currentIndex()
        if model.is_tree and not at.isValid():
            at = model.index(0, 0)
        try:
            row = edits.insert_row(model, at)
        except PasteRefused as refused:
            dialogs.warn(self.window(), refused.message)
            return
        if row is not None:
            self.go_to(model.index_for_row(row, 0))
            self.setFocus(Qt.FocusReason.OtherFocusReason)

    def remove_rows(self) -> None:
        rows = self.selected_rows()
        if self.read_only or not rows:
            return
        column = max(self.currentIndex().column(), 0)
        edits.remove_rows(self.grid_model, rows)
        count = len(self.grid_model.doc.form.rows(self.grid_model.table.key))
        if count:
            self.go_to(self.grid_model.index_for_row(min(rows[0], count - 1), column))
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def move_rows(self, step: int) -> None:
        rows = self.selected_rows()
        if self.read_only or not rows:
            return
        columns = sorted({i.column() for i in self.selected_cells()}) or [0]
        moved = edits.move_rows(self.grid_model, rows, step)
        if moved is not None:
            self.select_cells(moved, columns[0], columns[-1])

    def move_to_slot(self, slot: tuple[str, str]) -> None:
        rows = self.selected_rows()
        if self.read_only or not rows or not self.grid_model.is_tree:
            return
        moved = edits.move_to_slot(self.grid_model, rows, slot)
        self.select_cells(moved, 0, 0)
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def select_cells(self, rows: list[int], first_column: int, last_column: int) -> None:
        """Selects those rows' cells between the two columns; the first becomes current."""
        model = self.grid_model
        indexes = [(model.index_for_row(r, first_column), model.index_for_row(r, last_column)) for r in rows]
        indexes = [(a, b) for a, b in indexes if a.isValid()]
        if not indexes:
            return
        self.selectionModel().setCurrentIndex(indexes[0][0], SF.NoUpdate)
        selection = QItemSelection()
        for a, b in indexes:
            selection.select(a, b)
        self.selectionModel().select(selection, SF.ClearAndSelect)
        self.scrollTo(indexes[0][0])

    # -- menu ---------------------------------------------------------------------------

    def context_menu(self) -> QMenu:
        menu = QMenu(self)
        for spec in keys.CELL_ACTIONS:
            menu.addAction(self.grid_actions[spec.name])
        menu.addSeparator()
        for spec in keys.ROW_ACTIONS:
            menu.addAction(self.grid_actions[spec.name])
        if self.grid_model.is_tree:
            menu.addMenu(self.move_to_menu(menu))
        return menu

    def move_to_menu(self, parent) -> QMenu:
        """移动到…: every slot of the tree, the current one left out."""
        model = self.grid_model
        menu = QMenu("移动到…", parent)
        menu.setObjectName("move_to")
        here = model.slot_of(self.currentIndex()) if self.currentIndex().isValid() else None
        here = (here[0], model.table.tree.find(*here).name) if here else None
        for level1, level2 in model.slots():
            action = menu.addAction(f"{level1} / {level2}")
            action.setEnabled(not self.read_only and (level1, level2) != here and bool(self.selected_rows()))
            action.triggered.connect(lambda _=False, s=(level1, level2): self.move_to_slot(s))
        return menu

    def contextMenuEvent(self, event) -> None:
        menu = self.context_menu()
        menu.exec(event.globalPos())
        menu.deleteLater()

    # -- columns ------------------------------------------------------------------------

    def fit_columns(self) -> None:
        """Columns share the width by their kind until the clerk drags one."""
        if not self._auto_columns:
            return
        header, model = self.column_header(), self.grid_model
        width = self.viewport().width()
        if width <= 0:
            return
        char = self.fontMetrics().horizontalAdvance("中")
        fixed = {}
        for i, c in enumerate(model.columns):
            if c.kind.grid_chars:
                fixed[i] = max(char * c.kind.grid_chars, header.fontMetrics().horizontalAdvance(c.label) + 24)
        rest = max(width - sum(fixed.values()), char * 6)
        weights = {i: c.kind.grid_weight + (1 if model.is_tree and i == 0 else 0)
                   for i, c in enumerate(model.columns) if i not in fixed}
        total = sum(weights.values()) or 1
        self._fitting = True
        try:
            for i in range(len(model.columns)):
                size = fixed.get(i) or int(rest * weights[i] / total)
                header.resizeSection(i, max(size, char * 4))
        finally:
            self._fitting = False

    def _column_dragged(self, *_args) -> None:
        if not self._fitting and self._header_pressed:
            self._auto_columns = False  # the clerk's widths stay

    def eventFilter(self, obj, event) -> bool:
        if obj is self.column_header().viewport():
            if event.type() == QEvent.Type.MouseButtonPress:
                self._header_pressed = True
            elif event.type() == QEvent.Type.MouseButtonRelease:
                self._header_pressed = False
        return super().eventFilter(obj, event)


class GridTable(_Grid, QTableView):
    """A flat row table."""

    notice = Signal(str)   # what a paste or an editor had to cut, for the line under the table

    def __init__(self, model, parent=None):
        super().__init__(parent)
        self.setup_grid(model)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.horizontalHeader().setStretchLastSection(True)
        # Row heights follow the wrapped text (at most four lines, see the delegate),
        # recomputed once the columns have their widths.
        self._fit_rows = QTimer(self, singleShot=True, interval=0, timeout=self._fit_all_rows)
        self.horizontalHeader().sectionResized.connect(lambda *_: self._fit_rows.start())
        model.modelReset.connect(self._fit_rows.start)
        model.dataChanged.connect(lambda top, bottom, *_: self.measured and self.resizeRowToContents(top.row()))
        self._follow_row_count()

    def _fit_all_rows(self) -> None:
        if self.measured:
            self.resizeRowsToContents()

    def _measuring_changed(self) -> None:
        rows = self.verticalHeader()
        if self.measured:
            self._fit_rows.start()
        else:
            rows.setDefaultSectionSize(self.fixed_row_height())
            rows.reset()  # every row back to the default height

    def column_header(self) -> QHeaderView:
        return self.horizontalHeader()

    def wrap_width(self, index) -> int:
        return 0  # the table view measures wrapped rows itself

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit_columns()


class GridTree(_Grid, QTreeView):
    """An indicator table: its fixed upper levels as headings spanning the row, the rows the
    clerk writes under them."""

    notice = Signal(str)
    _opening: list = []  # (Qt asks scrollTo while the view is being set up)

    def __init__(self, model, parent=None):
        super().__init__(parent)
        self.setup_grid(model)
        self.setUniformRowHeights(False)
        self._follow_row_count()  # before the rows are first laid out
        self.setItemsExpandable(False)  # the levels are the form's: always open
        self.setRootIsDecorated(False)
        self.setAlternatingRowColors(True)
        self.setAllColumnsShowFocus(False)
        # The levels cannot be folded: no fold arrows that would suggest they can.
        self.setStyleSheet("QTreeView::branch { image: none; }")
        header = self.header()
        header.setStretchLastSection(True)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self._opening: list[QPersistentModelIndex] = []  # second-level headings still to open
        self._opener = QTimer(self, singleShot=True, interval=0, timeout=self._open_some)
        model.modelReset.connect(self._show_levels)
        self._show_levels()
        # Rows wrap to their columns' widths: laid out again when a column changes width.
        self._relayout = QTimer(self, singleShot=True, interval=0, timeout=self.doItemsLayout)
        header.sectionResized.connect(lambda *_: self.measured and self._relayout.start())

    def _measuring_changed(self) -> None:
        # Uniform heights: Qt sizes one row and gives every row that height (and the
        # delegate answers it with the fixed height).
        self.setUniformRowHeights(not self.measured)
        self.scheduleDelayedItemsLayout()

    def column_header(self) -> QHeaderView:
        return self.header()

    def wrap_width(self, index) -> int:
        """The width a cell's text wraps to (a first column less its indentation)."""
        if not self.measured or not index.isValid() or self.isFirstColumnSpanned(index.row(), index.parent()):
            return 0
        width = self.header().sectionSize(index.column()) - 8
        if index.column() == 0:
            depth, parent = 0, index.parent()
            while parent.isValid():
                depth, parent = depth + 1, parent.parent()
            width -= self.indentation() * depth
        return max(width, 0)

    def _show_levels(self) -> None:
        model = self.grid_model
        for row, parent in model.headings():
            self.setFirstColumnSpanned(row, parent, True)
        if len(model.doc.form.rows(model.table.key)) <= OPEN_AT_ONCE:
            self._opening = []
            self.expandAll()
            return
        # The first level now (a handful of headings); the second a few per turn.
        self._opening = [QPersistentModelIndex(model.index(row, 0, parent)) for row, parent in model.headings()
                         if parent.isValid()]
        for row, parent in model.headings():
            if not parent.isValid():
                self.expand(model.index(row, 0))
        self._opener.start()

    @property
    def levels_open(self) -> bool:
        """Whether every level shows its rows (a large table opens them over a few turns)."""
        return not self._opening

    def _open_some(self) -> None:
        room = OPEN_AT_ONCE
        while self._opening and room > 0:
            slot = QModelIndex(self._opening.pop(0))
            if slot.isValid():
                room -= self.grid_model.rowCount(slot)
                self.expand(slot)
        if self._opening:
            self._opener.start()

    def open_levels(self) -> None:
        """Every level open now: a cell of a level still closed cannot be shown."""
        if not self._opening:
            return
        self._opener.stop()
        while self._opening:
            self._open_some()

    def scrollTo(self, index, hint=QAbstractItemView.ScrollHint.EnsureVisible) -> None:
        self.open_levels()
        super().scrollTo(index, hint)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.fit_columns()
