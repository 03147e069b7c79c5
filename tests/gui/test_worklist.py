"""The reviewer's inbox as a reviewer works it (pytest-qt, offscreen): review mode (the content
read-only, nothing written to the received file, a deliberate step to change it), 退回 to the
return folder chosen once, the folder window as a worklist (decision columns in view, legend,
filters, search, live refresh keeping the selection, 上一份/下一份), and the whole cycle:
review, return, the clerk's resubmission, the comparison with the returned copy."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from desktop_app.core import identity, inbox, jsonio
from desktop_app.core.draftfile import load_draft, save_draft
from desktop_app.core.reviewing import RETURN_FOLDER_NAME
from desktop_app.forms import department, project
from desktop_app.gui.autosave import PAUSE_MS
from desktop_app.gui.desk import folder as folder_module
from tests.forms import sample_dict

from ..robustness.support import sha256
from .conftest import commit_text, field, type_amount


class ReviewerAnswers:
    def __init__(self):
        self.return_folders: list[str] = []   # what the return-folder question suggested
        self.return_folder: Path | None = None
        self.unlock = True
        self.unlock_asked: list[str] = []
        self.told: list[str] = []


@pytest.fixture(autouse=True)
def reviewer(monkeypatch) -> ReviewerAnswers:
    from desktop_app.gui import dialogs

    answers = ReviewerAnswers()

    def ask_return_folder(parent, suggested):
        answers.return_folders.append(suggested)
        return answers.return_folder or Path(suggested)

    def ask_unlock(parent, name):
        answers.unlock_asked.append(name)
        return answers.unlock

    monkeypatch.setattr(dialogs, "ask_return_folder", ask_return_folder)
    monkeypatch.setattr(dialogs, "ask_unlock_content", ask_unlock)
    monkeypatch.setattr(dialogs, "tell", lambda parent, title, text: answers.told.append(text))
    return answers


def _form(form_spec, **changes):
    form = jsonio.loads(json.dumps(sample_dict(form_spec), ensure_ascii=False))
    for key, value in changes.items():
        setattr(form, key, value)
    form.identity = identity.created()
    return form


def _inbox(root: Path) -> Path:
    """Twelve drafts of both forms, as a reviewer receives them."""
    box = root / "收件"
    box.mkdir()
    for i in range(6):
        form = _form(department.FORM, department=f"部门{i}")
        form.budget.basic_expenditure = Decimal(1000 + 10 * i)
        save_draft(box / f"部门{i}.jxmb", form)
        save_draft(box / f"项目{i}.jxmb", _form(project.FORM, project_name=f"项目{i}", department=f"部门{i}"))
    return box


def _wait_saved(qtbot, window):
    qtbot.waitUntil(lambda: window.controller.saved and not window.autosaver.pending(), timeout=PAUSE_MS * 10)


def _folder_window(qtbot, window, box: Path, desk_answers=None):
    review = window.desk.review_folder(box)
    qtbot.addWidget(review)
    qtbot.waitExposed(review)
    qtbot.waitUntil(lambda: not review.running and review.status.text().startswith("共 "), timeout=10000)
    return review


def _row(review, name: str) -> int:
    for r in range(review.proxy.rowCount()):
        if review.entry_at(review.proxy.index(r, 0)).path.name == name:
            return r
    raise AssertionError(f"{name} not listed")


def _open_row(qtbot, review, name: str) -> None:
    index = review.proxy.index(_row(review, name), 0)
    review.table.scrollTo(index)
    rect = review.table.visualRect(index)
    qtbot.mouseClick(review.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(review.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def _quick_comment(qtbot, window, path: str, text: str) -> None:
    """The keyboard way: focus the field, one shortcut, type in place, Enter."""
    window.focus_path(path)
    focused = window.focusWidget()
    qtbot.keyClick(focused, Qt.Key.Key_M, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier)
    quick = window.desk.quick
    assert quick.isVisible() and quick.edit.hasFocus()
    commit_text(quick.edit, text)
    qtbot.keyClick(quick.edit, Qt.Key.Key_Return)
    assert not quick.isVisible()


# -- review mode -----------------------------------------------------------------------------

def test_typing_into_a_draft_under_review_changes_nothing_until_it_is_unlocked(qtbot, make_window, tmp_path,
                                                                               reviewer):
    box = _inbox(tmp_path)
    received = box / "部门1.jxmb"
    before = sha256(received)
    window = make_window()
    assert window.open_for_review(received, box)
    assert window.desk.review_mode and "审核模式" in window.banner_text.text() and window.banner.isVisible()
    assert "（审核）" in window.windowTitle()
    edit = field(window, "department")
    window.focus_path("department")
    qtbot.keyClicks(edit, "x")
    qtbot.keyClick(edit, Qt.Key.Key_Backspace)
    qtbot.keyClick(edit, Qt.Key.Key_V, Qt.KeyboardModifier.ControlModifier)
    assert edit.isReadOnly() and edit.text() == "部门1" and window.form.department == "部门1"
    assert window.document.undo_stack.count() == 0
    # The review itself may be written, and is saved — not into the received file.
    window.desk.verdict.setCurrentIndex(window.desk.verdict.findData("良"))
    window.desk.verdict.activated.emit(window.desk.verdict.currentIndex())
    assert window.form.review.verdict == "良"
    _wait_saved(qtbot, window)
    assert sha256(received) == before
    assert load_draft(window.session.path).review.verdict == "良"
    # The deliberate, visible step.
    reviewer.unlock = False
    window.desk.unlock_action.trigger()
    assert edit.isReadOnly() and reviewer.unlock_asked == ["部门1.jxmb"]
    reviewer.unlock = True
    window.desk.unlock_action.trigger()
    assert not edit.isReadOnly() and "内容已解锁" in window.banner_text.text()
    assert not window.desk.unlock_action.isEnabled()
    type_amount(qtbot, window, "budget.basic_expenditure", "2000")
    _wait_saved(qtbot, window)
    assert load_draft(window.session.path).budget.basic_expenditure == Decimal("2000")
    assert sha256(received) == before
    # Opened again, the review goes on where it was.
    other = make_window()
    window.close()
    assert other.open_for_review(received, box)
    assert other.form.review.verdict == "良" and other.form.budget.basic_expenditure == Decimal("2000")


def test_return_writes_the_reviewed_copy_to_the_folder_chosen_once_and_says_where(qtbot, make_window, tmp_path,
                                                                                   reviewer):
    box = _inbox(tmp_path)
    received = box / "项目2.jxmb"
    before = sha256(received)
    window = make_window()
    assert window.open_for_review(received, box)
    window.desk.add_comment("project_name")
    commit_text(window.desk.quick.edit, "名称不规范")
    qtbot.keyClick(window.desk.quick.edit, Qt.Key.Key_Return)
    target = window.desk.return_draft()
    expected = tmp_path / RETURN_FOLDER_NAME / "项目2.jxmb"  # 已退回 beside the inbox
    assert target == expected and reviewer.return_folders == [str(expected.parent)]
    assert str(expected) in reviewer.told[-1] and "项目2.jxmb" in reviewer.told[-1]
    returned = load_draft(target)
    sent = load_draft(received)
    assert [c.text for c in returned.review.comments] == ["名称不规范"]
    assert returned.identity.form_id == sent.identity.form_id and returned.identity.revision == 1
    assert returned.project_name == sent.project_name  # the content as received
    assert sha256(received) == before
    # The second 退回 asks nothing: the folder was chosen once.
    window.desk.add_comment("department")
    commit_text(window.desk.quick.edit, "主管部门？")
    qtbot.keyClick(window.desk.quick.edit, Qt.Key.Key_Return)
    assert window.desk.return_draft() == expected and len(reviewer.return_folders) == 1
    assert load_draft(expected).identity.revision == 1 and len(load_draft(expected).review.comments) == 2
    assert not list(box.glob("*退回*")) and sorted(p.name for p in box.iterdir())[:1] == ["部门0.jxmb"]


# -- the folder window --------------------------------------------------------------------------

@pytest.mark.parametrize("size", [(1366, 768), (1280, 720)])  # 1920×1080 at 150 % is 1280×720 logical
def test_the_decision_columns_are_in_view_without_scrolling(qtbot, tmp_path, size):
    box = _inbox(tmp_path)
    review = folder_module.ReviewFolderWindow(box)
    qtbot.addWidget(review)
    review.resize(*size)
    review.show()
    qtbot.waitExposed(review)
    qtbot.waitUntil(lambda: not review.running and review.status.text().startswith("共 "), timeout=10000)
    header = review.table.horizontalHeader()
    keys = [c.key for c in review.model.columns]
    decision = ["unit", "form", "verdict", "comments", "errors", "amount", "submission"]
    assert keys[:len(decision)] == decision
    last = len(decision) - 1
    assert header.sectionViewportPosition(last) + header.sectionSize(last) <= review.table.viewport().width()
    assert review.table.horizontalScrollBar().value() == 0
    legend = review.findChild(folder_module.QWidget, "review_legend")
    assert legend is not None and legend.isVisible() and "无法读取" in "".join(
        w.text() for w in legend.findChildren(folder_module.QLabel))
    review.close()


def test_filters_search_and_the_row_detail(qtbot, make_window, tmp_path):
    box = _inbox(tmp_path)
    (box / "broken.jxmb").write_bytes(b"not a draft")
    window = make_window()
    review = _folder_window(qtbot, window, box)
    assert review.proxy.rowCount() == 13 and "共 13 份" in review.shown_label.text()
    review.form_filter.setCurrentIndex(review.form_filter.findData(project.FORM.format_id))
    assert review.proxy.rowCount() == 6
    review.form_filter.setCurrentIndex(0)
    review.search.setText("项目３")  # full-width digit: the same project
    assert [review.entry_at(review.proxy.index(r, 0)).path.name for r in range(review.proxy.rowCount())] == ["项目3.jxmb"]
    review.search.clear()
    review.attention.setChecked(True)
    assert review.proxy.rowCount() == 13  # nothing has a verdict yet; the broken file needs a look too
    work = window
    assert work.open_for_review(box / "部门4.jxmb", box)
    work.desk.worklist = review
    work.desk.verdict.setCurrentIndex(work.desk.verdict.findData("优"))
    work.desk.verdict.activated.emit(work.desk.verdict.currentIndex())
    # At once, without a rescan: the row shows the verdict and leaves "needs my attention".
    assert review.proxy.rowCount() == 12
    review.attention.setChecked(False)
    review.verdict_filter.setCurrentIndex(review.verdict_filter.findData("优"))
    names = [review.entry_at(review.proxy.index(r, 0)).path.name for r in range(review.proxy.rowCount())]
    assert names == ["部门4.jxmb"]
    verdict_col = [c.key for c in review.model.columns].index("verdict")
    assert review.proxy.index(0, verdict_col).data() == "优（可以实施）"
    review.verdict_filter.setCurrentIndex(0)
    review.select(box / "broken.jxmb")
    assert "无法读取" in review.detail.text()
    review.close()


def test_the_list_follows_the_folder_keeping_the_selection_and_steps_from_the_draft(qtbot, make_window, tmp_path):
    box = _inbox(tmp_path)
    window = make_window()
    review = _folder_window(qtbot, window, box)
    review.form_filter.setCurrentIndex(review.form_filter.findData(department.FORM.format_id))
    _open_row(qtbot, review, "部门2.jxmb")
    assert window.controller.received == box / "部门2.jxmb" and window.desk.worklist is review
    current = review.entry_at(review.table.currentIndex())
    assert current.path.name == "部门2.jxmb"
    # A file dropped in is listed on its own; the selection stays.
    save_draft(box / "部门9.jxmb", _form(department.FORM, department="部门9"))
    qtbot.waitUntil(lambda: any(e.path.name == "部门9.jxmb" for e in review.model.entries), timeout=10000)
    assert review.entry_at(review.table.currentIndex()).path.name == "部门2.jxmb"
    (box / "部门0.jxmb").unlink()
    qtbot.waitUntil(lambda: all(e.path.name != "部门0.jxmb" for e in review.model.entries), timeout=10000)
    assert review.entry_at(review.table.currentIndex()).path.name == "部门2.jxmb"
    # 下一份 / 上一份 from the draft window, through the list as filtered (departments only).
    window.desk.next_action.trigger()
    assert window.controller.received.name == "部门3.jxmb" and window.form.department == "部门3"
    assert review.entry_at(review.table.currentIndex()).path.name == "部门3.jxmb"
    window.desk.previous_action.trigger()
    window.desk.previous_action.trigger()
    assert window.controller.received.name == "部门1.jxmb"
    window.desk.previous_action.trigger()  # 部门0 is gone: the first of the list
    assert window.controller.received.name == "部门1.jxmb" and "第一份" in window.statusBar().currentMessage()
    review.close()


# -- the whole cycle ----------------------------------------------------------------------------

def test_review_return_resubmission_and_the_comparison(qtbot, make_window, tmp_path, reviewer, clerk):
    box = _inbox(tmp_path)
    received = box / "部门3.jxmb"
    before = sha256(received)
    reviewer_window = make_window()
    review = _folder_window(qtbot, reviewer_window, box)
    assert review.model.rowCount() == 12
    _open_row(qtbot, review, "部门3.jxmb")
    w = reviewer_window
    assert w.controller.received == received
    qtbot.waitUntil(w.isActiveWindow, timeout=3000)  # the draft comes to the front
    # Typing into the content changes nothing, on screen or on disk.
    w.focus_path("budget.basic_expenditure")
    qtbot.keyClicks(field(w, "budget.basic_expenditure"), "9")
    assert w.form.budget.basic_expenditure == Decimal("1030")
    # Three comments, typed in place, and a verdict from one control.
    _quick_comment(qtbot, w, "budget.basic_expenditure", "请补充基本支出的测算依据")
    _quick_comment(qtbot, w, "overall_goal", "目标不够具体")
    _quick_comment(qtbot, w, "department", "请写全称")
    w.desk.verdict.setCurrentIndex(w.desk.verdict.findData("中"))
    w.desk.verdict.activated.emit(w.desk.verdict.currentIndex())
    unresolved = [c.key for c in review.model.columns].index("comments")
    assert review.proxy.index(_row(review, "部门3.jxmb"), unresolved).data() == "3"
    returned = w.desk.return_draft()
    assert returned == tmp_path / RETURN_FOLDER_NAME / "部门3.jxmb"
    assert sha256(received) == before

    # The clerk: opens what came back, marks the comments 已处理, changes a figure, saves.
    clerk_copy = tmp_path / "clerk" / "部门3.jxmb"
    clerk_copy.parent.mkdir()
    shutil.copyfile(returned, clerk_copy)
    clerk_window = make_window(clerk_copy)
    assert not clerk_window.controller.content_locked
    panel = clerk_window.desk.panel
    for i in range(3):
        qtbot.waitUntil(lambda: panel.item_for(i) is not None, timeout=3000)
        panel.item_for(i).setCheckState(0, Qt.CheckState.Checked)  # ticked 已处理 in the panel
        qtbot.waitUntil(lambda: clerk_window.form.review.comments[i].resolved, timeout=3000)
    assert clerk_window.form.identity.revision == 2  # the clerk's side took the form over
    type_amount(qtbot, clerk_window, "budget.basic_expenditure", "1075.5")
    assert clerk_window.save()
    resubmitted = load_draft(clerk_copy)
    assert resubmitted.identity.revision == 2 and resubmitted.identity.submission == 2
    assert all(c.resolved for c in resubmitted.review.comments)
    clerk_window.close()

    # Dropped into the inbox: listed as the second submission without a rescan.
    shutil.copyfile(clerk_copy, box / "部门3（第2次）.jxmb")
    qtbot.waitUntil(lambda: any(e.path.name == "部门3（第2次）.jxmb" for e in review.model.entries), timeout=10000)
    submission = [c.key for c in review.model.columns].index("submission")
    again = _row(review, "部门3（第2次）.jxmb")
    assert review.proxy.index(again, submission).data() == "第 2 次（已处理 3/3）"
    first = review.entry_at(review.proxy.index(_row(review, "部门3.jxmb"), 0))
    assert not first.latest and "已有新版本" in review.proxy.index(_row(review, "部门3.jxmb"), submission).data()
    # It needs the reviewer again (the verdict it carries is the round before's); the first no more.
    review.attention.setChecked(True)
    listed = {review.entry_at(review.proxy.index(r, 0)).path.name for r in range(review.proxy.rowCount())}
    assert "部门3（第2次）.jxmb" in listed and "部门3.jxmb" not in listed
    review.attention.setChecked(False)
    # One action: the comparison with the returned copy.
    review.select(box / "部门3（第2次）.jxmb")
    assert review.compare_button.isEnabled()
    qtbot.mouseClick(review.compare_button, Qt.MouseButton.LeftButton)
    dialog = review._compare
    rows = [dialog.tree.topLevelItem(i) for i in range(dialog.tree.topLevelItemCount())]
    changed = [r for r in rows if r.text(1) == "基本支出"]
    assert changed and (changed[0].text(2), changed[0].text(3), changed[0].text(4)) == ("1,030.00", "1,075.50", "+45.50")
    answered = [r.child(k).text(1) for r in rows for k in range(r.childCount())]
    assert len(answered) == 3 and all("审核意见" in a for a in answered)
    assert "退回件" in dialog.heading.text() and "第 2 次报送" in dialog.heading.text()
    dialog.close()
    # The same from the draft window, once the resubmission is open for review.
    _open_row(qtbot, review, "部门3（第2次）.jxmb")
    assert w.controller.received == box / "部门3（第2次）.jxmb" and w.desk.compare_returned_action.isEnabled()
    w.desk.compare_returned_action.trigger()
    rows = [w.desk._compare.tree.topLevelItem(i) for i in range(w.desk._compare.tree.topLevelItemCount())]
    assert any(r.text(1) == "基本支出" and r.text(3) == "1,075.50" for r in rows)
    w.desk._compare.close()
    review.close()


def test_a_draft_saved_before_identities_gets_one_at_its_first_save_in_the_window(qtbot, make_window, tmp_path):
    path = tmp_path / "old.jxmb"
    form = _form(department.FORM)
    form.identity = identity.Identity()
    save_draft(path, form)
    window = make_window(path)
    assert window.form.identity.form_id == ""
    type_amount(qtbot, window, "budget.basic_expenditure", "2000")
    _wait_saved(qtbot, window)
    made = load_draft(path).identity
    assert made.form_id and made.revision == 0
    type_amount(qtbot, window, "budget.basic_expenditure", "2001")
    _wait_saved(qtbot, window)
    assert load_draft(path).identity == made  # made once, then kept
