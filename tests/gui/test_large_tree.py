"""An indicator tree of thousands of rows opens its levels over several turns of the event loop:
Qt lays out every row of a level the moment it opens, asking the model in Python about each, and
20,000 rows opened at once froze the window for 0.7 s."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QModelIndex

from tests import department as labels

from .test_grid import grid

ROWS = 400


@pytest.fixture
def large_tree(qtbot, make_window, tmp_path, monkeypatch):
    from desktop_app.core import draftfile, synthetic
    from desktop_app.gui.grid import view as grid_view

    monkeypatch.setattr(grid_view, "OPEN_AT_ONCE", 50)  # the behaviour, without thousands of rows
    draft = tmp_path / "大表.jxmb"
    draftfile.save_draft(draft, synthetic.large_form(labels.FORM, tasks=3, indicators=ROWS))
    opened: list[int] = []  # rows laid out by each turn that opened slots
    real_open_some = grid_view.GridTree._open_some

    def counted(view):
        before = _open_rows(view)
        real_open_some(view)
        opened.append(_open_rows(view) - before)

    monkeypatch.setattr(grid_view.GridTree, "_open_some", counted)
    window = make_window(draft)
    return window, opened


def _slots(model):
    return [model.index(r2, 0, model.index(r1, 0)) for r1 in range(model.rowCount())
            for r2 in range(model.rowCount(model.index(r1, 0)))]


def _open_rows(view) -> int:
    return sum(view.grid_model.rowCount(slot) for slot in _slots(view.grid_model) if view.isExpanded(slot))


def test_the_levels_open_a_few_rows_per_turn_until_every_row_shows(qtbot, large_tree):
    window, opened = large_tree
    part = grid(window, "indicators")
    view, model = part.view, part.model
    qtbot.waitUntil(lambda: view.levels_open, timeout=10_000)
    largest_slot = max(model.rowCount(slot) for slot in _slots(model))
    assert len(opened) > 2 and sum(opened) == ROWS
    assert max(opened) <= 50 + largest_slot
    assert all(view.isExpanded(slot) for slot in _slots(model))
    last = _slots(model)[-1]
    assert view.visualRect(model.index(model.rowCount(last) - 1, 0, last)).height() > 0


def test_going_to_a_row_of_a_level_not_open_yet_opens_every_level_first(qtbot, large_tree):
    window, opened = large_tree
    part = window.part_for("indicators")  # built now, if the window has not built it yet
    view, model = part.view, part.model
    model.beginResetModel()  # as a draft opened over it
    model.endResetModel()
    assert not view.levels_open  # (still opening: the test below would prove nothing)
    last = _slots(model)[-1]
    leaf = model.index(model.rowCount(last) - 1, 1, last)
    view.go_to(leaf)
    assert view.levels_open and view.currentIndex() == leaf
    assert view.viewport().rect().intersects(view.visualRect(leaf))


def test_the_model_makes_a_level_s_rows_when_asked_and_answers_as_if_it_had_them_all(qtbot):
    """The tree model of 20,000 rows took a quarter of a second to make a node per row before
    the tab could show; it makes the headings, and a level's rows when Qt (or anyone) first asks
    for one of them, answering every question as a model made whole would."""
    from desktop_app.core import synthetic
    from desktop_app.gui.document import FormDocument
    from desktop_app.gui.indicator_tree import LEAF, IndicatorTreeModel

    form = synthetic.large_form(labels.FORM, tasks=3, indicators=ROWS)
    table = next(t for t in labels.FORM.tables if t.tree)
    shown = [index for _, slots in form.indicator_groups(table.key) for _, rows in slots for index, _ in rows]
    levels = [[index for index, _ in rows] for _, slots in form.indicator_groups(table.key) for _, rows in slots]

    def fresh():
        doc = FormDocument(form)
        return IndicatorTreeModel(doc, table, doc)

    model = fresh()
    slots = _slots(model)
    assert sum(model.rowCount(slot) for slot in slots) == ROWS and len(model._unmade) == len(slots)
    assert not any(node is not None and node.kind == LEAF for node in model._nodes)  # none made yet

    # A row found by its index: only its own level's rows are made.
    row = shown[ROWS // 2]
    index = model.index_for_indicator(row, 1)
    assert model.path(index) == f"{table.key}[{row}].{model.keys[1]}"
    assert len(model._unmade) == len(slots) - 1
    slot = model.parent(index)
    assert model.index(index.row(), 1, slot) == index and model.rowCount(slot) > index.row()
    assert model.siblings(row) == next(level for level in levels if row in level)

    # The first and last rows shown, from no cell: the levels between are not made for it.
    model = fresh()
    assert model.next_row(model.index(0, 0), 1) == shown[0]
    assert len(model._unmade) == len(slots) - 1
    assert model.next_row(QModelIndex(), -1) == shown[-1]
    assert model.next_row(model.index_for_indicator(shown[0]), 1) == shown[1]

    # What looks at every row sees every row, in the order shown, as Qt does level by level.
    assert fresh().rows_in_order() == shown
    model = fresh()
    by_qt = [model.node(model.index(r, 0, slot)).indicator for slot in _slots(model) for r in range(model.rowCount(slot))]
    assert by_qt == shown and not model._unmade
    assert [model.order_key(model.index_for_indicator(i)) for i in shown] == sorted(
        model.order_key(model.index_for_indicator(i)) for i in shown)
