"""What the declared forms share: the fixed 绩效指标 tree of FORM.md and the sign-off block.

The finance bureau reviews a department's 部门整体 form and its 项目支出 forms side by side, so
their indicators sit under the same 一级/二级 slots and are signed off alike; a change of
guidance is made here once for both.
"""

from __future__ import annotations

from ..core.fileerrors import quoted
from ..core.problems import Problem
from ..core.quantities import annual_exceeds_period
from ..core.spec import DATE, ERROR, LEVEL, WARNING, Field, Group, Level1, Level2, Table, Tree

# The fixed upper levels of 绩效指标, in print order; other wordings from older and newer
# guidance are accepted and kept as written.
INDICATOR_TREE = Tree(
    levels=(
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
    ),
    per_level1="「{level1}」下至少填写一项三级指标",
    unknown="「{level1} / {level2}」不是本表的一级、二级指标",
)



def indicator_table(*values: Field, class_name: str) -> Table:
    """The 绩效指标 table of a form: rows under INDICATOR_TREE, named at the third level, with
    the form's value columns (the targets' two values; a self-evaluation's target, actual and
    scores: their words and rules differ between the forms)."""
    return Table("indicators", "绩效指标", (
        Field("level1", "一级指标", LEVEL),
        Field("level2", "二级指标", LEVEL),
        Field("name", "三级指标", required=ERROR, missing="未填写三级指标名称"),
        *values,
    ), class_name=class_name, tree=INDICATOR_TREE, match_by=("level1", "level2", "name"))


# The printed copy needs all four (it is signed and stamped); short, so the block fits its page.
PREPARER = Field("preparer", "填报人", required=WARNING, max_chars=40)
PHONE = Field("phone", "联系电话", required=WARNING, max_chars=40)
HEAD = Field("head", "单位负责人", required=WARNING, max_chars=40)
DATE_FIELD = Field("date", "填报日期", DATE, required=WARNING, placeholder="例如 2026-01-15")
SIGNOFF = Group("signoff", "填报信息", (PREPARER, PHONE, HEAD, DATE_FIELD), in_json=False,
                keys_in_json=False, class_name="Signoff")


def annual_over_period(table: Table, period: Field, annual: Field, index: int, row) -> Problem | None:
    """A row's annual value larger than its whole period's (where the two are comparable)."""
    p, a = getattr(row, period.key), getattr(row, annual.key)
    if annual_exceeds_period(p, a):
        return Problem(WARNING, f"{table.key}[{index}].{annual.key}",
                       f"{annual.label} {quoted(a)} 大于{period.label} {quoted(p)}")
    return None
