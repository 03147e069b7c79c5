"""Run by test_inbox_screens in a fresh process on Xvfb with a window manager (openbox): the
reviewer's inbox driven by a real keyboard (XTEST) at the size given, with screenshots.

``inbox_driver.py FOLDER SHOTS [--cycle]``: opens the folder window maximised, and records
where its decision columns end against the table's visible width. With ``--cycle``, by the
keyboard: opens a draft from the list (↓, Enter), tries to type into its content, adds three
comments (Ctrl+Alt+M, typed in place, Enter), picks the verdict (Ctrl+Alt+V, ↓), returns it
(Ctrl+Alt+T); then as the clerk marks the comments 已处理, types a new figure and saves
(Ctrl+S); drops the resubmission into the folder and, in the folder window, opens the
comparison (Ctrl+Alt+C). Prints on the last line of stdout JSON of what each step found."""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path

from tests.gui.keys_driver import Keyboard, until

DECISION = ["unit", "form", "verdict", "comments", "errors", "amount", "submission"]


def main() -> None:
    folder, shots, cycle = Path(sys.argv[1]), Path(sys.argv[2]), "--cycle" in sys.argv
    from desktop_app.gui.app import create_application

    _app = create_application([])  # held for as long as the script runs
    from PySide6.QtWidgets import QApplication

    from desktop_app.core.draftfile import load_draft
    from desktop_app.gui import dialogs
    from desktop_app.gui.main_window import MainWindow, all_windows, show_new_window

    # Nobody to answer on this display: the defaults a reviewer would accept.
    dialogs.ask_unsaved = lambda parent, text: dialogs.DISCARD
    dialogs.ask_return_folder = lambda parent, suggested: Path(suggested)
    told: list[str] = []
    dialogs.tell = lambda parent, title, text: told.append(text)

    def settle(seconds: float = 0.4) -> None:
        until(lambda: False, seconds)

    def shot(name: str) -> None:
        settle()
        QApplication.primaryScreen().grabWindow(0).save(str(shots / f"{name}.png"))

    found: dict = {}
    main_window = show_new_window(MainWindow())
    until(lambda: main_window.painted)
    review = main_window.desk.review_folder(folder)
    review.showMaximized()
    until(lambda: not review.running and review.status.text().startswith("共 "), 30)
    review.activateWindow()
    until(review.isActiveWindow)
    settle(0.6)
    header = review.table.horizontalHeader()
    keys = [c.key for c in review.model.columns]
    last = len(DECISION) - 1
    found["decision_columns_first"] = keys[:len(DECISION)] == DECISION
    found["decision_columns_end"] = header.sectionViewportPosition(last) + header.sectionSize(last)
    found["table_width"] = review.table.viewport().width()
    found["screen"] = [QApplication.primaryScreen().availableGeometry().width(),
                       QApplication.primaryScreen().availableGeometry().height()]
    found["rows"] = review.model.rowCount()
    shot("folder")
    if not cycle:
        print(json.dumps(found))
        return

    keyboard = Keyboard()
    review.table.setFocus()
    until(review.table.hasFocus)
    review.select(folder / "部门2.jxmb")
    keyboard.press("Down")  # to 部门3
    until(lambda: review.entry_at(review.table.currentIndex()).path.name == "部门3.jxmb")
    picked = review.entry_at(review.table.currentIndex()).path
    before = hashlib.sha256(picked.read_bytes()).hexdigest()
    keyboard.press("Return")
    found["opened_for_review"] = until(lambda: main_window.controller.received == picked)
    window = main_window
    found["draft_in_front"] = until(window.isActiveWindow)
    first = window.form.spec.unit[0]
    window.focus_path(first)
    until(lambda: QApplication.focusWidget() is not None and QApplication.focusWidget().objectName() == first)
    value = window.form.get(first)
    for key in ("x", "y", "BackSpace", "Delete"):
        keyboard.press(key)
    settle()
    found["typing_changes_nothing"] = window.form.get(first) == value and window.document.undo_stack.count() == 0
    paths = [first, *(p for p, _ in window.form.spec.scalar_paths() if p != first)][:3]
    for i, path in enumerate(paths):
        window.focus_path(path)
        until(lambda: QApplication.focusWidget() is not None and window.isActiveWindow())
        keyboard.press("ctrl+alt+m")
        until(lambda: window.desk.quick.edit.hasFocus())
        for ch in f"c{i}":
            keyboard.press(ch)
        keyboard.press("Return")
        until(lambda: len(window.form.review.comments) == i + 1)
    found["three_comments"] = [c.text for c in window.form.review.comments] == ["c0", "c1", "c2"]
    keyboard.press("ctrl+alt+v")
    until(window.desk.verdict.hasFocus)
    for _ in range(3):
        keyboard.press("Down")
    found["verdict"] = until(lambda: window.form.review.verdict == "中")
    shot("draft-under-review")
    keyboard.press("ctrl+alt+t")
    returned = folder.parent / "已退回" / (picked.stem + ".jxmb")
    found["returned"] = until(lambda: returned.exists() and bool(told))
    found["received_unchanged"] = hashlib.sha256(picked.read_bytes()).hexdigest() == before

    # The clerk, on the copy that came back.
    clerk_copy = folder.parent / "clerk" / returned.name
    clerk_copy.parent.mkdir()
    shutil.copyfile(returned, clerk_copy)
    clerk = show_new_window(MainWindow())
    clerk.open_path(clerk_copy)
    clerk.activateWindow()
    until(clerk.isActiveWindow)
    for i in range(3):
        clerk.desk.edits.set_resolved(i, True)
    amount_path = "budget.basic_expenditure"
    clerk.focus_path(amount_path)
    until(lambda: QApplication.focusWidget() is not None and QApplication.focusWidget().objectName() == amount_path)
    QApplication.focusWidget().selectAll()
    for key in ("4", "2", "period", "5", "Return"):
        keyboard.press(key)
    until(lambda: str(clerk.form.get(amount_path)) == "42.5")
    keyboard.press("ctrl+s")
    until(lambda: clerk.controller.saved)
    again = load_draft(clerk_copy)
    found["resubmitted"] = again.identity.submission == 2 and all(c.resolved for c in again.review.comments)
    clerk.close()

    # Back in the inbox: listed as the second submission on its own; one key for the comparison.
    target = folder / f"{picked.stem}（第2次）.jxmb"
    shutil.copyfile(clerk_copy, target)
    found["listed_without_rescan"] = until(lambda: any(e.path == target for e in review.model.entries), 15)
    review.activateWindow()
    until(review.isActiveWindow)
    review.select(target)
    found["second_submission"] = review.entry_at(review.table.currentIndex()).submission == 2
    shot("folder-resubmission")
    keyboard.press("ctrl+alt+c")
    until(lambda: getattr(review, "_compare", None) is not None)
    dialog = review._compare
    rows = [dialog.tree.topLevelItem(i) for i in range(dialog.tree.topLevelItemCount())]
    found["comparison_names_the_figure"] = [r.text(3) for r in rows if r.text(3) == "42.50"] == ["42.50"]
    found["comparison_answered_comments"] = sum(r.childCount() for r in rows) == 3
    shot("comparison")
    dialog.close()
    for w in all_windows():
        w.close()
    review.close()
    print(json.dumps(found, ensure_ascii=False))


if __name__ == "__main__":
    main()
