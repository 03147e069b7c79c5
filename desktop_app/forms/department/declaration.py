"""部门整体预算绩效目标申报表 (FORM.md): the whole form as data.

Everything the program knows of this form's structure and words is here: the interchange keys
and their Chinese labels, the kind and limits of every field, the row tables, the indicator tree,
the totals, and where each part goes in the printed grid and in the window. Its arithmetic rules
are in ``rules.py`` beside this file.
"""

from __future__ import annotations

from ...core.spec import (
    AMOUNT,
    AUTO,
    CENTER,
    ERROR,
    LEFT,
    LONG_TEXT,
    RIGHT,
    WARNING,
    YEAR,
    Cell,
    CellRow,
    Field,
    Fields,
    FormSpec,
    Grid,
    GridCell,
    Group,
    Header,
    LongText,
    Page,
    PrintLayout,
    PrintSection,
    Rows,
    Signature,
    Table,
    TableColumns,
    Total,
)
from ..shared import SIGNOFF, indicator_table

FORMAT_ID = "budget-performance-form/1"
TITLE = "部门整体预算绩效目标申报表"
AMOUNT_HEADING = "预算金额（万元）"

YEAR_FIELD = Field("year", "年度", YEAR, required=WARNING, in_json=False, placeholder="例如 2026")
DEPARTMENT = Field("department", "部门名称", required=ERROR)


def _budget_amount(key: str, label: str) -> Field:
    return Field(key, label, AMOUNT, required=ERROR, missing="未填写金额（没有请填 0）", placeholder="0.00")


BASIC = _budget_amount("basic_expenditure", "基本支出")
PROJECT = _budget_amount("project_expenditure", "项目支出")
FISCAL = _budget_amount("fiscal_appropriation", "财政拨款")
OTHER_FUNDS = _budget_amount("other_funds", "其他资金")
SPECIAL = _budget_amount("special_funds", "财政专项资金")
OTHER_DEVELOPMENT = _budget_amount("other_development", "其他事业发展性支出")
DISTRICT = _budget_amount("district_level", "区本级使用资金")
TRANSFER = _budget_amount("transfer_to_lower", "拟用于对下转移支付资金")
BUDGET = Group("budget", "预算整体情况", (BASIC, PROJECT, FISCAL, OTHER_FUNDS, SPECIAL, OTHER_DEVELOPMENT,
                                        DISTRICT, TRANSFER), class_name="Budget")

OVERALL_GOAL = Field("overall_goal", "总体绩效目标", LONG_TEXT, required=ERROR)

TASK_NAME = Field("name", "名称", required=ERROR, missing="未填写任务名称")
TASK_CONTENT = Field("content", "主要实施内容", LONG_TEXT, required=WARNING)
TASK_AMOUNT = Field("amount", "拟投入的资金（万元）", AMOUNT, required=ERROR, missing="未填写拟投入的资金")
TASK_GOAL = Field("goal", "期望达到的目标（概述）", LONG_TEXT, required=WARNING)
TASKS = Table("tasks", "年度重点工作任务", (TASK_NAME, TASK_CONTENT, TASK_AMOUNT, TASK_GOAL),
              class_name="Task", empty="至少填写一项年度重点工作任务", match_by=("name",))

OTHER_TASKS = Field("other_tasks", "其他需完成的任务（可选填）", LONG_TEXT, in_json=False)

PERIOD_VALUE = Field("period_value", "实施周期指标值", required=ERROR)
ANNUAL_VALUE = Field("annual_value", "年度指标值", required=ERROR)
INDICATORS = indicator_table(PERIOD_VALUE, ANNUAL_VALUE, class_name="Indicator")

# The four budget groups; each heading on paper is also the name of its total.
EXPENDITURE = Total("expenditure", "部门预算支出", parts=("budget.basic_expenditure", "budget.project_expenditure"))
INCOME = Total("income", "收入来源", parts=("budget.fiscal_appropriation", "budget.other_funds"))
DEVELOPMENT = Total("development", "事业发展性支出", parts=("budget.special_funds", "budget.other_development"))
LEVEL_TOTAL = Total("by_level", "按预算级次划分", parts=("budget.district_level", "budget.transfer_to_lower"))
TASK_SUM = Total("task_sum", "年度重点工作任务资金合计", column="tasks.amount")


def _pair_rows(left: Total, right: Total, left_fields, right_fields) -> tuple[CellRow, ...]:
    rows = [CellRow((Cell(1, 2, left.label, align=CENTER), Cell(3, 1, AMOUNT_HEADING, align=CENTER),
                     Cell(4, 1, right.label, align=CENTER), Cell(5, 1, AMOUNT_HEADING, align=CENTER)),
                    heading=True)]
    for a, b in zip(left_fields, right_fields):
        rows.append(CellRow((Cell(1, 2, a.label, align=CENTER), Cell(3, 1, field=f"budget.{a.key}", align=RIGHT),
                             Cell(4, 1, b.label, align=CENTER), Cell(5, 1, field=f"budget.{b.key}", align=RIGHT))))
    return tuple(rows)


PRINT = PrintLayout(
    # B is the tasks' 名称: wide enough for nine characters a line.
    column_widths=(56.0, 90.0, 64.0, 116.0, 76.0, 113.0),
    header=Header(year=YEAR_FIELD.key, year_style="right", unit_label="填报单位（盖章）", unit="department"),
    sections=(
        PrintSection(DEPARTMENT.label, (CellRow((Cell(1, 5, field="department"),)),)),
        PrintSection(BUDGET.label, _pair_rows(EXPENDITURE, INCOME, (BASIC, PROJECT), (FISCAL, OTHER_FUNDS))
                     + _pair_rows(DEVELOPMENT, LEVEL_TOTAL, (SPECIAL, OTHER_DEVELOPMENT), (DISTRICT, TRANSFER)),
                     keep_together=True),
        PrintSection(OVERALL_GOAL.label, (CellRow((Cell(1, 5, field="overall_goal"),)),)),
        PrintSection(TASKS.label, TableColumns("tasks", (("name", 1, 1, LEFT), ("content", 2, 2, LEFT),
                                                         ("amount", 4, 1, RIGHT), ("goal", 5, 1, LEFT)),
                                               continued="（续）"),
                     repeat=1),
        PrintSection(OTHER_TASKS.label, (CellRow((Cell(1, 5, field="other_tasks"),)),)),
        PrintSection(INDICATORS.label, TableColumns("indicators", (("name", 3, 1, LEFT), ("period_value", 4, 1, AUTO),
                                                                   ("annual_value", 5, 1, AUTO)),
                                                    level_cols=(1, 2), continued="（续）"),
                     repeat=1),
    ),
    signature=Signature(line=("signoff.preparer", "signoff.phone", "signoff.date"), head="signoff.head",
                        head_label="单位负责人（签字）"),
)


def _grid_rows(top: int, left: Total, right: Total, left_fields, right_fields) -> tuple[GridCell, ...]:
    """Two groups of the budget side by side on screen as on paper: their headings, a label
    and an amount per line, and each group's total under it."""
    cells = [GridCell(top, 0, heading=left.key), GridCell(top, 1, text=AMOUNT_HEADING),
             GridCell(top, 3, heading=right.key), GridCell(top, 4, text=AMOUNT_HEADING)]
    for row, pair in enumerate(zip(left_fields, right_fields), top + 1):
        for col, f in zip((0, 3), pair):
            path = f"{BUDGET.key}.{f.key}"
            cells += [GridCell(row, col, label=path), GridCell(row, col + 1, path=path)]
    row = top + 1 + len(left_fields)
    for col, t in ((0, left), (3, right)):
        cells += [GridCell(row, col, caption=t.key), GridCell(row, col + 1, total=t.key)]
    return tuple(cells)


# The status lines of the budget tab (rules.py): the three totals against each other, the tasks' sum.
BALANCE = "balance"
STATUS_LINES = (BALANCE, TASK_SUM.key)

# Column 2 is the gap between the two halves; Tab goes across each row, as the paper is read.
BUDGET_GRID = Grid(_grid_rows(0, EXPENDITURE, INCOME, (BASIC, PROJECT), (FISCAL, OTHER_FUNDS))
                   + _grid_rows(4, DEVELOPMENT, LEVEL_TOTAL, (SPECIAL, OTHER_DEVELOPMENT), (DISTRICT, TRANSFER)),
                   group=BUDGET.key, head=(DEPARTMENT.key, YEAR_FIELD.key), below=STATUS_LINES,
                   stretch=(0, 3, 1, 0, 3), row_spacing=2)

PAGES = (
    Page(f"{DEPARTMENT.label}及{BUDGET.label}", (BUDGET_GRID,)),
    Page(OVERALL_GOAL.label, (LongText("overall_goal"),)),
    Page(TASKS.label, (Rows("tasks", status="task_sum"),)),
    Page(OTHER_TASKS.label.split("（")[0], (LongText("other_tasks"),)),
    Page(INDICATORS.label, (Rows("indicators"),)),
    Page(SIGNOFF.label, (Fields(tuple(f"signoff.{f.key}" for f in SIGNOFF.fields)),)),
)


def form_spec(rules) -> FormSpec:
    return FormSpec(
        format_id=FORMAT_ID,
        title=TITLE,
        short_title="部门整体",
        members=(YEAR_FIELD, DEPARTMENT, BUDGET, OVERALL_GOAL, TASKS, OTHER_TASKS, INDICATORS, SIGNOFF),
        totals=(EXPENDITURE, INCOME, DEVELOPMENT, LEVEL_TOTAL, TASK_SUM),
        print_layout=PRINT,
        pages=PAGES,
        rules=rules,
        sample="seed-form.json",
        schema_file="form.schema.json",
        class_name="DepartmentForm",
        unit=("department",),
        key_amounts=("expenditure",),
    )
