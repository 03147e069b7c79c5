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
from desktop_app.core.spec import ERROR, WARNING
from tests.conftest import SEED_PATH


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


def test_on_a_small_screen_the_panel_takes_the_room_the_tab_leaves(qtbot, tmp_path):
    """At 1366×768 (the window maximised, under 800 high) it started with three lines."""
    from desktop_app.gui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    window.resize(1366, 740)
    window.show()
    qtbot.waitUntil(lambda: window.painted, timeout=3000)
    assert window.open_path(_draft(tmp_path))
    panel = window.problems
    qtbot.waitUntil(lambda: panel.list.count() > 0, timeout=3000)
    qtbot.waitUntil(lambda: len(_fully_shown_rows(panel)) >= 5, timeout=3000)  # once the window is painted
    assert panel.list.item(0).text().startswith("错误")
    # …and the form keeps the room for its first tab, as before: nothing on it scrolls.
    page = window.pages[0].widget
    assert not page.verticalScrollBar().isVisible()
