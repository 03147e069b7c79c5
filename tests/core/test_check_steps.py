"""The check in steps (``checks.steps``), as the window runs it on a form of thousands of rows
between the clerk's events: the same problems in the same order as in one go, whatever the size
of a step, and every stage of the check split by rows, not only some."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop_app.core import checks
from desktop_app.core.synthetic import large_form
from tests import department as labels

ROWS = 2_000


@pytest.fixture(scope="module")
def troubled():
    """A long form with problems of every stage, spread over its rows and its columns."""
    form = large_form(labels.FORM, tasks=300, indicators=ROWS)
    for i, task in enumerate(form.tasks):
        if i % 7 == 0:
            task.name = ""                                    # required, a column of a table
        if i % 11 == 0:
            task.amount = "十二万"                             # not an amount
        if i % 13 == 0:
            task.goal = "目标\u200b"                            # a character nobody sees
    for i, row in enumerate(form.indicators):
        if i % 97 == 5:
            row.name, row.period_value = " ", ""               # two required cells of one row
        if i % 89 == 0:
            row.annual_value = ""                             # required, another column
        if i % 83 == 0:
            row.period_value, row.annual_value = "10人", "20人"  # the form's own rule
        if i % 101 == 0:
            row.name = "𠮷" + row.name                          # the font lacks it
    form.department = ""
    form.budget.basic_expenditure = Decimal("-1")
    return form


def test_steps_put_together_are_the_check_in_one_step(troubled):
    whole = list(checks.steps(troubled, rows=10**9))
    assert len(whole) == 1  # one step: the check as it ran before it had steps
    assert len(whole[0]) > 150
    for rows in (1, 7, 64, checks.STEP_ROWS):
        stepped = list(checks.steps(troubled, rows=rows))
        assert [p for found in stepped for p in found] == whole[0], rows
    assert checks.check(troubled) == whole[0]


def test_the_problems_keep_the_reading_order_across_steps(troubled):
    """Required cells are found some rows at a time and a column at a time: row by row, column
    by column in the end, as in one go."""
    table = next(t for t in labels.FORM.tables if t.key == "indicators")
    required = [p.path for p in checks.check(troubled)
                if p.path.startswith("indicators[") and p.message == table.column(p.path.rpartition(".")[2]).missing_message]
    rows = [(int(p[p.index("[") + 1:p.index("]")]), list(labels.INDICATOR_COLUMNS).index(p.rpartition(".")[2]))
            for p in required]
    assert rows == sorted(rows) and len(rows) > 40
    assert any(a[0] == b[0] for a, b in zip(rows, rows[1:]))  # two columns of the same row


def test_every_stage_is_split_by_rows(troubled):
    """No step looks at many more rows than asked: the form of 2,000 indicators and 300 tasks
    goes in many steps, each stage's long tables among them."""
    steps = list(checks.steps(troubled, rows=100))
    # Required cells, the form's own rule and printability each pass the 2,300 rows.
    assert len(steps) >= 3 * (ROWS + 300) // 100 - 10
    kinds = {p.message[:6] for found in steps for p in found}
    assert len(kinds) >= 5


def test_a_rule_of_the_form_may_pause_after_each_row(troubled):
    """The department's own rule gives None for a row without a problem; the check lists only
    the problems."""
    from desktop_app.core.totals import compute_totals

    given = list(troubled.spec.rules.values(troubled, compute_totals(troubled)))
    assert len(given) == ROWS and None in given
    found = [p for p in given if p is not None]
    listed = {(p.path, p.message) for p in checks.check(troubled)}
    assert found and all((p.path, p.message) in listed for p in found)
