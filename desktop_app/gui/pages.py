"""The six tabs of the window, in the order of the paper form, built from the ``ui/`` files."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, QTimer
from PySide6.QtWidgets import (QAbstractItemView, QFrame, QHeaderView, QLabel, QLineEdit, QPlainTextEdit,
                               QPushButton, QScrollArea, QTableView, QTreeView, QWidget)

from ..core import labels
from ..core.amounts import format_amount
from ..core.model import Task
from ..core.totals import BALANCED_TOTALS
from .document import FormDocument
from .fields import AmountBinding, Bindings, TextBinding, YearBinding
from .indicator_tree import IndicatorTreeModel
from .task_table import TaskDelegate, TaskTableModel
from .uiload import group_heading, group_keys, load_page, ui_name

# Reading order of the budget grid on paper: row by row, left pair then right pair.
BUDGET_READING_ORDER = ("basic_expenditure", "fiscal_appropriation", "project_expenditure", "other_funds",
                        "special_funds", "district_level", "other_development", "transfer_to_lower")
_OK_STYLE = "color: #1b5e20;"
_ERROR_STYLE = "color: #b00020; font-weight: bold;"


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


def _chain_tab_order(widgets) -> None:
    widgets = [w for w in widgets if w is not None]
    for first, second in zip(widgets, widgets[1:]):
        QWidget.setTabOrder(first, second)


class BudgetPage:
    """部门名称, 年度 and the two-by-two amount grid with its totals."""

    title = f"{labels.SECTION_DEPARTMENT}及{labels.SECTION_BUDGET}"

    def __init__(self, doc: FormDocument, bindings: Bindings):
        self.doc = doc
        self.widget = _scrolled(load_page("department_budget.ui"))
        w = self.widget
        bindings.add(TextBinding(doc, "department", w.findChild(QLineEdit, "department")))
        bindings.add(YearBinding(doc, "year", w.findChild(QLineEdit, "year")))
        self.amount_edits = []
        for name in BUDGET_READING_ORDER:
            path = f"budget.{name}"
            edit = w.findChild(QLineEdit, path)
            message = w.findChild(QLabel, f"message__{ui_name(path)}")
            message.setVisible(False)
            bindings.add(AmountBinding(doc, path, edit, message))
            self.amount_edits.append(edit)
        self.totals = {group_heading(k): w.findChild(QLabel, f"total__{k}") for k in group_keys()}
        for label in self.totals.values():
            label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.balance = w.findChild(QLabel, "balance_status")
        self.task_sum = w.findChild(QLabel, "task_sum_status")
        for label in (self.balance, self.task_sum):
            label.setWordWrap(True)
        _chain_tab_order([w.findChild(QLineEdit, "department"), w.findChild(QLineEdit, "year"), *self.amount_edits])
        self._shown_balanced: bool | None = None
        doc.changed.connect(self.update_totals)
        self.update_totals()

    def update_totals(self) -> None:
        totals = self.doc.totals
        for heading, label in self.totals.items():
            label.setText(format_amount(totals[heading]))
        shown = "，".join(f"{h} {format_amount(totals[h])}" for h in BALANCED_TOTALS)
        mark = "✓ 三个合计相等" if totals.balanced else "✗ 三个合计不相等"
        self.balance.setText(f"{mark}：{shown}")
        if totals.balanced is not self._shown_balanced:
            # Style sheets re-polish the widget: only when the verdict flips, not every keystroke.
            self._shown_balanced = totals.balanced
            self.balance.setStyleSheet(_OK_STYLE if totals.balanced else _ERROR_STYLE)
            for h in BALANCED_TOTALS:
                self.totals[h].setStyleSheet("" if totals.balanced else _ERROR_STYLE)
        self.balance.setAccessibleName(self.balance.text())
        self.task_sum.setText(task_sum_text(totals))


def task_sum_text(totals) -> str:
    project = labels.BUDGET_FIELD_LABELS["project_expenditure"]
    project_text = format_amount(totals.project_expenditure) if totals.project_expenditure is not None else "未填写"
    return f"{labels.TASK_AMOUNT_SUM} {format_amount(totals.task_sum)}（{project} {project_text}）"


class TextPage:
    def __init__(self, doc: FormDocument, bindings: Bindings, filename: str, path: str, title: str):
        self.widget = load_page(filename)
        self.title = title
        edit = self.widget.findChild(QPlainTextEdit, path)
        bindings.add(TextBinding(doc, path, edit))


class _RowsPage:
    """A page with a view over one list of rows and add / remove / move buttons."""

    rows = ""

    def __init__(self, doc: FormDocument, filename: str):
        self.doc = doc
        self.widget = load_page(filename)
        self.add_button = self.widget.findChild(QPushButton, "add_row")
        self.remove_button = self.widget.findChild(QPushButton, "remove_row")
        self.up_button = self.widget.findChild(QPushButton, "move_up")
        self.down_button = self.widget.findChild(QPushButton, "move_down")
        self.add_button.clicked.connect(self.add_row)
        self.remove_button.clicked.connect(self.remove_row)
        self.up_button.clicked.connect(lambda: self.move_row(-1))
        self.down_button.clicked.connect(lambda: self.move_row(+1))
        self.read_only = False

    def buttons(self):
        return [self.add_button, self.remove_button, self.up_button, self.down_button]

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


class TasksPage(_RowsPage):
    title = labels.SECTION_TASKS
    rows = "tasks"

    def __init__(self, doc: FormDocument):
        super().__init__(doc, "tasks.ui")
        self.view: QTableView = self.widget.findChild(QTableView, "tasks")
        self.model = TaskTableModel(doc, self.view)
        self.view.setModel(self.model)
        self.view.setItemDelegate(TaskDelegate(self.view))
        self.view.setWordWrap(True)
        self.view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        header = self.view.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.resizeSection(0, 200)
        amount_heading = labels.TASK_COLUMNS["amount"]
        header.resizeSection(2, header.fontMetrics().horizontalAdvance(amount_heading) + 24)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(3, QHeaderView.ResizeMode.Stretch)
        # Row heights follow the wrapped text, recomputed after the columns have their widths.
        self._fit_rows = QTimer(self.view, singleShot=True, interval=0, timeout=self.view.resizeRowsToContents)
        header.sectionResized.connect(lambda *_: self._fit_rows.start())
        self.model.modelReset.connect(self._fit_rows.start)
        self.model.dataChanged.connect(lambda *_: self._fit_rows.start())
        self.sum_label = self.widget.findChild(QLabel, "task_sum_status")
        doc.changed.connect(self._update_sum)
        self._update_sum()
        _chain_tab_order([self.view, *self.buttons()])

    def _update_sum(self) -> None:
        self.sum_label.setText(task_sum_text(self.doc.totals))

    def add_row(self) -> None:
        if self.read_only:
            return
        current = self.view.currentIndex()
        row = current.row() + 1 if current.isValid() else len(self.doc.form.tasks)
        self.doc.insert_row("tasks", row, Task())
        self.select(self.model.index(row, 0))
        self.view.setFocus()
        self.view.edit(self.model.index(row, 0))  # the clerk types the 名称 straight away

    def remove_row(self) -> None:
        current = self.view.currentIndex()
        if self.read_only or not current.isValid():
            return
        row = current.row()
        self.doc.remove_row("tasks", row)
        if self.model.rowCount():
            self.select(self.model.index(min(row, self.model.rowCount() - 1), current.column()))

    def move_row(self, step: int) -> None:
        current = self.view.currentIndex()
        if self.read_only or not current.isValid():
            return
        target = current.row() + step
        if 0 <= target < self.model.rowCount():
            self.doc.move_row("tasks", current.row(), target)
            self.select(self.model.index(target, current.column()))


class IndicatorsPage(_RowsPage):
    title = labels.SECTION_INDICATORS
    rows = "indicators"

    def __init__(self, doc: FormDocument):
        super().__init__(doc, "indicators.ui")
        self.view: QTreeView = self.widget.findChild(QTreeView, "indicators")
        self.model = IndicatorTreeModel(doc, self.view)
        self.view.setModel(self.model)
        self.view.setWordWrap(True)
        self.view.setAlternatingRowColors(True)
        self.view.setEditTriggers(QAbstractItemView.EditTrigger.DoubleClicked
                                  | QAbstractItemView.EditTrigger.EditKeyPressed
                                  | QAbstractItemView.EditTrigger.AnyKeyPressed)
        header = self.view.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(1, 230)
        header.resizeSection(2, 230)
        self.model.modelReset.connect(self.view.expandAll)
        self.view.expandAll()
        self.add_button.setText("添加三级指标")
        _chain_tab_order([self.view, *self.buttons()])

    def add_row(self) -> None:
        if self.read_only:
            return
        current = self.view.currentIndex()
        if not current.isValid():
            current = self.model.index(0, 0)
        position = self.model.insert_position(current)
        if position is None:
            return
        row, indicator = position
        self.doc.insert_row("indicators", row, indicator)
        self.select(self.model.index_for_indicator(row))
        self.view.setFocus()
        self.view.edit(self.model.index_for_indicator(row))  # the clerk types the 三级指标 at once

    def remove_row(self) -> None:
        indicator = self.model.leaf_indicator(self.view.currentIndex())
        if self.read_only or indicator is None:
            return
        self.doc.remove_row("indicators", indicator)

    def move_row(self, step: int) -> None:
        current = self.view.currentIndex()
        source = self.model.leaf_indicator(current)
        target = self.model.sibling_indicator(current, step)
        if self.read_only or source is None or target is None:
            return
        self.doc.move_row("indicators", source, target)
        self.select(self.model.index_for_indicator(target, current.column()))


class SignoffPage:
    title = labels.field_label("signoff")

    def __init__(self, doc: FormDocument, bindings: Bindings):
        self.widget = load_page("signoff.ui")
        edits = []
        for name in labels.SIGNOFF_LABELS:
            path = f"signoff.{name}"
            edit = self.widget.findChild(QLineEdit, path)
            bindings.add(TextBinding(doc, path, edit))
            edits.append(edit)
        edits[-1].setPlaceholderText("例如 2026-01-15")
        _chain_tab_order(edits)
