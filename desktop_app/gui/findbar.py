"""查找 (Ctrl+F): a bar under the form that finds a text in every tab, fields and table cells
(``core.find``), built or not. Enter / F3 go to the next match, Shift+Enter / Shift+F3 to the
previous; each is brought into view — its tab shown, its cell made current, its text selected —
while the typing stays in the bar. Esc closes the bar and puts the clerk in the field of the
match."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QKeySequence, QShortcut, QTextCursor
from PySide6.QtWidgets import QComboBox, QFrame, QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit, QPushButton, QWidget

from ..core.find import Match, find_all

if TYPE_CHECKING:
    from .main_window import MainWindow


class _FindEdit(QLineEdit):
    """Enter and Shift+Enter step through the matches; Esc closes the bar."""

    def __init__(self, bar: "FindBar"):
        super().__init__(bar)
        self.bar = bar

    def keyPressEvent(self, event) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.bar.step(-1 if event.modifiers() & Qt.KeyboardModifier.ShiftModifier else +1)
            return
        if event.key() == Qt.Key.Key_Escape:
            self.bar.close_bar()
            return
        super().keyPressEvent(event)


class FindBar(QFrame):
    def __init__(self, window: "MainWindow"):
        super().__init__(window)
        self.setObjectName("find_bar")
        self.window_ = window
        self.matches: list[Match] = []
        self.current = -1
        self.edit = _FindEdit(self)
        self.edit.setObjectName("find_text")
        self.edit.setPlaceholderText("查找：在所有页的栏目和表格中")
        self.edit.setAccessibleName("查找")
        self.edit.setClearButtonEnabled(True)
        self.edit.textChanged.connect(self._typed)
        self.count = QLabel(self)
        self.count.setObjectName("find_count")
        previous = QPushButton("上一个", self)
        previous.setToolTip("上一个（Shift+Enter、Shift+F3）")
        previous.clicked.connect(lambda: self.step(-1))
        following = QPushButton("下一个", self)
        following.setToolTip("下一个（Enter、F3）")
        following.clicked.connect(lambda: self.step(+1))
        done = QPushButton("关闭", self)
        done.setToolTip("关闭查找，回到表单（Esc）")
        done.clicked.connect(self.close_bar)
        for button in (previous, following, done):
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 2, 0, 2)
        row.addWidget(QLabel("查找：", self))
        row.addWidget(self.edit, 1)
        row.addWidget(self.count)
        row.addWidget(previous)
        row.addWidget(following)
        row.addWidget(done)
        # Esc anywhere in the bar (a button has focus) closes it too.
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.close_bar, context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.hide()

    # -- the clerk's commands -----------------------------------------------------------------

    def open(self) -> None:
        """Ctrl+F: the bar shown, its text selected to be typed over."""
        self.show()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.edit.selectAll()
        self._typed(self.edit.text())

    def step(self, step: int) -> Match | None:
        """The next (+1) or previous (-1) match, wrapping at the ends, shown and selected."""
        if not self.isVisible():
            self.open()
        self.matches = find_all(self.window_.form, self.edit.text())  # the form may have changed
        if not self.matches:
            self.current = -1
            self._count()
            return None
        self.current = (self.current + step) % len(self.matches) if self.current >= 0 else (0 if step > 0 else -1)
        self.current %= len(self.matches)
        match = self.matches[self.current]
        self._count()
        self.reveal(match)
        self.edit.setFocus(Qt.FocusReason.OtherFocusReason)
        return match

    def close_bar(self) -> None:
        """Esc: back to the form, in the field of the match shown last."""
        self.hide()
        match = self.matches[self.current] if 0 <= self.current < len(self.matches) else None
        if match is not None:
            self.window_.focus_path(match.path)
            self._select(match)
        elif 0 <= self.window_.tabs.currentIndex() < len(self.window_.pages):
            first = self.window_.pages[self.window_.tabs.currentIndex()].first_input()
            if first is not None:
                first.setFocus(Qt.FocusReason.OtherFocusReason)

    # -- showing a match ----------------------------------------------------------------------

    def _typed(self, text: str) -> None:
        self.matches = find_all(self.window_.form, text)
        self.current = -1
        self._count()

    def _count(self) -> None:
        if not self.edit.text().strip():
            self.count.setText("")
        elif not self.matches:
            self.count.setText("没有找到")
        elif self.current < 0:
            self.count.setText(f"共 {len(self.matches)} 处")
        else:
            self.count.setText(f"第 {self.current + 1} / {len(self.matches)} 处")

    def reveal(self, match: Match) -> None:
        """The match's tab shown and its cell or field scrolled into view, its text selected."""
        window = self.window_
        page = window.page_of(match.path)
        if page is None:
            return
        window.tabs.setCurrentWidget(page.widget)
        part = page.part_for(match.path)
        view = getattr(part, "view", None)
        if view is not None:
            index = part.model.index_for_path(match.path)
            if index.isValid():
                view.go_to(index)
                # A tab built just now (or narrowed by the help beside it) lays its rows out
                # again, with their wrapped heights, after this turn: scrolled to again once it
                # has, the row is where the first scroll meant it.
                path = match.path
                for delay in (0, 200):
                    QTimer.singleShot(delay, view, lambda: self._scroll(part, path))
        else:
            widget = window.findChild(QWidget, match.path)
            if widget is not None:
                page.widget.ensureWidgetVisible(widget)
        self._select(match)

    @staticmethod
    def _scroll(part, path: str) -> None:
        index = part.model.index_for_path(path)
        if index.isValid():
            part.view.scrollTo(index)

    def _select(self, match: Match) -> None:
        window = self.window_
        widget = window.findChild(QWidget, match.path)
        if widget is None:  # a cell: its long text is in the box below the table
            from ..core.fieldpath import parse

            p = parse(match.path)
            widget = window.findChild(QWidget, f"{p.member}__detail__{p.key}")
        if isinstance(widget, QComboBox):
            widget = widget.lineEdit()
        if isinstance(widget, QLineEdit):
            widget.setSelection(match.start, match.end - match.start)
        elif isinstance(widget, QPlainTextEdit):
            cursor = widget.textCursor()
            cursor.setPosition(min(match.start, len(widget.toPlainText())))
            cursor.setPosition(min(match.end, len(widget.toPlainText())), QTextCursor.MoveMode.KeepAnchor)
            widget.setTextCursor(cursor)
            widget.ensureCursorVisible()
