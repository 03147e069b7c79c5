"""What clerks expect of an office program (issue 25): the form to and from Excel from the 文件
menu, help on F1 and 帮助 → 填报说明, find across every tab (Ctrl+F), 退出 (Ctrl+Q) closing every
window, and a word at the next start after a crash."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPlainTextEdit

from desktop_app.core.fieldhelp import every_field_path, field_help
from desktop_app.core.formbook import read_form_xlsx
from desktop_app.gui import office
from tests.forms import IDS, MODELS, sample_path

from .conftest import commit_text

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def office_window(make_window, qtbot):
    def make(path=None):
        window = make_window(path)
        qtbot.waitUntil(lambda: window.office is not None, timeout=3000)
        return window

    return make


# -- Excel ---------------------------------------------------------------------------------------

def test_export_to_excel_and_import_it_back_in_a_new_window(office_window, qtbot, monkeypatch, tmp_path, clerk,
                                                            seed_draft):
    window = office_window(seed_draft)
    target = tmp_path / "给同事.xlsx"
    monkeypatch.setattr(office, "ask_xlsx_save_path", lambda parent, suggested: target)
    assert window.office.suggested_xlsx().name == "seed.xlsx"
    assert window.office.export_xlsx_action in window.file_menu.actions()
    window.office.export_xlsx_action.trigger()
    assert clerk.warnings == [] and read_form_xlsx(target) == window.form

    monkeypatch.setattr(office, "ask_xlsx_open_path", lambda parent, folder: target)
    window.office.import_xlsx()
    other = next(w for w in QApplication.topLevelWidgets() if w is not window and hasattr(w, "office")
                 and getattr(w.controller, "source", None) == target)
    qtbot.addWidget(other)
    assert other.form == window.form
    assert other.session.path is None  # imported: never saved over the workbook
    assert target.read_bytes()[:2] == b"PK"


def test_a_refused_workbook_changes_nothing(office_window, monkeypatch, tmp_path, clerk):
    window = office_window()
    bad = tmp_path / "别人的.xlsx"
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "姓名"
    wb.save(bad)
    monkeypatch.setattr(office, "ask_xlsx_open_path", lambda parent, folder: bad)
    window.office.import_xlsx()
    assert len(clerk.warnings) == 1 and "不是本程序导出的表单工作簿" in clerk.warnings[0]
    assert window.is_pristine()


def test_export_refuses_to_write_over_the_draft(office_window, monkeypatch, clerk, seed_draft):
    window = office_window(seed_draft)
    before = seed_draft.read_bytes()
    monkeypatch.setattr(office, "ask_xlsx_save_path", lambda parent, suggested: seed_draft)
    assert window.office.export_xlsx() is None
    assert clerk.warnings and seed_draft.read_bytes() == before


# -- help ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_f1_on_every_field_of_every_form_shows_its_help(office_window, model, qtbot):
    window = office_window(sample_path(model.spec))
    window.build_all_pages()
    shown = 0
    for path in every_field_path(model.spec):
        table = model.spec.member(path.split(".")[0])
        if hasattr(table, "columns"):  # a column: its first row's cell
            if table.tree is not None and path.split(".")[1] in table.tree.level_keys:
                continue  # the tree's fixed levels are headings, not cells (填报说明 has them)
            path = f"{table.key}[0].{path.split('.')[1]}"
        window.focus_path(path)
        window.office.field_help_action.trigger()
        item = field_help(model.spec, path)
        text = window.office.help.browser.toPlainText()
        assert item.title in text and f"最多 {model.spec.field_at(path).limit} 个字符" in text, path
        assert window.office.help.shown_path == path
        shown += 1
    assert shown >= len(list(model.spec.scalar_paths()))
    window.office.guide_action.trigger()
    guide = window.office.help.browser.toPlainText()
    for path in every_field_path(model.spec):
        assert field_help(model.spec, path).title in guide
    assert "从 Excel 粘贴" in guide and "打印" in guide and "审核" in guide


def test_the_f1_key_in_a_field(office_window, qtbot, seed_draft):
    window = office_window(seed_draft)
    window.focus_path("department")
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F1)
    assert window.office.help.isVisible()
    assert window.office.help.shown_path == "department"


# -- find ----------------------------------------------------------------------------------------

def test_ctrl_f_finds_an_indicator_on_a_hidden_tab_and_esc_returns_to_it(office_window, qtbot, seed_draft, seed_form):
    window = office_window(seed_draft)
    assert window.tabs.currentIndex() == 0
    name = seed_form.indicators[5].name
    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    bar = window.office.find
    assert bar.isVisible() and QApplication.focusWidget() is bar.edit
    commit_text(bar.edit, name[2:9])
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return)
    page = window.page_of("indicators[5].name")
    assert window.tabs.currentWidget() is page.widget
    view = page.part_for("indicators[5].name").view
    assert view.grid_model.path(view.currentIndex()) == "indicators[5].name"
    assert QApplication.focusWidget() is bar.edit  # typing stays in the bar
    qtbot.keyClick(bar.edit, Qt.Key.Key_Escape)
    assert not bar.isVisible() and QApplication.focusWidget() is view


def test_find_a_word_inside_a_long_text_next_and_previous(office_window, qtbot, seed_draft, seed_form):
    window = office_window(seed_draft)
    bar = window.office.find
    window.office.find_action.trigger()
    word = "中新合作"
    commit_text(bar.edit, word)
    found = [m for m in bar.matches]
    assert found and any(m.path == "overall_goal" for m in found)
    while True:
        match = bar.step(+1)
        if match.path == "overall_goal":
            break
    edit = window.findChild(QPlainTextEdit, "overall_goal")
    assert window.tabs.currentWidget() is window.page_of("overall_goal").widget
    assert edit.textCursor().selectedText() == word
    assert seed_form.overall_goal.index(word) == match.start
    count = len(bar.matches)
    assert bar.count.text() == f"第 {bar.current + 1} / {count} 处"
    before = bar.current
    qtbot.keyClick(bar.edit, Qt.Key.Key_Return, Qt.KeyboardModifier.ShiftModifier)
    assert bar.current == (before - 1) % count
    window.office.find_next_action.trigger()  # F3
    assert bar.current == before
    commit_text(bar.edit, "这几个字不在表里")
    assert bar.count.text() == "没有找到" and bar.step(+1) is None


# -- quit, and after a crash -------------------------------------------------------------------

def test_quit_closes_every_window_after_the_usual_question(office_window, qtbot, clerk, seed_draft):
    first = office_window(seed_draft)
    second = office_window()
    second.document.set_value("department", "未保存的部门")
    clerk.unsaved_answer = "cancel"
    assert first.office.quit_action.shortcuts()[0].toString() == "Ctrl+Q"
    assert not office.quit_all()
    assert second.isVisible() and len(clerk.unsaved_questions) == 1
    clerk.unsaved_answer = "discard"
    first.office.quit_action.trigger()
    assert not first.isVisible() and not second.isVisible()
    assert len(clerk.unsaved_questions) == 2


def test_the_next_start_after_a_crash_says_so_and_where_the_log_is(window, clerk):
    from desktop_app import paths
    from desktop_app.gui import lastrun

    code = ("import os\nfrom desktop_app.gui import lastrun\nlastrun.mark_running()\nos._exit(9)\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 9, done.stderr
    lastrun.ended_normally()
    lastrun.start(window)
    assert len(clerk.notices) == 1
    assert "意外中止" in clerk.notices[0] and str(paths.log_path()) in clerk.notices[0]
    lastrun.ended_normally()  # this run ends normally: the next start says nothing
    lastrun.start(window)
    assert len(clerk.notices) == 1
    lastrun.ended_normally()


def test_a_copy_still_running_is_not_a_crash(window, clerk):
    from desktop_app.gui import lastrun

    code = ("import sys, time\nfrom desktop_app.gui import lastrun\nlastrun.mark_running()\n"
            "print('held', flush=True)\nsys.stdin.readline()\n")
    with subprocess.Popen([sys.executable, "-c", code], cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                          stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) as other:
        try:
            assert other.stdout.readline().strip() == "held"
            lastrun.ended_normally()
            lastrun.start(window)
            assert clerk.notices == []
        finally:
            other.stdin.write("\n")
            other.stdin.flush()
            other.wait(timeout=30)
            lastrun.ended_normally()

