"""What is wrong with a form, and what is left to fill in.

``check`` never refuses a form: a draft with errors is still a draft. Each problem names the
field by its interchange path so the window can take the clerk there.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from decimal import Decimal

from . import labels
from .amounts import MAX_DECIMALS, AmountError, decimals_of, format_amount, parse_amount
from .model import Form
from .totals import BALANCED_TOTALS, compute_totals

ERROR = "error"
WARNING = "warning"
SEVERITY_LABELS = {ERROR: "错误", WARNING: "提示"}


@dataclass(frozen=True)
class Problem:
    severity: str  # ERROR or WARNING
    path: str
    message: str

    def as_dict(self) -> dict:
        return asdict(self)

    def __str__(self) -> str:
        return f"{SEVERITY_LABELS[self.severity]}  {labels.field_label(self.path)}：{self.message}"


def check(form: Form) -> list[Problem]:
    problems: list[Problem] = []
    problems += _amounts(form)
    problems += _budget_arithmetic(form)
    problems += _required(form)
    problems += _indicator_values(form)
    problems += _signoff(form)
    problems += _printable(form)
    return problems


def has_errors(problems: list[Problem]) -> bool:
    return any(p.severity == ERROR for p in problems)


def amount_problem(value) -> str | None:
    """What is wrong with one amount slot's value, or None. Used by checks and inline by the window."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = parse_amount(value)
        except AmountError as err:
            return err.message
        if value is None:
            return None
    if value < 0:
        return "金额不能为负数"
    if decimals_of(value) > MAX_DECIMALS:
        return f"金额最多保留{MAX_DECIMALS}位小数"
    return None


def _amounts(form: Form) -> list[Problem]:
    out = []
    for name in labels.BUDGET_FIELDS:
        value = getattr(form.budget, name)
        path = f"budget.{name}"
        if value is None:
            out.append(Problem(ERROR, path, "未填写金额（没有请填 0）"))
        elif (msg := amount_problem(value)):
            out.append(Problem(ERROR, path, msg))
    for i, task in enumerate(form.tasks):
        path = f"tasks[{i}].amount"
        if task.amount is None:
            out.append(Problem(ERROR, path, "未填写拟投入的资金"))
        elif (msg := amount_problem(task.amount)):
            out.append(Problem(ERROR, path, msg))
    return out


def _budget_arithmetic(form: Form) -> list[Problem]:
    out = []
    totals = compute_totals(form)
    values = {h: totals[h] for h in BALANCED_TOTALS}
    if len(set(values.values())) > 1:
        # Blame the one total that disagrees with the other two; if all differ, the first.
        odd = next((h for h in BALANCED_TOTALS
                    if sum(v == values[h] for v in values.values()) == 1
                    and len(set(values.values())) == 2), BALANCED_TOTALS[0])
        first_field = dict(labels.BUDGET_GROUPS)[odd][0]
        shown = "，".join(f"{h} {format_amount(v)}" for h, v in values.items())
        out.append(Problem(ERROR, f"budget.{first_field}", f"三个合计不相等：{shown}"))
    project = totals.project_expenditure
    if project is not None:
        if totals.development > project:
            out.append(Problem(ERROR, "budget.special_funds",
                               f"{labels.DEVELOPMENT_TOTAL}合计 {format_amount(totals.development)} "
                               f"超过{labels.BUDGET_FIELD_LABELS['project_expenditure']} {format_amount(project)}"))
        if totals.task_sum > project:
            out.append(Problem(ERROR, "tasks",
                               f"各项任务拟投入的资金合计 {format_amount(totals.task_sum)} "
                               f"超过{labels.BUDGET_FIELD_LABELS['project_expenditure']} {format_amount(project)}"))
    return out


def _blank(text: str | None) -> bool:
    return not (text or "").strip()


def _required(form: Form) -> list[Problem]:
    out = []
    if _blank(form.department):
        out.append(Problem(ERROR, "department", "未填写部门名称"))
    if _blank(form.overall_goal):
        out.append(Problem(ERROR, "overall_goal", "未填写总体绩效目标"))
    if not form.tasks:
        out.append(Problem(ERROR, "tasks", "至少填写一项年度重点工作任务"))
    for i, task in enumerate(form.tasks):
        if _blank(task.name):
            out.append(Problem(ERROR, f"tasks[{i}].name", "未填写任务名称"))
        for col in ("content", "goal"):
            if _blank(getattr(task, col)):
                out.append(Problem(WARNING, f"tasks[{i}].{col}", f"未填写{labels.TASK_COLUMNS[col]}"))
    for l1 in labels.LEVEL1_NAMES:
        if not any(ind.level1 == l1 and not _blank(ind.name) for ind in form.indicators):
            out.append(Problem(ERROR, "indicators", f"「{l1}」下至少填写一项三级指标"))
    for i, ind in enumerate(form.indicators):
        if labels.find_level2(ind.level1, ind.level2) is None:
            out.append(Problem(ERROR, f"indicators[{i}].level2",
                               f"「{ind.level1} / {ind.level2}」不是本表的一级、二级指标"))
        if _blank(ind.name):
            out.append(Problem(ERROR, f"indicators[{i}].name", "未填写三级指标名称"))
        for col in ("period_value", "annual_value"):
            if _blank(getattr(ind, col)):
                out.append(Problem(ERROR, f"indicators[{i}].{col}", f"未填写{labels.INDICATOR_COLUMNS[col]}"))
    return out


# An indicator value such as ≥4500人, >6家/年, 100%: operator, number, unit.
_QUANTITY = re.compile(r"\s*(≥|≤|>=|<=|>|<|＞|＜|=|＝)?\s*(\d+(?:\.\d+)?)\s*(\S*)\s*")
_SAME_OPERATOR = {">=": "≥", "<=": "≤", "＞": ">", "＜": "<", "＝": "="}


def _quantity(text: str):
    m = _QUANTITY.fullmatch(text or "")
    if not m:
        return None
    op = m.group(1) or "="
    return _SAME_OPERATOR.get(op, op), Decimal(m.group(2)), m.group(3)


def _indicator_values(form: Form) -> list[Problem]:
    out = []
    for i, ind in enumerate(form.indicators):
        period, annual = _quantity(ind.period_value), _quantity(ind.annual_value)
        if period and annual and period[0] == annual[0] and period[2] == annual[2] \
                and period[0] not in ("≤", "<") and annual[1] > period[1]:
            out.append(Problem(WARNING, f"indicators[{i}].annual_value",
                               f"年度指标值 {ind.annual_value} 大于实施周期指标值 {ind.period_value}"))
    return out


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def _signoff(form: Form) -> list[Problem]:
    date = form.signoff.date.strip()
    if date and not _DATE.fullmatch(date):
        return [Problem(WARNING, "signoff.date", "填报日期请按 年-月-日 填写，例如 2026-01-15")]
    return []


def _text_fields(form: Form):
    """(path, text) of every field the clerk writes that is printed as text."""
    for name in ("department", "overall_goal", "other_tasks"):
        yield name, getattr(form, name)
    for i, task in enumerate(form.tasks):
        for col in ("name", "content", "goal"):
            yield f"tasks[{i}].{col}", getattr(task, col)
        if isinstance(task.amount, str):
            yield f"tasks[{i}].amount", task.amount
    for name in labels.BUDGET_FIELDS:
        value = getattr(form.budget, name)
        if isinstance(value, str):
            yield f"budget.{name}", value
    for i, ind in enumerate(form.indicators):
        for col in ("name", "period_value", "annual_value"):
            yield f"indicators[{i}].{col}", getattr(ind, col)
    for key in labels.SIGNOFF_LABELS:
        yield f"signoff.{key}", getattr(form.signoff, key)


def _printable(form: Form) -> list[Problem]:
    """Characters the bundled font cannot print (rare characters in names, such as 𠮷): the
    printed copy shows a stand-in, and the clerk is told which field and which characters."""
    from ..printing.coverage import STAND_IN, missing  # reads the font's cmap once, no reportlab

    out = []
    for path, text in _text_fields(form):
        chars = missing(text)
        if chars:
            out.append(Problem(WARNING, path, f"打印字体缺少「{'」「'.join(chars)}」"
                                              f"，打印稿上以 {STAND_IN} 代替，请打印后手写补全"))
    return out
