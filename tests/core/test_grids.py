"""A grid of amounts is declared (``spec.Grid``), not drawn in Designer (issue 22, item 7): a grid
that names what its form lacks, overlaps itself or places a path twice or not at all is refused
when the form is declared, with a line that says which cell and what."""

from __future__ import annotations

import pytest

from desktop_app.core import jsonio
from desktop_app.core import spec as S
from desktop_app.core.editions import replaced
from desktop_app.core.gridcheck import GridError, grid_problems
from desktop_app.core.model import build_model
from desktop_app.core.totals import compute_totals
from desktop_app.forms import all_forms
from desktop_app.forms.department import FORM as DEPARTMENT
from desktop_app.forms.department import declaration as D
from desktop_app.forms.project import FORM as PROJECT
from desktop_app.forms.project import declaration as P
from tests.forms import sample_path

GRID_FORMS = [f for f in all_forms() if any(isinstance(p, S.Grid) for page in f.pages for p in page.parts)]


def _with_grid(form_spec: S.FormSpec, grid: S.Grid, *extra: S.Page) -> S.FormSpec:
    """``form_spec`` with its grid's page holding ``grid`` instead (and ``extra`` pages after)."""
    pages = tuple(replaced(page, parts=tuple(grid if isinstance(p, S.Grid) else p for p in page.parts))
                  for page in form_spec.pages)
    return replaced(form_spec, pages=pages + extra, class_name="GridTrial")


def _refused(form_spec: S.FormSpec) -> str:
    with pytest.raises(GridError) as caught:
        build_model(form_spec)
    return str(caught.value)


def test_both_forms_declare_their_grids_well():
    assert {f.format_id for f in GRID_FORMS} >= {D.FORMAT_ID, P.FORMAT_ID}
    for form_spec in GRID_FORMS:
        assert grid_problems(form_spec) == []


def test_a_grid_reads_row_by_row_whatever_order_its_cells_are_listed_in():
    shuffled = replaced(P.FUNDS_GRID, cells=tuple(reversed(P.FUNDS_GRID.cells)))
    assert shuffled.paths == P.FUNDS_GRID.paths == (
        "funds.period_total", "funds.annual_total", "funds.period_fiscal", "funds.annual_fiscal",
        "funds.period_other", "funds.annual_other")
    assert D.BUDGET_GRID.paths[:4] == ("department", "year", "budget.basic_expenditure", "budget.fiscal_appropriation")


def test_a_cell_naming_an_unknown_path_total_or_status_is_refused_as_the_form_is_declared():
    for cell, said in ((S.GridCell(9, 0, path="funds.nowhere"), "no field 'funds.nowhere'"),
                       (S.GridCell(9, 0, label="funds.nowhere"), "no field 'funds.nowhere'"),
                       (S.GridCell(9, 0, total="no_such_total"), "no total 'no_such_total'"),
                       (S.GridCell(9, 0, caption="no_such_total"), "no total 'no_such_total'"),
                       (S.GridCell(9, 0, status="no_such_line"), "no status line 'no_such_line'")):
        grid = replaced(P.FUNDS_GRID, cells=(*P.FUNDS_GRID.cells, cell))
        message = _refused(_with_grid(PROJECT, grid))
        assert said in message and "项目资金: cell (9, 0)" in message and P.FORMAT_ID in message
    message = _refused(_with_grid(PROJECT, replaced(P.FUNDS_GRID, below=("within", "no_such_line"))))
    assert "no status line 'no_such_line'" in message
    message = _refused(_with_grid(DEPARTMENT, replaced(D.BUDGET_GRID, head=("department", "nowhere"))))
    assert "no field 'nowhere' above the grid" in message


def test_overlapping_cells_and_a_cell_holding_two_things_or_none_are_refused():
    wide = S.GridCell(0, 3, 2, text="年度（本年）")
    over = S.GridCell(0, 4, text="overlapping")  # under the span of the 年度 heading
    message = _refused(_with_grid(PROJECT, replaced(P.FUNDS_GRID, cells=(*P.FUNDS_GRID.cells, over))))
    assert wide in P.FUNDS_GRID.cells and "cell (0, 4) overlaps the cell at (0, 3)" in message
    two = S.GridCell(9, 0, text="a", heading="expenditure")
    message = _refused(_with_grid(DEPARTMENT, replaced(D.BUDGET_GRID, cells=(*D.BUDGET_GRID.cells, two))))
    assert "cell (9, 0) holds 2 things, not one" in message
    message = _refused(_with_grid(DEPARTMENT, replaced(D.BUDGET_GRID, cells=(*D.BUDGET_GRID.cells, S.GridCell(9, 0)))))
    assert "cell (9, 0) holds 0 things, not one" in message


def test_a_path_placed_twice_or_a_field_of_the_group_left_out_is_refused():
    cells = P.FUNDS_GRID.cells
    twice = replaced(P.FUNDS_GRID, cells=(*cells, S.GridCell(9, 1, path="funds.annual_total")))
    assert "funds.annual_total is placed 2 times" in _refused(_with_grid(PROJECT, twice))
    elsewhere = S.Page("别处", (S.Fields(("funds.period_other",)),))
    message = _refused(_with_grid(PROJECT, P.FUNDS_GRID, elsewhere))
    assert "funds.period_other is placed 2 times (on 项目资金, 别处)" in message
    left_out = replaced(P.FUNDS_GRID, cells=tuple(c for c in cells if c.path != "funds.period_fiscal"))
    assert "the grid of 'funds' leaves out funds.period_fiscal" in _refused(_with_grid(PROJECT, left_out))
    assert "no group 'nothing'" in _refused(_with_grid(PROJECT, replaced(P.FUNDS_GRID, group="nothing")))


@pytest.mark.parametrize("form_spec", GRID_FORMS, ids=[f.format_id for f in GRID_FORMS])
def test_the_rules_write_only_the_status_lines_they_declare(form_spec):
    """``Rules.lines`` is what a grid may place: a line the rules write under another key would
    be shown nowhere."""
    form = jsonio.load(sample_path(form_spec))
    written = {line.key for line in form_spec.rules.status(form, compute_totals(form))}
    assert written == set(form_spec.rules.lines)
