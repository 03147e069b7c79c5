"""A calendar beside a date field: picking a day writes it as ``YYYY-MM-DD``, one undoable
edit like typing it. The field still takes whatever the clerk types."""

from __future__ import annotations

from PySide6.QtCore import QDate, QEvent, QLocale, QObject, QPoint, QRect, Qt
from PySide6.QtGui import QColor, QIcon, QKeySequence, QPainter, QPixmap
from PySide6.QtWidgets import QCalendarWidget, QLineEdit, QMenu, QToolButton, QWidgetAction

from ..core.dates import parse_date
from .document import FormDocument

ISO = "yyyy-MM-dd"


def date_in(text: str) -> QDate | None:
    """The day a date field already names, in any form the checks accept (``core.dates``), so
    the calendar opens on it."""
    day = parse_date(text)
    return QDate(day.year, day.month, day.day) if day is not None else None


def _calendar_icon(size: int = 16) -> QIcon:
    """A small calendar leaf, drawn: no icon font or image file needed on a bare machine."""
    pixmap = QPixmap(size, size)
    pixmap.fill(Qt.GlobalColor.transparent)
    p = QPainter(pixmap)
    p.setPen(QColor("#505050"))
    p.setBrush(QColor("white"))
    p.drawRect(QRect(1, 2, size - 3, size - 4))
    p.fillRect(QRect(2, 3, size - 4, 3), QColor("#b00020"))
    for row in range(2):
        for col in range(3):
            p.fillRect(QRect(4 + col * 3, 8 + row * 3, 2, 2), QColor("#505050"))
    p.end()
    return QIcon(pixmap)


class DatePicker(QToolButton):
    """The button beside ``edit`` (the field of ``path``); Alt+↓ in the field opens it too."""

    def __init__(self, doc: FormDocument, path: str, edit: QLineEdit, parent=None):
        super().__init__(parent)
        self.doc, self.path, self.edit = doc, path, edit
        self.setObjectName(f"{path}__picker")
        label = doc.label(path)
        self.setIcon(_calendar_icon())
        self.setToolTip(f"选择{label}（Alt+↓）")
        self.setAccessibleName(f"选择{label}")
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Alt+↓ from the field: not another tab stop
        self.menu = QMenu(self)
        self.calendar = QCalendarWidget(self.menu)
        self.calendar.setObjectName(f"{path}__calendar")
        self.calendar.setGridVisible(True)
        # In Chinese whatever the machine's locale (month and day names are the locale's).
        self.calendar.setLocale(QLocale(QLocale.Language.Chinese, QLocale.Country.China))
        self.calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
        self.calendar.setVerticalHeaderFormat(QCalendarWidget.VerticalHeaderFormat.NoVerticalHeader)
        action = QWidgetAction(self.menu)
        action.setDefaultWidget(self.calendar)
        self.menu.addAction(action)
        self.menu.aboutToShow.connect(self._opening)
        self.calendar.clicked.connect(self.pick)
        self.calendar.activated.connect(self.pick)
        self.clicked.connect(self.open_calendar)
        edit.installEventFilter(self)

    def _opening(self) -> None:
        self.calendar.setSelectedDate(date_in(self.edit.text()) or QDate.currentDate())

    def open_calendar(self) -> None:
        self.menu.popup(self.edit.mapToGlobal(QPoint(0, self.edit.height())))
        self.calendar.setFocus()

    def pick(self, date: QDate) -> None:
        """The day chosen, written as one edit of its own."""
        self.menu.close()
        if self.edit.isReadOnly():
            return
        self.doc.end_typing()
        self.doc.set_value(self.path, date.toString(ISO))
        self.doc.end_typing()
        self.edit.setFocus(Qt.FocusReason.PopupFocusReason)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.edit and event.type() == QEvent.Type.KeyPress and \
                event.keyCombination() == QKeySequence("Alt+Down")[0]:
            self.open_calendar()
            return True
        return False
