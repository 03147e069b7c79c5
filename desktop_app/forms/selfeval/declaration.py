"""项目支出绩效自评表 (SELF-EVAL.md): the whole form as data, one per project and year.

The layout most provinces use (财预〔2020〕10号): the funds with their 执行率, the goal expected
and achieved, and each 三级指标 of the approved targets with what was achieved, its 分值, its
得分 and, where it falls short, why. The weights of the 一级指标 and of the 执行率 and the grade
thresholds are declared here, so an edition may change them; the scoring is ``rules.py``.
The structured 指标性质 / 指标值 / 度量单位 cells some provinces print hold how a 年度指标值 is
read when the clerk states it; left empty, the window shows the program's reading in them.
"""

from __future__ import annotations

from decimal import Decimal

from ...core import scoring
from ...core.amounts import format_amount
from ...core.indicator_values import NATURES
from ...core.spec import (
    AMOUNT,
    AUTO,
    CENTER,
    CHOICE,
    ERROR,
    FIGURE_RATE,
    FIGURE_SCORE,
    FIGURE_TEXT,
    LEFT,
    LONG_TEXT,
    RIGHT,
    SCORE,
    WARNING,
    YEAR,
    Agrees,
    Cell,
    CellRow,
    Field,
    Fields,
    FormSpec,
    Group,
    Header,
    LongText,
    Page,
    PrintLayout,
    PrintSection,
    Rows,
    Signature,
    TableColumns,
)
from ..shared import INDICATOR_TREE, SIGNOFF, indicator_table

FORMAT_ID = "project-self-evaluation/1"
TITLE = "项目支出绩效自评表"

YEAR_FIELD = Field("year", "年度", YEAR, required=WARNING, in_json=False, placeholder="例如 2022")
PROJECT_NAME = Field("project_name", "项目名称", required=ERROR)
DEPARTMENT = Field("department", "主管部门", required=ERROR)
IMPLEMENTING_UNIT = Field("implementing_unit", "实施单位", required=ERROR)

# -- 项目资金: four rows of three amounts, nested in JSON as funds.<row>.<column> -------------------

ROWS = (("total", "年度资金总额"), ("fiscal", "其中：当年财政拨款"), ("carryover", "上年结转资金"),
        ("other", "其他资金"))
COLUMNS = (("initial", "年初预算数"), ("budget", "全年预算数（A）"), ("executed", "全年执行数（B）"))
PARTS = tuple(row for row, _ in ROWS[1:])
ROW_NAMES = dict(ROWS)
COLUMN_NAMES = dict(COLUMNS)


def fund_key(row: str, column: str) -> str:
    return f"{row}_{column}"


def fund_path(row: str, column: str) -> str:
    return f"{FUNDS_KEY}.{fund_key(row, column)}"


FUNDS_KEY = "funds"


def _fund(row: str, column: str) -> Field:
    label = f"{ROW_NAMES[row].removeprefix('其中：')}（{COLUMN_NAMES[column].split('（')[0]}）"
    if row != "total":
        return Field(fund_key(row, column), label, AMOUNT, placeholder="0.00", json_at=(row, column))
    # 执行率 is 全年执行数 over 全年预算数 of this row: both are required for it.
    required = ERROR if column != "initial" else None
    missing = f"未填写{label}，无法计算执行率" if required else ""
    return Field(fund_key(row, column), label, AMOUNT, required=required, missing=missing,
                 placeholder="留空则按各项之和计算",
                 computed_from=tuple(fund_path(p, column) for p in PARTS), json_at=(row, column))


FUNDS = Group(FUNDS_KEY, "项目资金（万元）", tuple(_fund(row, column) for row, _ in ROWS for column, _ in COLUMNS),
              class_name="SelfEvalFunds")
BUDGET_PATH = fund_path("total", "budget")
BUDGET = FUNDS.field(fund_key("total", "budget"))
EXECUTED = FUNDS.field(fund_key("total", "executed"))
INITIAL = FUNDS.field(fund_key("total", "initial"))

EXECUTION_SCORE = Field("execution_score", "执行率得分", SCORE, placeholder="留空则按执行率计算")
GOAL_EXPECTED = Field("goal_expected", "预期目标", LONG_TEXT, required=ERROR)
GOAL_ACHIEVED = Field("goal_achieved", "实际完成情况", LONG_TEXT, required=ERROR)

# -- 绩效指标 ---------------------------------------------------------------------------------------

TARGET = Field("target", "年度指标值", required=ERROR)
NATURE = Field("nature", "指标性质", CHOICE, choices=NATURES, max_chars=100, in_json=False)
TARGET_NUMBER = Field("target_number", "指标值", max_chars=100, in_json=False)
UNIT = Field("unit", "度量单位", max_chars=100, in_json=False)
OUTCOME = Field("outcome", "完成情况", CHOICE, choices=tuple(scoring.OUTCOMES), max_chars=100, in_json=False,
                placeholder="定性指标选择")
ACTUAL = Field("actual", "实际完成值")
WEIGHT = Field("weight", "分值", SCORE, required=ERROR)
SCORE_FIELD = Field("score", "得分", SCORE, placeholder="留空则按建议得分")
DEVIATION = Field("deviation", "偏差原因分析及改进措施", LONG_TEXT)
INDICATORS = indicator_table(TARGET, NATURE, TARGET_NUMBER, UNIT, OUTCOME, ACTUAL, WEIGHT, SCORE_FIELD, DEVIATION,
                             class_name="SelfEvalIndicator")

# -- weights and grades (declared: an edition may change them) ---------------------------------------

EXECUTION_WEIGHT = Decimal(10)
LEVEL1_WEIGHTS = tuple(zip(INDICATOR_TREE.level1_names, (Decimal(50), Decimal(30), Decimal(10))))
FULL_MARKS = EXECUTION_WEIGHT + sum(w for _, w in LEVEL1_WEIGHTS)
GRADES = ((Decimal(90), "优"), (Decimal(80), "良"), (Decimal(60), "中"))
LOWEST_GRADE = "差"

# What the rules compute and the printed copy shows (``Rules.derived``) besides the suggested
# 得分 of each row and the 执行率 得分; a reviewer's summary lists them too (``Rules.figures``).
RATE, SCORE_TOTAL, GRADE = "execution_rate", "score_total", "grade"
FIGURES = ((SCORE_TOTAL, "总分", FIGURE_SCORE), (GRADE, "自评等级", FIGURE_TEXT), (RATE, "执行率", FIGURE_RATE))

# A self-evaluation is made from its project's approved targets: a reviewer holding both is told
# when its 年初预算数 is not the target's 年度资金总额 (the roles of the project forms' family).
AGREES = Agrees(
    family="project-performance-target",
    match=((PROJECT_NAME.key, "project_name"), (IMPLEMENTING_UNIT.key, "unit"), (YEAR_FIELD.key, "year")),
    amount=fund_path("total", "initial"), other="annual_total",
    message=f"{INITIAL.label} {{here}} 万元与绩效目标申报表（{{file}}）中的年度资金总额 {{there}} 万元不一致",
)

# -- the printed copy ----------------------------------------------------------------------------

DASH = "—"


def _fund_row(row: str) -> CellRow:
    amounts = tuple(Cell(3 + i, 1, field=fund_path(row, column), align=RIGHT) for i, (column, _) in enumerate(COLUMNS))
    scored: tuple[Cell, ...]
    if row == "total":
        scored = (Cell(6, 1, format_amount(EXECUTION_WEIGHT), align=RIGHT), Cell(7, 1, derived=RATE, align=RIGHT),
                  Cell(8, 1, field=EXECUTION_SCORE.key, align=RIGHT))
    else:
        scored = tuple(Cell(col, 1, DASH, align=CENTER) for col in (6, 7, 8))
    return CellRow((Cell(1, 2, ROW_NAMES[row], align=LEFT), *amounts, *scored))


# Nine columns: A the section labels; then 一级 · 二级 · 三级 · 年度指标值 · 实际完成值 · 分值 · 得分 ·
# 偏差原因. The funds line up under them: a row's name over 一级/二级, its three amounts under
# 三级..实际完成值, then 分值, 执行率 and 得分. Portrait: every heading fits in two lines.
PRINT = PrintLayout(
    column_widths=(44.0, 48.0, 58.0, 78.0, 56.0, 54.0, 38.0, 44.0, 95.0),
    header=Header(year=YEAR_FIELD.key, year_style="subtitle", unit_label="填报单位（盖章）",
                  unit=IMPLEMENTING_UNIT.key),
    sections=(
        PrintSection(PROJECT_NAME.label, (CellRow((Cell(1, 8, field=PROJECT_NAME.key),)),)),
        PrintSection(DEPARTMENT.label, (CellRow((
            Cell(1, 3, field=DEPARTMENT.key), Cell(4, 1, IMPLEMENTING_UNIT.label, align=CENTER),
            Cell(5, 4, field=IMPLEMENTING_UNIT.key))),)),
        PrintSection(FUNDS.label, (
            CellRow((Cell(1, 2, ""), *(Cell(3 + i, 1, text, align=CENTER) for i, (_, text) in enumerate(COLUMNS)),
                     Cell(6, 1, WEIGHT.label, align=CENTER), Cell(7, 1, "执行率（B/A）", align=CENTER),
                     Cell(8, 1, SCORE_FIELD.label, align=CENTER)), heading=True),
            *(_fund_row(row) for row, _ in ROWS)), keep_together=True),
        PrintSection("年度总体目标", (
            CellRow((Cell(1, 4, GOAL_EXPECTED.label, align=CENTER), Cell(5, 4, GOAL_ACHIEVED.label, align=CENTER)),
                    heading=True),
            CellRow((Cell(1, 4, field=GOAL_EXPECTED.key), Cell(5, 4, field=GOAL_ACHIEVED.key))),
        ), repeat=1),
        PrintSection(INDICATORS.label, TableColumns(INDICATORS.key, (
            ("name", 3, 1, LEFT), (TARGET.key, 4, 1, AUTO), (ACTUAL.key, 5, 1, AUTO), (WEIGHT.key, 6, 1, RIGHT),
            (SCORE_FIELD.key, 7, 1, RIGHT), (DEVIATION.key, 8, 1, LEFT)),
            level_cols=(1, 2), continued="（续）",
            level1_text=tuple((name, f"{name}（{weight}分）") for name, weight in LEVEL1_WEIGHTS)), repeat=1),
        PrintSection("总分", (CellRow((
            Cell(1, 5, "", align=CENTER), Cell(6, 1, f"{FULL_MARKS}", align=RIGHT),
            Cell(7, 1, derived=SCORE_TOTAL, align=RIGHT), Cell(8, 1, derived=GRADE, align=LEFT))),)),
    ),
    signature=Signature(line=("signoff.preparer", "signoff.phone", "signoff.date"), head="signoff.head",
                        head_label="单位负责人（签字）"),
)

PAGES = (
    Page("项目基本信息", (Fields((YEAR_FIELD.key, PROJECT_NAME.key, DEPARTMENT.key, IMPLEMENTING_UNIT.key)),)),
    Page("项目资金", (Fields((*(fund_path(row, column) for row, _ in ROWS for column, _ in COLUMNS),
                              EXECUTION_SCORE.key), status="execution"),)),
    Page("总体目标", (LongText(GOAL_EXPECTED.key), LongText(GOAL_ACHIEVED.key))),
    Page(INDICATORS.label, (Rows(INDICATORS.key, status="score"),)),
    Page(SIGNOFF.label, (Fields(tuple(f"{SIGNOFF.key}.{f.key}" for f in SIGNOFF.fields)),)),
)


def form_spec(rules) -> FormSpec:
    return FormSpec(
        format_id=FORMAT_ID,
        title=TITLE,
        short_title="绩效自评",
        members=(YEAR_FIELD, PROJECT_NAME, DEPARTMENT, IMPLEMENTING_UNIT, FUNDS, EXECUTION_SCORE, GOAL_EXPECTED,
                 GOAL_ACHIEVED, INDICATORS, SIGNOFF),
        totals=(),
        print_layout=PRINT,
        pages=PAGES,
        rules=rules,
        sample="self-eval-form.json",
        schema_file="self-eval-form.schema.json",
        class_name="SelfEvaluationForm",
        unit=(PROJECT_NAME.key, IMPLEMENTING_UNIT.key),
        key_amounts=(fund_path("total", "budget"), fund_path("total", "executed")),
        figures=FIGURES,
        agrees=(AGREES,),
    )
