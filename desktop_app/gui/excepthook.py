"""Unexpected errors: logged with their traceback, told to the clerk in one short sentence,
and the program goes on — after putting every window's edits somewhere safe."""

from __future__ import annotations

import sys
import traceback

from PySide6.QtCore import QtMsgType, qInstallMessageHandler

from .. import paths
from ..logsetup import log, setup_logging

MESSAGE = "程序出现意外错误，已记录在日志文件中：\n{log}\n\n填写的内容已保存，可以继续工作。"
_shown = []  # keeps the non-modal message boxes alive


def handle_exception(exc_type, exc, tb) -> None:
    if issubclass(exc_type, KeyboardInterrupt):
        return
    try:
        setup_logging()
        log.error("unexpected error\n%s", "".join(traceback.format_exception(exc_type, exc, tb)))
    except Exception:
        pass
    from . import dialogs
    from .main_window import all_windows

    windows = all_windows()
    for window in windows:
        window.emergency_save()
    try:
        parent = next((w for w in windows if w.isVisible()), None)
        if not any(box.isVisible() for box in _shown):  # one message for a burst of errors
            _shown.clear()
            _shown.append(dialogs.notify(parent, MESSAGE.format(log=paths.log_path())))
    except Exception:
        log.exception("could not show the error message")


def install() -> None:
    sys.excepthook = handle_exception


def _qt_message(mode, context, message) -> None:
    if mode in (QtMsgType.QtCriticalMsg, QtMsgType.QtFatalMsg):
        log.error("Qt: %s", message)
    elif mode == QtMsgType.QtWarningMsg:
        log.warning("Qt: %s", message)


def install_qt_message_log() -> None:
    """Qt's own warnings go to the log file too (not in tests: pytest-qt watches them)."""
    qInstallMessageHandler(_qt_message)
