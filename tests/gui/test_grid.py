"""The spreadsheet grid of every row table: paste, copy, typing, keys at the edges, rows by
shortcut, moving an indicator, the detail pane. Each test fails if its behaviour breaks."""

from decimal import Decimal

import pytest
from PySide6.QtCore import QItemSelection, QItemSelectionModel, Qt
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from desktop_app.gui.grid.clipboard import parse_tsv
from tests import department as labels
from tests.conftest import SEED_PATH
from tests.department import Indicator

from .conftest import commit_text

K, M = Qt.Key, Qt.KeyboardModifier
SF = QItemSelectionModel.SelectionFlag


@pytest.fixture
def seeded(make_window):
    return make_window(SEED_PATH)


def grid(window, table, qtbot=None):
    window.focus_path(table)
    part = window.part_for(table)
    # A tab built just now shows its widgets on the next turn of the event loop; shortcuts
    # (which only reach visible widgets) wait for that, as a clerk's next key would.
    _wait_visible(part.view)
    part.view.setFocus()
    return part


def _wait_visible(widget):
    from PySide6.QtCore import QCoreApplication, QDeadlineTimer

    deadline = QDeadlineTimer(3000)
    while not widget.isVisible() and not deadline.hasExpired():
        QCoreApplication.processEvents()
    assert widget.isVisible()


def put_clipboard(text):
    QApplication.clipboard().setText(text)


def undo_all_and_compare(window, form):
    while window.document.undo_stack.canUndo():
        window.undo_action.trigger()
    assert window.form == form


# -- paste --------------------------------------------------------------------------------------

EXCEL_BLOCK = ('新任务甲\t"第一段\n第二段，含""引号"""\t1,200.5\r\n'
               '新任务乙\t乙的内容\t１２a\r\n'
               '新任务丙\t丙的内容\t300\r\n')


def test_paste_of_an_excel_block_fills_from_the_current_cell_adds_rows_and_is_one_undo_step(qtbot, seeded, seed_form):
    part = grid(seeded, "tasks")
    last = len(seed_form.tasks) - 1
    part.view.go_to(part.model.index(last, 0))
    put_clipboard(EXCEL_BLOCK)
    steps = seeded.document.undo_stack.count()
    qtbot.keyClick(part.view, K.Key_V, M.ControlModifier)

    tasks = seeded.form.tasks
    assert len(tasks) == len(seed_form.tasks) + 2   # the last row, then two new ones
    assert [t.name for t in tasks[last:]] == ["新任务甲", "新任务乙", "新任务丙"]
    assert tasks[last].content == '第一段\n第二段，含"引号"'
    assert tasks[last].goal == seed_form.tasks[last].goal   # beyond the block: untouched
    assert tasks[last].amount == Decimal("1200.5")
    assert tasks[last + 1].amount == "１２a"                  # kept as typed, and flagged
    assert part.model.data(part.model.index(last + 1, 2), Qt.ItemDataRole.ForegroundRole) is not None
    assert tasks[last + 2].amount == Decimal("300")
    assert seeded.document.undo_stack.count() == steps + 1
    # The pasted block is selected.
    assert {(i.row(), i.column()) for i in part.view.selectedIndexes()} == \
        {(r, c) for r in range(last, last + 3) for c in range(3)}

    seeded.undo_action.trigger()
    assert seeded.form == seed_form
    seeded.redo_action.trigger()
    assert [t.name for t in seeded.form.tasks[last:]] == ["新任务甲", "新任务乙", "新任务丙"]


def test_a_block_wider_than_the_table_is_refused_with_a_message(qtbot, seeded, seed_form, clerk):
    part = grid(seeded, "tasks")
    part.view.go_to(part.model.index(0, 1))
    put_clipboard("a\tb\tc\td\r\n")  # four columns from the second of four
    qtbot.keyClick(part.view, K.Key_V, M.ControlModifier)
    assert seeded.form == seed_form and not seeded.document.undo_stack.canUndo()
    assert clerk.warnings and "4 列" in clerk.warnings[-1] and "没有粘贴" in clerk.warnings[-1]


def test_pasted_text_over_a_fields_limit_is_cut_and_the_field_and_limit_named(qtbot, seeded):
    part = grid(seeded, "tasks")
    limit = labels.FORM.member("tasks").column("content").limit
    part.view.go_to(part.model.index(0, 1))
    put_clipboard("x" * (limit + 5000) + "\t12\t目标")
    qtbot.keyClick(part.view, K.Key_V, M.ControlModifier)
    assert seeded.form.tasks[0].content == "x" * limit and seeded.form.tasks[0].goal == "目标"
    notice = part.panel.notice.toolTip()
    assert f"「{labels.TASK_COLUMNS['content']}」" in notice and f"{limit:,}" in notice


def test_paste_into_an_editor_of_a_block_goes_to_the_grid_not_into_one_cell(qtbot, seeded):
    part = grid(seeded, "tasks")
    part.view.go_to(part.model.index(0, 0))
    qtbot.keyClick(part.view, K.Key_F2)
    editor = QApplication.focusWidget()
    assert editor is not part.view
    put_clipboard("名称一\r\n名称二\r\n")
    qtbot.keyClick(editor, K.Key_V, M.ControlModifier)
    assert [t.name for t in seeded.form.tasks[:2]] == ["名称一", "名称二"]


def test_paste_into_the_tree_makes_third_level_rows_under_the_selected_second_level(qtbot, seeded, seed_form):
    part = grid(seeded, "indicators")
    model = part.model
    cost = model.index(3, 0, model.index(0, 0))  # 产出指标 / 成本指标, empty in the seed
    assert model.data(cost) == "成本指标"
    part.view.go_to(cost)
    put_clipboard("单位成本\t≤100元\t≤100元\r\n人均成本\t≤50元\t≤50元\r\n")
    qtbot.keyClick(part.view, K.Key_V, M.ControlModifier)
    added = [i for i in seeded.form.indicators if i.level2 == "成本指标"]
    assert added == [Indicator("产出指标", "成本指标", "单位成本", "≤100元", "≤100元"),
                     Indicator("产出指标", "成本指标", "人均成本", "≤50元", "≤50元")]
    flat = [(i.level1, i.level2) for i in seeded.form.indicators]
    printed = [(g1, ind.level2) for g1, slots in seeded.form.indicator_groups() for _, rows in slots
               for _, ind in rows]
    assert flat == printed  # added in print order
    assert model.rowCount(cost) == 2
    seeded.undo_action.trigger()
    assert seeded.form == seed_form


def test_paste_on_a_leaf_fills_its_slot_and_adds_the_rest_at_the_end_of_that_slot(qtbot, seeded, seed_form):
    part = grid(seeded, "indicators")
    model = part.model
    quality = model.index(1, 0, model.index(0, 0))  # 质量指标: one row in the seed
    only = model.index(0, 1, quality)
    part.view.go_to(only)
    put_clipboard("≥98%\t≥98%\r\n≥99%\t≥99%\r\n")
    qtbot.keyClick(part.view, K.Key_V, M.ControlModifier)
    rows = [i for i in seeded.form.indicators if i.level2 == "质量指标"]
    assert [(r.period_value, r.annual_value) for r in rows] == [("≥98%", "≥98%"), ("≥99%", "≥99%")]
    assert rows[0].name == [i for i in seed_form.indicators if i.level2 == "质量指标"][0].name
    assert rows[1].name == "" and rows[1].level1 == "产出指标"  # a new row of the same slot


def test_a_first_level_heading_takes_no_paste(qtbot, seeded, seed_form, clerk):
    part = grid(seeded, "indicators")
    part.view.go_to(part.model.index(0, 0))
    put_clipboard("a\tb\r\n")
    qtbot.keyClick(part.view, K.Key_V, M.ControlModifier)
    assert seeded.form == seed_form and labels.INDICATOR_COLUMNS["level2"] in clerk.warnings[-1]


# -- copy ---------------------------------------------------------------------------------------

def test_copy_of_a_selection_is_tab_separated_text_excel_pastes_back(qtbot, seeded, seed_form):
    part = grid(seeded, "tasks")
    seeded.document.set_value("tasks[1].name", '名称\t带"引号"')
    view = part.view
    view.go_to(part.model.index(0, 0))
    view.selectionModel().select(QItemSelection(part.model.index(0, 0), part.model.index(1, 2)), SF.ClearAndSelect)
    qtbot.keyClick(view, K.Key_C, M.ControlModifier)
    text = QApplication.clipboard().text()
    assert '"名称\t带""引号"""' in text  # quoted as Excel quotes it
    assert parse_tsv(text) == [[seed_form.tasks[0].name, seed_form.tasks[0].content, "2,399.00"],
                               ['名称\t带"引号"', seed_form.tasks[1].content, "15,574.81"]]


# -- typing and keys ----------------------------------------------------------------------------

def test_typing_on_a_selected_cell_replaces_its_content(qtbot, seeded):
    part = grid(seeded, "tasks")
    part.view.go_to(part.model.index(0, 1))  # 主要实施内容, a long text
    commit_text(part.view, "新的内容")
    editor = QApplication.focusWidget()
    assert isinstance(editor, QPlainTextEdit) and editor.toPlainText() == "新的内容"
    qtbot.keyClick(editor, K.Key_Return)
    assert seeded.form.tasks[0].content == "新的内容"  # replaced, not inserted before the old text
    assert part.view.currentIndex() == part.model.index(1, 1)  # and on down
    qtbot.keyClick(part.view, K.Key_A)  # a plain key does the same
    qtbot.keyClicks(QApplication.focusWidget(), "bc")
    qtbot.keyClick(QApplication.focusWidget(), K.Key_Return)
    assert seeded.form.tasks[1].content == "abc"


def test_f2_edits_in_place_and_esc_cancels_only_the_current_edit(qtbot, seeded):
    part = grid(seeded, "tasks")
    put_clipboard("粘贴的名称")
    part.view.go_to(part.model.index(0, 0))
    qtbot.keyClick(part.view, K.Key_V, M.ControlModifier)  # pasted and committed
    qtbot.keyClick(part.view, K.Key_F2)
    editor = QApplication.focusWidget()
    assert editor.text() == "粘贴的名称" and editor.cursorPosition() == len("粘贴的名称")
    qtbot.keyClicks(editor, "xyz")
    qtbot.keyClick(editor, K.Key_Escape)
    assert seeded.form.tasks[0].name == "粘贴的名称"  # only the typing is gone
    assert QApplication.focusWidget() is part.view


def test_enter_commits_and_moves_down_alt_enter_breaks_a_line_in_a_long_text(qtbot, seeded, seed_form):
    part = grid(seeded, "tasks")
    last = len(seed_form.tasks) - 1
    part.view.go_to(part.model.index(last - 1, 3))
    qtbot.keyClick(part.view, K.Key_X)
    editor = QApplication.focusWidget()
    qtbot.keyClick(editor, K.Key_Return, M.AltModifier)
    qtbot.keyClicks(editor, "y")
    assert editor.toPlainText() == "x\ny"
    qtbot.keyClick(editor, K.Key_Return)  # commits, no line break added
    assert seeded.form.tasks[last - 1].goal == "x\ny"
    assert part.view.currentIndex() == part.model.index(last, 3)
    qtbot.keyClick(part.view, K.Key_Return)  # on the last row: stays
    assert part.view.currentIndex() == part.model.index(last, 3)
    qtbot.keyClick(part.view, K.Key_Return, M.ShiftModifier)
    assert part.view.currentIndex() == part.model.index(last - 1, 3)


def test_tab_moves_across_and_on_and_leaves_the_table_at_its_ends_never_wrapping(qtbot, seeded, seed_form):
    part = grid(seeded, "tasks")
    view, model = part.view, part.model
    last = len(seed_form.tasks) - 1
    view.go_to(model.index(0, 3))
    qtbot.keyClick(view, K.Key_Tab)
    assert view.currentIndex() == model.index(1, 0)  # end of a row: the next row's first cell
    view.go_to(model.index(last, 2))
    qtbot.keyClick(view, K.Key_Tab)
    assert view.currentIndex() == model.index(last, 3)
    qtbot.keyClick(view, K.Key_Tab)  # the very last cell: out of the table
    assert QApplication.focusWidget() is part.add_button
    assert view.currentIndex() == model.index(last, 3) and len(seeded.form.tasks) == len(seed_form.tasks)
    view.setFocus()
    view.go_to(model.index(0, 0))
    qtbot.keyClick(view, K.Key_Backtab, M.ShiftModifier)  # the very first cell: out, backwards
    assert QApplication.focusWidget() is not view and not view.isAncestorOf(QApplication.focusWidget())
    view.setFocus()
    view.go_to(model.index(1, 0))
    qtbot.keyClick(view, K.Key_Backtab, M.ShiftModifier)
    assert view.currentIndex() == model.index(0, 3)


def test_tab_in_an_editor_commits_and_moves_across_and_at_the_end_leaves(qtbot, seeded, seed_form):
    part = grid(seeded, "tasks")
    last = len(seed_form.tasks) - 1
    part.view.go_to(part.model.index(last, 3))
    qtbot.keyClick(part.view, K.Key_Z)
    qtbot.keyClick(QApplication.focusWidget(), K.Key_Tab)
    assert seeded.form.tasks[last].goal == "z"
    assert QApplication.focusWidget() is part.add_button  # not row 1 with its name in an editor


def test_tab_in_the_tree_goes_across_to_the_values_not_down(qtbot, seeded):
    part = grid(seeded, "indicators")
    model = part.model
    first = model.index_for_indicator(0, 0)
    part.view.go_to(first)
    qtbot.keyClick(part.view, K.Key_Tab)
    assert part.view.currentIndex() == model.index_for_indicator(0, 1)
    qtbot.keyClick(part.view, K.Key_Tab)
    qtbot.keyClick(part.view, K.Key_Tab)  # past the last value: the next row's name, no heading
    assert part.view.currentIndex() == model.index_for_indicator(1, 0)


def test_ctrl_tab_leaves_the_table_from_any_cell(qtbot, seeded):
    part = grid(seeded, "tasks")
    part.view.go_to(part.model.index(1, 1))
    qtbot.keyClick(part.view, K.Key_Tab, M.ControlModifier)
    assert not part.view.hasFocus() and part.view.currentIndex() == part.model.index(1, 1)
    assert seeded.tabs.currentWidget() is seeded.page_of("tasks").widget  # not the next tab


def test_delete_clears_the_selected_cells_as_one_undo_step(qtbot, seeded, seed_form):
    part = grid(seeded, "tasks")
    part.view.go_to(part.model.index(0, 0))
    part.view.selectionModel().select(QItemSelection(part.model.index(0, 0), part.model.index(1, 2)),
                                      SF.ClearAndSelect)
    qtbot.keyClick(part.view, K.Key_Delete)
    assert [(t.name, t.content, t.amount) for t in seeded.form.tasks[:2]] == [("", "", None), ("", "", None)]
    assert seeded.form.tasks[0].goal == seed_form.tasks[0].goal
    seeded.undo_action.trigger()
    assert seeded.form == seed_form


# -- rows ---------------------------------------------------------------------------------------

def test_rows_added_removed_and_moved_by_shortcut_with_undo(qtbot, seeded, seed_form):
    part = grid(seeded, "tasks")
    view, model = part.view, part.model
    names = [t.name for t in seed_form.tasks]
    view.go_to(model.index(0, 0))
    qtbot.keyClick(view, K.Key_Equal, M.ControlModifier | M.ShiftModifier)
    assert [t.name for t in seeded.form.tasks][:2] == [names[0], ""] and view.currentIndex() == model.index(1, 0)
    qtbot.keyClick(view, K.Key_Insert)
    assert len(seeded.form.tasks) == len(names) + 2
    qtbot.keyClick(view, K.Key_Plus, M.ControlModifier | M.KeypadModifier)  # Ctrl and the keypad's +
    assert len(seeded.form.tasks) == len(names) + 3
    for _ in range(3):
        qtbot.keyClick(view, K.Key_Z, M.ControlModifier)
    assert seeded.form == seed_form
    assert len(view.selectedIndexes()) == 1  # undo by Ctrl+Z selects its cell, not one more

    # Two rows selected: moved down together, then removed together.
    view.go_to(model.index(1, 0))
    view.selectionModel().select(QItemSelection(model.index(1, 0), model.index(2, 0)), SF.ClearAndSelect)
    qtbot.keyClick(view, K.Key_Down, M.AltModifier)
    assert [t.name for t in seeded.form.tasks][:4] == [names[0], names[3], names[1], names[2]]
    assert sorted({i.row() for i in view.selectedIndexes()}) == [2, 3]  # still selected
    qtbot.keyClick(view, K.Key_Up, M.AltModifier)
    assert [t.name for t in seeded.form.tasks] == names
    view.selectionModel().select(QItemSelection(model.index(1, 0), model.index(2, 0)), SF.ClearAndSelect)
    qtbot.keyClick(view, K.Key_Minus, M.ControlModifier)
    assert [t.name for t in seeded.form.tasks] == [names[0], *names[3:]]
    seeded.undo_action.trigger()
    assert [t.name for t in seeded.form.tasks] == names
    undo_all_and_compare(seeded, seed_form)


def test_the_row_buttons_name_their_shortcuts_and_the_menu_has_the_same_actions(seeded):
    part = grid(seeded, "tasks")
    assert "Insert" in part.add_button.toolTip() and "Ctrl+Shift+=" in part.add_button.toolTip()
    assert "Ctrl+-" in part.remove_button.toolTip()
    assert "Alt+↑" in part.up_button.toolTip() and "Alt+↓" in part.down_button.toolTip()
    texts = [a.text() for a in part.view.context_menu().actions() if not a.isSeparator()]
    assert texts == ["剪切", "复制", "粘贴", "清除内容", "插入行", "删除行", "上移", "下移"]
    tree = grid(seeded, "indicators")
    assert "移动到…" in [a.text() for a in tree.view.context_menu().actions()]


def test_an_indicator_moves_to_another_second_level_with_undo(qtbot, seeded, seed_form):
    part = grid(seeded, "indicators")
    model = part.model
    name = seed_form.indicators[2].name
    part.view.go_to(model.index_for_indicator(2, 0))
    menu = part.view.move_to_menu(None)
    target = next(a for a in menu.actions() if a.text() == "效益指标 / 社会效益指标")
    assert not next(a for a in menu.actions() if a.text() == "产出指标 / 数量指标").isEnabled()  # its own
    target.trigger()
    moved = next(i for i in seeded.form.indicators if i.name == name)
    assert (moved.level1, moved.level2) == ("效益指标", "社会效益指标")
    shown = [(g1, w) for g1, slots in seeded.form.indicator_groups() for w, rows in slots for _, i in rows
             if i.name == name]
    assert shown == [("效益指标", "社会效益指标")]
    flat = [(i.level1, i.level2) for i in seeded.form.indicators]
    printed = [(g1, i.level2) for g1, slots in seeded.form.indicator_groups() for _, rows in slots for _, i in rows]
    assert flat == printed  # the list stays in print order
    current = part.view.currentIndex()
    assert model.data(current) == name and model.data(current.parent()) == "社会效益指标"
    seeded.undo_action.trigger()
    assert seeded.form == seed_form


def test_typing_on_an_empty_second_level_adds_a_row_there(qtbot, seeded):
    part = grid(seeded, "indicators")
    cost = part.model.index(3, 0, part.model.index(0, 0))
    part.view.go_to(cost)
    commit_text(part.view, "单位成本")
    qtbot.keyClick(QApplication.focusWidget(), K.Key_Return)
    assert Indicator("产出指标", "成本指标", "单位成本") in seeded.form.indicators


# -- long text ----------------------------------------------------------------------------------

def test_the_detail_pane_edits_a_2000_character_text_with_its_count_and_the_same_undo(qtbot, seeded):
    part = grid(seeded, "tasks")
    long_text = "".join(f"第{i}句关于安置区维修改造的内容。" for i in range(200))[:2000]
    seeded.document.set_value("tasks[1].content", long_text)
    seeded.document.end_typing()
    part.view.go_to(part.model.index(1, 0))
    box = part.detail.edits["content"]
    assert box.toPlainText() == long_text and box.isEnabled()
    assert part.detail.counts["content"].text().startswith("2,000 / ")
    # In the table the row stays at most four lines high and scrolls by pixel.
    lines = part.view.fontMetrics().lineSpacing()
    assert part.view.rowHeight(1) <= lines * 4 + 12  # (2,000 characters are some 30 lines)
    assert part.view.verticalScrollMode() == part.view.ScrollMode.ScrollPerPixel

    box.setFocus()
    box.moveCursor(box.textCursor().MoveOperation.End)
    commit_text(box, "补充")
    commit_text(box, "一句")
    assert seeded.form.tasks[1].content == long_text + "补充一句"
    assert part.detail.counts["content"].text().startswith("2,004 / ")
    qtbot.keyClick(box, K.Key_Z, M.ControlModifier)  # the window's undo: the stretch of typing
    assert seeded.form.tasks[1].content == long_text and box.toPlainText() == long_text


def test_the_detail_pane_holds_a_paste_to_the_limit(qtbot, seeded):
    part = grid(seeded, "tasks")
    limit = labels.FORM.member("tasks").column("goal").limit
    part.view.go_to(part.model.index(0, 0))
    box = part.detail.edits["goal"]
    box.setFocus()
    box.selectAll()
    put_clipboard("y" * (limit + 10))
    box.paste()
    assert seeded.form.tasks[0].goal == "y" * limit
    assert f"{limit:,}" in part.panel.notice.toolTip()


def test_a_cell_editor_refuses_more_than_the_limit(qtbot, seeded):
    part = grid(seeded, "tasks")
    limit = labels.FORM.member("tasks").column("name").limit
    part.view.go_to(part.model.index(0, 0))
    qtbot.keyClick(part.view, K.Key_F2)
    editor = QApplication.focusWidget()
    editor.selectAll()
    put_clipboard("n" * (limit + 1))
    qtbot.keyClick(editor, K.Key_V, M.ControlModifier)
    assert len(editor.text()) == limit and f"{limit:,}" in part.panel.notice.toolTip()


def test_one_value_pasted_on_a_selection_fills_every_cell_and_cut_clears_what_it_copies(qtbot, seeded, seed_form):
    part = grid(seeded, "tasks")
    model = part.model
    part.view.go_to(model.index(0, 2))
    part.view.selectionModel().select(QItemSelection(model.index(0, 2), model.index(2, 2)), SF.ClearAndSelect)
    put_clipboard("100\r\n")
    qtbot.keyClick(part.view, K.Key_V, M.ControlModifier)
    assert [t.amount for t in seeded.form.tasks[:3]] == [Decimal("100")] * 3
    qtbot.keyClick(part.view, K.Key_X, M.ControlModifier)
    assert parse_tsv(QApplication.clipboard().text()) == [["100.00"]] * 3
    assert [t.amount for t in seeded.form.tasks[:3]] == [None] * 3
    seeded.undo_action.trigger()
    seeded.undo_action.trigger()
    assert seeded.form == seed_form


def test_a_double_click_edits_in_place(qtbot, seeded, seed_form):
    part = grid(seeded, "tasks")
    index = part.model.index(1, 0)
    part.view.scrollTo(index)
    centre = part.view.visualRect(index).center()
    qtbot.mouseClick(part.view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    qtbot.mouseDClick(part.view.viewport(), Qt.MouseButton.LeftButton, pos=centre)
    editor = QApplication.focusWidget()
    assert editor is not part.view and editor.text() == seed_form.tasks[1].name


def test_no_paste_or_new_row_takes_a_table_past_what_a_draft_holds(qtbot, seeded, seed_form, clerk, monkeypatch):
    from desktop_app.core import spec as S

    monkeypatch.setattr(S, "MAX_ROWS", len(seed_form.tasks) + 1)
    part = grid(seeded, "tasks")
    part.view.go_to(part.model.index(len(seed_form.tasks) - 1, 0))
    put_clipboard("甲\r\n乙\r\n丙\r\n")  # two rows more than there is room for
    qtbot.keyClick(part.view, K.Key_V, M.ControlModifier)
    assert seeded.form == seed_form and "没有粘贴" in clerk.warnings[-1]
    qtbot.keyClick(part.view, K.Key_Insert)
    assert len(seeded.form.tasks) == len(seed_form.tasks) + 1
    qtbot.keyClick(part.view, K.Key_Insert)
    assert len(seeded.form.tasks) == len(seed_form.tasks) + 1 and "没有添加" in clerk.warnings[-1]


def test_a_paste_and_row_moves_reach_the_draft_on_the_next_save(qtbot, make_window, seed_draft):
    from desktop_app.core.files import load_form

    window = make_window(seed_draft)
    part = grid(window, "tasks")
    part.view.go_to(part.model.index(len(window.form.tasks) - 1, 0))
    put_clipboard(EXCEL_BLOCK)
    qtbot.keyClick(part.view, K.Key_V, M.ControlModifier)
    part.view.go_to(part.model.index(0, 0))
    qtbot.keyClick(part.view, K.Key_Down, M.AltModifier)
    assert window.save_now()
    assert load_form(seed_draft) == window.form  # only what the edits touched is written: all of it
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert window.save_now() and load_form(seed_draft) == window.form


def test_a_long_indicator_value_wraps_in_the_tree_up_to_four_lines(qtbot, seeded):
    part = grid(seeded, "indicators")
    seeded.document.set_value("indicators[0].period_value", "年度内完成规划编制及审批工作，" * 30)
    index = part.model.index_for_indicator(0, 1)
    qtbot.waitUntil(lambda: part.view.visualRect(index).height() > 0)
    lines = part.view.fontMetrics().lineSpacing()
    part.view.doItemsLayout()
    height = part.view.visualRect(index).height()
    assert lines * 3 < height <= lines * 4 + 12  # wrapped, and bounded
    short = part.model.index_for_indicator(1, 1)
    assert part.view.visualRect(short).height() < lines * 2  # a short one stays one line


def test_columns_share_the_width_until_the_clerk_drags_one(qtbot, seeded):
    part = grid(seeded, "indicators")
    header = part.view.header()
    name, value = header.sectionSize(0), header.sectionSize(1)
    assert name > value > 150  # the name column gets the larger share, the values a fair one
    qtbot.mousePress(header.viewport(), Qt.MouseButton.LeftButton, pos=header.viewport().rect().center())
    header.resizeSection(1, 123)  # as a drag of its edge does
    qtbot.mouseRelease(header.viewport(), Qt.MouseButton.LeftButton, pos=header.viewport().rect().center())
    part.view.resize(part.view.width() - 40, part.view.height())
    qtbot.wait(10)
    assert header.sectionSize(1) == 123


# -- large tables ---------------------------------------------------------------------------------

def _count_size_hints(monkeypatch):
    from desktop_app.gui.grid.delegate import GridDelegate

    calls = {"n": 0}
    real = GridDelegate.sizeHint

    def counted(self, option, index):
        calls["n"] += 1
        return real(self, option, index)

    monkeypatch.setattr(GridDelegate, "sizeHint", counted)
    return calls


def _first_rows(part, count: int = 3):
    """The first rows' names (in the tree: under the first 二级指标)."""
    model = part.model
    if not model.is_tree:
        return [model.index(r, 0) for r in range(count)]
    level2 = model.index(0, 0, model.index(0, 0))
    return [model.index(r, 0, level2) for r in range(min(count, model.rowCount(level2)))]


@pytest.mark.parametrize("table", ["tasks", "indicators"])
def test_a_table_of_thousands_of_rows_is_not_measured_row_by_row(qtbot, make_window, tmp_path, monkeypatch, table):
    """Measuring each row's wrapped height costs a Python call per cell: at 10,000 rows the
    indicator tab took 15 s to appear. Past WRAP_ROWS rows are a fixed height, and a table that
    shrinks to WRAP_ROWS is measured again (undo included)."""
    from desktop_app.core import draftfile, synthetic
    from desktop_app.gui.grid import view as grid_view

    monkeypatch.setattr(grid_view, "WRAP_ROWS", 50)  # the behaviour, without thousands of rows
    rows = {"tasks": 10, "indicators": 10, table: 400}
    draft = tmp_path / "大表.jxmb"
    draftfile.save_draft(draft, synthetic.large_form(labels.FORM, text_length=400, **rows))
    window = make_window(draft)
    calls = _count_size_hints(monkeypatch)
    part = grid(window, table)
    qtbot.wait(20)
    assert not part.view.measured
    assert calls["n"] < 400, f"{calls['n']} size hints for 400 rows"  # measured: 4 a row, at least
    fixed = part.view.fixed_row_height()
    assert all(abs(part.view.visualRect(i).height() - fixed) <= 1 for i in _first_rows(part))  # (a grid line)

    del window.form.rows(table)[51:]  # (as a file with 51 rows would be opened)
    for row in window.form.rows(table):
        row.name = "名称很长的一行" * 40
    window.document.replace(window.form)
    part = grid(window, table)
    assert not part.view.measured
    window.document.remove_row(table, 50)
    assert part.view.measured
    qtbot.wait(20)
    # Measured again: rows of 280 characters wrap, taller than the fixed rows.
    assert max(part.view.visualRect(i).height() for i in _first_rows(part)) > part.view.fixed_row_height()
    window.undo_action.trigger()
    assert len(window.form.rows(table)) == 51 and not part.view.measured
