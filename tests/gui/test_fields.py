"""Typing into the form: amounts, live totals, the balance warning, names for screen readers."""

from decimal import Decimal

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit, QPlainTextEdit, QWidget

from desktop_app.core.amounts import format_amount
from desktop_app.core.totals import compute_totals
from tests import department as labels
from tests.forms import IDS, MODELS

from .conftest import commit_text, field, type_amount

INPUT_PATHS = ["department", "year", *(f"budget.{n}" for n in labels.BUDGET_FIELDS), "overall_goal",
               "other_tasks", *(f"signoff.{n}" for n in labels.SIGNOFF_LABELS)]


def test_every_input_is_named_by_its_path_and_labelled_from_the_core(window):
    for path in INPUT_PATHS:
        widget = field(window, path)
        assert isinstance(widget, (QLineEdit, QPlainTextEdit)), path
        assert widget.accessibleName() == labels.field_label(path)
    for path in ("tasks", "indicators"):
        assert field(window, path).accessibleName() == labels.field_label(path)
    shown = {label.text() for label in window.findChildren(QLabel)}
    assert {labels.field_label(p) for p in INPUT_PATHS} <= shown
    assert not any(text.startswith("[") for text in shown), "a .ui placeholder leaked"
    assert [page.title for page in window.pages][1:] == [
        labels.SECTION_OVERALL_GOAL, labels.SECTION_TASKS, labels.SECTION_OTHER_TASKS.split("（")[0],
        labels.SECTION_INDICATORS, labels.field_label("signoff")]
    # A tab's text is its title, then how many errors it holds.
    assert all(window.tabs.tabText(i).startswith(page.title) for i, page in enumerate(window.pages))


def test_the_seed_opens_with_every_value_in_place(make_window, seed_form):
    from tests.conftest import SEED_PATH

    window = make_window(SEED_PATH)
    assert window.form == seed_form
    assert field(window, "department").text() == seed_form.department
    assert field(window, "overall_goal").toPlainText() == seed_form.overall_goal
    for name in labels.BUDGET_FIELDS:
        assert field(window, f"budget.{name}").text() == format_amount(getattr(seed_form.budget, name))
    assert window.part_for("tasks").model.rowCount() == len(seed_form.tasks)
    model = window.part_for("indicators").model
    shown = [model.data(model.index_for_indicator(i)) for i in range(len(seed_form.indicators))]
    assert shown == [ind.name for ind in seed_form.indicators]


def test_typing_amounts_updates_the_totals_on_every_keystroke(qtbot, window):
    totals = {k: window.findChild(QLabel, f"total__{k}") for k in (labels.EXPENDITURE_TOTAL, labels.INCOME_TOTAL)}
    expenditure = labels.EXPENDITURE_TOTAL
    type_amount(qtbot, window, "budget.basic_expenditure", "3738.11", finish=False)
    assert totals[expenditure].text() == "3,738.11"
    qtbot.keyClicks(field(window, "budget.basic_expenditure"), "5")  # not finished yet: 3738.115
    assert totals[expenditure].text() == "3,738.115"
    type_amount(qtbot, window, "budget.project_expenditure", "153,811.51")
    assert totals[expenditure].text() == "157,549.625"
    assert compute_totals(window.form)[expenditure] == Decimal("157549.625")
    assert window.form.budget.project_expenditure == Decimal("153811.51")


def test_amount_shows_grouped_after_editing_and_accepts_full_width_digits(qtbot, window):
    edit = field(window, "budget.fiscal_appropriation")
    type_amount(qtbot, window, "budget.fiscal_appropriation", "157549.62")
    assert edit.text() == "157,549.62"
    window.focus_path("budget.other_funds")
    edit = field(window, "budget.other_funds")
    commit_text(edit, "１２３４．５")
    assert window.form.budget.other_funds == Decimal("1234.5")
    edit.editingFinished.emit()
    assert edit.text() == "1,234.50"


def test_a_malformed_amount_is_kept_and_explained_inline_without_moving_the_grid(qtbot, window):
    below = field(window, "budget.project_expenditure")
    right = field(window, "budget.fiscal_appropriation")
    before = (below.mapTo(window, below.rect().topLeft()), right.mapTo(window, right.rect().topLeft()))
    type_amount(qtbot, window, "budget.basic_expenditure", "3,7a8")
    message = window.findChild(QLabel, "message__budget__basic_expenditure")
    assert window.form.budget.basic_expenditure == "3,7a8"  # kept as typed, nothing lost
    assert message.isVisible() and "3,7a8" in message.toolTip() and "金额" in message.text()
    assert field(window, "budget.basic_expenditure").text() == "3,7a8"
    qtbot.wait(10)  # a layout change would be applied by now
    # The message has a line of its own, kept for it: the field below and the column beside stay put.
    assert (below.mapTo(window, below.rect().topLeft()), right.mapTo(window, right.rect().topLeft())) == before
    type_amount(qtbot, window, "budget.basic_expenditure", "3738", finish=False)
    assert message.text() == ""  # cleared as soon as it is right


def test_an_unbalanced_budget_shows_next_to_the_totals(qtbot, make_window):
    from tests.conftest import SEED_PATH

    window = make_window(SEED_PATH)
    balance = window.findChild(QLabel, "status__balance")
    assert "三个合计相等" in balance.text()
    type_amount(qtbot, window, "budget.fiscal_appropriation", "150000")
    assert "不相等" in balance.text()
    assert "150,000.00" in balance.text() and labels.FORM.total(labels.INCOME_TOTAL).label in balance.text()
    assert "#b00020" in window.findChild(QLabel, f"total__{labels.INCOME_TOTAL}").styleSheet()
    window.problems.refresh()
    assert any("三个合计不相等" in p.message for p in window.problems.problems)


def test_chinese_text_via_input_method_reaches_the_form(window):
    commit_text(field(window, "department"), "中新广州知识城合作事务办")
    commit_text(field(window, "overall_goal"), "推动各项工作迈上新台阶")
    commit_text(field(window, "signoff.preparer"), "张三")
    assert window.form.department == "中新广州知识城合作事务办"
    assert window.form.overall_goal == "推动各项工作迈上新台阶"
    assert window.form.signoff.preparer == "张三"


def test_tab_order_follows_the_paper_form_on_the_budget_page(window):
    order = ["department", "year", "budget.basic_expenditure", "budget.fiscal_appropriation",
             "budget.project_expenditure", "budget.other_funds", "budget.special_funds",
             "budget.district_level", "budget.other_development", "budget.transfer_to_lower"]
    for here, there in zip(order, order[1:]):
        assert field(window, here).nextInFocusChain() is field(window, there) or \
            _next_input(field(window, here)) is field(window, there), (here, there)


def _next_input(widget: QWidget) -> QWidget:
    nxt = widget.nextInFocusChain()
    while not isinstance(nxt, (QLineEdit, QPlainTextEdit)):
        nxt = nxt.nextInFocusChain()
    return nxt


def test_a_window_destroyed_while_an_amount_is_half_typed_raises_nothing(qtbot, make_window):
    import gc

    window = make_window()
    type_amount(qtbot, window, "budget.basic_expenditure", "3738", finish=False)
    window.session.release()
    del window
    gc.collect()  # destroyed without close(): the field reports "finished" from its destructor
    make_window()
    qtbot.wait(50)
    # (pytest-qt fails the test on any exception raised in a slot meanwhile)


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_every_form_names_each_input_by_its_path_with_its_label(qtbot, model):
    """Whatever the form, each of its values has one input on some tab, found by its path and
    named for screen readers by its label; the .ui files leak no placeholder."""
    from desktop_app.core.labels import field_label
    from desktop_app.gui.main_window import MainWindow

    window = MainWindow(model.new())
    qtbot.addWidget(window)
    window.build_all_pages()
    for path, _ in model.spec.scalar_paths():
        widget = field(window, path)
        assert widget.accessibleName() == field_label(model.spec, path)
    for table in model.spec.tables:
        assert field(window, table.key).accessibleName() == table.label
    assert not any(label.text().startswith("[") for label in window.findChildren(QLabel))
    # Each tab's text is its title, then (once checked) how many errors it holds.
    assert [p.title for p in window.pages] == [p.title for p in model.spec.pages]
    assert all(window.tabs.tabText(i).startswith(p.title) for i, p in enumerate(window.pages))


def test_a_long_text_keeps_its_limit_says_so_and_counts_characters(qtbot, window):
    from PySide6.QtWidgets import QApplication

    edit = field(window, "overall_goal")
    limit = labels.FORM.member("overall_goal").limit
    counter = window.findChild(QLabel, "overall_goal__count")
    window.focus_path("overall_goal")
    commit_text(edit, "目标")
    assert counter.text() == f"2 / {limit:,} 字"
    QApplication.clipboard().setText("长" * (limit + 100))
    edit.selectAll()
    edit.paste()  # a megabyte pasted by mistake must not be kept
    assert window.form.overall_goal == "长" * limit
    assert f"{limit:,}" in counter.text() and labels.field_label("overall_goal") in counter.text()


def test_a_line_field_refuses_more_than_its_limit(qtbot, window):
    from PySide6.QtWidgets import QApplication

    edit = field(window, "department")
    limit = labels.FORM.member("department").limit
    window.focus_path("department")
    QApplication.clipboard().setText("部" * (limit + 10))
    edit.paste()
    assert window.form.department == "部" * limit
    assert window.statusBar().currentMessage().startswith(f"「{labels.field_label('department')}」")


def test_the_limit_message_outlasts_the_autosave_that_follows(qtbot, make_window, seed_draft):
    from PySide6.QtWidgets import QApplication

    window = make_window(seed_draft)
    limit = labels.FORM.member("department").limit
    window.focus_path("department")
    QApplication.clipboard().setText("部" * (limit + 10))
    field(window, "department").paste()
    message = window.statusBar().currentMessage()
    assert message.startswith(f"「{labels.field_label('department')}」")
    assert window.save_now()
    qtbot.waitUntil(lambda: "已自动保存" in window.save_state.text())
    assert window.statusBar().currentMessage() == message



def test_the_year_takes_up_to_four_digits_and_nothing_else(window, qtbot):
    year = field(window, "year")
    year.setFocus()
    year.selectAll()
    qtbot.keyClicks(year, "20a2-1.57")  # a letter and signs refused as typed, then a fifth digit
    assert year.text() == "2021"
    assert window.form.year == 2021
    validator = year.validator()
    for text, fine in (("", True), ("0", True), ("2026", True), ("20265", False), ("２０２６", False),
                       ("+202", False), ("1,02", False), (" 202", False)):
        assert (validator.validate(text, 0)[0] == validator.State.Acceptable) is fine, text
    year.selectAll()
    qtbot.keyClick(year, Qt.Key.Key_Backspace)
    assert year.text() == "" and window.form.year is None
