"""The window's tabs, built from the form's declaration (``FormSpec.pages``), each on first show.

A page is a column of parts: fields with their labels, a hand-laid ``.ui`` section, a long text,
or a row table (an indicator table as a tree). Totals and the rules' status lines are kept up to
date wherever a part shows them.
"""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QObject, Qt, QTimer
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableView,
    QTreeView,
    QVBoxLayout,
    QWidget,
)

from ..core import spec as S
from ..core.amounts import format_amount
from ..core.fieldpath import parse
from .document import FormDocument
from .fields import Bindings, bind
from .indicator_tree import IndicatorTreeModel
from .row_table import RowDelegate, RowTableModel
from .uiload import MESSAGE, STATUS, TOTAL, load_designer, ui_name

OK_STYLE = "color: #1b5e20;"
ERROR_STYLE = "color: #b00020; font-weight: bold;"


def _scrolled(page: QWidget) -> QScrollArea:
    """``page`` in a frameless scroll area. A label whose text changes makes Qt lay out its
    ancestors again, and at the tab widget that repaints the whole tab: some 8 ms on every
    keystroke that changes a total. The scroll area ends the chain at the page (and lets a small
    screen scroll)."""
    area = QScrollArea()
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # not a tab stop of its own between the fields
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)
    area.setWidget(page)
    return area


def chain_tab_order(widgets) -> None:
    widgets = [w for w in widgets if w is not None]
    for first, second in zip(widgets, widgets[1:]):
        QWidget.setTabOrder(first, second)


class Readouts(QObject):
    """The labels that show totals and status lines, on whatever page they are."""

    def __init__(self, doc: FormDocument, parent: QObject | None = None):
        super().__init__(parent)
        self.doc = doc
        self.totals: dict[str, QLabel] = {}
        self.status: dict[str, list[QLabel]] = {}
        self._shown: dict[str, bool | None] = {}
        doc.changed.connect(self.update)

    def add_total(self, key: str, label: QLabel) -> None:
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.totals[key] = label

    def add_status(self, key: str, label: QLabel) -> None:
        label.setWordWrap(True)
        self.status.setdefault(key, []).append(label)
        self._shown.pop(key, None)

    def update(self) -> None:
        if not (self.totals or self.status):
            return
        form, totals = self.doc.form, self.doc.totals
        for key, label in self.totals.items():
            label.setText(format_amount(totals[key]))
        for line in form.spec.rules.status(form, totals):
            labels = self.status.get(line.key, ())
            for label in labels:
                label.setText(line.text)
                label.setAccessibleName(line.text)
            if labels and self._shown.get(line.key, "unset") != line.ok:
                # Style sheets re-polish the widget: only when the verdict flips, not every keystroke.
                self._shown[line.key] = line.ok
                for label in labels:
                    label.setStyleSheet({True: OK_STYLE, False: ERROR_STYLE}.get(line.ok, ""))
                for key in line.marks:
                    if key in self.totals:
                        self.totals[key].setStyleSheet(ERROR_STYLE if line.ok is False else "")


# -- parts of a page ---------------------------------------------------------------------------

class Part:
    widget: QWidget
    inputs: list[QWidget]

    def holds(self, path: str) -> bool:
        return False

    def focus(self, path: str) -> None:
        pass

    def set_read_only(self, read_only: bool) -> None:
        pass


class FieldsPart(Part):
    """A label and an input per path, one per line."""

    def __init__(self, ctx: "PageContext", part: S.Fields):
        self.paths = part.paths
        self.widget = QWidget()
        layout = QFormLayout(self.widget)
        self.inputs = []
        for path in part.paths:
            f = ctx.spec.field_at(path)
            edit = {S.LONG_TEXT: QPlainTextEdit, S.CHOICE: QComboBox}.get(f.kind, QLineEdit)()
            label = QLabel(ctx.doc.label(path))
            label.setBuddy(edit)
            layout.addRow(label, edit)
            message = None
            if f.kind == S.AMOUNT:
                message = QLabel()
                message.setObjectName(f"{MESSAGE}{ui_name(path)}")
                message.setVisible(False)
                layout.addRow("", message)
            ctx.bindings.add(bind(ctx.doc, path, edit, message))
            self.inputs.append(edit)
        chain_tab_order(self.inputs)

    def holds(self, path: str) -> bool:
        return path in self.paths


class DesignerPart(Part):
    """A hand-laid ``.ui`` section (an amount grid with its totals)."""

    def __init__(self, ctx: "PageContext", part: S.Designer):
        self.paths = part.paths
        self.widget = load_designer(ctx.spec, part)
        self.inputs = []
        for path in part.paths:
            edit = self.widget.findChild(QWidget, path)
            message = self.widget.findChild(QLabel, f"{MESSAGE}{ui_name(path)}")
            if message is not None:
                message.setVisible(False)
            ctx.bindings.add(bind(ctx.doc, path, edit, message))
            self.inputs.append(edit)
        for label in self.widget.findChildren(QLabel):
            name = label.objectName()
            if name.startswith(TOTAL):
                ctx.readouts.add_total(name[len(TOTAL):], label)
            elif name.startswith(STATUS):
                ctx.readouts.add_status(name[len(STATUS):], label)
        chain_tab_order(self.inputs)

    def holds(self, path: str) -> bool:
        return path in self.paths


class LongTextPart(Part):
    def __init__(self, ctx: "PageContext", part: S.LongText):
        self.path = part.path
        self.widget = QWidget()
        layout = QVBoxLayout(self.widget)
        layout.setContentsMargins(0, 0, 0, 0)
        label = QLabel(ctx.doc.label(part.path))
        edit = QPlainTextEdit()
        label.setBuddy(edit)
        layout.addWidget(label)
        layout.addWidget(edit, 1)
        ctx.bindings.add(bind(ctx.doc, part.path, edit))
        self.inputs = [edit]

    def holds(self, path: str) -> bool:
        return path == self.path


class RowsPart(Part):
    """A row table with add / remove / move buttons (an indicator table as a tree)."""

    def __init__(self, ctx: "PageContext", part: S.Rows):
        self.doc = ctx.doc
        self.table = ctx.spec.member(part.table)
        tree = self.table.tree is not None
        self.widget = QWidget()
        layout = QVBoxLayout(self.widget)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(QLabel(self.table.label))
        if tree:
            self.view = QTreeView()
            self.model = IndicatorTreeModel(ctx.doc, self.table, self.view)
        else:
            self.view = QTableView()
            self.model = RowTableModel(ctx.doc, self.table, self.view)
        self.view.setObjectName(self.table.key)
        self.view.setAccessibleName(self.table.label)
        self.view.setModel(self.model)
        layout.addWidget(self.view, 1)
        buttons = QHBoxLayout()
        first_column = self.table.value_columns[0].label
        self.add_button = QPushButton(f"添加{first_column}" if tree else "添加行")
        self.remove_button = QPushButton("删除行")
        self.up_button = QPushButton("上移")
        self.down_button = QPushButton("下移")
        for name, button in (("add_row", self.add_button), ("remove_row", self.remove_button),
                             ("move_up", self.up_button), ("move_down", self.down_button)):
            button.setObjectName(name)
            buttons.addWidget(button)
        buttons.addStretch(1)
        self.status_label = None
        if part.status:
            self.status_label = QLabel()
            self.status_label.setObjectName(f"{STATUS}{part.status}")
            ctx.readouts.add_status(part.status, self.status_label)
            buttons.addWidget(self.status_label)
        layout.addLayout(buttons)
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_row)
        self.up_button.clicked.connect(lambda: self.move_row(-1))
        self.down_button.clicked.connect(lambda: self.move_row(+1))
        self.read_only = False
        triggers = (QAbstractItemView.EditTrigger.DoubleClicked | QAbstractItemView.EditTrigger.EditKeyPressed
                    | QAbstractItemView.EditTrigger.AnyKeyPressed)
        self.view.setEditTriggers(triggers)
        self.view.setWordWrap(True)
        if tree:
            self._set_up_tree()
        else:
            self._set_up_table()
        self.inputs = [self.view, *self.buttons()]
        chain_tab_order(self.inputs)

    def _set_up_table(self) -> None:
        view = self.view
        view.setItemDelegate(RowDelegate(view))
        view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        header = view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for i, c in enumerate(self.table.columns):
            if c.kind == S.LONG_TEXT:
                header.setSectionResizeMode(i, QHeaderView.ResizeMode.Stretch)
            elif c.kind == S.AMOUNT:
                header.resizeSection(i, header.fontMetrics().horizontalAdvance(c.label) + 24)
            else:
                header.resizeSection(i, 200)
        # Row heights follow the wrapped text, recomputed after the columns have their widths.
        self._fit_rows = QTimer(view, singleShot=True, interval=0, timeout=view.resizeRowsToContents)
        header.sectionResized.connect(lambda *_: self._fit_rows.start())
        self.model.modelReset.connect(self._fit_rows.start)
        self.model.dataChanged.connect(lambda *_: self._fit_rows.start())

    def _set_up_tree(self) -> None:
        view = self.view
        view.setAlternatingRowColors(True)
        header = view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for i in range(1, self.model.columnCount()):
            header.resizeSection(i, 230)
        self.model.modelReset.connect(view.expandAll)
        view.expandAll()

    def buttons(self):
        return [self.add_button, self.remove_button, self.up_button, self.down_button]

    def holds(self, path: str) -> bool:
        return parse(path).member == self.table.key

    def focus(self, path: str) -> None:
        p = parse(path)
        if p.row is not None:
            self.select(self.model.index_for_path(path))
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.model.read_only = read_only
        for b in self.buttons():
            b.setEnabled(not read_only)

    def select(self, index) -> None:
        if index.isValid():
            self.view.setCurrentIndex(index)
            self.view.selectionModel().select(index, QItemSelectionModel.SelectionFlag.ClearAndSelect
                                              | QItemSelectionModel.SelectionFlag.Rows)
            self.view.scrollTo(index)

    # -- rows ---------------------------------------------------------------------------

    @property
    def _tree(self) -> bool:
        return self.table.tree is not None

    def add_row(self) -> None:
        if self.read_only:
            return
        current = self.view.currentIndex()
        if self._tree:
            if not current.isValid():
                current = self.model.index(0, 0)
            position = self.model.insert_position(current)
            if position is None:
                return
            row, item = position
            self.doc.insert_row(self.table.key, row, item)
            index = self.model.index_for_indicator(row)
        else:
            row = current.row() + 1 if current.isValid() else self.model.rowCount()
            self.doc.insert_row(self.table.key, row, self.doc.form.model.row(self.table.key))
            index = self.model.index(row, 0)
        self.select(index)
        self.view.setFocus()
        self.view.edit(index)  # the clerk types the first column straight away

    def remove_row(self) -> None:
        current = self.view.currentIndex()
        if self.read_only or not current.isValid():
            return
        if self._tree:
            row = self.model.leaf_indicator(current)
            if row is None:
                return
            self.doc.remove_row(self.table.key, row)
            return
        row = current.row()
        self.doc.remove_row(self.table.key, row)
        if self.model.rowCount():
            self.select(self.model.index(min(row, self.model.rowCount() - 1), current.column()))

    def move_row(self, step: int) -> None:
        current = self.view.currentIndex()
        if self.read_only or not current.isValid():
            return
        if self._tree:
            source = self.model.leaf_indicator(current)
            target = self.model.sibling_indicator(current, step)
            if source is None or target is None:
                return
            self.doc.move_row(self.table.key, source, target)
            self.select(self.model.index_for_indicator(target, current.column()))
            return
        target = current.row() + step
        if 0 <= target < self.model.rowCount():
            self.doc.move_row(self.table.key, current.row(), target)
            self.select(self.model.index(target, current.column()))


_PARTS = {S.Fields: FieldsPart, S.Designer: DesignerPart, S.LongText: LongTextPart, S.Rows: RowsPart}


class PageContext:
    """What the parts of every page share."""

    def __init__(self, doc: FormDocument, bindings: Bindings, readouts: Readouts):
        self.doc, self.bindings, self.readouts = doc, bindings, readouts
        self.spec = doc.form.spec
        self.read_only = False


class Page:
    """One tab; its parts are built the first time it is shown (or a field on it is wanted)."""

    def __init__(self, ctx: PageContext, page: S.Page):
        self.ctx = ctx
        self.spec = page
        self.title = page.title
        self.parts: list[Part] = []
        self._inner = QWidget()
        self._layout = QVBoxLayout(self._inner)
        self.widget = _scrolled(self._inner) if self._scrolls() else self._inner

    def _scrolls(self) -> bool:
        # A page of fields scrolls as a whole; a table or a long text fills the page and scrolls itself.
        return all(isinstance(p, (S.Fields, S.Designer)) for p in self.spec.parts)

    @property
    def built(self) -> bool:
        return bool(self.parts)

    def build(self) -> None:
        if self.built:
            return
        for spec in self.spec.parts:
            part = _PARTS[type(spec)](self.ctx, spec)
            part.set_read_only(self.ctx.read_only)
            self.parts.append(part)
            stretch = 0 if isinstance(spec, (S.Fields, S.Designer)) else 1
            self._layout.addWidget(part.widget, stretch)
        if self._scrolls():
            self._layout.addStretch(1)
        self.ctx.bindings.set_read_only(self.ctx.read_only)
        self.ctx.readouts.update()

    def holds(self, path: str) -> bool:
        return any(_declares(spec, path) for spec in self.spec.parts)

    def part_for(self, path: str) -> Part | None:
        self.build()
        return next((p for p in self.parts if p.holds(path)), None)

    def first_input(self) -> QWidget | None:
        self.build()
        return next((p.inputs[0] for p in self.parts if p.inputs), None)

    def set_read_only(self, read_only: bool) -> None:
        for part in self.parts:
            part.set_read_only(read_only)


def _declares(spec, path: str) -> bool:
    if isinstance(spec, (S.Fields, S.Designer)):
        return path in spec.paths
    if isinstance(spec, S.LongText):
        return path == spec.path
    return parse(path).member == spec.table
