"""Run by test_screens in a fresh process on Xvfb: real key presses (the X server's XTEST
extension, as a keyboard makes them) into the task grid, through the xcb platform's own key
handling — modifier state, keyboard layout and Qt's shortcut map, which the offscreen tests
do not exercise. Prints on the last line of stdout JSON of what each step found.

``keys_driver.py DRAFT``"""

from __future__ import annotations

import ctypes
import json
import sys
import time


class Keyboard:
    """Key presses sent through XTEST to whatever window has the X input focus."""

    def __init__(self):
        self.x11 = ctypes.CDLL("libX11.so.6")
        self.xtst = ctypes.CDLL("libXtst.so.6")
        self.x11.XOpenDisplay.restype = ctypes.c_void_p
        self.x11.XOpenDisplay.argtypes = [ctypes.c_char_p]
        self.x11.XStringToKeysym.restype = ctypes.c_ulong
        self.x11.XStringToKeysym.argtypes = [ctypes.c_char_p]
        self.x11.XKeysymToKeycode.restype = ctypes.c_ubyte
        self.x11.XKeysymToKeycode.argtypes = [ctypes.c_void_p, ctypes.c_ulong]
        self.x11.XFlush.argtypes = [ctypes.c_void_p]
        self.xtst.XTestFakeKeyEvent.argtypes = [ctypes.c_void_p, ctypes.c_uint, ctypes.c_int, ctypes.c_ulong]
        self.display = self.x11.XOpenDisplay(None)
        assert self.display, "no X display"

    def press(self, combo: str) -> None:
        """``"ctrl+shift+equal"``: modifiers down, the key, all up (X keysym names)."""
        names = {"ctrl": "Control_L", "shift": "Shift_L", "alt": "Alt_L"}
        codes = [self.x11.XKeysymToKeycode(self.display, self.x11.XStringToKeysym(names.get(k, k).encode()))
                 for k in combo.split("+")]
        for code in codes:
            self.xtst.XTestFakeKeyEvent(self.display, code, 1, 0)
        for code in reversed(codes):
            self.xtst.XTestFakeKeyEvent(self.display, code, 0, 0)
        self.x11.XFlush(self.display)


def until(condition, seconds: float = 10.0) -> bool:
    """Lets the windows handle what was sent, until ``condition`` holds (or time is up)."""
    from PySide6.QtWidgets import QApplication

    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        if condition():
            return True
        time.sleep(0.01)
    return bool(condition())


def main() -> None:
    from desktop_app.gui.app import create_application

    _app = create_application([])  # held for as long as the script runs
    from PySide6.QtWidgets import QApplication

    from desktop_app.gui import dialogs
    from desktop_app.gui.main_window import MainWindow, show_new_window

    dialogs.ask_unsaved = lambda parent, text: dialogs.DISCARD

    window = show_new_window(MainWindow())
    assert window.open_path(sys.argv[1])
    window.activateWindow()
    until(window.isActiveWindow)
    part = window.part_for("tasks")
    window.focus_path("tasks[0].name")
    until(lambda: part.view.hasFocus())
    keys = Keyboard()
    found = {"focused": part.view.hasFocus()}
    rows = len(window.form.tasks)

    keys.press("ctrl+shift+equal")
    found["ctrl_shift_equal_adds_a_row"] = until(lambda: len(window.form.tasks) == rows + 1)
    keys.press("ctrl+z")
    found["ctrl_z_undoes_it"] = until(lambda: len(window.form.tasks) == rows)
    part.view.go_to(part.model.index(0, 1))
    before = window.form.tasks[0].content
    keys.press("x")
    found["typing_opens_an_editor"] = until(lambda: QApplication.focusWidget() is not part.view)
    keys.press("Return")
    found["enter_commits_the_replacement"] = until(lambda: window.form.tasks[0].content == "x")
    found["enter_moves_down"] = part.view.currentIndex().row() == 1
    keys.press("ctrl+z")  # shows the cell it undoes: that one cell selected, not also the current one
    found["ctrl_z_undoes_the_edit"] = until(lambda: window.form.tasks[0].content == before)
    found["ctrl_z_selects_only_its_cell"] = [(i.row(), i.column()) for i in part.view.selectedIndexes()] == [(0, 1)]
    part.view.go_to(part.model.index(1, 0))
    keys.press("alt+Down")
    found["alt_down_moves_the_row"] = until(lambda: part.view.currentIndex().row() == 2)
    keys.press("ctrl+minus")
    found["ctrl_minus_removes_it"] = until(lambda: len(window.form.tasks) == rows - 1)
    part.view.go_to(part.model.index(len(window.form.tasks) - 1, 3))
    keys.press("Tab")
    found["tab_at_the_end_leaves"] = until(lambda: QApplication.focusWidget() is part.add_button)
    part.view.setFocus()
    keys.press("ctrl+Tab")
    found["ctrl_tab_leaves"] = until(lambda: not part.view.hasFocus())
    keys.press("ctrl+Next")
    found["ctrl_pagedown_next_tab"] = until(lambda: window.tabs.currentIndex() == 3)
    window.close()
    print(json.dumps(found))


if __name__ == "__main__":
    main()
