"""With no screen (issue 21, item 5: a disconnected remote-desktop session, Wine's platform plugin
failing) the program crashed in ``placement`` on the ``availableGeometry`` of no screen, then
said "安装可能不完整". Started as the clerk starts it (``run_gui``), it opens its window at the
preferred size; a start that does fail blames the installation only for a missing file of it."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from desktop_app.gui import app as gui_app
from desktop_app.gui import excepthook, placement


class _NoScreens:
    """``QGuiApplication`` as placement asks it, on a machine that has no screen."""

    @staticmethod
    def primaryScreen():
        return None

    @staticmethod
    def screens():
        return []


@pytest.fixture
def started(monkeypatch):
    """run_gui with its event loop replaced by a look at the windows; what the clerk was told."""
    seen: dict = {"critical": []}

    def look(self):
        from desktop_app.gui.main_window import all_windows

        windows = [w for w in all_windows() if w.isVisible()]
        seen["sizes"] = [w.size() for w in windows]
        for w in windows:
            w.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", look)
    monkeypatch.setattr(QMessageBox, "critical", lambda parent, title, text: seen["critical"].append(text))
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    monkeypatch.setattr(excepthook, "install_qt_message_log", lambda: None)  # pytest-qt owns it here
    return seen


def test_with_no_screen_the_window_opens_at_its_preferred_size(qtbot, monkeypatch, started):
    monkeypatch.setattr(placement, "QGuiApplication", _NoScreens)
    monkeypatch.setattr(QWidget, "screen", lambda self: None)
    assert gui_app.run_gui([]) == 0
    assert started["critical"] == []
    assert started["sizes"] == [placement.PREFERRED]
    # …and its dialogs and the check that keeps a window inside its screen do without one too.
    dialog = QWidget()
    qtbot.addWidget(dialog)
    placement.fit_dialog(dialog, placement.PREFERRED)
    assert dialog.size() == placement.PREFERRED
    dialog.show()
    placement.keep_inside(dialog)
    assert dialog.size() == placement.PREFERRED


def test_a_start_that_fails_blames_the_installation_only_for_a_missing_file(qtbot, monkeypatch, started):
    from desktop_app.gui import main_window
    from desktop_app.gui.uiload import MissingPart

    def broken(window):
        raise ValueError("a fault of the program, not of the installation")

    monkeypatch.setattr(main_window, "show_new_window", broken)
    assert gui_app.run_gui([]) == 2
    assert len(started["critical"]) == 1
    assert "安装可能不完整" not in started["critical"][0] and "意外错误" in started["critical"][0]

    def missing(window):
        raise MissingPart("cannot open comment_editor.ui")

    monkeypatch.setattr(main_window, "show_new_window", missing)
    assert gui_app.run_gui([]) == 2
    assert "安装可能不完整" in started["critical"][1]
