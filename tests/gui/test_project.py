"""The project form in the window: its tabs in its words, every value in place, 新建 asking which
form, a clerk's whole path from 新建 to print, and the draft's life (undo, autosave, locking,
crash recovery, problems, preview) as for the department form."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from PySide6.QtWidgets import QComboBox, QLineEdit

from desktop_app.core import draftfile, jsonio
from desktop_app.core.amounts import format_amount
from desktop_app.core.files import load_form
from desktop_app.gui.autosave import PAUSE_MS as AUTOSAVE_DELAY_MS
from desktop_app.gui.preview import PreviewDialog
from desktop_app.gui.problems import PATH_ROLE
from desktop_app.printing.render import render_pdf
from tests import department
from tests import project as P
from tests.forms import MODELS

from .conftest import commit_text, crash_after_typing, export_pdf, field, type_amount

ROOT = Path(__file__).resolve().parents[2]
PROJECT_KIND = next(i for i, m in enumerate(MODELS) if m.spec is P.FORM)
DEPARTMENT_KIND = next(i for i, m in enumerate(MODELS) if m.spec is department.FORM)


@pytest.fixture
def project_draft(tmp_path) -> Path:
    path = tmp_path / "物业管理.jxmb"
    draftfile.save_draft(path, jsonio.load(P.SAMPLE_PATH))
    return path


def tabs(window) -> list[str]:
    return [window.tabs.tabText(i) for i in range(window.tabs.count())]


def wait_saved(qtbot, window):
    qtbot.waitUntil(lambda: window.controller.saved and not window.autosaver.pending(),
                    timeout=AUTOSAVE_DELAY_MS * 10)


def choose(window, text: str) -> None:
    """Picks ``text`` from the 项目属性 list as the clerk would."""
    combo = field(window, "project_attribute")
    combo.setCurrentIndex(combo.findText(text))


def test_the_project_draft_opens_with_every_value_in_place(make_window, project_draft):
    form = jsonio.load(P.SAMPLE_PATH)
    window = make_window(project_draft)
    assert tabs(window) == P.PAGE_TITLES
    assert P.FORM_TITLE in window.windowTitle()
    assert window.form == form
    for path in ("project_name", "department", "department_code", "implementing_unit", "project_period"):
        assert field(window, path).text() == form.get(path)
    assert field(window, "year").text() == str(form.year)
    combo = field(window, "project_attribute")
    assert isinstance(combo, QComboBox) and combo.isEditable() and combo.currentText() == form.project_attribute
    assert [combo.itemText(i) for i in range(combo.count())] == list(P.CHOICES)
    for name in P.FUNDS:
        edit = field(window, f"funds.{name}")
        assert edit.text() == format_amount(getattr(form.funds, name))
        assert edit.accessibleName() == P.field_label(f"funds.{name}")
    assert field(window, "annual_goal").toPlainText() == form.annual_goal
    assert field(window, "period_goal").toPlainText() == ""
    model = window.part_for("indicators").model
    shown = [model.data(model.index_for_indicator(i)) for i in range(len(form.indicators))]
    assert shown == [ind.name for ind in form.indicators]


def test_an_empty_total_shows_what_it_is_computed_as(qtbot, make_window, project_draft):
    window = make_window(project_draft)
    total = field(window, P.PERIOD_TOTAL)
    assert total.text() == "" and total.placeholderText() == P.D.TOTAL_HINT
    type_amount(qtbot, window, "funds.period_fiscal", "3000")
    type_amount(qtbot, window, "funds.period_other", "125.5", finish=False)
    assert total.text() == "" and total.placeholderText().startswith("3,125.50")
    window.undo_action.trigger()
    window.undo_action.trigger()
    assert total.placeholderText() == P.D.TOTAL_HINT
    status = window.findChild(type(window.banner_text), "status__annual_total_sum")
    assert "1,125.00" in status.text()


def test_opening_a_draft_of_the_other_kind_shows_its_own_tabs(qtbot, make_window, seed_draft, project_draft):
    window = make_window(seed_draft)
    qtbot.wait(50)  # the hidden tabs are built one per turn of the event loop
    window.build_all_pages()
    assert tabs(window)[-1] == department.field_label("signoff")
    assert window.open_path(project_draft)
    assert tabs(window) == P.PAGE_TITLES and window.form.spec is P.FORM
    window.build_all_pages()
    assert window.findChild(QLineEdit, "budget.basic_expenditure") is None  # the old tabs are gone
    commit_text(field(window, "project_name"), "改过的")
    wait_saved(qtbot, window)
    assert load_form(project_draft).project_name == "物业管理改过的"
    assert window.open_path(seed_draft)
    assert window.form.spec is department.FORM and len(tabs(window)) == len(department.FORM.pages)
    assert field(window, "department").text() == load_form(seed_draft).department


def test_new_asks_which_form_and_shows_its_tabs(qtbot, window, clerk):
    from desktop_app.gui.main_window import WINDOWS

    clerk.form_kind = PROJECT_KIND
    window.new_action.trigger()
    offered = clerk.form_kinds[-1]
    assert len(offered) == len(MODELS)
    assert any(P.FORM.short_title in kind for kind in offered)
    assert any(department.FORM.short_title in kind for kind in offered)
    assert window.form.spec is P.FORM and tabs(window) == P.PAGE_TITLES  # an empty window takes it
    assert window.is_pristine()

    clerk.form_kind = None  # cancelled: nothing happens
    window.new_action.trigger()
    assert window.form.spec is P.FORM and not WINDOWS

    commit_text(field(window, "project_name"), "正在填写")
    clerk.form_kind = DEPARTMENT_KIND
    window.new_action.trigger()  # this window holds a form: the new one gets its own window
    try:
        assert len(WINDOWS) == 1 and WINDOWS[0].form.spec is department.FORM
        assert window.form.project_name == "正在填写"
    finally:
        for w in list(WINDOWS):
            w.close()


def _fill_in(qtbot, window) -> None:
    """What a clerk types into a new project form to make it complete."""
    commit_text(field(window, "project_name"), "老旧小区改造")
    commit_text(field(window, "department"), "县住房和城乡建设局")
    commit_text(field(window, "implementing_unit"), "县城市建设服务中心")
    choose(window, P.CHOICES[0])
    commit_text(field(window, "project_period"), "1年")
    field(window, "year").setFocus()
    qtbot.keyClicks(field(window, "year"), "2021")
    type_amount(qtbot, window, "funds.annual_fiscal", "800")
    type_amount(qtbot, window, "funds.annual_other", "20.5")
    commit_text(field(window, "annual_goal"), "目标1：完成3个小区的改造")
    for path, text in (("signoff.preparer", "王小明"), ("signoff.phone", "0564-1234567"),
                       ("signoff.head", "李大华"), ("signoff.date", "2021-03-01")):
        commit_text(field(window, path), text)
    part = window.part_for("indicators")
    model = part.model
    annual = list(P.INDICATOR_COLUMNS).index("annual_value") - 2  # the tree's columns: 三级指标, 中期, 年度
    # (一级指标, 二级指标 under it, 三级指标, 年度指标值): every 一级指标 needs one.
    for level1, level2, name, value in ((0, 0, "改造小区数量", "3个"), (0, 3, "项目总成本", "≤820.5万元"),
                                        (1, 1, "改善居住条件", "明显改善"), (2, 0, "居民满意度", "≥90%")):
        part.view.setCurrentIndex(model.index(level2, 0, model.index(level1, 0)))
        part.add_row()
        added = part.view.currentIndex()
        model.setData(added, name)
        model.setData(model.index(added.row(), annual, added.parent()), value)


def test_a_clerk_starts_fills_closes_reopens_and_prints_a_project_form(qtbot, make_window, clerk, tmp_path):
    window = make_window()
    clerk.form_kind = PROJECT_KIND
    window.new_action.trigger()
    _fill_in(qtbot, window)
    assert field(window, P.ANNUAL_TOTAL).placeholderText().startswith("820.50")
    window.problems.refresh()
    assert window.problems.problems == []
    filled = window.form
    assert filled.funds.annual_total is None and filled.project_attribute == P.CHOICES[0]

    clerk.unsaved_answer = "save"
    clerk.save_path = tmp_path / "老旧小区改造.jxmb"
    assert window.close()
    saved = load_form(clerk.save_path)
    assert saved == filled and saved.spec is P.FORM

    reopened = make_window(clerk.save_path)
    assert tabs(reopened) == P.PAGE_TITLES and reopened.form == filled
    assert field(reopened, "project_attribute").currentText() == P.CHOICES[0]
    clerk.pdf_path = tmp_path / "老旧小区改造.pdf"
    export_pdf(qtbot, reopened)
    data = clerk.pdf_path.read_bytes()
    assert data == render_pdf(filled)
    from tests.printing.readback import open_pdf, page_text

    with open_pdf(data) as pdf:
        first = page_text(pdf.pages[0])
    assert P.FORM_TITLE in first and "（2021年度）" in first and "820.50" in first
    assert P.DRAFT_MARK not in first


def test_the_choice_keeps_other_text_and_undo_covers_it(qtbot, make_window, project_draft):
    window = make_window(project_draft)
    choose(window, P.CHOICES[1])
    assert window.form.project_attribute == P.CHOICES[1]
    combo = field(window, "project_attribute")
    combo.lineEdit().clear()
    commit_text(combo.lineEdit(), "常年性项目")
    assert window.form.project_attribute == "常年性项目"
    assert combo.lineEdit().maxLength() == P.D.ATTRIBUTE.limit
    window.undo_action.trigger()  # one step, as consecutive keystrokes in one field are
    assert window.form.project_attribute == "" and combo.currentText() == ""
    window.redo_action.trigger()
    assert window.form.project_attribute == "常年性项目" and combo.currentText() == "常年性项目"
    commit_text(field(window, "project_period"), "1年")
    choose(window, P.CHOICES[0])
    window.undo_action.trigger()
    assert window.form.project_attribute == "常年性项目" and window.form.project_period == "1年"


def test_a_second_window_on_the_project_draft_is_read_only(make_window, project_draft):
    first = make_window(project_draft)
    second = make_window(project_draft)
    assert second.read_only and "只读" in second.windowTitle()
    choose(second, P.CHOICES[1])  # the list still opens; picking changes nothing
    assert second.form.project_attribute == "" and field(second, "project_attribute").currentText() == ""
    assert field(second, "project_name").isReadOnly()
    assert not first.read_only


def test_activating_a_funds_problem_opens_its_tab_and_field(qtbot, make_window, tmp_path):
    import json

    data = json.loads(P.SAMPLE_PATH.read_text(encoding="utf-8"))
    data["funds"]["annual_other"] = "100"
    source = tmp_path / "un.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    window = make_window(source)
    qtbot.waitUntil(lambda: window.problems.list.count() > 0)
    items = {window.problems.list.item(i).data(PATH_ROLE): window.problems.list.item(i)
             for i in range(window.problems.list.count())}
    assert [p.path for p in window.problems.problems if p.severity == "error"] == [P.ANNUAL_TOTAL]
    window.tabs.setCurrentIndex(0)
    window.problems.list.itemActivated.emit(items[P.ANNUAL_TOTAL])
    qtbot.waitUntil(lambda: window.focusWidget() is field(window, P.ANNUAL_TOTAL))
    assert window.tabs.currentWidget() is window.page_of(P.ANNUAL_TOTAL).widget
    # and its title counts the one error it holds
    assert window.tabs.tabText(window.tabs.currentIndex()) == f"{window.page_of(P.ANNUAL_TOTAL).title} ①"
    status = window.findChild(type(window.banner_text), "status__annual_total_sum")
    assert "不等于" in status.text() and "#b00020" in status.styleSheet()


def test_preview_of_a_project_form(qtbot, make_window, project_draft):
    window = make_window(project_draft)
    dialog = PreviewDialog(window.form, window.display_name(), window)
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.pages is not None, timeout=30_000)  # rendered in a thread
    assert dialog.pages.page_count == 1
    assert dialog.pages.data == render_pdf(window.form)


def test_crash_recovery_brings_back_a_project_form(qtbot, make_window, clerk):
    crash_after_typing("from desktop_app.forms import project\nw = MainWindow(project.MODEL.new())",
                       {"project_name": '"崩溃前填写的项目"', "funds.annual_fiscal": 'decimal.Decimal("1125")'})

    from desktop_app.gui.app import offer_recovery

    window = make_window()  # a department form, as the program starts
    offer_recovery(window)
    assert window.form.spec is P.FORM and tabs(window) == P.PAGE_TITLES
    assert window.form.project_name == "崩溃前填写的项目"
    assert window.form.funds.annual_fiscal == Decimal("1125")
    assert field(window, P.ANNUAL_TOTAL).placeholderText().startswith("1,125.00")
    assert "已恢复" in window.windowTitle()
    clerk.unsaved_answer = "discard"
