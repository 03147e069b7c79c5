"""Undo shows what it undoes (its tab, its field, focused), and an undo step is one field's
continuous typing: leaving the field, or doing anything else, ends it."""

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from tests.conftest import SEED_PATH

from .conftest import commit_text, field


def test_undo_brings_the_tab_and_field_of_what_it_undoes_into_view_and_focus(qtbot, window):
    department = field(window, "department")
    window.focus_path("department")
    commit_text(department, "甲单位")
    window.focus_path("signoff.preparer")
    assert window.tabs.currentWidget() is window.page_of("signoff.preparer").widget
    window.undo_action.trigger()
    assert window.form.department == ""
    assert window.tabs.currentWidget() is window.page_of("department").widget
    assert QApplication.focusWidget() is department
    window.focus_path("signoff.preparer")
    window.redo_action.trigger()
    assert window.form.department == "甲单位" and QApplication.focusWidget() is department


def test_undo_of_a_row_edit_shows_the_table_and_selects_the_cell(qtbot, make_window):
    window = make_window(SEED_PATH)
    part = window.part_for("tasks")
    window.focus_path("tasks[2].goal")
    qtbot.waitUntil(part.view.isVisible)
    part.view.setFocus()
    qtbot.keyClick(part.view, Qt.Key.Key_Delete)
    assert window.form.tasks[2].goal == ""
    window.focus_path("department")
    window.undo_action.trigger()
    assert window.form.tasks[2].goal != ""
    assert window.tabs.currentWidget() is window.page_of("tasks").widget
    assert QApplication.focusWidget() is part.view
    current = part.view.currentIndex()
    assert (current.row(), current.column()) == (2, 3)


def test_two_edits_of_one_field_separated_by_leaving_it_are_two_undo_steps(qtbot, window):
    date = field(window, "signoff.date")
    window.focus_path("signoff.date")
    qtbot.keyClicks(date, "2026-01")       # one stretch of typing: one step
    window.focus_path("signoff.preparer")  # left the field
    window.focus_path("signoff.date")
    qtbot.keyClicks(date, "-15")
    assert window.form.signoff.date == "2026-01-15"
    window.undo_action.trigger()
    assert window.form.signoff.date == "2026-01"  # only the second edit
    window.undo_action.trigger()
    assert window.form.signoff.date == ""
    assert not window.document.undo_stack.canUndo()


def test_an_edit_elsewhere_in_between_ends_the_step_even_after_undoing_it(qtbot, window):
    date = field(window, "signoff.date")
    window.focus_path("signoff.date")
    qtbot.keyClicks(date, "2026")
    window.document.set_value("signoff.phone", "123")  # another edit intervenes…
    window.undo_action.trigger()                        # …and is undone
    window.focus_path("signoff.date")
    date.end(False)
    qtbot.keyClicks(date, "-01")
    window.undo_action.trigger()
    assert window.form.signoff.date == "2026"
