"""The grid's keys, in one table: what each action is called, its shortcuts (as Excel and WPS
have them), and how a key press outside an editor is read.

Outside an editor: typing replaces the cell; F2 or double-click edits it in place; Enter moves
down (Shift+Enter up); Tab / Shift+Tab move across and on to the next / previous row, and at the
last / first cell leave the table; Ctrl+Tab / Ctrl+Shift+Tab leave it from anywhere; Delete
clears the selected cells; Backspace clears the cell and starts typing in it.
Insert or Ctrl+Shift+= (Ctrl and a + key) adds a row, Ctrl+- removes the selected rows,
Alt+↑ / Alt+↓ move them.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QKeySequence

from ...core.record import Record

SK = QKeySequence.StandardKey


class GridAction(Record):
    name: str                  # object name of the action and of its button
    text: str
    keys: tuple                # QKeySequence strings or standard keys; the first is shown
    rows: bool = False         # acts on rows (add/remove/move), not on cells


CUT = GridAction("cut", "剪切", (SK.Cut,))
COPY = GridAction("copy", "复制", (SK.Copy,))
PASTE = GridAction("paste", "粘贴", (SK.Paste,))
CLEAR = GridAction("clear", "清除内容", ("Delete",))
# Not also "Ctrl++": on most layouts Ctrl+Shift+= is that very key, and one key matching two
# shortcuts of an action triggers neither (Qt calls it ambiguous). Ctrl with the keypad's + (or
# a layout's own + key) is read by ``is_ctrl_plus`` instead.
ADD = GridAction("add_row", "插入行", ("Ctrl+Shift+=", "Insert"), rows=True)
REMOVE = GridAction("remove_row", "删除行", ("Ctrl+-",), rows=True)
UP = GridAction("move_up", "上移", ("Alt+Up",), rows=True)
DOWN = GridAction("move_down", "下移", ("Alt+Down",), rows=True)
CELL_ACTIONS = (CUT, COPY, PASTE, CLEAR)
ROW_ACTIONS = (ADD, REMOVE, UP, DOWN)


def sequences(action: GridAction) -> list[QKeySequence]:
    out = []
    for key in action.keys:
        out.extend(QKeySequence.keyBindings(key) if isinstance(key, SK) else [QKeySequence(key)])
    return out


def shown_keys(action: GridAction) -> str:
    """The shortcuts as a tooltip names them: ``Ctrl+Shift+= / Insert``, ``Alt+↑``."""
    out = []
    for key in action.keys:
        if isinstance(key, SK):
            key = QKeySequence(key).toString(QKeySequence.SequenceFormat.NativeText)
        out.append(key.replace("Up", "↑").replace("Down", "↓"))
    return " / ".join(out)


_M = Qt.KeyboardModifier


def is_typing(event: QKeyEvent) -> bool:
    """A key that types a character (so it starts replacing the cell)."""
    text = event.text()
    if not text or not text.isprintable():
        return False
    mods = event.modifiers()
    # Ctrl+letter is a command; Ctrl+Alt is AltGr on European layouts, which types.
    return not (mods & _M.ControlModifier) or bool(mods & _M.AltModifier)


def is_enter(event: QKeyEvent) -> bool:
    return event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)


def is_ctrl_plus(event: QKeyEvent) -> bool:
    """Ctrl with a + key (the keypad's, or one a layout has unshifted): Excel's insert."""
    return event.key() == Qt.Key.Key_Plus and bool(event.modifiers() & _M.ControlModifier)


def is_ctrl_tab(event: QKeyEvent) -> bool:
    return event.key() in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and bool(event.modifiers() & _M.ControlModifier)
