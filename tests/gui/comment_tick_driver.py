"""Run by test_comment_tick in a fresh process (a crash of the Qt layer must not take the test
run with it): the clerk's sequence on a returned draft, ``ROUNDS`` times in a row — click the
commented amount, Ctrl+A, type a new value, Tab, wait for the autosave, click that comment's
check box in the 审核意见 panel. Prints on the last line of stdout JSON of what each round found.

``comment_tick_driver.py DRAFT ROUNDS``"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

COMMENTED = ("budget.basic_expenditure", "budget.district_level", "budget.fiscal_appropriation")


def main() -> None:
    from desktop_app.gui import autosave
    from desktop_app.gui.app import create_application

    # The autosave's own timer, only sooner than the clerk's three seconds: 20 rounds in seconds.
    autosave.PAUSE_MS = 80
    app = create_application([])
    import shiboken6
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

    from desktop_app.gui.main_window import MainWindow, show_new_window

    def wait_until(condition, seconds: float = 10.0) -> bool:
        end = time.monotonic() + seconds
        while not condition():
            if time.monotonic() > end:
                return False
            QTest.qWait(10)
        return True

    draft, rounds = Path(sys.argv[1]), int(sys.argv[2])
    window = show_new_window(MainWindow())
    assert wait_until(lambda: window.painted)
    window.activateWindow()
    assert window.open_path(draft)
    panel = window.desk.panel
    assert wait_until(panel.isVisible)

    def check_box(item):
        """Where the clerk clicks: the item's check box, as the tree's style places it."""
        tree = panel.tree
        index = tree.indexFromItem(item, 0)
        option = QStyleOptionViewItem()
        tree.itemDelegate().initStyleOption(option, index)
        option.rect = tree.visualRect(index)
        return tree.style().subElementRect(QStyle.SubElement.SE_ItemViewItemCheckIndicator, option, tree).center()

    found = []
    for n in range(rounds):
        comment = n % len(COMMENTED)
        path = COMMENTED[comment]
        window.focus_path(path)
        edit = window.widget_for(path)
        QTest.mouseClick(edit, Qt.MouseButton.LeftButton)
        QTest.keyClick(edit, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
        QTest.keyClicks(edit, f"{1000 + n}.5")
        QTest.keyClick(edit, Qt.Key.Key_Tab)
        saved = wait_until(lambda: window.controller.saved and not window.autosaver.pending())
        item = panel.item_for(comment)
        panel.tree.scrollToItem(item)
        was = window.form.review.comments[comment].resolved
        QTest.mouseClick(panel.tree.viewport(), Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier,
                         check_box(item))
        # The item clicked must outlive its own click: the tree is still inside it.
        alive = shiboken6.isValid(item)
        QTest.qWait(20)
        shown = panel.item_for(comment)
        found.append({"saved": saved, "alive": alive,
                      "ticked": window.form.review.comments[comment].resolved != was,
                      "shown": shown is not None and (shown.checkState(0) == Qt.CheckState.Checked)
                      == window.form.review.comments[comment].resolved,
                      "value": str(window.form.get(path))})
    final = wait_until(lambda: window.controller.saved and not window.autosaver.pending())
    print(json.dumps({"rounds": found, "saved": final,
                      "resolved": [c.resolved for c in window.form.review.comments]}))
    window.close()
    app.processEvents()


if __name__ == "__main__":
    main()
