"""The project form's sample printed and read back: the layout of PROJECT-FORM.md (title with
（YYYY年度） under it, 填报单位（盖章）, the label/value pairs, the two-column funds grid, the two
goal columns, every 二级指标 row, the signature block with the seal), values where they belong,
totals computed when left empty, labels that never wrap into orphans, identical bytes, 草稿 and
the fingerprint."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop_app.core import jsonio, synthetic
from desktop_app.core.amounts import format_amount
from desktop_app.core.fingerprint import fingerprint
from desktop_app.printing import grid
from desktop_app.printing.grid import build_sections
from desktop_app.printing.paginate import measure
from desktop_app.printing.render import render_pdf
from tests import project as P

from .readback import column_text, drawn_lines, open_pdf, page_text, squash

GEOMETRY = grid.geometry_of(P.FORM)


def text(pdf, col: int, span: int = 1) -> str:
    return column_text(pdf, col, span, GEOMETRY)


@pytest.fixture
def form():
    return jsonio.load(P.SAMPLE_PATH)


@pytest.fixture(scope="module")
def sample_pdf() -> bytes:
    return render_pdf(jsonio.load(P.SAMPLE_PATH))


def _filled(form):
    form.department_code, form.project_attribute, form.project_period = "301001", "延续项目", "2021-2023年"
    form.funds.period_fiscal, form.funds.period_other = Decimal("3000"), Decimal("375.5")
    form.period_goal = "目标1：三年内完成全部安置小区物业管理标准化"
    for ind in form.indicators:
        ind.period_value = f"中期{ind.annual_value}"
    return form


def test_title_with_the_year_under_it_and_the_unit_above_the_grid(sample_pdf, form):
    with open_pdf(sample_pdf) as pdf:
        page = pdf.pages[0]
        lines = drawn_lines(pdf, size=None)
    title = next(line for line in lines if line.text == P.FORM_TITLE)
    subtitle = next(line for line in lines if line.text == f"（{form.year}年度）")
    unit = next(line for line in lines if line.text.startswith(P.UNIT_SEAL))
    grid_top = min(line.top for line in lines if abs(line.size - grid.FONT_SIZE) < 0.01)
    assert title.size > subtitle.size > grid.FONT_SIZE
    assert title.top < subtitle.top < unit.top < grid_top  # top to bottom, in that order
    centre = page.width / 2
    assert abs((title.x0 + title.x1) / 2 - centre) < 2 and abs((subtitle.x0 + subtitle.x1) / 2 - centre) < 2
    assert abs(unit.x0 - GEOMETRY.left) < 1 and form.implementing_unit in unit.text
    assert subtitle.top - title.top < 2.5 * title.size  # under the title, not lost down the page


def test_without_a_year_the_subtitle_leaves_room_to_write_it(form):
    form.year = None
    with open_pdf(render_pdf(form)) as pdf:
        assert "（年度）" in page_text(pdf.pages[0])


def test_every_value_is_in_its_place(form):
    form = _filled(form)
    with open_pdf(render_pdf(form)) as pdf:
        assert squash(form.project_name) in text(pdf, 1, 6)
        assert squash(form.department) in text(pdf, 1, 2)
        assert form.department_code in text(pdf, 3)
        assert squash(form.implementing_unit) in text(pdf, 5, 2)
        assert form.project_attribute in text(pdf, 1, 3) and form.project_period in text(pdf, 5, 2)
        assert format_amount(Decimal("3375.5")) in text(pdf, 3)       # 中期资金总额, computed
        assert format_amount(form.funds.annual_total) in text(pdf, 5, 2)
        assert squash(form.period_goal) in text(pdf, 1, 3) and squash(form.annual_goal) in text(pdf, 4, 3)
        names, period, annual = text(pdf, 3, 2), text(pdf, 5), text(pdf, 6)
        for ind in form.indicators:
            assert squash(ind.name) in names
            assert squash(ind.period_value) in period and squash(ind.annual_value) in annual


def test_the_layout_words_of_the_paper_form(sample_pdf):
    with open_pdf(sample_pdf) as pdf:
        sections = text(pdf, 0)
        order = [sections.index(squash(label)) for label in P.SECTION_LABELS]
        assert order == sorted(order)
        left, right = text(pdf, 1, 2), text(pdf, 4)
        for word in ("中期资金总额", "其中：财政拨款", "其他资金"):
            assert word in left
        for word in ("年度资金总额", "其中：财政拨款", "其他资金", "实施单位", "项目期"):
            assert word in right
        assert "中期目标" in text(pdf, 1, 3) and "年度目标" in text(pdf, 4, 3)
        for (col, span), key in zip(((1, 1), (2, 1), (3, 2), (5, 1), (6, 1)),
                                    ("level1", "level2", "name", "period_value", "annual_value")):
            assert P.INDICATOR_COLUMNS[key] in text(pdf, col, span)


def test_funds_are_right_aligned_in_their_columns(form):
    form = _filled(form)
    with open_pdf(render_pdf(form)) as pdf:
        lines = drawn_lines(pdf)
    period = next(line for line in lines if line.text == "3,375.50")
    annual = next(line for line in lines if line.text == "1,125.00")
    assert abs(period.x1 - (GEOMETRY.column_x(4) - grid.PAD_X)) < 0.5
    assert abs(annual.x1 - (GEOMETRY.right - grid.PAD_X)) < 0.5


def test_a_total_left_empty_is_printed_as_the_sum_of_its_parts(form):
    form.funds.annual_total = None
    form.funds.annual_fiscal, form.funds.annual_other = Decimal("1000"), Decimal("125.25")
    with open_pdf(render_pdf(form)) as pdf:
        assert "1,125.25" in [line.text for line in drawn_lines(pdf)]
        assert all(P.DRAFT_MARK not in page_text(p) for p in pdf.pages)


def test_every_level2_row_prints_in_order_even_when_empty(form):
    form.indicators = [i for i in form.indicators if i.level2 not in ("成本指标", "生态效益指标")]
    with open_pdf(render_pdf(form)) as pdf:
        level1, level2 = text(pdf, 1), text(pdf, 2)
    positions = []
    for l1 in P.D.INDICATORS.tree.levels:
        assert l1.name in level1
        for l2 in l1.children:
            positions.append(level2.index(squash(l2.name)[:4]))
    assert positions == sorted(positions) and len(positions) == 9


def test_no_label_wraps_into_an_orphan(form):
    """Fixed words of the grid fit their cells on one line; a merged label that needs two
    lines splits evenly (项目资金 / （万元）), never leaving one character alone."""
    fixed_words = {c.text for s in P.FORM.print_layout.sections if isinstance(s.rows, tuple)
                   for r in s.rows for c in r.cells if c.text} | set(P.INDICATOR_COLUMNS.values())
    for section in build_sections(_filled(form)):
        m = measure(section)
        assert all(len(line) > 1 for line in m.label), m.label
        fixed = [(cell.text, lines) for row in m.rows for cell, lines in row.cells if cell.text in fixed_words]
        assert all(len(lines) == 1 for _, lines in fixed), fixed
        for block in m.blocks:
            assert all(len(line) > 1 for line in block.lines), block.lines


def test_two_renders_are_identical_and_carry_the_fingerprint(sample_pdf, form):
    assert render_pdf(form) == sample_pdf
    with open_pdf(sample_pdf) as pdf:
        for page in pdf.pages:
            assert f"内容指纹{fingerprint(form)}" in page_text(page)


def test_an_erroneous_form_prints_as_draft_and_a_sound_one_does_not(sample_pdf, form):
    with open_pdf(sample_pdf) as pdf:
        assert all(P.DRAFT_MARK not in page_text(p) for p in pdf.pages)
    form.funds.annual_other = Decimal("100")  # 年度资金总额 no longer its two parts
    with open_pdf(render_pdf(form)) as pdf:
        for page in pdf.pages:
            assert len([c for c in page.chars if c["text"] in P.DRAFT_MARK and c["size"] > 100]) == 2


def test_the_signature_block_with_the_seal(form):
    form.signoff.preparer, form.signoff.phone, form.signoff.head = "王小明", "0564-1234567", "李大华"
    with open_pdf(render_pdf(form)) as pdf:
        last = page_text(pdf.pages[-1])
    for word in ("填报人", "联系电话", "单位负责人（签字）", "填报日期", P.SEAL, "王小明", "0564-1234567", "李大华"):
        assert squash(word) in last


def test_a_long_project_form_continues_over_pages_with_its_headings():
    form = synthetic.large_form(P.FORM, indicators=120)
    data = render_pdf(form)
    with open_pdf(data) as pdf:
        assert len(pdf.pages) > 3
        for page in pdf.pages[1:]:
            assert P.INDICATOR_COLUMNS["annual_value"] in page_text(page)  # the heading row again
        names = text(pdf, 3, 2)
    assert all(squash(ind.name) in names for ind in form.indicators)
    assert render_pdf(form) == data
