"""The amount grids are built in code from the declaration (``core.spec.Grid``): every cell lands
where the declaration places it, with the declaration's words, and a changed declaration moves
it (issue 22, item 7)."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QLineEdit

from desktop_app.core.editions import replaced
from desktop_app.forms.department import FORM as DEPARTMENT
from desktop_app.forms.department import declaration as D
from desktop_app.forms.project import FORM as PROJECT
from desktop_app.forms.project import declaration as P
from desktop_app.gui.amountgrid import build_grid


def _where(built, name: str) -> tuple[int, int, int, int]:
    box = built.widget.findChild(QGroupBox)
    layout: QGridLayout = box.layout()
    for i in range(layout.count()):
        item = layout.itemAt(i)
        widgets = [item.widget()] if item.widget() else \
            [item.layout().itemAt(j).widget() for j in range(item.layout().count())] if item.layout() else []
        if any(w is not None and w.objectName() == name for w in widgets):
            return tuple(layout.getItemPosition(i))
    raise AssertionError(f"{name} is not in the grid")


def test_every_cell_is_where_the_declaration_places_it_with_its_words(qtbot):
    built = build_grid(DEPARTMENT, D.BUDGET_GRID)
    qtbot.addWidget(built.widget)
    assert built.widget.findChild(QGroupBox, "group__budget").title() == D.BUDGET.label
    for cell in D.BUDGET_GRID.cells:
        if cell.path:
            assert _where(built, cell.path) == (2 * cell.row, cell.col, 1, cell.span)
            assert _where(built, "message__" + cell.path.replace(".", "__")) == (2 * cell.row + 1, cell.col, 1, 1)
        elif cell.label:
            label = built.widget.findChild(QLabel, "label__" + cell.label.replace(".", "__"))
            assert label.text() == DEPARTMENT.field_at(cell.label).label
            assert _where(built, label.objectName()) == (2 * cell.row, cell.col, 1, cell.span)
        elif cell.total:
            assert _where(built, f"total__{cell.total}") == (2 * cell.row, cell.col, 1, 1)
            assert _where(built, f"note__{cell.total}") == (2 * cell.row, cell.col, 1, 1)  # beside it
        elif cell.caption:
            assert built.widget.findChild(QLabel, f"total_label__{cell.caption}").text() == \
                f"{DEPARTMENT.total(cell.caption).label}合计"
    # The head above the box, the status lines under it.
    assert list(built.inputs)[:2] == ["department", "year"]
    assert isinstance(built.inputs["year"], QLineEdit)
    assert set(built.status) == {"balance", "task_sum"}


def test_a_changed_declaration_moves_the_cells_on_screen(qtbot):
    """年度 left of 中期: only the declaration changes, and the inputs and their tab order follow."""
    swapped = replaced(P.FUNDS_GRID, cells=tuple(replaced(c, col=(c.col + 3) % 6) for c in P.FUNDS_GRID.cells))
    built = build_grid(PROJECT, swapped)
    qtbot.addWidget(built.widget)
    assert _where(built, "funds.annual_total")[:2] == (2, 1)
    assert _where(built, "funds.period_total")[:2] == (2, 4)
    assert list(built.inputs)[:2] == ["funds.annual_total", "funds.period_total"]
    assert built.widget.findChild(QLabel, "text__0_0").text() == "年度（本年）"
