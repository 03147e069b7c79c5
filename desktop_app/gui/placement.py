"""Where a window opens and how big: fitted to the screen it is on, maximised on a small one,
and where the clerk left it last time (``QSettings`` in the program's data folder, beside the
recent files) — but only while that place is still on a connected screen."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QSize, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QWidget

from . import recent

PREFERRED = QSize(1180, 820)   # the whole form at a comfortable size, when the screen has room
_GEOMETRY, _MAXIMISED = "window/geometry", "window/maximised"
_BORDER, _TITLE = 8, 32         # room for a window frame, before the window has one
_FRAME = QSize(2 * _BORDER, _TITLE + _BORDER)


def _available(widget: QWidget | None = None) -> QRect | None:
    """The room on ``widget``'s screen (or the primary one); None when there is no screen at
    all (a disconnected remote-desktop session, a platform plugin that found none): the window
    then opens at its preferred size, wherever the platform puts it."""
    screen = (widget.screen() if widget is not None else None) or QGuiApplication.primaryScreen()
    if screen is None:
        return None
    available = screen.availableGeometry()
    return available if available.isValid() and not available.isEmpty() else None


def fitted(available: QRect, preferred: QSize = PREFERRED) -> tuple[QRect, bool]:
    """The normal geometry for a first start on a screen with ``available`` room, and whether
    to maximise: when the preferred size with its frame does not fit, the window takes the
    whole screen (and its normal geometry is the screen, for a platform without maximise)."""
    room = available.size() - _FRAME
    if preferred.width() > room.width() or preferred.height() > room.height():
        return QRect(available), True
    rect = QRect(0, 0, preferred.width(), preferred.height())
    rect.moveCenter(available.center())
    return rect, False


def on_a_screen(rect: QRect, screens: list[QRect]) -> QRect | None:
    """``rect`` if its middle is still on one of ``screens`` (available geometries), moved and
    cut down so that it and its frame are inside that screen; None if its screen is gone."""
    for available in screens:
        if available.contains(rect.center()):
            inner = available.adjusted(_BORDER, _TITLE, -_BORDER, -_BORDER)
            size = rect.size().boundedTo(inner.size())
            placed = QRect(rect.topLeft(), size)
            placed.moveLeft(min(max(placed.left(), inner.left()), inner.right() - size.width() + 1))
            placed.moveTop(min(max(placed.top(), inner.top()), inner.bottom() - size.height() + 1))
            return placed
    return None


def remembered() -> tuple[QRect, bool] | None:
    try:
        settings = recent.settings()
    except OSError:  # an unusable data folder: the window opens fitted, as on a first start
        return None
    value = settings.value(_GEOMETRY)
    try:
        x, y, w, h = (int(v) for v in str(value).split(","))
    except (TypeError, ValueError):
        return None
    if w <= 0 or h <= 0:
        return None
    rect = on_a_screen(QRect(x, y, w, h), [s.availableGeometry() for s in QGuiApplication.screens()])
    if rect is None:
        return None
    return rect, str(settings.value(_MAXIMISED, "false")).lower() == "true"


def remember(window: QWidget) -> None:
    rect = window.normalGeometry() if window.isMaximized() else window.geometry()
    try:
        settings = recent.settings()
    except OSError:
        return
    settings.setValue(_GEOMETRY, f"{rect.x()},{rect.y()},{rect.width()},{rect.height()}")
    settings.setValue(_MAXIMISED, "true" if window.isMaximized() else "false")
    settings.sync()


def show(window: QWidget) -> None:
    """Shows ``window`` where it was last time, or fitted to the screen."""
    available = _available(window)
    place = remembered() or (fitted(available) if available is not None else (QRect(QPoint(0, 0), PREFERRED), False))
    rect, maximise = place
    window.setGeometry(rect)
    if maximise:
        window.showMaximized()
    else:
        window.show()
    QTimer.singleShot(0, lambda: keep_inside(window))


def fit_dialog(dialog: QWidget, preferred: QSize) -> None:
    """A dialog at ``preferred`` size or less, on its parent's screen, never past its edges."""
    available = _available(dialog.parentWidget() or dialog)
    if available is None:
        dialog.resize(preferred)
        return
    size = preferred.boundedTo(available.size() - _FRAME)
    rect = QRect(0, 0, size.width(), size.height())
    rect.moveCenter(available.center())
    dialog.setGeometry(rect)


def keep_inside(window: QWidget) -> None:
    """Once shown (and framed by the window manager), pulls a window that sticks out back in."""
    try:
        if not window.isVisible() or window.isMaximized() or window.isFullScreen():
            return
    except RuntimeError:  # deleted meanwhile
        return
    available = _available(window)
    frame = window.frameGeometry()
    if available is None or available.contains(frame):
        return
    extra = frame.size() - window.geometry().size()
    size = window.size().boundedTo(available.size() - extra)
    window.resize(size)
    frame = QRect(window.frameGeometry().topLeft(), size + extra)
    dx = min(0, available.right() - frame.right()) or max(0, available.left() - frame.left())
    dy = min(0, available.bottom() - frame.bottom()) or max(0, available.top() - frame.top())
    window.move(window.pos().x() + dx, window.pos().y() + dy)
