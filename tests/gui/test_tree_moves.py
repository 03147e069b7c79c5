"""移动到… in the indicator tree (issue 20, item 7): the tree shows what the form holds after
every move and every undo — also when the target 二级指标 is empty and the row keeps its place
in the flat list (no reorder, only its 一级/二级 values change), which left it under its old
heading on screen."""

from __future__ import annotations

from desktop_app.core import jsonio
from tests.conftest import SEED_PATH

from .test_grid import grid


def shown(model) -> list[tuple[str, str, list[str]]]:
    """The tree as the view reads it: (一级, 二级, [三级 names]) per heading."""
    out = []
    for r1 in range(model.rowCount()):
        level1 = model.index(r1, 0)
        for r2 in range(model.rowCount(level1)):
            level2 = model.index(r2, 0, level1)
            out.append((model.data(level1), model.data(level2),
                        [model.data(model.index(r3, 0, level2)) for r3 in range(model.rowCount(level2))]))
    return out


def held(form) -> list[tuple[str, str, list[str]]]:
    return [(g1, wording, [row.name for _, row in rows]) for g1, slots in form.indicator_groups()
            for wording, rows in slots]


def test_a_moved_indicator_is_shown_under_its_new_heading_whatever_the_target(qtbot, make_window):
    window = make_window(SEED_PATH)
    seed = jsonio.load(SEED_PATH)
    part = grid(window, "indicators")
    model, view = part.model, part.view
    assert shown(model) == held(window.form)
    # The first and the last row of each heading: the edges, where a move to an empty heading
    # changes no position in the list.
    edges = sorted({rows[k][0] for _, slots in seed.indicator_groups() for _, rows in slots if rows for k in (0, -1)})
    slots = model.slots()
    empty = {(g1, w) for g1, groups in seed.indicator_groups() for w, rows in groups if not rows}
    empty_targets = 0
    for row in edges:
        name = window.form.indicators[row].name
        own = slots.index(next((g1, w) for g1, groups in seed.indicator_groups() for w, rows in groups
                               if row in [i for i, _ in rows]))
        # The headings next to its own and every empty one: where a move changes no position.
        for level1, level2 in [s for k, s in enumerate(slots) if abs(k - own) == 1 or s in empty]:
            view.go_to(model.index_for_indicator(row, 0))
            here = model.slot_of(view.currentIndex())
            menu = view.move_to_menu(None)
            action = next(a for a in menu.actions() if a.text() == f"{level1} / {level2}")
            if (level1, level2) == (here[0], model.table.tree.find(*here).name):
                assert not action.isEnabled()
                continue
            target_empty = not next(rows for g1, slots in window.form.indicator_groups() for w, rows in slots
                                    if (g1, w) == (level1, level2))
            empty_targets += target_empty
            action.trigger()
            assert shown(model) == held(window.form), (name, level1, level2)
            current = view.currentIndex()
            assert model.data(current) == name
            assert (model.data(current.parent().parent()), model.data(current.parent())) == (level1, level2)
            # …and the menu offers the way back: the old heading, not the new one, is the one left out.
            after = view.move_to_menu(None)
            offered = {a.text(): a.isEnabled() for a in after.actions()}
            assert not offered[f"{level1} / {level2}"] and offered[f"{here[0]} / {here[1]}"]
            window.undo_action.trigger()
            assert shown(model) == held(window.form) and window.form == seed, (name, level1, level2)
    assert empty_targets >= len(edges)  # the case of the issue was among them
