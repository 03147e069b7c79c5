"""Rows of 年度重点工作任务 and 绩效指标: add, remove, reorder, edit — all undoable."""

from decimal import Decimal

from PySide6.QtCore import Qt

from tests.department import Indicator

from .conftest import commit_text, field


def test_task_row_added_undone_redone(qtbot, window):
    page = window.part_for("tasks")
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert len(window.form.tasks) == 1 and page.model.rowCount() == 1
    page.model.setData(page.model.index(0, 0), "负责知识城招商引资工作")
    page.model.setData(page.model.index(0, 2), "2,399")
    assert window.form.tasks[0].amount == Decimal("2399")
    assert page.model.data(page.model.index(0, 2)) == "2,399.00"
    assert "2,399.00" in page.status_label.text()

    window.undo_action.trigger()  # the amount
    window.undo_action.trigger()  # the name
    window.undo_action.trigger()  # the row
    assert window.form.tasks == [] and page.model.rowCount() == 0
    for _ in range(3):
        window.redo_action.trigger()
    assert window.form.tasks[0].name == "负责知识城招商引资工作"
    assert window.form.tasks[0].amount == Decimal("2399")
    assert page.model.rowCount() == 1


def test_task_rows_removed_and_reordered_with_undo(qtbot, make_window, seed_form):
    from tests.conftest import SEED_PATH

    window = make_window(SEED_PATH)
    page = window.part_for("tasks")
    names = [t.name for t in seed_form.tasks]
    page.view.setCurrentIndex(page.model.index(1, 0))
    qtbot.mouseClick(page.down_button, Qt.MouseButton.LeftButton)
    assert [t.name for t in window.form.tasks][1:3] == [names[2], names[1]]
    assert page.view.currentIndex().row() == 2  # the moved row stays selected
    qtbot.mouseClick(page.remove_button, Qt.MouseButton.LeftButton)
    assert len(window.form.tasks) == len(names) - 1
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert [t.name for t in window.form.tasks] == names


def test_a_bad_task_amount_is_kept_and_marked(window):
    page = window.part_for("tasks")
    window.part_for("tasks").add_row()
    page.model.setData(page.model.index(0, 2), "12a")
    assert window.form.tasks[0].amount == "12a"
    assert "12a" in page.model.data(page.model.index(0, 2), Qt.ItemDataRole.ToolTipRole)


def test_indicator_added_under_its_fixed_slot_moved_and_undone(qtbot, make_window, seed_form):
    from tests.conftest import SEED_PATH

    window = make_window(SEED_PATH)
    page = window.part_for("indicators")
    model = page.model
    # Select the empty 成本指标 slot (4th 二级指标 of 产出指标) and add a 三级指标 there.
    level1 = model.index(0, 0)
    cost_slot = model.index(3, 0, level1)
    assert model.data(cost_slot) == "成本指标"
    page.view.setCurrentIndex(cost_slot)
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    added = page.view.currentIndex()
    index = model.leaf_indicator(added)
    assert window.form.indicators[index] == Indicator("产出指标", "成本指标")
    # It sits in print order: after 时效指标's rows, before 效益指标's.
    assert window.form.indicators[index - 1].level2 == "时效指标"
    assert window.form.indicators[index + 1].level1 == "效益指标"
    model.setData(added, "单位成本（元）")
    model.setData(model.index(added.row(), 1, added.parent()), "≤100元")
    assert window.form.indicators[index].period_value == "≤100元"

    # Move the 2nd 数量指标 row up: only rows of the same slot swap.
    quantity = model.index(0, 0, level1)
    second = model.index(1, 0, quantity)
    page.view.setCurrentIndex(second)
    qtbot.mouseClick(page.up_button, Qt.MouseButton.LeftButton)
    assert window.form.indicators[0].name == seed_form.indicators[1].name
    assert window.form.indicators[1].name == seed_form.indicators[0].name
    while window.document.undo_stack.canUndo():
        window.undo_action.trigger()
    assert window.form == seed_form


def test_ctrl_z_in_a_text_field_undoes_through_the_window(qtbot, window):
    qtbot.waitUntil(lambda: window.settled)  # the fields' Ctrl+Z filter comes after the first paint
    edit = field(window, "department")
    window.focus_path("department")
    commit_text(edit, "甲单位")
    window.focus_path("overall_goal")
    commit_text(field(window, "overall_goal"), "目标")
    window.focus_path("department")
    qtbot.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.form.overall_goal == ""  # the window's last edit, not the field's own undo
    assert window.form.department == "甲单位"
    qtbot.keyClick(edit, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert window.form.department == "" and edit.text() == ""
    qtbot.keyClick(edit, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert window.form.department == "甲单位" and edit.text() == "甲单位"


def test_read_only_window_refuses_row_edits(make_window, seed_draft):
    first = make_window(seed_draft)
    second = make_window(seed_draft)
    assert second.read_only and not first.read_only
    second.part_for("tasks").add_row()
    assert not second.part_for("tasks").model.setData(second.part_for("tasks").model.index(0, 0), "x")
    assert len(second.form.tasks) == len(first.form.tasks)
    assert field(second, "department").isReadOnly()


def test_typing_into_task_cells_like_a_clerk(qtbot, window):
    from PySide6.QtWidgets import QApplication

    page = window.part_for("tasks")
    window.focus_path("tasks")
    qtbot.mouseClick(page.add_button, Qt.MouseButton.LeftButton)
    assert QApplication.focusWidget() is page.view  # the new row's first cell, ready for typing
    assert page.view.currentIndex() == page.model.index(0, 0)
    commit_text(page.view, "负责知识城安置房管理工作")  # typing opens the cell's editor
    editor = QApplication.focusWidget()
    assert editor is not page.view and editor.accessibleName() == "年度重点工作任务第1行「名称」"
    qtbot.keyClick(editor, Qt.Key.Key_Tab)  # commit, and on to 主要实施内容
    assert window.form.tasks[0].name == "负责知识城安置房管理工作"
    assert QApplication.focusWidget() is page.view and page.view.currentIndex() == page.model.index(0, 1)
    commit_text(page.view, "通过安置区维修改造经费等项目")
    content_editor = QApplication.focusWidget()
    assert content_editor.accessibleName() == "年度重点工作任务第1行「主要实施内容」"
    qtbot.keyClick(content_editor, Qt.Key.Key_Tab)  # commit, and on to the amount cell
    assert window.form.tasks[0].content == "通过安置区维修改造经费等项目"

    amount = page.model.index(0, 2)
    assert page.view.currentIndex() == amount
    qtbot.keyClick(page.view, "3")  # the first key opens the editor; the rest go where focus is
    editor = QApplication.focusWidget()
    qtbot.keyClicks(editor, ",050")
    assert editor.accessibleName() == "年度重点工作任务第1行「拟投入的资金（万元）」"
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    assert window.form.tasks[0].amount == Decimal("3050")
    assert page.model.data(amount) == "3,050.00"
    assert "3,050.00" in page.status_label.text()


def test_typing_into_an_empty_task_cell_starts_editing(qtbot, window):
    from PySide6.QtWidgets import QApplication

    page = window.part_for("tasks")
    window.focus_path("tasks")
    page.add_row()
    amount = page.model.index(0, 2)
    page.view.setCurrentIndex(amount)
    page.view.setFocus()
    qtbot.keyClick(page.view, Qt.Key.Key_7)  # no double click needed
    editor = QApplication.focusWidget()
    assert editor is not page.view
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.form.tasks[0].amount == Decimal("7"))
