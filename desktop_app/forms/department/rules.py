"""The arithmetic of 部门整体预算绩效目标申报表 (FORM.md) beyond "required and valid":

- 部门预算支出, 收入来源 and 按预算级次划分 are equal;
- 事业发展性支出 is part of 项目支出, so it cannot exceed it; nor can the tasks' amounts;
- an annual indicator value is not larger than the whole period's.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal

from ...core.amounts import amount_problem, format_amount
from ...core.problems import Problem
from ...core.spec import ERROR, Rules, StatusLine
from ..shared import annual_over_period
from . import declaration as D

BALANCED = (D.EXPENDITURE, D.INCOME, D.LEVEL_TOTAL)


def balance(totals):
    """The three totals' values, and the one that disagrees with the other two (None when they
    agree; the first when all three differ)."""
    values = {t: totals[t.key] for t in BALANCED}
    distinct = set(values.values())
    if len(distinct) == 1:
        return values, None
    odd = next((t for t in BALANCED if len(distinct) == 2 and sum(v == values[t] for v in values.values()) == 1),
               BALANCED[0])
    return values, odd


def _shown(values) -> str:
    return "，".join(f"{t.label} {format_amount(v)}" for t, v in values.items())


def _project(form) -> Decimal | None:
    value = form.budget.project_expenditure
    return value if isinstance(value, Decimal) else None


def totals_problems(form, totals) -> list[Problem]:
    out = []
    values, odd = balance(totals)
    if odd is not None:
        out.append(Problem(ERROR, odd.path, f"三个合计不相等：{_shown(values)}"))
    project = _project(form)
    if project is not None:
        if totals[D.DEVELOPMENT.key] > project:
            out.append(Problem(ERROR, D.DEVELOPMENT.parts[0],
                               f"{D.DEVELOPMENT.label}合计 {format_amount(totals[D.DEVELOPMENT.key])} "
                               f"超过{D.PROJECT.label} {format_amount(project)}"))
        if totals[D.TASK_SUM.key] > project:
            out.append(Problem(ERROR, D.TASKS.key,
                               f"各项任务拟投入的资金合计 {format_amount(totals[D.TASK_SUM.key])} "
                               f"超过{D.PROJECT.label} {format_amount(project)}"))
    return out


def value_problems(form, totals) -> Iterator[Problem | None]:
    # A None for a row without a problem: the window's check may pause after any row.
    return (annual_over_period(D.INDICATORS, D.PERIOD_VALUE, D.ANNUAL_VALUE, i, row)
            for i, row in enumerate(form.indicators))


def _invalid_parts(form) -> list[str]:
    """Labels of the amounts under the three totals that are not valid amounts (they count as
    0 in the totals, so the totals cannot be compared yet)."""
    return [form.spec.field_at(p).label for t in BALANCED for p in t.parts if amount_problem(form.get(p))]


def _signed(amount: Decimal) -> str:
    return ("+" if amount > 0 else "−") + format_amount(abs(amount))


def status(form, totals) -> list[StatusLine]:
    """The lines under the budget grid and the task table. When two totals agree only the third
    is marked, with its 差额 beside it; no verdict while an amount under them is invalid."""
    values, odd = balance(totals)
    invalid = _invalid_parts(form)
    if invalid:
        balance_line = StatusLine("balance", f"三个合计暂不核对：{'、'.join(invalid)}的金额填写有误，改正后再核对",
                                  ok=False)
    elif odd is None:
        balance_line = StatusLine("balance", f"✓ 三个合计相等：{_shown(values)}", ok=True)
    elif len(set(values.values())) == 2:
        others = [t for t in BALANCED if t is not odd]
        agreed = values[others[0]]
        difference = values[odd] - agreed
        balance_line = StatusLine(
            "balance",
            f"✗ 三个合计不相等：{odd.label} {format_amount(values[odd])}，"
            f"{others[0].label}、{others[1].label}均为 {format_amount(agreed)}，差额 {_signed(difference)}",
            ok=False, marks=(odd.key,), notes=((odd.key, f"差额 {_signed(difference)}"),))
    else:
        balance_line = StatusLine("balance", f"✗ 三个合计互不相等：{_shown(values)}", ok=False,
                                  marks=tuple(t.key for t in BALANCED))
    project = _project(form)
    project_text = format_amount(project) if project is not None else "未填写"
    return [
        balance_line,
        StatusLine("task_sum", f"{D.TASK_SUM.label} {format_amount(totals[D.TASK_SUM.key])}"
                               f"（{D.PROJECT.label} {project_text}）"),
    ]


RULES = Rules(totals=totals_problems, values=value_problems, status=status, lines=D.STATUS_LINES)
