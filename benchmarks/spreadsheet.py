"""The same form as a clerk's .xlsx today: one sheet laid out like the paper form, for
LibreOffice to convert to PDF (the comparison in ``run.py``). Needs openpyxl (a project
dependency since ``review -o`` writes workbooks).

The layout follows FORM.md: six columns, column A merged down each section, merged free-text
cells, wrapped text, thin rules, A4 portrait fitted to the page width. Row
heights are set from the text's length, as a clerk drags them: LibreOffice does not fit the
height of merged cells itself.
"""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from desktop_app.core.amounts import format_amount
from desktop_app.core.totals import compute_totals
from tests import department as labels
from tests.department import Form

FONT_NAME = "Noto Serif SC"  # the bundled font; run.py points LibreOffice's fontconfig at it
_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="center")
_CENTER = Alignment(wrap_text=True, vertical="center", horizontal="center")
_RIGHT = Alignment(vertical="center", horizontal="right")
WIDTHS = (12, 16, 22, 26, 16, 26)  # columns A..F, in character widths
_CJK_WIDTH = 1.9  # a 10 pt CJK character, in character widths
_LINE_PT = 14


def _amount(value) -> str:
    return format_amount(value) if not isinstance(value, str) else value


def write_xlsx(form: Form, path: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "申报表"
    for col, width in zip("ABCDEF", WIDTHS):
        ws.column_dimensions[col].width = width
    font = Font(name=FONT_NAME, size=10)
    lines: dict[int, int] = {}
    row = 1

    def put(r, c, value, align=_WRAP, bold=False, span=1):
        cell = ws.cell(r, c, value)
        cell.font = Font(name=FONT_NAME, size=10, bold=bold) if bold else font
        cell.alignment = align
        if span > 1:
            merge(r, c, r, c + span - 1)
        width = sum(WIDTHS[c - 1:c - 1 + span]) - 1
        needed = -(-int(len(str(value or "")) * _CJK_WIDTH) // width) or 1
        lines[r] = max(lines.get(r, 1), needed)
        return cell

    def merge(r1, c1, r2, c2):
        if (r1, c1) != (r2, c2):
            ws.merge_cells(start_row=r1, start_column=c1, end_row=r2, end_column=c2)

    title = ws.cell(row, 1, labels.FORM_TITLE)
    title.font = Font(name=FONT_NAME, size=16, bold=True)
    title.alignment = _CENTER
    merge(row, 1, row, 6)
    row += 1
    put(row, 1, f"{labels.YEAR}：{form.year or ''}")
    put(row, 3, f"{labels.UNIT_SEAL}：{form.department}", span=4)
    row += 1
    first_grid_row = row

    put(row, 1, labels.SECTION_DEPARTMENT, _CENTER)
    put(row, 2, form.department, span=5)
    row += 1

    b = form.budget
    totals = compute_totals(form)
    by_label = {t.label: totals[t.key] for t in form.spec.totals}  # the totals are keyed by key now
    start = row
    for left, right in ((labels.BUDGET_GROUPS[0], labels.BUDGET_GROUPS[1]),
                        (labels.BUDGET_GROUPS[2], labels.BUDGET_GROUPS[3])):
        (lh, lf), (rh, rf) = left, right
        put(row, 2, f"{lh}（合计 {format_amount(by_label[lh])}）", _CENTER, bold=True, span=2)
        put(row, 4, labels.AMOUNT_HEADING, _CENTER, bold=True)
        put(row, 5, f"{rh}（合计 {format_amount(by_label[rh])}）", _CENTER, bold=True)
        put(row, 6, labels.AMOUNT_HEADING, _CENTER, bold=True)
        row += 1
        for lname, rname in zip(lf, rf):
            put(row, 2, labels.BUDGET_FIELD_LABELS[lname], span=2)
            put(row, 4, _amount(getattr(b, lname)), _RIGHT)
            put(row, 5, labels.BUDGET_FIELD_LABELS[rname])
            put(row, 6, _amount(getattr(b, rname)), _RIGHT)
            row += 1
    put(start, 1, labels.SECTION_BUDGET, _CENTER)
    merge(start, 1, row - 1, 1)

    put(row, 1, labels.SECTION_OVERALL_GOAL, _CENTER)
    put(row, 2, form.overall_goal, span=5)
    row += 1

    start = row
    cols = labels.TASK_COLUMNS
    put(row, 2, cols["name"], _CENTER, bold=True)
    put(row, 3, cols["content"], _CENTER, bold=True, span=2)
    put(row, 5, cols["amount"], _CENTER, bold=True)
    put(row, 6, cols["goal"], _CENTER, bold=True)
    row += 1
    for task in form.tasks:
        put(row, 2, task.name)
        put(row, 3, task.content, span=2)
        put(row, 5, _amount(task.amount), _RIGHT)
        put(row, 6, task.goal)
        row += 1
    put(start, 1, labels.SECTION_TASKS, _CENTER)
    merge(start, 1, row - 1, 1)

    put(row, 1, labels.SECTION_OTHER_TASKS, _CENTER)
    put(row, 2, form.other_tasks, span=5)
    row += 1

    start = row
    for col, key in enumerate(("level1", "level2", "name", "period_value", "annual_value"), start=2):
        put(row, col, labels.INDICATOR_COLUMNS[key], _CENTER, bold=True)
    row += 1
    for level1, slots in form.indicator_groups():
        level1_start = row
        for level2, items in slots:
            slot_start = row
            for _, ind in items or [(None, None)]:
                if ind is not None:
                    put(row, 4, ind.name)
                    put(row, 5, ind.period_value, _CENTER)
                    put(row, 6, ind.annual_value, _CENTER)
                row += 1
            put(slot_start, 3, level2, _CENTER)
            merge(slot_start, 3, row - 1, 3)
        put(level1_start, 2, level1, _CENTER)
        merge(level1_start, 2, row - 1, 2)
    put(start, 1, labels.SECTION_INDICATORS, _CENTER)
    merge(start, 1, row - 1, 1)
    last_grid_row = row - 1

    for r in range(first_grid_row, last_grid_row + 1):
        for c in range(1, 7):
            ws.cell(r, c).border = _BOX

    row += 1
    s = form.signoff
    put(row, 1, f"{labels.SIGNOFF_LABELS['preparer']}：{s.preparer}", span=2)
    put(row, 3, f"{labels.SIGNOFF_LABELS['phone']}：{s.phone}")
    put(row, 4, f"{labels.SIGNOFF_HEAD_SIGNATURE}：{s.head}")
    put(row, 5, f"{labels.SIGNOFF_LABELS['date']}：{s.date}", span=2)
    row += 1
    put(row, 5, labels.SEAL)

    for r, n in lines.items():
        if n > 1:
            ws.row_dimensions[r].height = n * _LINE_PT + 4
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.print_options.horizontalCentered = True
    wb.save(path)
