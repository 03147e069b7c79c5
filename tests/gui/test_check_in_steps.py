"""The problems panel checks a long form a step a turn (issue 26: the first check of 20,000
rows held the window for 0.5-2.4 s): it lists what the check in one go finds, in the same order
with the same counts, never what it found of a form the clerk has changed since, and a small
form's problems come at once, in the first turn of the check."""

from __future__ import annotations

import time

import pytest
from PySide6.QtWidgets import QApplication

from desktop_app.core import checks
from desktop_app.core.problems import summary
from desktop_app.core.synthetic import large_form
from desktop_app.core.spec import ERROR
from desktop_app.gui import problems as problems_module
from tests import department as labels


@pytest.fixture
def stepping(monkeypatch):
    """One step of the check a turn, whatever the machine's speed."""
    monkeypatch.setattr(problems_module, "TURN_S", 0.0)
    monkeypatch.setattr(checks, "STEP_ROWS", 100)


def _long_form():
    form = large_form(labels.FORM, tasks=40, indicators=1_200)
    for i, row in enumerate(form.indicators):
        if i % 50 == 3:
            row.name = ""
    return form


def _panel_after_turns(qtbot, window):
    """The panel's listings, one by one, until its check is done; the turns it took."""
    panel, listed, turns = window.problems, [], 0
    panel.checked.connect(lambda found: listed.append(list(found)))
    until = time.monotonic() + 30
    while panel.checking:
        turns += panel._steps is not None  # (not while the pause in typing lasts)
        QApplication.processEvents()  # one turn of the event loop
        assert time.monotonic() < until
    return listed, turns


def test_a_long_form_is_checked_over_many_turns_and_lists_what_the_check_finds(qtbot, window, stepping):
    form = _long_form()
    panel = window.problems
    window.document.replace(form)
    listed, turns = _panel_after_turns(qtbot, window)
    assert turns > 10  # a step a turn, not one long turn
    expected = sorted(checks.check(form), key=lambda p: p.severity != ERROR)
    assert panel.problems == expected  # the same problems, in the same order
    assert listed == [expected]        # listed once, when complete
    assert panel.windowTitle().endswith(summary(expected).removeprefix("共 "))  # the same counts
    errors = sum(p.severity == ERROR for p in expected)
    assert errors == 24
    tab = next(i for i, page in enumerate(window.pages) if page.holds("indicators[3].name"))
    assert window.tabs.tabText(tab).endswith("(24)")  # the tab's count of errors


def test_an_edit_during_a_check_drops_it_and_the_newer_form_is_listed(qtbot, window, stepping):
    form = _long_form()
    panel = window.problems
    window.document.replace(form)
    qtbot.waitUntil(lambda: panel._steps is not None, timeout=5_000)  # under way
    qtbot.wait(5)
    assert panel.checking
    stale = sorted(checks.check(form), key=lambda p: p.severity != ERROR)
    window.document.set_value("indicators[3].name", "改好的三级指标")
    listed, _ = _panel_after_turns(qtbot, window)
    fresh = sorted(checks.check(window.form), key=lambda p: p.severity != ERROR)
    assert fresh != stale
    assert listed == [fresh]  # the check of the form before the edit was never listed
    assert panel.problems == fresh
    assert not any(p.path == "indicators[3].name" for p in panel.problems)


def test_a_check_asked_in_one_go_drops_the_one_under_way(qtbot, window, stepping):
    form = _long_form()
    panel = window.problems
    window.document.replace(form)
    qtbot.waitUntil(lambda: panel._steps is not None, timeout=5_000)
    panel.refresh()
    assert not panel.checking
    listed, _ = _panel_after_turns(qtbot, window)
    qtbot.wait(20)
    assert panel.problems == sorted(checks.check(form), key=lambda p: p.severity != ERROR)


def test_a_small_form_is_listed_in_the_turn_its_check_starts(qtbot, window, seed_form):
    panel = window.problems
    qtbot.waitUntil(lambda: window.settled, timeout=5_000)
    window.document.replace(seed_form)
    qtbot.waitUntil(lambda: panel._timer.isActive() is False, timeout=5_000)  # the pause is over
    assert not panel.checking  # done in that very turn: no step left for the next
    assert panel.problems == sorted(checks.check(seed_form), key=lambda p: p.severity != ERROR)


def test_a_turn_already_spent_by_other_work_gets_no_step_of_the_check_but_the_next_does(qtbot, window, monkeypatch):
    """Two pieces of work in one turn (a tree opening a level, a step of the check) would add
    up: a step waits for the next turn when the present one has been busy for its whole share,
    and never twice in a row."""
    panel = window.problems
    qtbot.waitUntil(lambda: window.settled and not panel.checking, timeout=10_000)
    real_steps = checks.steps

    def slow_steps(form):  # each step a share of a turn, however fast the machine checks
        for found in real_steps(form):
            time.sleep(problems_module.TURN_S / 2)
            yield found

    monkeypatch.setattr(checks, "steps", slow_steps)
    panel.schedule(_long_form())
    panel._start()  # (the pause in typing is over)
    assert panel._steps is not None
    done = len(panel._found), panel._steps.gi_frame is not None

    panel._turn_began -= problems_module.TURN_S  # other work took this turn's share
    steps_before = panel._steps
    panel._step()
    assert panel._waited and panel._stepper.isActive() and panel._steps is steps_before
    assert (len(panel._found), panel._steps.gi_frame is not None) == done  # no step taken

    panel._turn_began -= problems_module.TURN_S  # busy again: one step all the same
    calls = []
    real = panel._steps

    def counted():
        for found in real:
            calls.append(len(found))
            yield found

    panel._steps = counted()
    panel._step()
    assert calls and not panel._waited
    panel.refresh()
    assert not panel.checking


def test_the_tabs_count_thousands_of_errors_asking_once_a_table_where_its_rows_are(qtbot, window, monkeypatch):
    """20,000 rows without a name: the window asked which tab shows each of them (1.6 s)."""
    form = large_form(labels.FORM, tasks=40, indicators=3_000)
    for row in form.indicators:
        row.name = ""
    found = checks.check(form)
    window.document.replace(form)
    asked = []
    real = window.page_of
    monkeypatch.setattr(window, "page_of", lambda path: asked.append(path) or real(path))
    window.problems.checked.emit(found)
    tab = next(i for i, page in enumerate(window.pages) if page.holds("indicators[0].name"))
    errors = sum(p.severity == ERROR and p.path.startswith("indicators") for p in found)
    assert errors >= 3_000
    assert window.tabs.tabText(tab).endswith(f"({errors})")
    assert len(asked) < 20
