"""The project form's own rules (PROJECT-FORM.md): each 资金总额 is its two parts, 年度 ≤ 中期,
the 中期 column for a multi-year project, the required fields, 成本指标 against the funds, and
annual indicator values against the period's."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop_app.core import jsonio
from desktop_app.core.checks import ERROR, WARNING, check, has_errors
from desktop_app.core.totals import amount_at
from desktop_app.printing.grid import value_text
from tests import project as P
from tests.project import D, Indicator, rules


@pytest.fixture
def form():
    return P.signed(jsonio.load(P.SAMPLE_PATH))


def problems(form, severity=None):
    return [p for p in check(form) if severity is None or p.severity == severity]


def by_path(form, severity=None):
    return {p.path: p.message for p in problems(form, severity)}


def multi_year(form):
    """The sample made a complete three-year project."""
    form.project_period = "2021-2023年"
    form.funds.period_fiscal, form.funds.period_other = Decimal("3000"), Decimal("375")
    form.period_goal = "目标1：三年内完成安置小区物业管理标准化"
    for ind in form.indicators:
        ind.period_value = ind.annual_value
    return form


def test_the_sample_has_no_errors_and_asks_only_for_its_sign_off():
    found = check(jsonio.load(P.SAMPLE_PATH))
    assert not has_errors(found)
    assert {p.path for p in found} == {f"signoff.{f.key}" for f in D.SIGNOFF.fields}


def test_the_signed_sample_has_no_problems(form):
    assert check(form) == []
    assert amount_at(form, P.ANNUAL_TOTAL) == Decimal("1125")


def test_a_complete_multi_year_project_has_no_problems(form):
    multi_year(form)
    assert check(form) == []
    assert amount_at(form, P.PERIOD_TOTAL) == Decimal("3375")


# -- each 资金总额 is its two parts ------------------------------------------------------------

@pytest.mark.parametrize("total, parts, typed", [(P.ANNUAL_TOTAL, P.ANNUAL_PARTS, "1000"),
                                                 (P.PERIOD_TOTAL, P.PERIOD_PARTS, "5000")])
def test_a_typed_total_that_disagrees_with_its_parts_is_an_error_naming_it(form, total, parts, typed):
    multi_year(form)
    form.set(total, Decimal(typed))
    found = problems(form, ERROR)
    assert [p.path for p in found] == [total]
    assert f"{Decimal(typed):,.2f}" in found[0].message and "不等于" in found[0].message
    assert all(P.field_label(p) in found[0].message for p in parts)
    form.set(total, sum(form.get(p) or Decimal(0) for p in parts))
    assert check(form) == []


def test_an_empty_total_is_computed_checked_and_printed(form):
    form.funds.annual_total = None
    form.funds.annual_fiscal, form.funds.annual_other = Decimal("1000.5"), Decimal("124.5")
    assert check(form) == []
    assert amount_at(form, P.ANNUAL_TOTAL) == Decimal("1125.0")
    assert value_text(form, P.ANNUAL_TOTAL) == "1,125.00"
    assert jsonio.to_dict(form)["funds"]["annual_total"] is None  # computed, not stored


def test_the_annual_total_is_required_when_nothing_is_filled(form):
    form.funds.annual_total = form.funds.annual_fiscal = form.funds.annual_other = None
    assert P.ANNUAL_TOTAL in by_path(form, ERROR)


def test_a_part_that_is_not_a_number_is_reported_once(form):
    form.funds.annual_fiscal = "1,1a25"
    found = [p for p in problems(form, ERROR) if p.path.startswith("funds.")]
    assert [p.path for p in found] == ["funds.annual_fiscal"]


# -- 年度 ≤ 中期 -------------------------------------------------------------------------------

@pytest.mark.parametrize("period, annual", [
    ("period_total", "annual_total"), ("period_fiscal", "annual_fiscal"), ("period_other", "annual_other")])
def test_a_year_cannot_exceed_the_period(form, period, annual):
    multi_year(form)
    form.funds.period_total = None
    form.funds.annual_total = None
    form.funds.annual_fiscal, form.funds.annual_other = Decimal("1000"), Decimal("125")
    form.funds.period_fiscal, form.funds.period_other = Decimal("3000"), Decimal("375")
    assert check(form) == []
    if period == "period_total":
        form.funds.period_total = Decimal("1000")
        form.funds.period_fiscal = form.funds.period_other = None
    else:
        form.set(f"funds.{period}", Decimal("10"))
    found = by_path(form, ERROR)
    assert f"funds.{annual}" in found
    assert "超过" in found[f"funds.{annual}"] and P.field_label(f"funds.{period}") in found[f"funds.{annual}"]


def test_no_comparison_while_the_period_column_is_empty(form):
    assert form.funds.period_total is None
    form.funds.annual_fiscal = Decimal("1125")
    assert not any("超过" in p.message for p in check(form))


# -- the 中期 column ---------------------------------------------------------------------------

@pytest.mark.parametrize("text, years", [
    ("", None), ("长期", None), ("1年", 1), ("一年", 1), ("半年", Decimal("0.5")), ("12个月", 1),
    ("18个月", Decimal("1.5")), ("3年", 3), ("三年", 3), ("两年", 2), ("十年", 10), ("2021年", 1),
    ("2021-2023年", 3), ("2021—2023年", 3), ("２０２１－２０２２年", 2), ("2021年1月至2022年6月", 2),
    ("2021.1-2021.12", 1), ("3年（2021-2023年）", 3),
])
def test_how_the_project_period_is_read(text, years):
    assert rules.project_years(text) == years


def test_a_multi_year_project_needs_the_whole_period_column(form):
    form.project_period = "2021-2023年"
    found = by_path(form, ERROR)
    wanted = {P.PERIOD_TOTAL, "period_goal", *(f"indicators[{i}].period_value" for i in range(len(form.indicators)))}
    assert wanted <= set(found)
    assert all("2021-2023年" in found[path] and "超过一年" in found[path] for path in wanted)


@pytest.mark.parametrize("period", ["1年", "2021年", "", "12个月"])
def test_a_one_year_project_may_leave_the_period_column_empty(form, period):
    form.project_period = period
    assert check(form) == []


@pytest.mark.parametrize("fill", [
    lambda f: setattr(f, "period_goal", "目标1：…"),
    lambda f: setattr(f.funds, "period_fiscal", Decimal("5000")),
    lambda f: setattr(f.indicators[4], "period_value", "≥95%"),
])
def test_a_period_column_partly_filled_must_be_complete(form, fill):
    form.funds.period_fiscal = None
    fill(form)
    found = by_path(form, ERROR)
    assert found and all("中期一栏已部分填写" in message for message in found.values())
    multi_year(form)
    form.project_period = "1年"
    assert check(form) == []


def test_an_unreadable_project_period_is_checked_as_one_year_with_a_warning(form):
    form.project_period = "长期"
    assert not has_errors(check(form))
    assert "project_period" in by_path(form, WARNING)


# -- required fields ---------------------------------------------------------------------------

def test_required_fields(form):
    form.project_name = form.department = " "
    form.implementing_unit = ""
    form.annual_goal = ""
    form.indicators = [i for i in form.indicators if i.level1 != "满意度指标"]
    form.indicators[0].annual_value = ""
    found = by_path(form, ERROR)
    assert {"project_name", "department", "implementing_unit", "annual_goal", "indicators",
            "indicators[0].annual_value"} <= set(found)
    assert "满意度指标" in found["indicators"]
    optional = {"department_code", "project_attribute", "project_period", "period_goal", P.PERIOD_TOTAL}
    assert not optional & set(found)


def test_every_level1_needs_a_named_indicator(form):
    form.indicators = [i for i in form.indicators if i.level1 == "产出指标"]
    messages = [p.message for p in problems(form, ERROR) if p.path == "indicators"]
    assert len(messages) == 2 and any("效益指标" in m for m in messages) and any("满意度指标" in m for m in messages)


def test_any_project_attribute_is_accepted_up_to_its_limit(form):
    for value in (*P.CHOICES, "常年性项目"):
        form.project_attribute = value
        assert check(form) == []
    form.project_attribute = "新" * (D.ATTRIBUTE.limit + 1)
    assert "project_attribute" in by_path(form, ERROR)


# -- indicator values --------------------------------------------------------------------------

def cost_row(form) -> int:
    return next(i for i, ind in enumerate(form.indicators) if ind.level2 == "成本指标")


@pytest.mark.parametrize("value, warned", [
    ("≤1125万元", False), ("≤1200万元", True), ("<1125.01万元", True), ("≤11250000元", False),
    ("≤12000000元", True), ("≤0.2亿元", True), ("≤1200万元/年", False), ("按合同约定", False), ("≤1200人", False),
])
def test_a_cost_larger_than_the_annual_funds_is_a_warning(form, value, warned):
    i = cost_row(form)
    form.indicators[i].annual_value = value
    found = by_path(form, WARNING)
    assert (f"indicators[{i}].annual_value" in found) is warned
    assert not has_errors(check(form))
    if warned:
        assert "1,125.00" in found[f"indicators[{i}].annual_value"]


def test_a_period_cost_is_held_against_the_period_funds(form):
    multi_year(form)
    i = cost_row(form)
    form.indicators[i].period_value = "≤3000万元"
    assert check(form) == []
    form.indicators[i].period_value = "≤3400万元"
    assert f"indicators[{i}].period_value" in by_path(form, WARNING)


def test_a_later_wording_of_the_cost_slot_is_a_cost_too(form):
    form.indicators.append(Indicator("产出指标", "经济成本指标", "单位成本", "", "≤2000万元"))
    assert f"indicators[{len(form.indicators) - 1}].annual_value" in by_path(form, WARNING)


def test_an_amount_outside_the_cost_slot_is_not_compared(form):
    form.indicators[0].annual_value = "≥5000万元"
    assert check(form) == []


def test_an_annual_value_larger_than_the_period_value_is_a_warning(form):
    multi_year(form)
    form.indicators[0].period_value, form.indicators[0].annual_value = "≥8个", "≥10个"
    assert by_path(form, WARNING) == {"indicators[0].annual_value": by_path(form)["indicators[0].annual_value"]}
    assert not has_errors(check(form))


# -- the status lines beside the funds grid ----------------------------------------------------

def status(form) -> dict:
    return {line.key: line for line in rules.status(form, {})}


def test_status_lines_say_each_total_against_its_parts(form):
    lines = status(form)
    assert lines["annual_total_sum"].ok is True and "1,125.00" in lines["annual_total_sum"].text
    assert lines["period_total_sum"].ok is None and "未填写" in lines["period_total_sum"].text
    assert lines["within"].ok is None
    assert "一年期" in lines["term"].text
    form.funds.annual_other = Decimal("1")
    lines = status(form)
    assert lines["annual_total_sum"].ok is False and "1,126.00" in lines["annual_total_sum"].text
    multi_year(form)
    form.funds.annual_other = None
    lines = status(form)
    assert lines["period_total_sum"].ok is True and "自动计算" in lines["period_total_sum"].text
    assert lines["within"].ok is True and "超过一年" in lines["term"].text
    form.funds.period_fiscal = Decimal("10")
    assert status(form)["within"].ok is False


def test_what_the_clerk_wrote_is_quoted_on_one_line(form):
    form.project_period = "2021-2023年\n错误  伪造的一行" + "长" * 200
    form.indicators[cost_row(form)].annual_value = "≤1200万元"
    form.indicators[0].period_value, form.indicators[0].annual_value = "≥1个\n伪造", "≥2个\n伪造"
    for p in check(form):
        assert "\n" not in p.message and len(p.message) < 200, p.message
    assert all("\n" not in line.text for line in rules.status(form, {}))
