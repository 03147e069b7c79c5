"""A comment typed in place: one shortcut (or the right-click menu) opens a one-line box just
below the field or cell it is on; Enter adds the comment, Esc drops it. No dialog to open,
fill and confirm."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, Qt, Signal
from PySide6.QtWidgets import QFrame, QLabel, QLineEdit, QVBoxLayout, QWidget

from ...core import review as R


class QuickComment(QFrame):
    submitted = Signal(str, str)   # path, text

    def __init__(self, window: QWidget):
        super().__init__(window)
        self.setObjectName("quick_comment")
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.setStyleSheet("#quick_comment { background: #fffbe6; border: 1px solid #c9a227; }")
        self.path = ""
        self._active = False
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 6)
        self.where = QLabel(self)
        self.where.setObjectName("quick_comment_where")
        self.edit = QLineEdit(self)
        self.edit.setObjectName("quick_comment_text")
        self.edit.setAccessibleName("审核意见")
        self.edit.setMaxLength(R.MAX_COMMENT_CHARS)
        self.edit.setPlaceholderText("输入意见，Enter 添加，Esc 取消")
        layout.addWidget(self.where)
        layout.addWidget(self.edit)
        self.edit.installEventFilter(self)
        self.hide()

    def start(self, path: str, where: str, anchor: QWidget | None) -> None:
        """Opens the box for a comment on ``path``, below ``anchor`` (the field or the view)."""
        self.path = path
        self.where.setText(f"对「{where}」的审核意见：")
        self.edit.clear()
        window = self.parentWidget()
        width = min(520, max(320, window.width() // 3))
        self.resize(width, self.sizeHint().height())
        if anchor is not None and anchor.isVisible():
            below = anchor.mapTo(window, QPoint(0, anchor.height()))
        else:
            below = QPoint((window.width() - width) // 2, window.height() // 3)
        x = max(0, min(below.x(), window.width() - width))
        y = max(0, min(below.y() + 2, window.height() - self.height()))
        self.move(x, y)
        self._active = True
        self.show()
        self.raise_()
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def eventFilter(self, obj, event) -> bool:
        if obj is self.edit and event.type() == QEvent.Type.KeyPress:
            if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                self.commit()
                return True
            if event.key() == Qt.Key.Key_Escape:
                self._active = False
                self.hide()
                return True
        if obj is self.edit and event.type() == QEvent.Type.FocusOut and self._active:
            # Clicking elsewhere keeps what was typed rather than dropping it.
            if event.reason() not in (Qt.FocusReason.PopupFocusReason, Qt.FocusReason.ActiveWindowFocusReason):
                self.commit()
        return False

    def commit(self) -> None:
        if not self._active:
            return
        self._active = False
        text = self.edit.text().strip()
        self.hide()
        if text:
            self.submitted.emit(self.path, text)
