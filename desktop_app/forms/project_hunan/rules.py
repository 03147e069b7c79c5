"""The rules of 项目绩效目标表（湖南式） beyond the engine's: each total equal to its parts is
declared (``computed_from``, 总额 and 财政拨款); the central form's rule on an unreadable 项目期 is
reused as it is; here only what this edition adds:

- a schedule row's 完成时间 is not before its 开始时间 (years, or ``YYYY-MM`` / ``YYYY-MM-DD``);
- 指标值 is required on every indicator row (长期 and 年度) that names its 指标内容.
"""

from __future__ import annotations


from ...core.fileerrors import quoted
from ...core.problems import Problem
from ...core.ruleset import sum_line
from ...core.spec import ERROR, Rules, StatusLine
from ..project.rules import unreadable_period
from . import declaration as D
from ...core.lazyre import lazy

_TO_ASCII = str.maketrans("０１２３４５６７８９－．／", "0123456789-./")
_WHEN = lazy(r"^\s*(\d{4})(?:\s*[-./年]\s*(\d{1,2})(?:\s*[-./月]\s*(\d{1,2}))?)?\s*[月日]?\s*$")


def when(text: str) -> tuple[int, int, int] | None:
    """A schedule time as (year, month, day), month and day 0 where not given; None if unread."""
    m = _WHEN.match((text or "").translate(_TO_ASCII))
    if m is None:
        return None
    return int(m.group(1)), int(m.group(2) or 0), int(m.group(3) or 0)


def _schedule(form) -> list[Problem]:
    out = []
    for i, row in enumerate(form.schedule):
        start, end = when(row.start), when(row.end)
        if start is None or end is None:
            continue
        # Compared as far as both are given: 2021 ends no earlier than 2021-03.
        depth = min(sum(1 for x in start if x), sum(1 for x in end if x))
        if end[:depth] < start[:depth]:
            out.append(Problem(ERROR, f"{D.SCHEDULE.key}[{i}].end",
                               f"完成时间「{quoted(row.end)}」早于开始时间「{quoted(row.start)}」"))
    return out


def _values(form) -> list[Problem]:
    out = []
    for table in (D.LONG_TERM, D.ANNUAL):
        for i, row in enumerate(form.rows(table.key)):
            if (row.name or "").strip() and not (row.value or "").strip():
                out.append(Problem(ERROR, f"{table.key}[{i}].value", f"「{quoted(row.name, 30)}」未填写指标值"))
    return out


def value_problems(form, totals) -> list[Problem]:
    return unreadable_period(form) + _schedule(form) + _values(form)


def status(form, totals) -> list[StatusLine]:
    return [sum_line(form, f"{D.FUNDS.key}.{D.TOTAL.key}"), sum_line(form, f"{D.FUNDS.key}.{D.FISCAL.key}")]


RULES = Rules(values=value_problems, status=status)
