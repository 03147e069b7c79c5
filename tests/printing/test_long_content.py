"""Any length of content prints: nothing raises, nothing is lost or cut off, a continued section
repeats its headings, merged labels always have room, and the signature block never stands alone.

The layout is checked directly over many generated forms (fast); a range of lengths is also
rendered and read back from the PDF.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.core.amounts import format_amount
from desktop_app.core.synthetic import _PHRASES, large_form
from desktop_app.printing import fonts, grid
from desktop_app.printing.linebreak import NO_LINE_END, NO_LINE_START
from desktop_app.printing.paginate import MIN_LINES, box_height
from desktop_app.printing.render import layout, render_pdf
from tests import department as labels
from tests.department import Form, Indicator, Task

from .readback import GRID, column_text, drawn_lines, open_pdf, squash


def prose(length: int, seed: int = 0) -> str:
    out, i = "", seed
    while len(out) < length:
        out += _PHRASES[i % len(_PHRASES)] + "，。；、"[i % 4]
        i += 7
    return out[:length]


# -- the layout, over many generated forms ---------------------------------------------------

def check_layout(form: Form) -> None:
    sections, pages, signature = layout(form)
    seen: dict[tuple[int, int], list[tuple[int, int]]] = {}
    for number, page in enumerate(pages):
        assert page.bottom >= grid.MARGIN_BOTTOM - 1e-6, f"page {number + 1} runs into the footer"
        for fragment in page.fragments:
            m = sections[fragment.section]
            pieces = fragment.pieces
            if fragment.continued and m.section.repeat:
                head = pieces[:m.section.repeat]
                assert [(p.row, p.start, p.stop) for p in head] == \
                    [(r, 0, m.rows[r].lines) for r in range(m.section.repeat)]
                pieces = pieces[m.section.repeat:]
            if m.section.repeat:
                assert any(p.row >= m.section.repeat for p in pieces) or len(m.rows) == m.section.repeat
            for p in pieces:
                seen.setdefault((fragment.section, p.row), []).append((p.start, p.stop))
                if not (p.start == 0 and p.stop == m.rows[p.row].lines):
                    assert p.stop - p.start >= MIN_LINES
            assert fragment.height >= m.label_height - 1e-6
            for mb in m.blocks:
                inside = [p for p in fragment.pieces if mb.block.first <= p.row <= mb.block.last]
                if inside:
                    assert sum(p.height for p in inside) >= mb.height - 1e-6
            for p in fragment.pieces:
                assert p.height >= box_height(p.stop - p.start) - 1e-6
    # every line of every row is on exactly one page, in order
    for index, m in enumerate(sections):
        for r, row in enumerate(m.rows):
            parts = seen[(index, r)]
            assert parts[0][0] == 0 and parts[-1][1] == row.lines
            assert all(a[1] == b[0] for a, b in zip(parts, parts[1:]))
    assert [p.signature for p in pages] == [False] * (len(pages) - 1) + [True]
    assert pages[-1].fragments, "the signature block is not alone on its page"
    assert pages[-1].bottom - signature.height >= grid.MARGIN_BOTTOM - 1e-6


@st.composite
def forms(draw) -> Form:
    def text(max_size=1500):
        return prose(draw(st.integers(0, max_size)), draw(st.integers(0, 50)))

    slots = [(l1.name, l2.name) for l1 in labels.INDICATOR_TREE for l2 in l1.children]
    indicators = [Indicator(*draw(st.sampled_from(slots)), name=text(300), period_value=text(120),
                            annual_value=text(60)) for _ in range(draw(st.integers(0, 30)))]
    return Form(department=text(400), overall_goal=text(6000), other_tasks=text(3000),
                tasks=[Task(text(200), text(3000), prose(draw(st.integers(0, 80))), text(2000))
                       for _ in range(draw(st.integers(0, 12)))],
                indicators=indicators)


@pytest.mark.slow
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(forms())
def test_layout_of_any_content(form):
    check_layout(form)


@pytest.mark.parametrize("length", [0, 1, 2, 30, 49, 50, 51, 52, 99, 100, 101, 150, 400, 800, 1200, 2000,
                                    2800, 3500, 5000, 9000])
def test_layout_of_one_long_goal(seed_form, length):
    seed_form.overall_goal = prose(length)
    check_layout(seed_form)


@pytest.mark.parametrize("rows", [0, 1, 5, 14, 15, 16, 17, 30, 31, 32, 33, 45, 60])
def test_layout_with_many_rows_near_page_ends(seed_form, rows):
    """Row counts around where the grid fills a page, so the signature block lands on the edge."""
    seed_form.indicators += [Indicator("满意度指标", "服务对象满意度指标", f"满意度{i}", "≥95%", "≥95%")
                             for i in range(rows)]
    check_layout(seed_form)


def test_layout_of_the_large_form():
    check_layout(large_form())


# -- rendered and read back --------------------------------------------------------------------

def assert_nothing_cut_off(pdf) -> None:
    for page in pdf.pages:
        for c in page.chars:
            if c["size"] > 100:
                continue  # the rotated 草稿 mark across the page
            assert 0 <= c["x0"] and c["x1"] <= page.width and 0 <= c["top"] and c["bottom"] <= page.height
            if abs(c["size"] - grid.FONT_SIZE) < 0.01:  # the grid's text stays inside the grid
                assert GRID.left < c["x0"] and c["x1"] < GRID.right
                assert c["bottom"] < page.height - grid.MARGIN_BOTTOM


def assert_rules_kept(pdf, form: Form | None = None) -> None:
    """No drawn line starts or ends against the rules, except where the text itself starts or
    ends with such punctuation (a cell's first or last line can do nothing else)."""
    texts = [squash(t) for t in _texts(form)] if form else []
    for line in drawn_lines(pdf):
        if line.text[0] in NO_LINE_START:
            assert any(t.startswith(line.text) for t in texts), line
        if line.text[-1] in NO_LINE_END:
            assert any(t.endswith(line.text) for t in texts), line


def _texts(form: Form):
    yield from (form.department, form.overall_goal, form.other_tasks)
    for task in form.tasks:
        yield from (task.name, task.content, task.goal)
    for ind in form.indicators:
        yield from (ind.name, ind.period_value, ind.annual_value)


@pytest.mark.parametrize("length", [1, 51, 700, 2200, 5000])
def test_long_goal_prints_whole(seed_form, length):
    seed_form.overall_goal = prose(length, seed=length)
    form = seed_form
    with open_pdf(render_pdf(seed_form)) as pdf:
        assert squash(seed_form.overall_goal) in column_text(pdf, 1, 5)
        assert_nothing_cut_off(pdf)
        assert_rules_kept(pdf, form)
        count = len(pdf.pages)
        assert f"第{count}页共{count}页" in squash(pdf.pages[-1].extract_text())


@pytest.mark.slow
def test_huge_cells_everywhere_print_whole(seed_form):
    seed_form.department = prose(300, 1)
    seed_form.other_tasks = prose(2500, 2)
    seed_form.tasks[1] = Task(prose(200, 3), prose(4000, 4), "12345678901234.123456", prose(3000, 5))
    seed_form.budget.basic_expenditure = "三千七百三十八万" * 12  # typed text that is not a number
    seed_form.indicators[0].name = prose(900, 6)
    seed_form.indicators[0].period_value = prose(400, 7)
    seed_form.signoff.preparer = prose(90, 8)
    form = seed_form
    data = render_pdf(seed_form)
    with open_pdf(data) as pdf:
        assert squash(seed_form.department) in column_text(pdf, 1, 5)
        assert squash(seed_form.other_tasks) in column_text(pdf, 1, 5)
        task = seed_form.tasks[1]
        assert squash(task.name) in column_text(pdf, 1).replace(labels.TASK_COLUMNS["name"], "")
        assert squash(task.content) in column_text(pdf, 2, 2).replace(labels.TASK_COLUMNS["content"], "")
        assert squash(task.goal) in column_text(pdf, 5).replace(labels.TASK_COLUMNS["goal"], "")
        assert "12345678901234.123456" in column_text(pdf, 4)
        assert squash(seed_form.budget.basic_expenditure) in column_text(pdf, 3)
        ind = seed_form.indicators[0]
        assert squash(ind.name) in column_text(pdf, 3).replace(labels.INDICATOR_COLUMNS["name"], "")
        assert squash(ind.period_value) in column_text(pdf, 4).replace(labels.INDICATOR_COLUMNS["period_value"], "")
        last = squash(pdf.pages[-1].extract_text())
        assert squash(seed_form.signoff.preparer)[:10] in last
        assert_nothing_cut_off(pdf)
        assert_rules_kept(pdf, form)


@pytest.mark.slow
def test_large_form_prints_every_task_and_indicator():
    form = large_form()
    form.budget.special_funds = Decimal("968.1918")  # four decimals, as other departments write
    with open_pdf(render_pdf(form)) as pdf:
        assert len(pdf.pages) > 10
        names = column_text(pdf, 1).replace(labels.TASK_COLUMNS["name"], "")
        contents = column_text(pdf, 2, 2).replace(labels.TASK_COLUMNS["content"], "")
        amounts = column_text(pdf, 4)
        goals = column_text(pdf, 5).replace(labels.TASK_COLUMNS["goal"], "")
        for task in form.tasks:
            assert squash(task.name) in names
            assert squash(task.content) in contents
            assert format_amount(task.amount) in amounts
            assert squash(task.goal) in goals
        third = column_text(pdf, 3).replace(labels.INDICATOR_COLUMNS["name"], "")
        period = column_text(pdf, 4)
        for ind in form.indicators:
            assert squash(ind.name) in third
            assert ind.period_value in period
        assert "968.1918" in column_text(pdf, 3)
        # each page that continues the indicators repeats their heading row
        continued = [p for p in pdf.pages[1:] if any(c["text"] == "≥" for c in p.chars)]
        for page in continued:
            assert labels.INDICATOR_COLUMNS["name"] in squash(page.extract_text())
        assert_nothing_cut_off(pdf)
        assert_rules_kept(pdf, form)


def test_blanks_after_a_value_leave_it_centred_in_its_cell(seed_form):
    """The breaker lets blanks hang past a line's end; counting them pushed a centred value out
    of its cell (30 blanks: into the next column, 500: off the page)."""
    seed_form.indicators[0].period_value = "独特值甲" + " " * 500
    seed_form.signoff.preparer = "张三" + " " * 300 + "\n李四"
    with open_pdf(render_pdf(seed_form)) as pdf:
        value = next(line for line in drawn_lines(pdf) if line.text.startswith("独特值甲"))
        middle = GRID.column_x(4) + GRID.widths[4] / 2
        assert abs(value.x0 + fonts.text_width("独特值甲", grid.FONT_SIZE) / 2 - middle) < 1, value
        assert all(rule["x1"] <= GRID.right + 0.5 for rule in pdf.pages[-1].lines)  # the signature's underlines
