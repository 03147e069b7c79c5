"""The problems panel (issue 20, item 12): it showed about three lines and listed 提示 before
错误. Errors come first, then 提示, then the reviewer's comments; the panel takes the height the
form's tab leaves, so at 1366×768 it shows several lines and the tab still does not scroll."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import Qt

from desktop_app.core import jsonio
from desktop_app.core.draftfile import save_draft
from desktop_app.core.problems import COMMENT
from desktop_app.core.review import Comment
from desktop_app.core.spec import ERROR, WARNING, Rows
from tests.conftest import ROOT, SEED_PATH


def _draft(tmp_path):
    form = jsonio.load(SEED_PATH)  # no year: a 提示 on the field before 部门名称
    form.department = ""                                    # errors after it in the form's order
    form.tasks[0].name = ""
    form.budget.fiscal_appropriation = Decimal("150000")  # the totals disagree: an error
    form.review.comments = [Comment("department", "名称请用全称")]
    path = tmp_path / "draft.jxmb"
    save_draft(path, form)
    return path


def _fully_shown_rows(panel) -> list[int]:
    view = panel.list
    inside = view.viewport().rect()
    return [r for r in range(view.count()) if inside.contains(view.visualItemRect(view.item(r)))]


def test_errors_are_listed_first_and_show_when_the_window_opens(qtbot, make_window, tmp_path):
    window = make_window(_draft(tmp_path))
    panel = window.problems
    qtbot.waitUntil(lambda: panel.list.count() > 0, timeout=3000)
    severities = [p.severity for p in panel.problems]
    assert ERROR in severities and WARNING in severities and COMMENT in severities
    ranks = [{ERROR: 0, WARNING: 1, COMMENT: 2}[s] for s in severities]
    assert ranks == sorted(ranks)
    errors = severities.count(ERROR)
    texts = [panel.list.item(r).text() for r in range(panel.list.count())]
    assert all(t.startswith("错误") for t in texts[:errors])
    assert not any(t.startswith("错误") for t in texts[errors:])
    # Tall enough at start for every error here and some 提示.
    qtbot.wait(50)
    shown = _fully_shown_rows(panel)
    assert len(shown) >= 5 and set(range(errors)) <= set(shown)


def _at_1366_by_768(qtbot, path):
    """A window as on a 1366×768 laptop (maximised, under 800 high), painted, holding ``path``."""
    from desktop_app.gui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1366, 740)
    window.show()
    qtbot.waitUntil(lambda: window.painted, timeout=3000)
    assert window.open_path(path)
    return window


def test_on_a_small_screen_the_panel_takes_the_room_the_tab_leaves(qtbot, tmp_path):
    """At 1366×768 (the window maximised, under 800 high) it started with three lines."""
    window = _at_1366_by_768(qtbot, _draft(tmp_path))
    panel = window.problems
    qtbot.waitUntil(lambda: panel.list.count() > 0, timeout=3000)
    qtbot.waitUntil(lambda: len(_fully_shown_rows(panel)) >= 5, timeout=3000)  # once the window is painted
    assert panel.list.item(0).text().startswith("错误")
    # …and the form keeps the room for its first tab, as before: nothing on it scrolls.
    page = window.pages[0].widget
    assert not page.verticalScrollBar().isVisible()


def test_a_table_tab_gets_back_the_room_the_panel_took_unless_the_clerk_dragged_it(qtbot, tmp_path):
    """At 1366×768 the panel grew into the first tab's spare room and kept that height on the
    indicator table's tab, which then showed one row."""
    window = _at_1366_by_768(qtbot, _draft(tmp_path))
    panel = window.problems
    qtbot.waitUntil(lambda: len(_fully_shown_rows(panel)) >= 5, timeout=3000)
    table_tab = next(i for i, page in enumerate(window.pages) if any(isinstance(part, Rows) for part in page.spec.parts))
    window.tabs.setCurrentIndex(table_tab)
    qtbot.waitUntil(lambda: panel.height() <= 94, timeout=3000)  # the strip it started as
    window.tabs.setCurrentIndex(0)  # back on a tab of fields, the panel takes their spare room again
    qtbot.waitUntil(lambda: panel.height() > 110, timeout=3000)
    assert not window.pages[0].widget.verticalScrollBar().isVisible()

    window.resizeDocks([panel], [200], Qt.Orientation.Vertical)  # as the clerk's drag does
    qtbot.waitUntil(lambda: abs(panel.height() - 200) <= 4, timeout=3000)
    window.tabs.setCurrentIndex(table_tab)
    qtbot.wait(200)
    assert abs(panel.height() - 200) <= 4


def test_the_rows_get_the_room_and_the_long_texts_pane_a_few_lines(qtbot, tmp_path):
    """The self-evaluation's indicator tab at 1366×768: the pane for 偏差原因分析 took a third of
    the height (its boxes hint at twelve lines) and the table showed one indicator."""
    from desktop_app.gui.pages import RowsPart

    path = tmp_path / "self-eval.jxmb"
    save_draft(path, jsonio.load(ROOT / "resources" / "samples" / "self-eval-form.json"))
    window = _at_1366_by_768(qtbot, path)
    qtbot.waitUntil(lambda: window.settled, timeout=5000)
    page = next(p for p in window.pages if any(isinstance(part, Rows) for part in p.spec.parts))
    window.tabs.setCurrentWidget(page.widget)
    rows = next(p for p in page.parts if isinstance(p, RowsPart))
    assert rows.detail is not None
    lines = rows.detail.fontMetrics().lineSpacing()
    assert rows.detail.sizeHint().height() <= rows.detail.minimumSizeHint().height() + 2 * lines  # ~4 lines
    # …and the splitter gives it just that: the rest of the height is the rows'.
    qtbot.waitUntil(lambda: abs(rows.detail.height() - rows.detail.sizeHint().height()) <= 2, timeout=3000)
