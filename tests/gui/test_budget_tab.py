"""The budget tab tells the truth: only the odd total marked with its 差额, no ✓ while an amount
is invalid, error counts on the tabs, problems about a total, nothing that moves, focus at start."""

from PySide6.QtCore import QDate
from PySide6.QtWidgets import QApplication, QLabel

from desktop_app.core.problems import Problem
from desktop_app.gui.main_window import tab_title
from tests import department as labels
from tests.conftest import SEED_PATH

from .conftest import commit_text, field, type_amount

ERROR_COLOUR = "#b00020"


def total_label(window, key):
    return window.findChild(QLabel, f"total__{key}")


def note_label(window, key):
    return window.findChild(QLabel, f"note__{key}")


def marked(window, key) -> bool:
    return ERROR_COLOUR in total_label(window, key).styleSheet()


def test_only_the_total_that_disagrees_is_marked_with_its_difference(qtbot, make_window):
    window = make_window(SEED_PATH)
    balanced = (labels.EXPENDITURE_TOTAL, labels.INCOME_TOTAL, labels.LEVEL_TOTAL)
    assert not any(marked(window, k) for k in balanced)
    type_amount(qtbot, window, "budget.fiscal_appropriation", "150000")
    assert marked(window, labels.INCOME_TOTAL)
    assert not marked(window, labels.EXPENDITURE_TOTAL) and not marked(window, labels.LEVEL_TOTAL)
    assert note_label(window, labels.INCOME_TOTAL).text() == "差额 −7,549.62"
    assert note_label(window, labels.EXPENDITURE_TOTAL).text() == ""
    balance = window.findChild(QLabel, "status__balance")
    assert "差额 −7,549.62" in balance.text() and "✓" not in balance.text()
    # Another total goes wrong instead: the mark follows it.
    type_amount(qtbot, window, "budget.fiscal_appropriation", "157549.62")
    type_amount(qtbot, window, "budget.district_level", "157000")
    assert marked(window, labels.LEVEL_TOTAL) and not marked(window, labels.INCOME_TOTAL)
    assert note_label(window, labels.INCOME_TOTAL).text() == ""
    assert note_label(window, labels.LEVEL_TOTAL).text() == "差额 −549.62"


def test_no_tick_while_an_amount_under_the_totals_is_invalid(qtbot, make_window):
    window = make_window(SEED_PATH)
    balance = window.findChild(QLabel, "status__balance")
    assert balance.text().startswith("✓")
    type_amount(qtbot, window, "budget.other_funds", "0x")  # counts as 0: the totals still agree
    assert "✓" not in balance.text() and labels.BUDGET_FIELD_LABELS["other_funds"] in balance.text()
    assert ERROR_COLOUR in balance.styleSheet()


def test_each_tab_title_counts_its_errors(qtbot, make_window, seed_data, tmp_path):
    import json

    seed_data["department"] = ""
    seed_data["indicators"][0]["name"] = ""
    seed_data["indicators"][1]["period_value"] = ""
    source = tmp_path / "form.json"
    source.write_text(json.dumps(seed_data, ensure_ascii=False), encoding="utf-8")
    window = make_window(source)
    qtbot.waitUntil(lambda: window.problems.list.count() > 0)
    texts = [window.tabs.tabText(i) for i in range(window.tabs.count())]
    indicators = window.pages.index(window.page_of("indicators"))
    assert texts[0] == tab_title(window.pages[0].title, 1) == f"{window.pages[0].title} ①"
    assert texts[indicators] == f"{window.pages[indicators].title} ②"
    assert texts[1] == window.pages[1].title  # no errors, no count
    commit_text(field(window, "department"), "某部门")
    qtbot.waitUntil(lambda: window.tabs.tabText(0) == window.pages[0].title)
    assert tab_title("x", 25) == "x (25)"


def test_a_problem_filed_under_a_total_shows_its_tab_and_focuses_its_label(qtbot, make_window):
    window = make_window(SEED_PATH)
    window.tabs.setCurrentIndex(4)
    path = labels.FORM.total(labels.INCOME_TOTAL).path   # filed under its group: budget.income
    assert window.page_of(path) is window.pages[0]
    # A total of a column (totals.<key>) is on its table's tab.
    assert window.page_of(labels.FORM.total("task_sum").path) is window.page_of("tasks")
    window.focus_path(path)
    assert window.tabs.currentIndex() == 0
    qtbot.waitUntil(lambda: QApplication.focusWidget() is total_label(window, labels.INCOME_TOTAL))
    # and it counts on that tab
    window._count_errors([Problem("error", path, "三个合计不相等")])
    assert window.tabs.tabText(0).endswith("①")


def test_activating_the_unbalanced_problem_focuses_the_odd_total(qtbot, make_window):
    window = make_window(SEED_PATH)
    type_amount(qtbot, window, "budget.fiscal_appropriation", "150000")
    window.problems.refresh()
    item = next(window.problems.list.item(i) for i in range(window.problems.list.count())
                if "三个合计不相等" in window.problems.list.item(i).text())
    window.tabs.setCurrentIndex(4)
    window.problems.list.itemActivated.emit(item)
    assert window.tabs.currentIndex() == 0
    qtbot.waitUntil(lambda: QApplication.focusWidget() is total_label(window, labels.INCOME_TOTAL))


def test_the_status_bar_is_there_from_the_start_and_the_first_save_moves_nothing(qtbot, make_window,
                                                                               seed_draft):
    window = make_window(seed_draft)
    qtbot.waitUntil(lambda: window.settled)
    assert window.statusBar().isVisible()
    tabs_before = window.tabs.geometry()
    problems_before = window.problems.geometry()
    commit_text(field(window, "signoff.preparer"), "李四")
    assert window.save_now()
    qtbot.waitUntil(lambda: "已自动保存" in window.save_state.text())
    qtbot.wait(10)
    assert window.tabs.geometry() == tabs_before and window.problems.geometry() == problems_before


def test_the_first_field_has_focus_at_start(qtbot, window):
    qtbot.waitUntil(lambda: QApplication.focusWidget() is field(window, "department"))


def test_the_date_field_has_a_calendar_and_still_takes_typed_text(qtbot, window):
    from PySide6.QtWidgets import QToolButton

    field(window, "signoff.date")  # its tab built
    picker = window.findChild(QToolButton, "signoff.date__picker")
    assert picker is not None and picker.toolTip().startswith("选择")
    steps = window.document.undo_stack.count()
    picker.pick(QDate(2026, 1, 15))
    assert window.form.signoff.date == "2026-01-15" and field(window, "signoff.date").text() == "2026-01-15"
    assert window.document.undo_stack.count() == steps + 1
    window.focus_path("signoff.date")
    field(window, "signoff.date").selectAll()
    commit_text(field(window, "signoff.date"), "2026年1月16日")
    assert window.form.signoff.date == "2026年1月16日"
    picker._opening()
    assert picker.calendar.selectedDate() == QDate(2026, 1, 16)  # opens on the day written
