"""The reviewer's comment editor, driven by the keyboard alone."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QPlainTextEdit

from desktop_app.gui import dialogs


def _when_open(qtbot, steps):
    """Runs ``steps(dialog)`` once the modal editor is up (it blocks in ``exec``)."""
    seen = {}

    def poke():
        dialog = QApplication.activeModalWidget()
        if dialog is None or dialog.windowHandle() is None or not dialog.windowHandle().isExposed():
            QTimer.singleShot(20, poke)
            return
        seen["focus"] = steps(dialog)
        if dialog.isVisible():  # the keys did not close it: end the test rather than hang
            dialog.reject()

    QTimer.singleShot(0, poke)
    return seen


def test_tab_leaves_the_text_for_the_buttons_and_ctrl_enter_accepts(qtbot):
    def steps(dialog):
        edit = dialog.findChild(QPlainTextEdit, "comment_text")
        edit.insertPlainText("请补充测算依据")  # (QTest types Latin keys only)
        qtbot.keyClick(edit, Qt.Key.Key_Tab)
        focus = QApplication.focusWidget()
        qtbot.keyClick(focus, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        return focus

    seen = _when_open(qtbot, steps)
    assert dialogs.ask_comment(None, "基本支出") == "请补充测算依据"
    # Tab went on to the dialog's buttons: no tab character was typed into the comment.
    assert not isinstance(seen["focus"], QPlainTextEdit)
    assert isinstance(seen["focus"].parent(), QDialogButtonBox)


def test_ctrl_enter_does_nothing_while_the_comment_is_empty(qtbot):
    def steps(dialog):
        edit = dialog.findChild(QPlainTextEdit, "comment_text")
        qtbot.keyClick(edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        still_open = dialog.isVisible()
        qtbot.keyClick(edit, Qt.Key.Key_Escape)
        return still_open

    seen = _when_open(qtbot, steps)
    assert dialogs.ask_comment(None, "基本支出") is None
    assert seen["focus"] is True
