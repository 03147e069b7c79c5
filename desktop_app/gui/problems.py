"""The core's check results in a list; activating one asks the window to show that field."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QDockWidget, QListWidget, QListWidgetItem

from ..core import checks
from ..core.model import FormBase
from ..core.problems import COMMENT, summary

_COLOURS = {checks.ERROR: QColor("#b00020"), checks.WARNING: QColor("#8a5a00"), COMMENT: QColor("#1a5fb4")}
PATH_ROLE = Qt.ItemDataRole.UserRole
TITLE = "检查结果"


class ProblemsPanel(QDockWidget):
    problemActivated = Signal(str)  # the interchange path of the field
    checked = Signal(list)          # the problems just found (the window counts them per tab)

    def __init__(self, parent=None):
        super().__init__(TITLE, parent)
        self.setObjectName("problems_panel")
        self.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        self.list = QListWidget(self)
        self.list.setObjectName("problems")
        self.list.setAccessibleName(TITLE)
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(self._activated)
        self.list.itemClicked.connect(self._activated)
        self.setWidget(self.list)
        self._form: FormBase | None = None
        # Checking every keystroke of a 400-row form is wasted work; a short pause is enough.
        self._timer = QTimer(self, singleShot=True, interval=150, timeout=self.refresh)
        self.problems: list[checks.Problem] = []

    def schedule(self, form: FormBase) -> None:
        self._form = form
        self._timer.start()

    def refresh_soon(self, form: FormBase) -> None:
        """Check once the window has painted: the clerk sees the form first, its problems a
        moment later (a check of a large form takes tens of milliseconds). What was listed for
        another form goes at once."""
        self._form = form
        self.problems = []
        self.list.clear()
        self.checked.emit([])
        self._timer.start(0)

    def refresh(self, form: FormBase | None = None) -> None:
        self._timer.stop()
        self._timer.setInterval(150)
        if form is not None:
            self._form = form
        if self._form is None:
            return
        self.problems = checks.check(self._form)
        self.list.clear()
        for problem in self.problems:
            item = QListWidgetItem(str(problem))
            item.setData(PATH_ROLE, problem.path)
            item.setForeground(QBrush(_COLOURS[problem.severity]))
            self.list.addItem(item)
        self.setWindowTitle(f"{TITLE}：{summary(self.problems).removeprefix('共 ')}" if self.problems
                            else f"{TITLE}：没有发现问题")
        self.checked.emit(self.problems)

    def _activated(self, item: QListWidgetItem) -> None:
        self.problemActivated.emit(item.data(PATH_ROLE))
