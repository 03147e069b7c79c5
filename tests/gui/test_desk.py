"""The reviewer's desk in the window (pytest-qt, offscreen): the folder review filling its table
off the GUI thread with a progress bar (and cancelled), sorted, a double-click opening a draft;
审核 mode's right-click comment on a field or a row, the overall 审核意见 with its verdict, all
undoable and saved; the clerk seeing each comment beside its field and in the problems panel,
and marking it resolved; the comparison with another draft; next year's draft."""

from __future__ import annotations

import copy
import json
import threading
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QAbstractItemView, QWidget

from desktop_app.core import fingerprint, inbox, jsonio
from desktop_app.core.draftfile import load_draft, save_draft
from desktop_app.core.problems import COMMENT
from desktop_app.core.review import Comment, Review
from desktop_app.forms import department, project
from desktop_app.gui.autosave import PAUSE_MS
from desktop_app.gui.desk import folder as folder_module
from desktop_app.gui.desk.markers import MARK
from desktop_app.gui.desk.panel import GONE
from tests.forms import sample_dict

from .conftest import commit_text


class DeskAnswers:
    def __init__(self):
        self.comment_text: str | None = "请补充测算依据"
        self.comments_asked: list[tuple[str, str]] = []
        self.folder: Path | None = None
        self.compare_path: Path | None = None
        self.xlsx_path: Path | None = None
        self.next_year_path: Path | None = None


@pytest.fixture(autouse=True)
def desk_answers(monkeypatch) -> DeskAnswers:
    from desktop_app.gui import dialogs

    answers = DeskAnswers()

    def ask_comment(parent, where, text="", limit=2000):
        answers.comments_asked.append((where, text))
        return answers.comment_text

    monkeypatch.setattr(dialogs, "ask_comment", ask_comment)
    monkeypatch.setattr(dialogs, "ask_folder", lambda parent, folder="": answers.folder)
    monkeypatch.setattr(dialogs, "ask_compare_path", lambda parent, folder="": answers.compare_path)
    monkeypatch.setattr(dialogs, "ask_xlsx_path", lambda parent, suggested: answers.xlsx_path)
    monkeypatch.setattr(dialogs, "ask_next_year_path", lambda parent, suggested: answers.next_year_path)
    return answers


def _form(model_form, **changes):
    form = jsonio.loads(json.dumps(sample_dict(model_form), ensure_ascii=False))
    for key, value in changes.items():
        setattr(form, key, value)
    return form


def _wait_saved(qtbot, window):
    qtbot.waitUntil(lambda: window.controller.saved and not window.autosaver.pending(), timeout=PAUSE_MS * 10)


# -- the folder --------------------------------------------------------------------------------

def _wait_reviewed(qtbot, window, rows: int) -> None:
    """Until the review has finished and its rows are sorted and cross-checked (the worker's
    thread ends a moment before its last signal reaches the window)."""
    qtbot.waitUntil(lambda: not window.running and window.status.text().startswith("共 "), timeout=10000)
    assert window.model.rowCount() == rows


def _folder(tmp_path, count: int = 6) -> Path:
    box = tmp_path / "box"
    box.mkdir()
    for i in range(count):
        form = _form(department.FORM, department=f"部门{i}")
        form.budget.basic_expenditure = Decimal(1000 + 10 * ((i * 7) % count))
        save_draft(box / f"d{i}.jxmb", form)
    (box / "broken.jxmb").write_bytes(b"not a draft")
    return box


def test_the_folder_review_fills_off_the_gui_thread_with_its_progress(qtbot, tmp_path, monkeypatch):
    box = _folder(tmp_path)
    gate, reached = threading.Event(), threading.Event()
    real = inbox.read_entry
    gui_thread = threading.get_ident()
    threads = set()

    def held(path, root):
        threads.add(threading.get_ident())
        if path.name == "d3.jxmb":
            reached.set()
            gate.wait(10)
        return real(path, root)

    monkeypatch.setattr(inbox, "read_entry", held)
    monkeypatch.setattr(folder_module, "BATCH", 1)
    window = folder_module.ReviewFolderWindow()
    qtbot.addWidget(window)
    window.show()
    window.start(box)
    qtbot.waitUntil(reached.is_set, timeout=5000)
    # The worker waits inside one file; the window goes on showing what it has and counting.
    qtbot.waitUntil(lambda: window.model.rowCount() == 4 and window.progress.value() == 4,
                    timeout=5000)  # broken, d0, d1, d2
    assert window.running and window.progress.isVisible() and window.cancel_button.isVisible()
    assert window.progress.maximum() == 7 and window.progress.value() == 4
    assert "4 / 7" in window.status.text()
    assert not window.export_button.isEnabled()
    gate.set()
    qtbot.waitUntil(lambda: not window.running and not window.progress.isVisible(), timeout=10000)
    assert window.model.rowCount() == 7
    assert threads and gui_thread not in threads
    assert "共 7 份文件：6 份可用，1 份无法读取" in window.status.text()
    assert window.export_button.isEnabled()
    titles = [c.title for c in window.model.columns]
    assert window.model.headerData(titles.index("内容指纹"), Qt.Orientation.Horizontal) == "内容指纹"
    window.close()


def test_every_cell_of_an_unreadable_row_tells_why(qtbot, tmp_path):
    box = _folder(tmp_path, count=1)
    window = folder_module.ReviewFolderWindow(box)
    qtbot.addWidget(window)
    _wait_reviewed(qtbot, window, 2)
    row = next(r for r, e in enumerate(window.model.entries) if e.path.name == "broken.jxmb")
    reason = window.model.entries[row].reason
    assert reason
    tips = [window.model.data(window.model.index(row, c), Qt.ItemDataRole.ToolTipRole)
            for c in range(window.model.columnCount())]
    assert all(tip and reason in tip for tip in tips)
    good = 1 - row
    assert window.model.data(window.model.index(good, 1), Qt.ItemDataRole.ToolTipRole) is None
    window.close()


def test_the_folder_review_can_be_cancelled(qtbot, tmp_path, monkeypatch):
    box = _folder(tmp_path)
    gate, reached = threading.Event(), threading.Event()
    real = inbox.read_entry

    def held(path, root):
        if path.name == "d1.jxmb":
            reached.set()
            gate.wait(10)
        return real(path, root)

    monkeypatch.setattr(inbox, "read_entry", held)
    window = folder_module.ReviewFolderWindow()
    qtbot.addWidget(window)
    window.show()
    window.start(box)
    qtbot.waitUntil(reached.is_set, timeout=5000)
    qtbot.mouseClick(window.cancel_button, Qt.MouseButton.LeftButton)
    gate.set()
    qtbot.waitUntil(lambda: not window.running, timeout=10000)
    qtbot.waitUntil(lambda: "已取消" in window.status.text(), timeout=5000)
    assert window.model.rowCount() < 7
    window.close()


def test_the_table_sorts_amounts_as_numbers_and_exports_the_workbook(qtbot, tmp_path, desk_answers):
    import openpyxl

    box = _folder(tmp_path)
    window = folder_module.ReviewFolderWindow(box)
    qtbot.addWidget(window)
    _wait_reviewed(qtbot, window, 7)
    assert [e.relative for e in window.model.entries] == ["broken.jxmb", *(f"d{i}.jxmb" for i in range(6))]
    column = [c.title for c in window.model.columns].index("部门预算支出合计（万元）")
    window.table.sortByColumn(column, Qt.SortOrder.DescendingOrder)
    shown = [window.proxy.index(r, column).data() for r in range(window.proxy.rowCount())]
    amounts = [Decimal(s.replace(",", "")) for s in shown if s]
    assert amounts == sorted(amounts, reverse=True) and len(amounts) == 6
    assert shown[-1] == ""  # the unreadable file has none
    desk_answers.xlsx_path = tmp_path / "summary"
    window.export()
    ws = openpyxl.load_workbook(tmp_path / "summary.xlsx").active
    assert ws.max_row == 8 and ws.freeze_panes == "B2"
    assert "汇总表已写入" in window.status.text()
    window.close()


def test_the_window_shows_the_check_across_files(qtbot, tmp_path):
    box = tmp_path / "box"
    box.mkdir()
    dept = _form(department.FORM, department="县财政局", year=2026)
    dept.budget.project_expenditure = Decimal("100")
    save_draft(box / "dept.jxmb", dept)
    for i in (2, 10):
        p = _form(project.FORM, project_name=f"项目{i}", department="县财政局", year=2026)
        save_draft(box / f"项目{i}.jxmb", p)
    window = folder_module.ReviewFolderWindow(box)
    qtbot.addWidget(window)
    _wait_reviewed(qtbot, window, 3)
    assert [e.relative for e in window.model.entries] == ["dept.jxmb", "项目2.jxmb", "项目10.jxmb"]
    notes = [c.key for c in window.model.columns].index("notes")
    texts = [window.model.index(r, notes).data() for r in range(3)]
    assert all("超过" in t for t in texts) and "2 个项目" in texts[0]
    assert "1 处跨表核对提示" in window.status.text()
    window.close()


def _row_of(review, name: str) -> int:
    return next(r for r in range(review.proxy.rowCount()) if review.entry_at(review.proxy.index(r, 0)).path.name == name)


def test_double_click_opens_the_draft_for_review_in_front(qtbot, make_window, tmp_path, desk_answers, clerk):
    box = _folder(tmp_path)
    window = make_window()
    desk_answers.folder = box
    window.desk.folder_action.trigger()
    review = window.desk._folder_windows[-1]
    qtbot.addWidget(review)
    qtbot.waitExposed(review)
    qtbot.waitUntil(lambda: not review.running and review.model.rowCount() == 7, timeout=10000)
    review.activateWindow()
    qtbot.waitUntil(review.isActiveWindow, timeout=3000)
    index = review.proxy.index(_row_of(review, "d2.jxmb"), 0)
    review.table.scrollTo(index)
    rect = review.table.visualRect(index)
    # A real double click: its first press picks the row (QTest's double click alone has no press).
    qtbot.mouseClick(review.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(review.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    # The empty window took it, for review, and came to the front.
    assert window.controller.received == box / "d2.jxmb" and window.desk.review_mode
    assert window.session.path != (box / "d2.jxmb").resolve()  # the review goes to a working copy
    assert window.form.department == "部门2"
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    broken = next(r for r in range(review.proxy.rowCount()) if review.proxy.index(r, 0).data() == "broken.jxmb")
    review._double_clicked(review.proxy.index(broken, 0))
    assert "无法打开" in clerk.warnings[-1]
    review.close()


# -- 审核 mode: comments ----------------------------------------------------------------------

def test_a_reviewer_comments_on_a_field_by_right_click_and_it_is_saved_and_undoable(qtbot, make_window, seed_draft,
                                                                                   desk_answers):
    window = make_window(seed_draft)
    before = fingerprint.fingerprint(window.form)
    desk = window.desk
    window.menuBar().findChild(QWidget, "review_menu")
    desk.mode_action.trigger()
    assert desk.review_mode and desk.panel.isVisible()
    edit = window.widget_for("budget.basic_expenditure")
    assert desk.path_at(edit, edit.rect().center()) == "budget.basic_expenditure"
    menu = desk.context_menu(edit, edit.rect().center(), "budget.basic_expenditure")
    actions = [a for a in menu.actions() if a.objectName() == "action_context_add_comment"]
    assert actions and "基本支出" in actions[0].text()
    assert any(a.text() and "复制" in a.text() for a in menu.actions()) or len(menu.actions()) > 2  # its own menu too
    received = seed_draft.read_bytes()
    actions[0].trigger()
    # Typed in place, below the field: no dialog.
    assert desk.quick.isVisible() and "基本支出" in desk.quick.where.text() and desk.quick.edit.hasFocus()
    commit_text(desk.quick.edit, "请补充测算依据")
    qtbot.keyClick(desk.quick.edit, Qt.Key.Key_Return)
    assert not desk.quick.isVisible() and desk_answers.comments_asked == []
    assert [(c.path, c.text, c.resolved) for c in window.form.review.comments] == \
        [("budget.basic_expenditure", "请补充测算依据", False)]
    assert fingerprint.fingerprint(window.form) == before
    assert window.document.undo_stack.undoText() == "添加审核意见"
    _wait_saved(qtbot, window)
    # Saved to the review's working copy; the received file stays as received.
    assert load_draft(window.session.path).review.comments == window.form.review.comments
    assert seed_draft.read_bytes() == received
    window.undo_action.trigger()
    assert window.form.review.comments == []
    window.redo_action.trigger()
    assert len(window.form.review.comments) == 1
    desk.mode_action.trigger()
    assert not desk.review_mode


def test_a_comment_on_a_row_of_a_table(qtbot, make_window, seed_draft):
    window = make_window(seed_draft)
    window.desk.set_review_mode(True)
    window.focus_path("tasks[1].name")
    view = window.widget_for("tasks")
    assert isinstance(view, QAbstractItemView)
    index = view.model().index_for_path("tasks[1].name")
    pos = view.visualRect(index).center()
    assert window.desk.path_at(view.viewport(), pos) == "tasks[1].name"
    assert window.desk.path_at(view.viewport(), QPoint(2, view.viewport().height() - 2)) in ("tasks", "tasks[6].name",
                                                                                              "tasks[6].content")
    menu = window.desk.context_menu(view.viewport(), pos, "tasks[1].name")
    names = [a.objectName() for a in menu.actions()]
    assert names[0] == "action_context_add_comment" and "年度重点工作任务第2行" in menu.actions()[0].text()
    if hasattr(view, "grid_actions"):  # the grid's own menu follows: cut, copy, paste, rows
        assert "copy" in names
    view.setFocus()
    view.setCurrentIndex(index)
    qtbot.keyClick(view, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    quick = window.desk.quick  # the keyboard way: the focused cell, one shortcut, typed in place
    assert quick.isVisible() and "年度重点工作任务第2行" in quick.where.text()
    qtbot.keyClicks(quick.edit, "why")
    qtbot.keyClick(quick.edit, Qt.Key.Key_Return)
    assert [(c.path, c.text) for c in window.form.review.comments] == [("tasks[1].name", "why")]
    window.desk.add_comment("tasks[2].name")
    qtbot.keyClicks(quick.edit, "dropped")
    qtbot.keyClick(quick.edit, Qt.Key.Key_Escape)  # Esc drops it
    assert not quick.isVisible() and len(window.form.review.comments) == 1


def test_the_overall_review_is_written_in_review_mode_only_and_undone(qtbot, make_window, seed_draft):
    window = make_window(seed_draft)
    panel = window.desk.panel
    panel.show()
    assert panel.reviewer.isReadOnly() and not panel.verdict.isEnabled()
    window.desk.set_review_mode(True)
    panel.verdict.setCurrentIndex(panel.verdict.findData("中"))
    panel.reviewer.setFocus()
    qtbot.keyClicks(panel.reviewer, "Li")
    commit_text(panel.reviewer, "审核员")
    qtbot.mouseClick(panel.today, Qt.MouseButton.LeftButton)
    panel.summary.setPlainText("目标需细化，请修改后重新报送。")
    review = window.form.review
    assert (review.verdict, review.reviewer, review.summary) == ("中", "Li审核员", "目标需细化，请修改后重新报送。")
    assert len(review.date) == 10
    _wait_saved(qtbot, window)
    assert load_draft(window.session.path).review == window.form.review
    assert load_draft(seed_draft).review == Review()  # the received file stays as received
    window.undo_action.trigger()  # the summary
    window.undo_action.trigger()  # the date
    window.undo_action.trigger()  # the reviewer's name, all its keystrokes at once
    assert window.form.review.reviewer == "" and panel.reviewer.text() == ""
    window.undo_action.trigger()
    assert window.form.review.verdict == "" and panel.verdict.currentData() == ""


# -- the clerk ------------------------------------------------------------------------------

def _returned(tmp_path) -> Path:
    form = _form(department.FORM)
    form.review.verdict = "中"
    form.review.comments = [Comment("budget.basic_expenditure", "请补充测算依据"),
                            Comment("overall_goal", "目标不够具体"),
                            Comment("tasks[2].amount", "金额偏高"),
                            Comment("tasks[40].name", "这一行为什么删了"),
                            Comment("department", "已改", resolved=True)]
    path = tmp_path / "returned.jxmb"
    save_draft(path, form)
    return path


def test_the_clerk_sees_each_comment_beside_its_field_and_in_the_problems_panel(qtbot, make_window, tmp_path):
    window = make_window(_returned(tmp_path))
    panel = window.desk.panel
    assert panel.isVisible() and "4 条未处理" in panel.windowTitle()
    assert panel.verdict.currentData() == "中" and not panel.verdict.isEnabled()
    window.problems.refresh()
    listed = [p for p in window.problems.problems if p.severity == COMMENT]
    assert [p.path for p in listed] == ["budget.basic_expenditure", "overall_goal", "tasks[2].amount", "tasks[40].name"]
    assert "审核意见" in window.problems.windowTitle()
    window.desk.markers.refresh()
    edit = window.widget_for("budget.basic_expenditure")
    marks = [a for a in edit.actions() if a.objectName() == f"{MARK}budget.basic_expenditure"]
    assert len(marks) == 1 and "请补充测算依据" in marks[0].toolTip()
    assert not [a for a in window.widget_for("department").actions() if a.objectName().startswith(MARK)]  # resolved
    window.focus_path("tasks[2].amount")
    window.desk.markers.refresh()
    table_mark = window.findChild(QWidget, f"{MARK}tasks")
    assert table_mark is not None and "金额偏高" in table_mark.toolTip()
    qtbot.waitUntil(table_mark.isVisible, timeout=3000)  # shown with its table
    # the comment on a deleted row stays, under its section
    sections = {panel.tree.topLevelItem(i).text(0): panel.tree.topLevelItem(i) for i in range(panel.tree.topLevelItemCount())}
    tasks = sections[department.FORM.member("tasks").label]
    texts = {tasks.child(k).text(0): tasks.child(k).text(1) for k in range(tasks.childCount())}
    assert texts["这一行为什么删了"].endswith(GONE) and not texts["金额偏高"].endswith(GONE)
    # a marker or a panel entry leads to the field (markers are placed anew as tabs appear)
    marks = [a for a in edit.actions() if a.objectName() == f"{MARK}budget.basic_expenditure"]
    marks[0].trigger()
    assert panel.current_index() == 0
    item = panel.item_for(1)
    panel.tree.itemDoubleClicked.emit(item, 0)
    assert window.tabs.currentWidget() is window.page_of("overall_goal").widget


def test_a_long_comment_wraps_in_the_panel_instead_of_ending_in_an_ellipsis(qtbot, make_window, tmp_path):
    form = _form(department.FORM)
    long = "基本支出与上年相比增加较多，请补充测算依据并说明人员经费和公用经费各自的变化原因" * 2
    form.review.comments = [Comment("tasks[2].amount", long)]
    path = tmp_path / "returned.jxmb"
    save_draft(path, form)
    window = make_window(path)
    window.resize(1366, 740)
    panel = window.desk.panel
    qtbot.waitUntil(panel.isVisible, timeout=3000)
    qtbot.wait(50)
    header = panel.tree.header()
    # The comment, not where it is, gets most of the room (a long 位置 used to take it all).
    assert header.sectionSize(0) > header.sectionSize(1) >= 90
    assert panel.width() < window.width() // 2
    metrics = panel.tree.fontMetrics()
    assert metrics.horizontalAdvance(long) > 2 * header.sectionSize(0)
    assert panel.tree.visualItemRect(panel.item_for(0)).height() >= 3 * metrics.lineSpacing()


def test_the_clerk_marks_a_comment_resolved_undoably_and_it_is_saved(qtbot, make_window, tmp_path):
    path = _returned(tmp_path)
    before = fingerprint.fingerprint(load_draft(path))
    window = make_window(path)
    panel = window.desk.panel
    assert not window.desk.review_mode
    item = panel.item_for(0)
    item.setCheckState(0, Qt.CheckState.Checked)
    assert window.form.review.comments[0].resolved
    assert window.document.undo_stack.undoText() == "标记审核意见为已处理"
    assert "3 条未处理" in panel.windowTitle()
    window.problems.refresh()
    assert "budget.basic_expenditure" not in [p.path for p in window.problems.problems if p.severity == COMMENT]
    window.desk.markers.refresh()
    edit = window.widget_for("budget.basic_expenditure")
    assert not [a for a in edit.actions() if a.objectName().startswith(MARK)]
    _wait_saved(qtbot, window)
    saved = load_draft(path)
    assert saved.review.comments[0].resolved and fingerprint.fingerprint(saved) == before
    window.undo_action.trigger()
    assert not window.form.review.comments[0].resolved
    assert panel.item_for(0).checkState(0) == Qt.CheckState.Unchecked
    # the clerk cannot add, change or remove comments outside 审核 mode
    assert not panel.add_button.isVisible() and not panel.remove_button.isVisible()
    panel.tree.setCurrentItem(panel.item_for(1))
    panel.remove_current()
    assert len(window.form.review.comments) == 5


def test_the_reviewer_changes_and_removes_a_comment(qtbot, make_window, tmp_path, desk_answers):
    window = make_window(_returned(tmp_path))
    panel = window.desk.panel
    window.desk.set_review_mode(True)
    panel.tree.setCurrentItem(panel.item_for(1))
    desk_answers.comment_text = "目标请量化"
    panel.edit_current()
    assert desk_answers.comments_asked[-1] == ("总体绩效目标", "目标不够具体")
    assert window.form.review.comments[1].text == "目标请量化"
    panel.tree.setCurrentItem(panel.item_for(1))
    panel.remove_current()
    assert [c.text for c in window.form.review.comments][:2] == ["请补充测算依据", "金额偏高"]
    window.undo_action.trigger()
    assert window.form.review.comments[1].text == "目标请量化"


def test_a_draft_open_elsewhere_can_be_reviewed_without_touching_it(qtbot, make_window, seed_draft, clerk):
    from desktop_app.core import locks

    held = locks.acquire(seed_draft)
    before = seed_draft.read_bytes()
    try:
        window = make_window(seed_draft)
        assert window.read_only
        window.desk.set_review_mode(True)
        assert not window.read_only and window.controller.received == seed_draft
        assert window.desk.add_comment("department")
        qtbot.keyClicks(window.desk.quick.edit, "ok")
        qtbot.keyClick(window.desk.quick.edit, Qt.Key.Key_Return)
        _wait_saved(qtbot, window)
        assert [c.text for c in load_draft(window.session.path).review.comments] == ["ok"]
        assert seed_draft.read_bytes() == before
    finally:
        held.lock.release()


# -- comparison and next year -----------------------------------------------------------------

def test_comparing_with_the_version_sent_back(qtbot, make_window, tmp_path, desk_answers, clerk):
    old = tmp_path / "sent.jxmb"
    form = _form(department.FORM)
    save_draft(old, form)
    changed = copy.deepcopy(form)
    del changed.tasks[1]
    changed.budget.basic_expenditure = Decimal("3800")
    changed.review.comments.append(Comment("tasks[0].name", "已修改"))
    new = tmp_path / "resubmitted.jxmb"
    save_draft(new, changed)
    window = make_window(new)
    desk_answers.compare_path = old
    window.desk.compare_action.trigger()
    dialog = window.desk._compare  # deleted when closed, with its window at the latest
    rows = [dialog.tree.topLevelItem(i) for i in range(dialog.tree.topLevelItemCount())]
    assert [(r.text(0), r.text(1)) for r in rows] == [("修改", "基本支出"), ("删除", "年度重点工作任务原第2行")]
    # Amounts as the command line shows them: 3,738.11 → 3,800.00（+61.89）.
    assert (rows[0].text(2), rows[0].text(3), rows[0].text(4)) == ("3,738.11", "3,800.00", "+61.89")
    assert rows[0].toolTip(4) == "3,738.11 → 3,800.00（+61.89）"
    assert "共 2 处不同" in dialog.summary.text()
    dialog.with_review.setChecked(True)
    assert dialog.tree.topLevelItemCount() == 3 and dialog.tree.topLevelItem(2).childCount() == 1
    dialog.tree.itemDoubleClicked.emit(dialog.tree.topLevelItem(0), 0)
    assert window.tabs.currentWidget() is window.page_of("budget.basic_expenditure").widget
    dialog.swap()
    assert dialog.tree.topLevelItem(1).text(0) == "新增"
    dialog.close()

    other = tmp_path / "project.json"
    other.write_text(json.dumps(sample_dict(project.FORM), ensure_ascii=False), encoding="utf-8")
    desk_answers.compare_path = other
    assert window.desk.compare() is None and "不是同一种表单" in clerk.warnings[-1]
    (tmp_path / "empty.jxmb").write_bytes(b"")
    desk_answers.compare_path = tmp_path / "empty.jxmb"
    assert window.desk.compare() is None and "空文件" in clerk.warnings[-1]


def test_next_year_from_the_window(qtbot, make_window, tmp_path, desk_answers, clerk):
    source = tmp_path / "this.jxmb"
    form = _form(department.FORM, year=2026)
    form.review.verdict = "优"
    save_draft(source, form)
    window = make_window(source)
    desk_answers.next_year_path = tmp_path / "next"
    new_window = window.desk.new_next_year()
    assert new_window is not None and new_window is not window  # closed (and deleted) below
    target = tmp_path / "next.jxmb"
    assert new_window.session.path == target.resolve()
    assert new_window.form.year == 2027 and new_window.form.budget.basic_expenditure is None
    assert new_window.form.tasks and new_window.form.review.is_empty()
    assert load_draft(source).year == 2026  # this year's draft is left as it was
    desk_answers.next_year_path = source
    assert window.desk.new_next_year() is None and "就是要读取的文件" in clerk.warnings[-1]
    new_window.close()


def test_next_year_of_the_last_year_is_refused_in_one_line(qtbot, make_window, tmp_path, desk_answers, clerk):
    source = tmp_path / "this.jxmb"
    save_draft(source, _form(department.FORM, year=9999))
    window = make_window(source)
    desk_answers.next_year_path = tmp_path / "next.jxmb"
    assert window.desk.new_next_year() is None
    assert "最后一个年度" in clerk.warnings[-1] and not (tmp_path / "next.jxmb").exists()


def test_a_draft_double_clicked_after_its_window_closed_opens_in_a_new_one(qtbot, tmp_path, seed_draft):
    import shiboken6

    from desktop_app.gui import main_window
    from desktop_app.gui.desk.hooks import _open

    gone = main_window.MainWindow()
    shiboken6.delete(gone)
    _open(gone.seam, seed_draft)
    opened = [w for w in main_window.WINDOWS if w.controller.received == seed_draft]
    assert len(opened) == 1 and opened[0].desk.review_mode
    opened[0].close()


def test_comments_follow_their_rows_as_rows_are_inserted_deleted_and_moved(qtbot, make_window, tmp_path):
    path = _returned(tmp_path)  # comments on tasks[2].amount and on tasks[40].name (gone already)
    window = make_window(path)
    doc, panel = window.document, window.desk.panel

    def paths():
        return [c.path for c in window.form.review.comments]

    assert paths()[2:4] == ["tasks[2].amount", "tasks[40].name"]
    doc.remove_row("tasks", 0)
    assert paths()[2:4] == ["tasks[1].amount", "tasks[40].name"]
    doc.insert_row("tasks", 0, window.form.model.row("tasks", name="新任务"))
    doc.insert_row("tasks", 0, window.form.model.row("tasks", name="又一个"))
    assert paths()[2] == "tasks[3].amount"
    doc.move_row("tasks", 3, 5)
    assert paths()[2] == "tasks[5].amount" and window.form.tasks[5].name == _form(department.FORM).tasks[2].name
    doc.remove_row("tasks", 5)
    assert paths()[2] == "tasks"  # its row is gone: the comment stays, under its table
    assert panel.item_for(2).text(1).endswith("（该行已删除）")
    window.undo_action.trigger()
    assert paths()[2] == "tasks[5].amount"
    for _ in range(4):
        window.undo_action.trigger()
    assert paths()[2] == "tasks[2].amount" and window.form.tasks == load_draft(path).tasks
    window.redo_action.trigger()
    assert paths()[2] == "tasks[1].amount"
    _wait_saved(qtbot, window)
    assert [c.path for c in load_draft(path).review.comments][2] == "tasks[1].amount"
