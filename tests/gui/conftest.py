"""Fixtures for the window tests: a shown MainWindow, and the clerk's dialogs answered by the
test (recorded, never modal)."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication


class ClerkAnswers:
    """What the dialogs were asked and what they answer."""

    def __init__(self):
        self.warnings: list[str] = []
        self.notices: list[str] = []
        self.unsaved_questions: list[str] = []
        self.save_path: Path | None = None
        self.open_path: Path | None = None
        self.pdf_path: Path | None = None
        self.unsaved_answer = "discard"
        self.recover = True
        self.recovery_conflicts: list[str] = []
        self.recovery_conflict_answer = "keep_both"
        self.form_kinds: list[list[str]] = []
        self.form_kind: int | None = 0     # which of the offered kinds of form 新建 makes


@pytest.fixture(autouse=True)
def clerk(monkeypatch) -> ClerkAnswers:
    from desktop_app.gui import dialogs

    answers = ClerkAnswers()
    monkeypatch.setattr(dialogs, "warn", lambda parent, text: answers.warnings.append(text))
    monkeypatch.setattr(dialogs, "notify", lambda parent, text: answers.notices.append(text))
    monkeypatch.setattr(dialogs, "ask_save_path", lambda parent, suggested: answers.save_path)
    monkeypatch.setattr(dialogs, "ask_open_path", lambda parent, folder="": answers.open_path)
    monkeypatch.setattr(dialogs, "ask_pdf_path", lambda parent, suggested: answers.pdf_path)
    monkeypatch.setattr(dialogs, "ask_recover", lambda parent, count: answers.recover)

    def conflict(parent, name):
        answers.recovery_conflicts.append(name)
        return answers.recovery_conflict_answer

    monkeypatch.setattr(dialogs, "ask_recovery_conflict", conflict)

    def form_kind(parent, kinds):
        answers.form_kinds.append(kinds)
        return answers.form_kind

    monkeypatch.setattr(dialogs, "ask_form_kind", form_kind)

    def unsaved(parent, text):
        answers.unsaved_questions.append(text)
        return answers.unsaved_answer

    monkeypatch.setattr(dialogs, "ask_unsaved", unsaved)
    return answers


@pytest.fixture
def make_window(qtbot):
    from desktop_app.gui.main_window import MainWindow

    def make(path=None):
        window = MainWindow()
        qtbot.addWidget(window)
        window.show()
        qtbot.waitExposed(window)
        qtbot.waitUntil(lambda: window.painted, timeout=3000)  # as the clerk first sees it
        # Keyboard shortcuts and focus need the active window (offscreen or a bare X server).
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=3000)
        if path is not None:
            assert window.open_path(path)
        return window

    return make


@pytest.fixture
def window(make_window):
    return make_window()


def commit_text(widget, text: str) -> None:
    """Types ``text`` as an input method would (keyClicks cannot send Chinese)."""
    event = QInputMethodEvent("", [])
    event.setCommitString(text)
    QApplication.sendEvent(widget, event)


def field(window, path: str):

    widget = window.widget_for(path)
    assert widget is not None and widget.objectName() == path, path
    return widget


def type_amount(qtbot, window, path: str, text: str, finish: bool = True) -> None:
    edit = field(window, path)
    window.focus_path(path)
    edit.selectAll()
    qtbot.keyClick(edit, Qt.Key.Key_Delete)
    qtbot.keyClicks(edit, text)
    if finish:
        qtbot.keyClick(edit, Qt.Key.Key_Return)


def export_pdf(qtbot, window, timeout: int = 30_000):
    """文件 → 导出PDF… to the clerk's answer, waited for: the export renders in the background."""
    job = window.export_pdf()
    if job is not None:
        qtbot.waitUntil(lambda: job.done, timeout=timeout)
    return job


def crash_after_typing(new_window: str, values: dict[str, str]) -> None:
    """A separate copy of the program opens ``new_window`` (Python making a MainWindow ``w``),
    types ``values`` (path -> Python expression) into the never-saved form, autosaves and is
    killed: its recovery copy is left pending for this process to offer."""
    import os
    import subprocess
    import sys

    from desktop_app.gui import recovery

    root = Path(__file__).resolve().parents[2]
    typed = "".join(f"w.document.set_value({path!r}, {value})\n" for path, value in values.items())
    code = ("import decimal, os\n"
            "from desktop_app.gui.app import create_application\n"
            "app = create_application([])\n"
            "from desktop_app.gui.main_window import MainWindow\n"
            f"{new_window}\n{typed}"
            "w.autosave()\n"
            "os.kill(os.getpid(), 9)\n")  # SIGKILL; on Windows TerminateProcess with exit code 9
    crashed = subprocess.run([sys.executable, "-c", code], cwd=root, capture_output=True,
                             env={**os.environ, "PYTHONPATH": str(root)}, timeout=60)
    assert crashed.returncode == (-9 if os.name != "nt" else 9), crashed.stderr
    assert len(recovery.pending()) == 1
    for entry in recovery.pending():
        entry.lock.release()  # only looked
