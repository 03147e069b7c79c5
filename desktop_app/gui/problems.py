"""The core's check results in a list; activating one asks the window to show that field."""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QAbstractEventDispatcher, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QPalette
from PySide6.QtWidgets import QDockWidget, QFrame

if TYPE_CHECKING:
    from PySide6.QtWidgets import QListWidget, QListWidgetItem

from ..core.model import FormBase
from ..core.problems import COMMENT, summary
from ..core.spec import ERROR, WARNING

if TYPE_CHECKING:  # the checks are imported by the first check, after the window is painted
    from collections.abc import Iterator

    from ..core.checks import Problem

_COLOURS = {ERROR: QColor("#b00020"), WARNING: QColor("#8a5a00"), COMMENT: QColor("#1a5fb4")}
PATH_ROLE = Qt.ItemDataRole.UserRole
TITLE = "检查结果"
LISTED = 500  # a form of ten thousand rows can have ten thousand problems; nobody reads past these
# Errors first, then 提示, then the reviewer's comments: an error is never below the fold.
_ORDER = {ERROR: 0, WARNING: 1, COMMENT: 2}
# How long the check of a large form may keep the window from answering at a time: it goes on
# in the next turn of the event loop (a form of 20,000 rows takes some 0.3-0.6 s in all).
TURN_S = 0.025


class ProblemsPanel(QDockWidget):
    problemActivated = Signal(str)  # the interchange path of the field
    # The problems just found (the window counts them per tab); an object, not a list, which
    # Qt would copy item by item (20,000 problems: a tenth of a second).
    checked = Signal(object)

    def __init__(self, parent=None):
        super().__init__(TITLE, parent)
        self.setObjectName("problems_panel")
        self.setFeatures(QDockWidget.DockWidgetFeature.DockWidgetMovable
                         | QDockWidget.DockWidgetFeature.DockWidgetFloatable)
        # The list's place, looking as the empty list does: Qt's item views take some 20 ms to
        # load, and the list has nothing to show before the first check (``list``).
        self._list: QListWidget | None = None
        blank = QFrame(self)
        blank.setFrameStyle(QFrame.Shape.StyledPanel | QFrame.Shadow.Sunken)
        blank.setAutoFillBackground(True)
        blank.setBackgroundRole(QPalette.ColorRole.Base)
        self.setWidget(blank)
        self._form: FormBase | None = None
        # Checking every keystroke of a 400-row form is wasted work; a short pause is enough.
        self._timer = QTimer(self, singleShot=True, interval=150, timeout=self._start)
        # A check under way (``core.checks.steps``), a step after another while the clerk's
        # events come between; dropped when anything asks for a newer one.
        self._steps: Iterator[list[Problem]] | None = None
        self._found: list[Problem] = []
        self._stepper = QTimer(self, singleShot=True, interval=0, timeout=self._step)
        # When the present turn of the event loop began: other work of the same turn (a tree
        # opening its levels, a tab being built) counts against the check's share of it.
        self._turn_began = 0.0
        self._waited = False
        self.problems: list[Problem] = []
        self._held = False

    @property
    def list(self) -> QListWidget:
        if self._list is None:
            from PySide6.QtWidgets import QListWidget

            self._list = QListWidget(self)
            self._list.setObjectName("problems")
            self._list.setAccessibleName(TITLE)
            self._list.setWordWrap(True)
            self._list.itemActivated.connect(self._activated)
            self._list.itemClicked.connect(self._activated)
            blank = self.widget()
            self.setWidget(self._list)
            blank.deleteLater()
        return self._list

    def hold(self) -> None:
        """No check until ``release``; asked-for checks wait (an explicit ``refresh`` does not)."""
        self._held = True

    def release(self) -> None:
        self._held = False
        self.list  # noqa: B018  (made now, while the clerk looks at the form)
        if self._form is not None:
            self._timer.start(0)

    @property
    def checking(self) -> bool:
        """Whether a check is asked for or under way and its problems not yet listed."""
        return self._steps is not None or self._timer.isActive() or (self._held and self._form is not None)

    def schedule(self, form: FormBase) -> None:
        self._form = form
        self._drop_steps()  # what it would list is of the form before this change
        if not self._held:
            self._timer.start()

    def refresh_soon(self, form: FormBase) -> None:
        """Check once the window has painted: the clerk sees the form first, its problems a
        moment later (a check of a large form takes tens of milliseconds). What was listed for
        another form goes at once."""
        self._form = form
        self._drop_steps()
        self.problems = []
        if self._list is not None:
            self._list.clear()
        self.checked.emit([])
        if not self._held:
            self._timer.start(0)

    def refresh(self, form: FormBase | None = None) -> None:
        """Checks the form now, in one go."""
        self._timer.stop()
        self._timer.setInterval(150)
        self._drop_steps()
        if form is not None:
            self._form = form
        if self._form is None:
            return
        from ..core import checks

        self._list_found(checks.check(self._form))

    def _start(self) -> None:
        """Starts a check that goes on over as many turns of the event loop as it needs (one,
        for a form of a few hundred rows)."""
        self._timer.setInterval(150)
        self._drop_steps()
        if self._form is None:
            return
        from ..core import checks

        self._steps, self._found = checks.steps(self._form), []
        self._turn_began, self._waited = time.perf_counter(), False
        QAbstractEventDispatcher.instance().awake.connect(self._turn_begins)
        self._step()

    def _turn_begins(self) -> None:
        self._turn_began = time.perf_counter()

    def _step(self) -> None:
        steps = self._steps
        if steps is None:
            return
        until = self._turn_began + TURN_S
        if time.perf_counter() >= until and not self._waited:
            self._waited = True  # the turn is spent already: the next (and one step then at least)
            self._stepper.start()
            return
        self._waited = False
        for found in steps:
            self._found += found
            if time.perf_counter() >= until:
                self._stepper.start()
                return
        found, self._found = self._found, []
        self._drop_steps()
        self._list_found(found)

    def _drop_steps(self) -> None:
        self._stepper.stop()
        if self._steps is not None:
            self._steps.close()
            QAbstractEventDispatcher.instance().awake.disconnect(self._turn_begins)
        self._steps, self._found = None, []

    def _list_found(self, found: list[Problem]) -> None:
        self.problems = sorted(found, key=lambda p: _ORDER.get(p.severity, len(_ORDER)))
        self._show(self.problems[:LISTED], len(self.problems) - LISTED)
        self.setWindowTitle(f"{TITLE}：{summary(self.problems).removeprefix('共 ')}" if self.problems
                            else f"{TITLE}：没有发现问题")
        self.checked.emit(self.problems)

    def height_for(self, lines: int) -> int:
        """The panel's height that shows ``lines`` problems: the list, its frame, the title."""
        title = self.fontMetrics().height() + 8
        return title + (self.fontMetrics().lineSpacing() + 2) * lines + 6

    def _show(self, listed: list, more: int) -> None:
        """Changes only the lines that differ from what is shown: typing in one field changes
        one problem, not the list."""
        from PySide6.QtWidgets import QListWidgetItem

        lines = [(str(p), p.path, p.severity) for p in listed]
        if more > 0:
            lines.append((f"……还有 {more} 个问题未列出，请先改正上面的问题", "", "more"))
        self.list.setUpdatesEnabled(False)
        try:
            for row, (text, path, severity) in enumerate(lines):
                item = self.list.item(row)
                if item is None:
                    item = QListWidgetItem()
                    self.list.addItem(item)
                elif item.text() == text and item.data(PATH_ROLE) == path:
                    continue
                item.setText(text)
                item.setData(PATH_ROLE, path)
                item.setForeground(QBrush(_COLOURS.get(severity, QColor("#555555"))))
            while self.list.count() > len(lines):
                self.list.takeItem(self.list.count() - 1)
        finally:
            self.list.setUpdatesEnabled(True)

    def _activated(self, item: QListWidgetItem) -> None:
        if item.data(PATH_ROLE):
            self.problemActivated.emit(item.data(PATH_ROLE))
