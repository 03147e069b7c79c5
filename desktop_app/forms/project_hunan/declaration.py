"""项目绩效目标表（湖南式） (PROJECT-FORM-HUNAN.md): the regional edition of the project form used
around 长沙, declared as the central form (``forms/project``) plus what differs — nested fund
parts, 项目立项情况, a 项目实施进度计划 table, 长期 and 年度 indicator tables on its own tree, and
its own printed grid and tabs. It is a member of the project family: the summary, the check
against the department's 项目支出, next year's draft and the self-evaluation treat it as one."""

from __future__ import annotations

from ...core.editions import Add, Remove, Replace, edition
from ...core.spec import (
    AMOUNT,
    AUTO,
    BOXES,
    CENTER,
    ERROR,
    LEFT,
    LEVEL,
    LONG_TEXT,
    RIGHT,
    Cell,
    CellRow,
    Field,
    Fields,
    FormSpec,
    Group,
    Header,
    Level1,
    Level2,
    LongText,
    Page,
    PrintLayout,
    PrintSection,
    Rows,
    Rules,
    Table,
    TableColumns,
    Tree,
)
from ..project import FORM as BASE
from ..project import declaration as base
from ..shared import SIGNOFF

FORMAT_ID = "project-performance-target-hunan/1"
TITLE = "项目绩效目标表"

ATTRIBUTE = Field("project_attribute", "项目属性", BOXES, choices=("新增项目", "延续项目"), max_chars=100,
                  placeholder="新增项目或延续项目")
DEPARTMENT_CODE = Field("department_code", "主管部门编码", max_chars=100)
PROJECT_UNIT = Field("project_unit", "项目单位", required=ERROR)
LEADER = Field("project_leader", "项目负责人", max_chars=40)
PHONE = Field("phone", "联系电话", max_chars=40)
PERIOD = Field("project_period", "项目起止时间", max_chars=100, placeholder="例如 2021年度、2021-2023年")

TOTAL_HINT = "留空则按各项之和计算"
FISCAL_UPPER = Field("fiscal_upper", "上级财政资金", AMOUNT, placeholder="0.00")
FISCAL_LOCAL = Field("fiscal_local", "本级财政", AMOUNT, placeholder="0.00")
FISCAL = Field("fiscal", "财政拨款", AMOUNT, placeholder=TOTAL_HINT,
               computed_from=("funds.fiscal_upper", "funds.fiscal_local"))
OWN = Field("own", "自有资金", AMOUNT, placeholder="0.00")
OTHER = Field("other", "其他", AMOUNT, placeholder="0.00")
TOTAL = Field("total", "总额", AMOUNT, required=ERROR, placeholder=TOTAL_HINT,
              computed_from=("funds.fiscal", "funds.own", "funds.other"),
              missing="未填写资金总额（或其中的财政拨款、自有资金、其他）")
FUNDS = Group("funds", "资金总额及构成（万元）", (TOTAL, FISCAL, FISCAL_UPPER, FISCAL_LOCAL, OWN, OTHER),
              class_name="HunanFunds")

OVERVIEW = Field("overview", "项目概况", LONG_TEXT)
BASIS = Field("basis", "项目立项的依据", LONG_TEXT)
FEASIBILITY = Field("feasibility", "项目申报的可行性", LONG_TEXT)
NECESSITY = Field("necessity", "项目申报的必要性", LONG_TEXT)
SCHEDULE = Table("schedule", "项目实施进度计划", (
    Field("content", "项目实施内容", required=ERROR, missing="未填写项目实施内容"),
    Field("start", "开始时间", max_chars=40, placeholder="2021 或 2021-03"),
    Field("end", "完成时间", max_chars=40, placeholder="2021 或 2021-12"),
), class_name="ScheduleRow", match_by=("content",))

LONG_TERM_GOAL = Field("long_term_goal", "长期目标", LONG_TEXT)
ANNUAL_GOAL = base.ANNUAL_GOAL

# Satisfaction is a 二级指标 under 效益 here; there is no third 一级指标.
_LEVELS = (
    Level1("产出指标", (Level2("数量指标"), Level2("质量指标"), Level2("时效指标"), Level2("成本指标"))),
    Level1("效益指标", (Level2("经济效益指标"), Level2("社会效益指标"), Level2("生态效益指标"),
                    Level2("可持续影响指标"), Level2("社会公众或服务对象满意度指标"))),
)
LONG_TERM_TREE = Tree(_LEVELS, unknown="「{level1} / {level2}」不是本表的一级、二级指标")
ANNUAL_TREE = Tree(_LEVELS, per_level1="「{level1}」下至少填写一项年度绩效指标",
                   unknown="「{level1} / {level2}」不是本表的一级、二级指标")


def _indicators(key: str, label: str, tree: Tree, class_name: str) -> Table:
    # 指标值 is required on a row that names its 指标内容 (rules.py).
    return Table(key, label, (
        Field("level1", "一级指标", LEVEL), Field("level2", "二级指标", LEVEL),
        Field("name", "指标内容"), Field("value", "指标值"), Field("note", "备注", max_chars=200),
    ), class_name=class_name, tree=tree, match_by=("level1", "level2", "name"))


LONG_TERM = _indicators("long_term_indicators", "长期绩效指标", LONG_TERM_TREE, "LongTermIndicator")
ANNUAL = _indicators("annual_indicators", "年度绩效指标", ANNUAL_TREE, "AnnualIndicator")


def _pair(label: str, field: Field, right_label: str, right: Field) -> PrintSection:
    return PrintSection(label, (CellRow((Cell(1, 3, field=field.key), Cell(4, 1, right_label, align=CENTER),
                                         Cell(5, 2, field=right.key))),))


def _fund(text: str, field: Field, unit: str = "万元") -> tuple[Cell, ...]:
    return (Cell(1, 2, text), Cell(3, 2, field=f"{FUNDS.key}.{field.key}", align=RIGHT), Cell(5, 2, unit))


def _texts(label: str, field: Field) -> CellRow:
    return CellRow((Cell(1, 2, label, align=CENTER), Cell(3, 4, field=field.key)))


def _indicator_section(table: Table) -> PrintSection:
    return PrintSection(table.label, TableColumns(table.key, (("name", 3, 2, LEFT), ("value", 5, 1, AUTO),
                                                               ("note", 6, 1, LEFT)), level_cols=(1, 2)), repeat=1)


# Seven columns, as the central form's: A the section labels, B..G the content.
PRINT = PrintLayout(
    column_widths=(72.0, 54.0, 72.0, 95.0, 72.0, 72.0, 78.0),
    header=Header(year=base.YEAR_FIELD.key, year_style="subtitle", unit_label="填报单位（盖章）", unit=PROJECT_UNIT.key),
    sections=(
        _pair(base.PROJECT_NAME.label, base.PROJECT_NAME, ATTRIBUTE.label, ATTRIBUTE),
        _pair(base.DEPARTMENT.label, base.DEPARTMENT, DEPARTMENT_CODE.label, DEPARTMENT_CODE),
        _pair(PROJECT_UNIT.label, PROJECT_UNIT, LEADER.label, LEADER),
        _pair(PHONE.label, PHONE, PERIOD.label, PERIOD),
        PrintSection("资金总额及构成", (
            CellRow(_fund(TOTAL.label, TOTAL)),
            CellRow(_fund(f"一、{FISCAL.label}", FISCAL)),
            CellRow((Cell(1, 2, f"其中：{FISCAL_UPPER.label}"), Cell(3, 1, field=f"{FUNDS.key}.{FISCAL_UPPER.key}",
                                                                  align=RIGHT),
                     Cell(4, 1, FISCAL_LOCAL.label, align=CENTER),
                     Cell(5, 2, field=f"{FUNDS.key}.{FISCAL_LOCAL.key}", align=RIGHT))),
            CellRow(_fund(f"二、{OWN.label}", OWN)),
            CellRow(_fund(f"三、{OTHER.label}", OTHER)),
        ), keep_together=True),
        PrintSection(OVERVIEW.label, (CellRow((Cell(1, 6, field=OVERVIEW.key),)),)),
        PrintSection("项目立项情况", (_texts(BASIS.label, BASIS), _texts(FEASIBILITY.label, FEASIBILITY),
                                   _texts(NECESSITY.label, NECESSITY))),
        PrintSection(SCHEDULE.label, TableColumns(SCHEDULE.key, (("content", 1, 4, LEFT), ("start", 5, 1, CENTER),
                                                                 ("end", 6, 1, CENTER))), repeat=1),
        PrintSection("项目绩效目标", (
            CellRow((Cell(1, 3, LONG_TERM_GOAL.label, align=CENTER), Cell(4, 3, ANNUAL_GOAL.label, align=CENTER)),
                    heading=True),
            CellRow((Cell(1, 3, field=LONG_TERM_GOAL.key), Cell(4, 3, field=ANNUAL_GOAL.key))),
        ), repeat=1),
        _indicator_section(LONG_TERM),
        _indicator_section(ANNUAL),
    ),
    signature=base.PRINT.signature,
)

PAGES = (
    Page("项目基本信息", (Fields((base.YEAR_FIELD.key, base.PROJECT_NAME.key, ATTRIBUTE.key, base.DEPARTMENT.key,
                                DEPARTMENT_CODE.key, PROJECT_UNIT.key, LEADER.key, PHONE.key, PERIOD.key)),)),
    Page("资金总额及构成", (Fields(tuple(f"{FUNDS.key}.{f.key}" for f in FUNDS.fields)),)),
    Page("项目概况及立项", (LongText(OVERVIEW.key), LongText(BASIS.key), LongText(FEASIBILITY.key),
                       LongText(NECESSITY.key))),
    Page(SCHEDULE.label, (Rows(SCHEDULE.key),)),
    Page("项目绩效目标", (LongText(LONG_TERM_GOAL.key), LongText(ANNUAL_GOAL.key))),
    Page(LONG_TERM.label, (Rows(LONG_TERM.key),)),
    Page(ANNUAL.label, (Rows(ANNUAL.key),)),
    Page(SIGNOFF.label, (Fields(tuple(f"{SIGNOFF.key}.{f.key}" for f in SIGNOFF.fields)),)),
)

CHANGES = (
    Remove(base.ATTRIBUTE.key), Add(ATTRIBUTE, after=base.PROJECT_NAME.key),
    Replace(base.DEPARTMENT_CODE.key, DEPARTMENT_CODE),
    Replace(base.IMPLEMENTING_UNIT.key, PROJECT_UNIT),
    Add(LEADER, after=PROJECT_UNIT.key), Add(PHONE, after=LEADER.key),
    Replace(base.PERIOD.key, PERIOD),
    Replace(base.FUNDS.key, FUNDS),
    Add(OVERVIEW, after=FUNDS.key), Add(BASIS, after=OVERVIEW.key), Add(FEASIBILITY, after=BASIS.key),
    Add(NECESSITY, after=FEASIBILITY.key), Add(SCHEDULE, after=NECESSITY.key),
    Replace(base.PERIOD_GOAL.key, LONG_TERM_GOAL),
    Replace(base.INDICATORS.key, LONG_TERM), Add(ANNUAL, after=LONG_TERM.key),
)

# The family's roles: its 年度资金总额 is 总额, its 年度指标 the 年度绩效指标.
SHARED = dict(base.SHARED) | {
    "unit": PROJECT_UNIT.key, "annual_total": f"{FUNDS.key}.{TOTAL.key}", "annual_targets": ANNUAL.key,
    "target_name": f"{ANNUAL.key}.name", "target_value": f"{ANNUAL.key}.value"}


def form_spec(rules: Rules) -> FormSpec:
    return edition(BASE, format_id=FORMAT_ID, title=TITLE, changes=CHANGES, rules=rules,
                   print_layout=PRINT, pages=PAGES, sample="project-form-hunan.json",
                   schema_file="project-form-hunan.schema.json", class_name="HunanProjectForm",
                   shared=tuple(SHARED.items()), key_amounts=(f"{FUNDS.key}.{TOTAL.key}",))
