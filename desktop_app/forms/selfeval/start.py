"""A self-evaluation started from its project's approved targets (SELF-EVAL.md, *Starting from
the target*): the one place where a new 项目支出绩效自评表 is made from a target form.

项目名称, 主管部门, 实施单位 and the year are copied; 年初预算数 of each fund row is the target's
年度 amount of that row; 预期目标 is the 年度目标; every 三级指标 is copied with its 一级/二级 place
and its 年度指标值, and each 一级指标's weight is spread evenly over its rows (two places, the
remainder on the last). Everything the year-end adds is left empty. The target is only read.

Which target forms can start one, and where each keeps what is copied, is ``SOURCES``: the
central project form and its 湖南式 edition (whose satisfaction indicators sit under 效益指标,
and whose 自有资金 counts with 其他资金).
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

from ...core.errors import FormError
from ...core.fileerrors import quoted
from ...core.kinds import KindError
from ...core.record import Record
from ...core.spec import AMOUNT
from . import declaration as D


class Source(Record):
    """Where a target form keeps what a self-evaluation copies: interchange keys (``a.b`` for
    a key inside an object)."""
    name: str
    department: str
    unit: str
    goal: str
    funds: tuple[tuple[str, tuple[str, ...]], ...]  # (self-evaluation fund row, keys summed into it)
    indicators: str                                   # the table of 年度 indicators
    indicator_name: str
    indicator_value: str
    # (一级, 二级) of the target's tree -> the self-evaluation's, where they differ
    slots: tuple[tuple[tuple[str, str], tuple[str, str]], ...] = ()


SOURCES = {
    "project-performance-target/1": Source(
        name="project_name", department="department", unit="implementing_unit", goal="annual_goal",
        funds=(("total", ("funds.annual_total",)), ("fiscal", ("funds.annual_fiscal",)),
               ("other", ("funds.annual_other",))),
        indicators="indicators", indicator_name="name", indicator_value="annual_value"),
    "project-performance-target-hunan/1": Source(
        name="project_name", department="department", unit="project_unit", goal="annual_goal",
        funds=(("total", ("funds.total",)), ("fiscal", ("funds.fiscal",)), ("other", ("funds.own", "funds.other"))),
        indicators="annual_indicators", indicator_name="name", indicator_value="value",
        slots=((("效益指标", "社会公众或服务对象满意度指标"), ("满意度指标", "服务对象满意度指标")),)),
}


def _at(data: dict, key: str):
    for part in key.split("."):
        data = data.get(part) if isinstance(data, dict) else None
    return data


def _amount(data: dict, keys: tuple[str, ...]) -> Decimal | None:
    """The sum of the amounts at ``keys`` (None when all are empty)."""
    found = []
    for key in keys:
        value = _at(data, key)
        try:
            found.append(AMOUNT.parse(value))
        except KindError:
            raise FormError(f"申报表的「{quoted(key, 40)}」不是有效的金额，请先改正") from None
    numbers = [v for v in found if v is not None]
    return sum(numbers, Decimal(0)) if numbers else None


def spread(weight: Decimal, rows: int) -> list[Decimal]:
    """``weight`` over ``rows`` rows: two places each, the remainder on the last row."""
    if rows <= 0:
        return []
    each = (weight / rows).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return [each] * (rows - 1) + [weight - each * (rows - 1)]


def self_evaluation_from(data: dict):
    """A new self-evaluation from a target form's interchange content (``jsonio.to_dict``)."""
    from . import MODEL

    source = SOURCES.get(data.get("format"))
    if source is None:
        raise FormError("只能从项目支出绩效目标申报表生成绩效自评表")
    form = MODEL.new()
    form.year = data.get("year") if isinstance(data.get("year"), int) else None
    form.project_name = _at(data, source.name) or ""
    form.department = _at(data, source.department) or ""
    form.implementing_unit = _at(data, source.unit) or ""
    form.goal_expected = _at(data, source.goal) or ""
    for row, keys in source.funds:
        setattr(form.funds, D.fund_key(row, "initial"), _amount(data, keys))
    slots = dict(source.slots)
    k1, k2 = D.INDICATORS.tree.level_keys
    for item in _at(data, source.indicators) or ():
        level1, level2 = slots.get((item.get(k1), item.get(k2)), (item.get(k1), item.get(k2)))
        form.indicators.append(MODEL.row(D.INDICATORS.key, **{
            k1: level1, k2: level2, "name": item.get(source.indicator_name) or "",
            D.TARGET.key: item.get(source.indicator_value) or ""}))
    _weigh(form)
    return form


def _weigh(form) -> None:
    k1 = D.INDICATORS.tree.level_keys[0]
    for level1, weight in D.LEVEL1_WEIGHTS:
        rows = [r for r in form.indicators if getattr(r, k1) == level1]
        for row, share in zip(rows, spread(weight, len(rows))):
            row.weight = share


def what_was_carried(form) -> str:
    """What a new self-evaluation took from its target, and what is left to the clerk."""
    return (f"{len(form.indicators)} 项{D.INDICATORS.column('name').label}及其{D.TARGET.label}、"
            f"{D.COLUMN_NAMES['initial']}已从申报表带入，{D.WEIGHT.label}已按一级指标平均分配；"
            f"请填写{D.COLUMN_NAMES['budget'].split('（')[0]}、{D.COLUMN_NAMES['executed'].split('（')[0]}"
            f"和{D.ACTUAL.label}")


def self_evaluation_of(target):
    """A new self-evaluation of the target form ``target`` (which is left as it is)."""
    from ...core import jsonio

    return self_evaluation_from(jsonio.to_dict(target, lenient=True))
