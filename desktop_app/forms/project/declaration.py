"""项目支出绩效目标申报表 (PROJECT-FORM.md): the whole form as data, one per budget project.

The layout is the central 2015 template (财预〔2015〕88号) that most provinces copied; a regional
edition (extra fund rows, a 项目负责人 line, …) is a change here, not to the program. The 绩效指标
tree and the sign-off block are the department form's (``forms/shared.py``). The arithmetic beyond
"required and valid" is in ``rules.py`` beside this file; each 资金总额 being the sum of its two
parts is declared here (``computed_from``) and checked by the engine.
"""

from __future__ import annotations

from ...core.spec import (
    AMOUNT,
    AUTO,
    CENTER,
    CHOICE,
    ERROR,
    LEFT,
    LONG_TEXT,
    RIGHT,
    WARNING,
    YEAR,
    Cell,
    CellRow,
    Family,
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
    RollUp,
    Rows,
    Signature,
    TableColumns,
)
from ..department import declaration as department
from ..shared import INDICATOR_TREE, SIGNOFF, indicator_table

FORMAT_ID = "project-performance-target/1"
TITLE = "项目支出绩效目标申报表"

YEAR_FIELD = Field("year", "年度", YEAR, required=WARNING, in_json=False, placeholder="例如 2021")
PROJECT_NAME = Field("project_name", "项目名称", required=ERROR)
DEPARTMENT = Field("department", "主管部门", required=ERROR)
DEPARTMENT_CODE = Field("department_code", "主管部门代码", max_chars=100)
IMPLEMENTING_UNIT = Field("implementing_unit", "实施单位", required=ERROR)
# Regions use other words than the two offered (常年性项目, 一次性项目, …): kept as written.
ATTRIBUTE = Field("project_attribute", "项目属性", CHOICE, choices=("新增项目", "延续项目"), max_chars=100,
                  placeholder="新增项目、延续项目或本地用语")
PERIOD = Field("project_period", "项目期", max_chars=100, placeholder="例如 1年、2021-2023年")

TOTAL_HINT = "留空则按两项之和计算"


def _part(key: str, label: str) -> Field:
    return Field(key, label, AMOUNT, placeholder="0.00")


def _total(key: str, label: str, parts: tuple[Field, Field], **kwargs) -> Field:
    return Field(key, label, AMOUNT, placeholder=TOTAL_HINT, computed_from=tuple(f"funds.{p.key}" for p in parts),
                 **kwargs)


PERIOD_FISCAL = _part("period_fiscal", "中期财政拨款")
PERIOD_OTHER = _part("period_other", "中期其他资金")
PERIOD_TOTAL = _total("period_total", "中期资金总额", (PERIOD_FISCAL, PERIOD_OTHER))
ANNUAL_FISCAL = _part("annual_fiscal", "年度财政拨款")
ANNUAL_OTHER = _part("annual_other", "年度其他资金")
ANNUAL_TOTAL = _total("annual_total", "年度资金总额", (ANNUAL_FISCAL, ANNUAL_OTHER), required=ERROR,
                      missing="未填写年度资金总额（或其中的财政拨款、其他资金）")
FUNDS = Group("funds", "项目资金（万元）", (PERIOD_TOTAL, PERIOD_FISCAL, PERIOD_OTHER,
                                        ANNUAL_TOTAL, ANNUAL_FISCAL, ANNUAL_OTHER), class_name="Funds")
# How the paper names a part under its total, in either column.
FISCAL_TEXT, OTHER_TEXT = "其中：财政拨款", "其他资金"

PERIOD_GOAL = Field("period_goal", "中期目标", LONG_TEXT, placeholder="整个项目期的目标；一年期项目可不填")
ANNUAL_GOAL = Field("annual_goal", "年度目标", LONG_TEXT, required=ERROR, placeholder="目标1：…")

# 中期指标值 is required for a multi-year project only (rules.py).
PERIOD_VALUE = Field("period_value", "中期指标值")
ANNUAL_VALUE = Field("annual_value", "年度指标值", required=ERROR)
INDICATORS = indicator_table(PERIOD_VALUE, ANNUAL_VALUE, class_name="ProjectIndicator")
COST = next(l2 for l1 in INDICATOR_TREE.levels for l2 in l1.children if l2.name == "成本指标")



def _fund_row(period: Field, annual: Field, period_text: str, annual_text: str) -> CellRow:
    return CellRow((Cell(1, 2, period_text, align=CENTER), Cell(3, 1, field=f"{FUNDS.key}.{period.key}", align=RIGHT),
                    Cell(4, 1, annual_text, align=CENTER), Cell(5, 2, field=f"{FUNDS.key}.{annual.key}", align=RIGHT)))


# Seven columns: A the section labels; B, C the indicator tree; the 中期 half of the grid ends
# after D and the 年度 half is E..G, so the funds, the goals and the label/value pairs line up.
# Every label fits its cell on one line (主管部门及代码 in A, 其中：财政拨款 in E).
PRINT = PrintLayout(
    column_widths=(72.0, 54.0, 72.0, 95.0, 72.0, 72.0, 78.0),
    header=Header(year=YEAR_FIELD.key, year_style="subtitle", unit_label="填报单位（盖章）",
                  unit=IMPLEMENTING_UNIT.key),
    sections=(
        PrintSection(PROJECT_NAME.label, (CellRow((Cell(1, 6, field=PROJECT_NAME.key),)),)),
        PrintSection(f"{DEPARTMENT.label}及代码", (CellRow((
            Cell(1, 2, field=DEPARTMENT.key), Cell(3, 1, field=DEPARTMENT_CODE.key, align=CENTER),
            Cell(4, 1, IMPLEMENTING_UNIT.label, align=CENTER), Cell(5, 2, field=IMPLEMENTING_UNIT.key))),)),
        PrintSection(ATTRIBUTE.label, (CellRow((
            Cell(1, 3, field=ATTRIBUTE.key), Cell(4, 1, PERIOD.label, align=CENTER),
            Cell(5, 2, field=PERIOD.key))),)),
        PrintSection(FUNDS.label, (_fund_row(PERIOD_TOTAL, ANNUAL_TOTAL, PERIOD_TOTAL.label, ANNUAL_TOTAL.label),
                                   _fund_row(PERIOD_FISCAL, ANNUAL_FISCAL, FISCAL_TEXT, FISCAL_TEXT),
                                   _fund_row(PERIOD_OTHER, ANNUAL_OTHER, OTHER_TEXT, OTHER_TEXT)),
                     keep_together=True),
        PrintSection("总体目标", (
            CellRow((Cell(1, 3, PERIOD_GOAL.label, align=CENTER), Cell(4, 3, ANNUAL_GOAL.label, align=CENTER)),
                    heading=True),
            CellRow((Cell(1, 3, field=PERIOD_GOAL.key), Cell(4, 3, field=ANNUAL_GOAL.key))),
        ), repeat=1),
        PrintSection(INDICATORS.label, TableColumns(INDICATORS.key, (
            ("name", 3, 2, LEFT), (PERIOD_VALUE.key, 5, 1, AUTO), (ANNUAL_VALUE.key, 6, 1, AUTO)),
            level_cols=(1, 2)), repeat=1),
    ),
    signature=Signature(line=("signoff.preparer", "signoff.phone", "signoff.date"), head="signoff.head",
                        head_label="单位负责人（签字）"),
)

# The status lines of the funds page (rules.py): each column's total against its parts, under
# that column; then 年度 against 中期, and whether 中期 is required.
PERIOD_SUM, ANNUAL_SUM, WITHIN, TERM = f"{PERIOD_TOTAL.key}_sum", f"{ANNUAL_TOTAL.key}_sum", "within", "term"
STATUS_LINES = (PERIOD_SUM, ANNUAL_SUM, WITHIN, TERM)


def _funds_column(col: int, heading: str, total: Field, fiscal: Field, other: Field, sum_line: str):
    """One column of the funds grid: its heading, the total and its two parts, the total's line."""
    return (GridCell(0, col, 2, text=heading),
            GridCell(1, col, label=f"{FUNDS.key}.{total.key}"), GridCell(1, col + 1, path=f"{FUNDS.key}.{total.key}"),
            GridCell(2, col, text=FISCAL_TEXT), GridCell(2, col + 1, path=f"{FUNDS.key}.{fiscal.key}"),
            GridCell(3, col, text=OTHER_TEXT), GridCell(3, col + 1, path=f"{FUNDS.key}.{other.key}"),
            GridCell(4, col, 2, status=sum_line))


# 中期 and 年度 side by side, column 2 the gap between them; Tab goes across each row.
FUNDS_GRID = Grid((*_funds_column(0, "中期（整个项目期）", PERIOD_TOTAL, PERIOD_FISCAL, PERIOD_OTHER, PERIOD_SUM),
                   *_funds_column(3, "年度（本年）", ANNUAL_TOTAL, ANNUAL_FISCAL, ANNUAL_OTHER, ANNUAL_SUM)),
                  group=FUNDS.key, below=(WITHIN, TERM), stretch=(0, 3, 1, 0, 3))

PAGES = (
    Page("项目基本信息", (Fields((YEAR_FIELD.key, PROJECT_NAME.key, DEPARTMENT.key, DEPARTMENT_CODE.key,
                                IMPLEMENTING_UNIT.key, ATTRIBUTE.key, PERIOD.key)),)),
    Page("项目资金", (FUNDS_GRID,)),
    Page("总体目标", (LongText(PERIOD_GOAL.key), LongText(ANNUAL_GOAL.key))),
    Page(INDICATORS.label, (Rows(INDICATORS.key),)),
    Page(SIGNOFF.label, (Fields(tuple(f"{SIGNOFF.key}.{f.key}" for f in SIGNOFF.fields)),)),
)


# A department's projects are funded out of its 项目支出: a reviewer who holds the department's
# 部门整体 form and its project forms of the same year is warned when the projects' 年度资金总额
# add up to more. A project names its department by 主管部门, written as the department writes
# its 部门名称 (blanks and full-width forms aside); 实施单位 may be a unit under it.
# The roll-up is the family's (every edition of the form counts), so it names roles, not paths.
ROLLS_UP = RollUp(
    into=department.FORMAT_ID,
    match=(("department", department.DEPARTMENT.key), ("year", department.YEAR_FIELD.key)),
    amount="annual_total",
    limit=f"{department.BUDGET.key}.{department.PROJECT.key}",
    message=(f"{{unit}}的 {{count}} 个项目{ANNUAL_TOTAL.label}合计 {{total}} 万元，"
             f"超过其{department.TITLE}中的{department.PROJECT.label} {{limit}} 万元"),
)

# This form and its regional editions (``project_hunan``, …) are one kind of form to a reviewer:
# one column in the summary, added up together into the department's 项目支出, next year's draft
# and the self-evaluation start from any of them. Each member gives its path for every role.
FAMILY = Family(
    key="project-performance-target",
    short_title="项目支出",
    shares=("year", "project_name", "department", "unit", "annual_total", "annual_goal", "annual_targets",
            "target_name", "target_value"),
    key_amount="annual_total",
    unit=("project_name", "unit"),
    rolls_up=(ROLLS_UP,),
)
SHARED = (("year", YEAR_FIELD.key), ("project_name", PROJECT_NAME.key), ("department", DEPARTMENT.key),
          ("unit", IMPLEMENTING_UNIT.key), ("annual_total", f"{FUNDS.key}.{ANNUAL_TOTAL.key}"),
          ("annual_goal", ANNUAL_GOAL.key), ("annual_targets", INDICATORS.key),
          ("target_name", f"{INDICATORS.key}.name"), ("target_value", f"{INDICATORS.key}.{ANNUAL_VALUE.key}"))


def form_spec(rules) -> FormSpec:
    return FormSpec(
        format_id=FORMAT_ID,
        title=TITLE,
        short_title="项目支出",
        members=(YEAR_FIELD, PROJECT_NAME, DEPARTMENT, DEPARTMENT_CODE, IMPLEMENTING_UNIT, ATTRIBUTE, PERIOD,
                 FUNDS, PERIOD_GOAL, ANNUAL_GOAL, INDICATORS, SIGNOFF),
        totals=(),
        print_layout=PRINT,
        pages=PAGES,
        rules=rules,
        sample="project-form.json",
        schema_file="project-form.schema.json",
        class_name="ProjectForm",
        # A department files dozens of these: the project names the draft, the unit who filed it.
        unit=(PROJECT_NAME.key, IMPLEMENTING_UNIT.key),
        key_amounts=(f"{FUNDS.key}.{ANNUAL_TOTAL.key}",),
        family=FAMILY,
        shared=SHARED,
    )
