"""Markers beside the fields that carry unresolved review comments, so the clerk sees each one
where it applies: a 意见 mark inside a one-line field (the field kept wide enough for its value
and the mark), a button in room kept for it at the corner of a long text or a total, and beside a
row table's buttons (counting that table's comments). A marker never covers content. Its tooltip
reads the comments; clicking it opens them in the 审核意见 panel.

Tabs are built when first shown, so markers are placed again whenever a tab appears, the form
changes or the comments do."""

from __future__ import annotations

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QColor, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QAbstractItemView, QAbstractScrollArea, QComboBox, QLineEdit, QToolButton, QWidget

from ...core import review as R
from ...core.fieldpath import parse
from ..fields import fit_to_text
from ..amountgrid import TOTAL
from ..seam import WindowSeam
from .edits import ReviewEdits

MARK = "comment_marker__"  # object name prefix: comment_marker__<path>


def _icon() -> QIcon:
    pixmap = QPixmap(14, 14)
    pixmap.fill(QColor(0, 0, 0, 0))
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setBrush(QColor("#f2b600"))
    painter.setPen(QColor("#8a5a00"))
    painter.drawRoundedRect(1, 1, 12, 10, 3, 3)   # a speech bubble…
    painter.drawLine(4, 11, 3, 13)
    for x in (4, 7, 10):                           # …with three dots
        painter.drawPoint(x, 6)
    painter.end()
    return QIcon(pixmap)


class _Corner(QObject):
    """Keeps a marker button in the top right corner of its widget, in room the widget keeps
    free for it while it is there: a strip above a long text's first line (its viewport's
    margin), a margin right of a total's figure. It covers nothing."""

    def __init__(self, button: QToolButton, target: QWidget):
        super().__init__(button)
        self.button, self.target = button, target
        self.margins = target.contentsMargins()
        self.scrolls = isinstance(target, QAbstractScrollArea)
        target.installEventFilter(self)
        self.reserve(True)
        self.place()

    def reserve(self, on: bool) -> None:
        size = self.button.sizeHint()
        if self.scrolls:
            self.target.setViewportMargins(0, size.height() + 2 if on else 0, 0, 0)
        else:
            m = self.margins
            self.target.setContentsMargins(m.left(), m.top(), m.right() + (size.width() + 4 if on else 0), m.bottom())

    def release(self) -> None:
        if shiboken6.isValid(self.target):
            self.target.removeEventFilter(self)
            self.reserve(False)

    def place(self) -> None:
        self.button.adjustSize()
        target, width = self.target, self.button.width()
        if self.scrolls:
            bar = target.verticalScrollBar()
            right = target.frameWidth() + (bar.width() if bar.isVisible() else 0) + 2
            self.button.move(max(0, target.width() - width - right), target.frameWidth() + 1)
        else:
            self.button.move(max(0, target.width() - width - 2), max(0, (target.height() - self.button.height()) // 2))
        self.button.raise_()

    def eventFilter(self, obj, event):
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Show):
            self.place()
        return False


class CommentMarkers(QObject):
    markerClicked = Signal(int)   # the index of the first comment the marker stands for

    def __init__(self, seam: WindowSeam, edits: ReviewEdits, parent: QObject | None = None):
        super().__init__(parent)
        self.seam, self.edits = seam, edits
        self.icon = _icon()
        self.placed: dict[str, tuple[QWidget, QObject]] = {}   # path or table -> (widget, marker)
        self._soon = QTimer(self, singleShot=True, interval=0, timeout=self.refresh)
        edits.changed.connect(self.refresh_soon)
        edits.moved.connect(self.refresh_soon)
        edits.doc.formReplaced.connect(self.refresh_soon)
        edits.doc.rowsChanged.connect(lambda _: self.refresh_soon())
        seam.tab_shown.connect(lambda _: self.refresh_soon())

    def refresh_soon(self) -> None:
        self._soon.start()

    def _clear(self) -> None:
        for widget, marker in self.placed.values():
            if not shiboken6.isValid(marker):
                continue
            if isinstance(marker, QAction):
                if shiboken6.isValid(widget):
                    widget.removeAction(marker)
                    fit_to_text(widget)  # the room kept for the mark is given back
            else:
                marker.hide()
                corner = marker.findChild(_Corner)
                if corner is not None:
                    corner.release()
            marker.setParent(None)  # out of the window's tree at once (findChild no longer sees it)
            marker.deleteLater()
        self.placed = {}

    def refresh(self) -> None:
        self._soon.stop()
        self._clear()
        form = self.edits.doc.form
        wanted: dict[str, list[int]] = {}
        for i, c in enumerate(form.review.comments):
            if c.resolved or not R.path_exists(form, c.path):
                continue
            wanted.setdefault(self.widget_name(form, c.path), []).append(i)
        for where, indexes in wanted.items():
            widget = self.seam.widget_named(where)
            if widget is None:
                continue  # its tab is not built yet: placed when it is shown
            texts = [form.review.comments[i].text for i in indexes]
            tip = "审核意见：\n" + "\n".join(f"· {t}" for t in texts[:10]) + (f"\n…共 {len(texts)} 条" if len(texts) > 10 else "")
            self.placed[where] = (widget, self._mark(widget, where, indexes[0], len(indexes), tip))

    @staticmethod
    def widget_name(form, path: str) -> str:
        """The object name of the widget that shows ``path``: its input, a total's label, or
        for a row or cell, its table."""
        total = form.spec.total_at(path)
        if total is not None:
            return f"{TOTAL}{total.key}"
        p = parse(path)
        return path if p.row is None and form.spec.field_at(path) is not None else p.member

    def _mark(self, widget: QWidget, where: str, first: int, count: int, tip: str) -> QObject:
        edit = widget.lineEdit() if isinstance(widget, QComboBox) and widget.lineEdit() else widget
        if isinstance(edit, QLineEdit):
            action = QAction(self.icon, f"{count} 条审核意见", edit)
            action.setObjectName(f"{MARK}{where}")
            action.setToolTip(tip)
            action.triggered.connect(lambda: self.markerClicked.emit(first))
            edit.addAction(action, QLineEdit.ActionPosition.TrailingPosition)
            fit_to_text(edit)  # the mark takes room: the value must still show whole
            return action
        button = QToolButton(widget)
        button.setObjectName(f"{MARK}{where}")
        button.setText(f"意见 {count}" if isinstance(widget, QAbstractItemView) else "意见")
        button.setIcon(self.icon)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setToolTip(tip)
        button.setAccessibleName(f"{count} 条审核意见")
        button.setStyleSheet("QToolButton { background: #fff4ce; border: 1px solid #e0c060; border-radius: 3px;"
                             " padding: 0 3px; }")
        button.clicked.connect(lambda: self.markerClicked.emit(first))
        row = _marker_row(widget) if isinstance(widget, QAbstractItemView) else None
        if row is not None:
            row(button)  # a row table: beside its buttons, over none of its cells or headings
        else:
            _Corner(button, widget)
        button.show()
        return button


def _marker_row(widget: QWidget):
    """The place a row table's panel keeps for its markers (``add_marker``), if ``widget`` is
    one's table."""
    w = widget.parentWidget()
    while w is not None:
        add = getattr(w, "add_marker", None)
        if callable(add):
            return add
        w = w.parentWidget()
    return None
