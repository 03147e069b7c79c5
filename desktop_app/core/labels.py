"""Every word of the paper form, defined once.

The GUI, the PDF and the checks read their labels from here; a new edition of the form is
followed by editing this module (and the Designer files in ``ui/`` for the window's layout).
"""

from __future__ import annotations

from dataclasses import dataclass

FORM_TITLE = "部门整体预算绩效目标申报表"

# Section labels, column A of the printed grid, in print order.
SECTION_DEPARTMENT = "部门名称"
SECTION_BUDGET = "预算整体情况"
SECTION_OVERALL_GOAL = "总体绩效目标"
SECTION_TASKS = "年度重点工作任务"
SECTION_OTHER_TASKS = "其他需完成的任务（可选填）"
SECTION_INDICATORS = "绩效指标"

YEAR = "年度"
UNIT_SEAL = "填报单位（盖章）"
AMOUNT_HEADING = "预算金额（万元）"

# The four budget groups: (heading, (field, field)). The heading is also the name of the total.
BUDGET_GROUPS: tuple[tuple[str, tuple[str, str]], ...] = (
    ("部门预算支出", ("basic_expenditure", "project_expenditure")),
    ("收入来源", ("fiscal_appropriation", "other_funds")),
    ("事业发展性支出", ("special_funds", "other_development")),
    ("按预算级次划分", ("district_level", "transfer_to_lower")),
)
EXPENDITURE_TOTAL, INCOME_TOTAL, DEVELOPMENT_TOTAL, LEVEL_TOTAL = (g[0] for g in BUDGET_GROUPS)

BUDGET_FIELD_LABELS: dict[str, str] = {
    "basic_expenditure": "基本支出",
    "project_expenditure": "项目支出",
    "fiscal_appropriation": "财政拨款",
    "other_funds": "其他资金",
    "special_funds": "财政专项资金",
    "other_development": "其他事业发展性支出",
    "district_level": "区本级使用资金",
    "transfer_to_lower": "拟用于对下转移支付资金",
}
BUDGET_FIELDS: tuple[str, ...] = tuple(BUDGET_FIELD_LABELS)

TASK_COLUMNS: dict[str, str] = {
    "name": "名称",
    "content": "主要实施内容",
    "amount": "拟投入的资金（万元）",
    "goal": "期望达到的目标（概述）",
}
TASK_AMOUNT_SUM = "年度重点工作任务资金合计"

INDICATOR_COLUMNS: dict[str, str] = {
    "level1": "一级指标",
    "level2": "二级指标",
    "name": "三级指标",
    "period_value": "实施周期指标值",
    "annual_value": "年度指标值",
}

SIGNOFF_LABELS: dict[str, str] = {
    "preparer": "填报人",
    "phone": "联系电话",
    "head": "单位负责人",
    "date": "填报日期",
}
SIGNOFF_HEAD_SIGNATURE = "单位负责人（签字）"
SEAL = "（单位盖章）"
DRAFT_MARK = "草稿"


@dataclass(frozen=True)
class Level2:
    name: str
    # Other wordings of the same slot found in older or newer guidance; kept as written.
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


@dataclass(frozen=True)
class Level1:
    name: str
    children: tuple[Level2, ...]


# The fixed upper levels of 绩效指标, in print order (FORM.md).
INDICATOR_TREE: tuple[Level1, ...] = (
    Level1("产出指标", (
        Level2("数量指标"),
        Level2("质量指标"),
        Level2("时效指标"),
        Level2("成本指标", ("经济成本指标", "社会成本指标", "生态环境成本指标")),
    )),
    Level1("效益指标", (
        Level2("经济效益指标"),
        Level2("社会效益指标"),
        Level2("生态效益指标", ("环境效益指标",)),
        Level2("可持续影响指标"),
    )),
    Level1("满意度指标", (
        Level2("服务对象满意度指标"),
    )),
)
LEVEL1_NAMES: tuple[str, ...] = tuple(l1.name for l1 in INDICATOR_TREE)


def find_level2(level1: str, level2: str) -> Level2 | None:
    """The fixed slot that ``level2`` (any accepted wording) names under ``level1``."""
    for l1 in INDICATOR_TREE:
        if l1.name == level1:
            for l2 in l1.children:
                if level2 in l2.names:
                    return l2
    return None


def field_label(path: str) -> str:
    """The Chinese label of an interchange path such as ``budget.basic_expenditure`` or
    ``tasks[2].amount``, as a clerk would name the field."""
    head, _, rest = path.partition(".")
    if head == "budget":
        return BUDGET_FIELD_LABELS.get(rest, SECTION_BUDGET)
    if head == "signoff":
        return SIGNOFF_LABELS.get(rest, "填报信息")
    if head.startswith("tasks["):
        row = int(head[6:-1]) + 1
        return f"{SECTION_TASKS}第{row}行" + (f"「{TASK_COLUMNS[rest]}」" if rest in TASK_COLUMNS else "")
    if head.startswith("indicators["):
        row = int(head[11:-1]) + 1
        return f"{SECTION_INDICATORS}第{row}行" + (f"「{INDICATOR_COLUMNS[rest]}」" if rest in INDICATOR_COLUMNS else "")
    return {
        "department": SECTION_DEPARTMENT,
        "year": YEAR,
        "overall_goal": SECTION_OVERALL_GOAL,
        "tasks": SECTION_TASKS,
        "other_tasks": SECTION_OTHER_TASKS,
        "indicators": SECTION_INDICATORS,
        "signoff": "填报信息",
    }.get(head, path)
