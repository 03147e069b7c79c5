"""The declared rule vocabulary (``core.ruleset``) on a small form: sums, differences, ratios,
a part not above its pair, required-if, weights adding up, bands; messages from the labels."""

from __future__ import annotations

from decimal import Decimal

from desktop_app.core import spec as S
from desktop_app.core.checks import check
from desktop_app.core.ruleset import (
    AnyFilled,
    Difference,
    NotAbove,
    Ratio,
    RequiredIf,
    Scaled,
    Sum,
    WeightsAddUp,
    Within,
    part_name,
    sum_line,
    value_at,
)
from desktop_app.core.totals import amount_at

from .minimal_form import model

FUNDS = S.Group("funds", "资金", (
    S.Field("budget", "全年预算数", S.AMOUNT), S.Field("executed", "全年执行数", S.AMOUNT),
    S.Field("left", "结余", S.AMOUNT), S.Field("rate", "执行率", S.PERCENTAGE),
    S.Field("weight", "执行率分值", S.SCORE), S.Field("score", "执行率得分", S.SCORE)))
ITEMS = S.Table("items", "指标", (S.Field("level1", "一级指标"), S.Field("name", "三级指标"),
                                 S.Field("weight", "分值", S.SCORE), S.Field("score", "得分", S.SCORE),
                                 S.Field("outcome", "完成情况"), S.Field("reason", "偏差原因")))
PERIOD = S.Field("period", "项目期")
GOAL = S.Field("goal", "中期目标")

RULES = (
    Difference("funds.left", "funds.budget", "funds.executed"),
    Ratio("funds.rate", "funds.executed", "funds.budget", times=Decimal(100)),
    Ratio("funds.score", "funds.executed", "funds.budget", times="funds.weight", cap="funds.weight",
          typed_may_differ=True, undefined=""),
    NotAbove("funds.executed", "funds.budget", severity=S.WARNING),
    NotAbove("items.score", "items.weight"),
    WeightsAddUp("items.weight", by="level1", figures=(("产出指标", Decimal(50)), ("效益指标", Decimal(30)))),
    Within("items.score", low=Scaled("items.weight", Decimal("0.6")), high=Scaled("items.weight", Decimal("0.8")),
           when=lambda v: v.raw("items.outcome") == "部分达成"),
    RequiredIf((GOAL.key, "items.reason"), when=(lambda form: "多年" if form.period == "3年" else None,
                                               AnyFilled(("funds.left",), "已填结余"))),
)
MODEL = model(fields=(PERIOD, GOAL), groups=(FUNDS,), tables=(ITEMS,), declared=RULES)


def _form(**funds):
    form = MODEL.new()
    for key, value in funds.items():
        setattr(form.funds, key, value)
    return form


def _row(level1, weight, score=None, outcome="", reason=""):
    return MODEL.row("items", level1=level1, name="x", weight=Decimal(weight),
                     score=None if score is None else Decimal(score), outcome=outcome, reason=reason)


def _messages(form):
    return [(p.severity, p.path, p.message) for p in check(form) if p.path not in ("year",)]


def test_a_ratio_left_empty_reads_as_computed_rounded_half_up_and_capped():
    form = _form(budget=Decimal("880"), executed=Decimal("877.6"), weight=Decimal(10))
    assert value_at(form, "funds.rate") == Decimal("99.73")
    assert amount_at(form, "funds.score") == Decimal("9.97")  # 9.9727… half up
    form.funds.executed = Decimal("900")
    assert value_at(form, "funds.score") == Decimal(10)       # never above its 分值
    assert value_at(form, "funds.left") == Decimal("-20.00")


def test_a_zero_budget_is_an_error_not_a_division():
    form = _form(budget=Decimal(0), executed=Decimal(5), weight=Decimal(10))
    assert value_at(form, "funds.rate") is None
    assert ("error", "funds.budget", "全年预算数为空或为零，无法计算执行率") in _messages(form)


def test_a_typed_derived_value_that_disagrees_is_an_error_unless_it_may_differ():
    form = _form(budget=Decimal(100), executed=Decimal(50), rate=Decimal(40), weight=Decimal(10), score=Decimal(3))
    found = _messages(form)
    assert ("error", "funds.rate", "执行率 40.00% 不等于全年执行数÷全年预算数 50.00%（清空执行率则按此计算）") in found
    assert not any(path == "funds.score" for _, path, _ in found)


def test_a_part_above_its_pair_row_by_row_and_as_a_warning():
    form = _form(budget=Decimal(100), executed=Decimal(120))
    form.items = [_row("产出指标", 50, 51), _row("效益指标", 30, 30)]
    found = _messages(form)
    assert ("warning", "funds.executed", "全年执行数 120.00 超过全年预算数 100.00") in found
    assert ("error", "items[0].score", "得分 51.00 超过分值 50.00") in found
    assert not any(path == "items[1].score" for _, path, _ in found)


def test_weights_add_up_per_group_and_a_group_without_rows_is_said():
    form = _form()
    form.items = [_row("产出指标", 20), _row("产出指标", 20)]
    found = _messages(form)
    assert ("error", "items", "「产出指标」下各分值之和 40.00 不等于 50.00") in found
    assert ("error", "items", "「效益指标」下各分值之和 0.00 不等于 30.00") in found
    form.items = [_row("产出指标", 25), _row("产出指标", 25), _row("效益指标", 30)]
    assert not any(path == "items" for _, path, _ in _messages(form))


def test_a_band_applies_only_where_its_condition_holds():
    form = _form()
    form.items = [_row("产出指标", 50, 45, outcome="部分达成"), _row("效益指标", 30, 10, outcome="")]
    found = _messages(form)
    assert ("error", "items[0].score", "得分 45.00 不在 30.00 至 40.00 之间") in found
    assert not any(path == "items[1].score" and "不在" in m for _, path, m in found)


def test_required_if_gives_the_first_reason_and_names_each_cell():
    form = _form()
    form.items = [_row("产出指标", 50, reason="已说明"), _row("效益指标", 30)]
    assert not any("须填写" in m for _, _, m in _messages(form))
    form.period = "3年"
    found = [m for m in _messages(form) if "须填写" in m[2]]
    assert found == [("error", "goal", "多年，须填写中期目标"), ("error", "items[1].reason", "多年，须填写偏差原因")]
    form.period, form.funds.left = "", Decimal(1)
    assert ("error", "goal", "已填结余，须填写中期目标") in _messages(form)


def test_status_line_of_a_sum_names_the_parts_from_their_labels():
    assert part_name("年度资金总额", "年度财政拨款") == "财政拨款"
    assert part_name("总额", "财政拨款") == "财政拨款"
    project = __import__("desktop_app.forms", fromlist=["MODELS"]).MODELS["project-performance-target/1"]
    form = project.new()
    form.funds.annual_fiscal = Decimal(5)
    assert sum_line(form, "funds.annual_total").text == "✓ 年度资金总额 5.00（自动计算：财政拨款 5.00 + 其他资金 0.00）"


def test_sum_declared_as_a_rule_checks_a_typed_total():
    m = model(groups=(S.Group("g", "组", (S.Field("a", "甲", S.AMOUNT), S.Field("b", "乙", S.AMOUNT),
                                             S.Field("t", "合计", S.AMOUNT))),),
              declared=(Sum("g.t", ("g.a", "g.b")),), format_id="test-sum/1")
    form = m.new()
    form.g.a, form.g.b = Decimal(1), Decimal(2)
    assert amount_at(form, "g.t") == Decimal(3)
    form.g.t = Decimal(4)
    assert ("error", "g.t", "合计 4.00 不等于甲、乙之和 3.00（清空合计则按此计算）") in _messages(form)
