"""A self-evaluation started from its project's approved targets (SELF-EVAL.md, *Starting from
the target*): the one place where a new 项目支出绩效自评表 is made from a target form.

项目名称, 主管部门, 实施单位 and the year are copied; 年初预算数 of the 年度资金总额 row is the
target's 年度资金总额, and of each part the target's 年度 amount of that part where the target
has such parts (``PARTS``); 预期目标 is the 年度目标; every 三级指标 is copied with its 一级/二级
place and its 年度指标值, and each 一级指标's weight is spread evenly over its rows (two places,
the remainder on the last). Everything the year-end adds is left empty. The target is only read.

Any member of the project forms' family can start one: it is read through the roles the family
declares (``FormSpec.path_of``), so an edition with other keys works as it is. Its fund parts
and its indicator tree are its own: ``PARTS`` and ``SLOTS`` say where they go here.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, Decimal

from ...core import identity
from ...core.errors import FormError
from ...core.lookup import tree_of
from ...core.totals import amount_at
from .. import Start
from . import declaration as D

# The roles of the target's family a self-evaluation reads.
ROLES = ("year", "project_name", "department", "unit", "annual_total", "annual_goal", "annual_targets",
         "target_name", "target_value")

# Fund parts of a target form (by format id, or the id of the form it is an edition of): the
# self-evaluation's row, and the target's amounts that add up into it.
PARTS = {
    # an edition that adds 上年结转资金 (funds.annual_carryover) gives that row too
    "project-performance-target/1": (("fiscal", ("funds.annual_fiscal",)), ("carryover", ("funds.annual_carryover",)),
                                     ("other", ("funds.annual_other",))),
    # 湖南式: 财政拨款; 自有资金 and 其他 are both money not from this year's budget appropriation
    "project-performance-target-hunan/1": (("fiscal", ("funds.fiscal",)), ("other", ("funds.own", "funds.other"))),
}
# (一级, 二级) of a target's tree that this form's tree holds elsewhere: the 湖南式 edition keeps
# satisfaction under 效益指标.
SLOTS = {("效益指标", "社会公众或服务对象满意度指标"): ("满意度指标", "服务对象满意度指标")}


def spread(weight: Decimal, rows: int) -> list[Decimal]:
    """``weight`` over ``rows`` rows: two places each, the remainder on the last row."""
    if rows <= 0:
        return []
    each = (weight / rows).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return [each] * (rows - 1) + [weight - each * (rows - 1)]


def can_start(spec) -> bool:
    """Whether a self-evaluation can start from a form of ``spec``: its family gives every role."""
    return set(ROLES) <= set(spec.kin.shares)


def _amount(form, paths) -> Decimal | None:
    """The sum of the amounts at ``paths`` (None when all are empty or not numbers)."""
    numbers = [v for v in (amount_at(form, p) for p in paths) if isinstance(v, Decimal)]
    return sum(numbers, Decimal(0)) if numbers else None


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def self_evaluation_of(target):
    """A new self-evaluation of the target form ``target`` (which is left as it is)."""
    from . import MODEL

    spec = target.spec
    if not can_start(spec):
        raise FormError(f"只能从项目的绩效目标申报表生成{D.TITLE}，这份是{spec.title}")
    role = spec.path_of
    form = MODEL.new()
    year = target.get(role("year"))
    # By path: the type checker sees a generated form's values only so
    form.set(D.YEAR_FIELD.key, year if isinstance(year, int) else None)
    form.set(D.PROJECT_NAME.key, _text(target.get(role("project_name"))))
    form.set(D.DEPARTMENT.key, _text(target.get(role("department"))))
    form.set(D.IMPLEMENTING_UNIT.key, _text(target.get(role("unit"))))
    form.set(D.GOAL_EXPECTED.key, _text(target.get(role("annual_goal"))))
    form.set(D.fund_path("total", "initial"), _amount(target, (role("annual_total"),)))
    for row, paths in PARTS.get(spec.format_id) or PARTS.get(spec.edition_of, ()):
        if all(spec.field_at(p) is not None for p in paths):
            form.set(D.fund_path(row, "initial"), _amount(target, paths))
    table = spec.member(role("annual_targets"))
    name, value = (role(r).partition(".")[2] for r in ("target_name", "target_value"))
    k1, k2 = table.tree.level_keys if table.tree else ("level1", "level2")
    mine1, mine2 = tree_of(D.INDICATORS).level_keys
    for item in target.rows(table.key):
        level1, level2 = SLOTS.get((getattr(item, k1), getattr(item, k2)), (getattr(item, k1), getattr(item, k2)))
        form.rows(D.INDICATORS.key).append(MODEL.row(D.INDICATORS.key, **{
            mine1: level1, mine2: level2, "name": _text(getattr(item, name)),
            D.TARGET.key: _text(getattr(item, value))}))
    _weigh(form)
    form.identity = identity.derived(target.identity)  # a new form, recording the target it came from
    return form


def _weigh(form) -> None:
    k1 = tree_of(D.INDICATORS).level_keys[0]
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


STARTS = (Start(D.TITLE, can_start, self_evaluation_of),)
