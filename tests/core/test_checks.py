from decimal import Decimal

import pytest

from desktop_app.core.checks import ERROR, WARNING, check, has_errors
from desktop_app.core.totals import compute_totals
from tests import department as labels
from tests.department import Indicator, Task


def errors(form):
    return [p for p in check(form) if p.severity == ERROR]


def paths(problems):
    return {p.path for p in problems}


@pytest.fixture
def form(signed_form):
    return signed_form


def test_the_seed_lacks_only_its_year_and_sign_off(seed_form):
    assert {(p.severity, p.path) for p in check(seed_form)} == {
        (WARNING, "year"), *((WARNING, f"signoff.{k}") for k in labels.SIGNOFF_LABELS)}


def test_a_finished_form_has_no_problems(form):
    assert check(form) == []


@pytest.mark.parametrize("date", ["2026-01-15", "2026年1月15日", "2026.1.15", "2026/01/15", "２０２６年１月１５日"])
def test_dates_as_clerks_write_them(form, date):
    form.signoff.date = date
    assert check(form) == []


@pytest.mark.parametrize("date", ["15/01/2026", "2026-02-30", "明年"])
def test_a_date_that_names_no_day_is_a_warning(form, date):
    form.signoff.date = date
    assert [(p.severity, p.path) for p in check(form)] == [(WARNING, "signoff.date")]


@pytest.mark.parametrize("year", [26, 1899, 3000, 0])
def test_a_year_out_of_range_is_kept_and_an_error(form, year):
    form.year = year
    assert [(p.severity, p.path) for p in check(form)] == [(ERROR, "year")]


def test_seed_totals(form):
    totals = compute_totals(form)
    assert totals[labels.EXPENDITURE_TOTAL] == Decimal("157549.62")
    assert totals[labels.INCOME_TOTAL] == Decimal("157549.62")
    assert totals[labels.LEVEL_TOTAL] == Decimal("157549.62")
    assert totals[labels.DEVELOPMENT_TOTAL] == Decimal("0.00")
    assert totals["task_sum"] == Decimal("37167.81")
    assert labels.balanced(form)


@pytest.mark.parametrize("field, blamed", [
    ("fiscal_appropriation", "budget.income"),
    ("other_funds", "budget.income"),
    ("basic_expenditure", "budget.expenditure"),
    ("district_level", "budget.by_level"),
])
def test_unbalanced_totals_blame_the_odd_group(form, field, blamed):
    form.budget.__setattr__(field, getattr(form.budget, field) + Decimal("0.01"))
    found = errors(form)
    assert not labels.balanced(form)
    assert [p.path for p in found] == [blamed]
    assert "三个合计不相等" in found[0].message
    assert "157,549.63" in found[0].message


def test_development_spending_cannot_exceed_project_spending(form):
    form.budget.special_funds = Decimal("153811.52")
    assert "budget.special_funds" in paths(errors(form))
    form.budget.special_funds = Decimal("153811.51")
    assert "budget.special_funds" not in paths(errors(form))


def test_task_sum_cannot_exceed_project_spending(form):
    form.tasks[0].amount += Decimal("153811.51") - Decimal("37167.81") + Decimal("0.01")
    assert "tasks" in paths(errors(form))


@pytest.mark.parametrize("value, message", [
    (Decimal("-1.00"), "负数"),
    (Decimal("1.1234567"), "6位小数"),
    ("3,7a8", "不是有效的金额"),
    (None, "未填写"),
])
def test_bad_amounts_are_errors(form, value, message):
    form.tasks[2].amount = value
    found = [p for p in errors(form) if p.path == "tasks[2].amount"]
    assert len(found) == 1 and message in found[0].message


def test_six_decimals_are_fine(form):
    form.budget.basic_expenditure = Decimal("3738.110000")
    assert check(form) == []


def test_required_parts(form):
    form.department = "  "
    form.overall_goal = ""
    form.tasks = []
    form.indicators = [i for i in form.indicators if i.level1 != "满意度指标"]
    found = errors(form)
    assert {"department", "overall_goal", "tasks", "indicators"} <= paths(found)
    assert any("满意度指标" in p.message for p in found if p.path == "indicators")


def test_annual_larger_than_period_is_a_warning(form):
    form.indicators[1].annual_value = "≥5000人"    # period is ≥4500人
    found = [p for p in check(form) if p.path == "indicators[1].annual_value"]
    assert [p.severity for p in found] == [WARNING]
    assert not has_errors(check(form))


@pytest.mark.parametrize("period, annual", [
    ("≥4500人", "≥450人"), ("≤5次", "≤50次"), ("100%", "100%"), ("≥15名/年", "≥20名"),
    ("展馆每年不少于10000人次", "展馆每年不少于20000人次"),
])
def test_no_warning_when_not_comparable_or_not_larger(form, period, annual):
    form.indicators[0].period_value = period
    form.indicators[0].annual_value = annual
    assert check(form) == []


def test_alternative_wordings_are_accepted_and_printed_as_written(form):
    form.indicators.append(Indicator("效益指标", "环境效益指标", "绿化覆盖率", "≥40%", "≥40%"))
    form.indicators.append(Indicator("产出指标", "经济成本指标", "单位成本", "≤10万元", "≤10万元"))
    assert check(form) == []
    groups = dict(form.indicator_groups())
    assert [name for name, _ in groups["效益指标"]] == ["经济效益指标", "社会效益指标", "环境效益指标", "可持续影响指标"]
    assert [name for name, _ in groups["产出指标"]] == ["数量指标", "质量指标", "时效指标", "经济成本指标"]


def test_every_level2_slot_is_listed_even_when_empty(form):
    listed = [l2 for _, rows in form.indicator_groups() for l2, _ in rows]
    assert listed == [l2.name for l1 in labels.INDICATOR_TREE for l2 in l1.children]
    empty = [l2 for _, rows in form.indicator_groups() for l2, items in rows if not items]
    assert empty == ["成本指标", "生态效益指标", "可持续影响指标"]


def test_unknown_indicator_level_is_an_error(form):
    form.indicators.append(Indicator("产出指标", "胡乱指标", "x", "1", "1"))
    assert f"indicators[{len(form.indicators) - 1}].level2" in paths(errors(form))


def test_missing_task_name_is_an_error_missing_content_a_warning(form):
    form.tasks.append(Task(amount=Decimal("1.00")))
    problems = {p.path: p.severity for p in check(form)}
    assert problems["tasks[7].name"] == ERROR
    assert problems["tasks[7].content"] == WARNING
