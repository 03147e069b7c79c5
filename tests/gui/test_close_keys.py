"""Close is Ctrl+W as in every browser and WPS, and Ctrl+F4 (issue 21, item 6): the window set
``StandardKey.Close`` as its shortcut, which is only the platform's first binding — Ctrl+F4 —
so Ctrl+W did nothing. Pressed as the clerk presses them, from a field and from a table."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from .conftest import field


@pytest.mark.parametrize("key", [Qt.Key.Key_W, Qt.Key.Key_F4], ids=["Ctrl+W", "Ctrl+F4"])
@pytest.mark.parametrize("where", ["department", "tasks"])
def test_the_close_keys_close_the_window(qtbot, make_window, seed_draft, key, where):
    window = make_window(seed_draft)
    window.focus_path(where)
    target = field(window, where) if where == "department" else window.part_for(where).view
    qtbot.waitUntil(target.isVisible, timeout=3000)
    target.setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is target, timeout=3000)
    assert window.isVisible()
    qtbot.keyClick(target, key, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: not window.isVisible(), timeout=3000)
    assert window.session.path is None  # closed as 关闭窗口 closes: the draft let go
