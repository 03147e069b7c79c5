"""The printed grid of FORM.md as data: sections of rows of cells, before any measuring.

Six columns. Column A holds each section's label, merged down the section; inside 绩效指标,
columns B and C hold 一级/二级指标 merged down their groups. Merges are not table spans: they
are ``Block``s drawn over whatever part of their rows lands on a page, so a page break can fall
anywhere (reportlab's tables refuse to break inside a row span).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from reportlab.lib.pagesizes import A4

from ..core import labels
from ..core.amounts import format_amount
from ..core.model import Form

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 40.0
MARGIN_TOP = 40.0
MARGIN_BOTTOM = 46.0  # the footer line sits inside it
COLUMN_WIDTHS = (62.0, 60.0, 80.0, 118.0, 84.0, 111.0)
GRID_LEFT = MARGIN_X + (PAGE_WIDTH - 2 * MARGIN_X - sum(COLUMN_WIDTHS)) / 2

FONT_SIZE = 9.0
LEADING = 13.0
PAD_X = 3.5
PAD_Y = 3.5

# AUTO: centred when it fits one line, else left-aligned (short indicator values centre, long ones read as text).
LEFT, CENTER, RIGHT, AUTO = "left", "center", "right", "auto"


def column_x(col: int) -> float:
    """Left edge of column ``col`` (0 = A) on the page."""
    return GRID_LEFT + sum(COLUMN_WIDTHS[:col])


def span_width(col: int, span: int) -> float:
    return sum(COLUMN_WIDTHS[col:col + span])


@dataclass
class Cell:
    col: int
    span: int
    text: str
    align: str = LEFT


@dataclass
class Row:
    cells: list[Cell]
    heading: bool = False


@dataclass
class Block:
    """A label merged down rows ``first``..``last`` (inclusive) of its section in column ``col``."""
    col: int
    first: int
    last: int
    text: str


@dataclass
class Section:
    label: str
    rows: list[Row]
    repeat: int = 0  # heading rows printed again where the section continues on a new page
    keep_together: bool = False  # start on a new page rather than break, when it fits one
    blocks: list[Block] = field(default_factory=list)


def amount_text(value) -> str:
    """An amount as printed: ``157,549.62``; text that is not a number, as typed."""
    if isinstance(value, Decimal) or value is None:
        return format_amount(value)
    return str(value)


def _full(text: str) -> Row:
    return Row([Cell(1, 5, text)])


def budget_rows(form: Form) -> list[Row]:
    rows = []
    groups = labels.BUDGET_GROUPS
    for (left_head, left_fields), (right_head, right_fields) in ((groups[0], groups[1]), (groups[2], groups[3])):
        rows.append(Row([Cell(1, 2, left_head, CENTER), Cell(3, 1, labels.AMOUNT_HEADING, CENTER),
                         Cell(4, 1, right_head, CENTER), Cell(5, 1, labels.AMOUNT_HEADING, CENTER)],
                        heading=True))
        for left, right in zip(left_fields, right_fields):
            rows.append(Row([
                Cell(1, 2, labels.BUDGET_FIELD_LABELS[left], CENTER),
                Cell(3, 1, amount_text(getattr(form.budget, left)), RIGHT),
                Cell(4, 1, labels.BUDGET_FIELD_LABELS[right], CENTER),
                Cell(5, 1, amount_text(getattr(form.budget, right)), RIGHT),
            ]))
    return rows


def task_rows(form: Form) -> list[Row]:
    cols = labels.TASK_COLUMNS
    rows = [Row([Cell(1, 1, cols["name"], CENTER), Cell(2, 2, cols["content"], CENTER),
                 Cell(4, 1, cols["amount"], CENTER), Cell(5, 1, cols["goal"], CENTER)], heading=True)]
    for task in form.tasks or []:
        rows.append(Row([Cell(1, 1, task.name), Cell(2, 2, task.content),
                         Cell(4, 1, amount_text(task.amount), RIGHT), Cell(5, 1, task.goal)]))
    if not form.tasks:
        rows.append(Row([Cell(1, 1, ""), Cell(2, 2, ""), Cell(4, 1, "", RIGHT), Cell(5, 1, "")]))
    return rows


def indicator_section(form: Form) -> Section:
    cols = labels.INDICATOR_COLUMNS
    rows = [Row([Cell(1, 1, cols["level1"], CENTER), Cell(2, 1, cols["level2"], CENTER),
                 Cell(3, 1, cols["name"], CENTER), Cell(4, 1, cols["period_value"], CENTER),
                 Cell(5, 1, cols["annual_value"], CENTER)], heading=True)]
    blocks = []
    for level1, slots in form.indicator_groups():
        first1 = len(rows)
        for level2, items in slots:
            first2 = len(rows)
            for _index, ind in items or [(None, None)]:
                rows.append(Row([Cell(3, 1, ind.name if ind else ""),
                                 Cell(4, 1, ind.period_value if ind else "", AUTO),
                                 Cell(5, 1, ind.annual_value if ind else "", AUTO)]))
            blocks.append(Block(2, first2, len(rows) - 1, level2))
        blocks.append(Block(1, first1, len(rows) - 1, level1))
    return Section(labels.SECTION_INDICATORS, rows, repeat=1, blocks=blocks)


def build_sections(form: Form) -> list[Section]:
    """The grid, top to bottom, as FORM.md lays it out."""
    return [
        Section(labels.SECTION_DEPARTMENT, [_full(form.department)]),
        Section(labels.SECTION_BUDGET, budget_rows(form), keep_together=True),
        Section(labels.SECTION_OVERALL_GOAL, [_full(form.overall_goal)]),
        Section(labels.SECTION_TASKS, task_rows(form), repeat=1),
        Section(labels.SECTION_OTHER_TASKS, [_full(form.other_tasks)]),
        indicator_section(form),
    ]
