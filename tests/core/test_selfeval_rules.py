"""The self-evaluation's own rules (SELF-EVAL.md, *Arithmetic and scoring*) on whole forms, with
the numbers worked out by hand: the fixture's 总分 and errors, the 执行率 得分, weights, typed
得分 and their bounds, 偏差原因, 定性 outcomes, units, the 1.2× warning."""

from __future__ import annotations

import copy
from decimal import Decimal

import pytest

from desktop_app.core import jsonio
from desktop_app.core.checks import ERROR, WARNING, check, has_errors
from desktop_app.core.scoring import ACHIEVED, MISSED, PARTLY
from desktop_app.forms.selfeval import rules
from desktop_app.forms.selfeval import declaration as D
from desktop_app.printing.grid import build_sections
from tests.conftest import ROOT

FIXTURE = ROOT / "tests" / "fixtures" / "self-eval-form.json"
SAMPLE = ROOT / "resources" / "samples" / "self-eval-form.json"
BUDGET, EXECUTED = D.BUDGET_PATH, D.fund_path("total", "executed")


@pytest.fixture
def fixture():
    return jsonio.load(FIXTURE)


@pytest.fixture
def form():
    """The sample: the fixture with its 偏差原因 written, signed."""
    form = jsonio.load(SAMPLE)
    s = form.signoff
    s.preparer, s.phone, s.head, s.date = "和丽", "0888-5123456", "木华", "2021-03-10"
    return form


def by_path(form, severity=None):
    return {p.path: p.message for p in check(form) if severity is None or p.severity == severity}


def test_the_fixture_scores_94_excellent_and_its_four_short_scores_without_a_reason_are_errors(fixture):
    ev = rules.evaluate(fixture)
    # 10.00 (执行率) + 9 + 19 + 19 + 27 + 10 (the last suggested: 95 ≥ 95) = 94
    assert ev.total == Decimal("94.00") and ev.grade == "优" and ev.missing == 0
    assert ev.rate == Decimal("1.0000") and ev.execution == Decimal("10.00")
    errors = by_path(fixture, ERROR)
    assert sorted(errors) == [f"indicators[{i}].deviation" for i in range(4)]
    assert "得分 9.00 低于分值 10.00" in errors["indicators[0].deviation"]


def test_the_sample_has_no_problems_once_signed(form):
    assert check(form) == []


def test_execution_score_is_weight_times_spent_over_planned_rounded_half_up(form):
    form.execution_score = None
    form.funds.total_budget, form.funds.total_executed = Decimal("7.29"), Decimal("7.27")
    form.funds.fiscal_budget, form.funds.fiscal_executed = Decimal("7.29"), Decimal("7.27")
    ev = rules.evaluate(form)
    # 10 × 7.27 / 7.29 = 9.97256... -> 9.97; total 9.97 + 84 = 93.97
    assert ev.rate == Decimal("0.9973") and ev.execution == Decimal("9.97")
    assert ev.total == Decimal("93.97")
    assert rules.derived(form)[D.RATE] == "99.73%"
    assert not has_errors(check(form))


def test_execution_score_never_exceeds_its_weight_and_overspending_is_a_warning(form):
    form.execution_score = None
    form.funds.total_budget = form.funds.fiscal_budget = Decimal(100)
    form.funds.total_executed = form.funds.fiscal_executed = Decimal(110)
    ev = rules.evaluate(form)
    assert ev.execution == Decimal("10.00")  # 10 × 1.1 = 11, capped at 10
    warnings = by_path(form, WARNING)
    assert "超过" in warnings[EXECUTED] and "超过" in warnings[D.fund_path("fiscal", "executed")]


@pytest.mark.parametrize("planned", [Decimal(0), None])
def test_a_zero_or_empty_budget_is_an_error_not_a_crash(form, planned):
    form.execution_score = None
    form.funds.total_budget = form.funds.fiscal_budget = planned
    ev = rules.evaluate(form)
    assert ev.rate is None and ev.execution is None and ev.missing == 1
    assert ev.total == Decimal("84.00")  # 9 + 19 + 19 + 27 + 10: the 执行率 counts as 0
    assert [p.message for p in check(form) if p.path == BUDGET and p.severity == ERROR] \
        == [f"未填写{D.BUDGET.label}，无法计算执行率" if planned is None else f"{D.BUDGET.label}为 0.00，无法计算执行率"]
    assert "尚无得分" in rules.status(form, {})[1].text


def test_a_typed_execution_score_that_is_not_a_number_is_said_by_the_check_not_a_crash(form):
    # The rate is defined but the 得分 that counts is not a number: the status line (redrawn on
    # every edit in the window) once formatted None.
    form.execution_score = "九分"
    ev = rules.evaluate(form)
    assert ev.rate is not None and ev.execution is None
    line = rules.status(form, {})[0]
    assert line.ok and f"{D.EXECUTION_SCORE.label} 无（手填）" in line.text
    assert any(p.path == D.EXECUTION_SCORE.key and p.severity == ERROR for p in check(form))


def test_a_typed_execution_score_must_lie_within_its_weight(form):
    form.execution_score = Decimal("10.5")
    assert D.EXECUTION_SCORE.key in by_path(form, ERROR)


def test_weights_under_a_level1_must_add_up_to_its_weight(form):
    form.indicators[0].weight = Decimal(15)  # 产出: 15 + 20 + 20 = 55, not 50
    form.indicators[0].score = Decimal(15)
    message = by_path(form, ERROR)["indicators"]
    assert "产出指标" in message and "55" in message and "50" in message


def test_a_typed_score_above_its_weight_is_an_error(form):
    form.indicators[4].score = Decimal("10.01")
    assert "indicators[4].score" in by_path(form, ERROR)


def test_a_suggested_score_below_the_weight_needs_a_reason_too(form):
    form.indicators[4].actual = "76"  # ≥95%: 10 × 76 / 95 = 8
    ev = rules.evaluate(form)
    assert ev.rows[4].suggested == Decimal("8.00") and ev.total == Decimal("92.00")
    assert "得分 8.00 低于分值 10.00" in by_path(form, ERROR)["indicators[4].deviation"]
    assert rules.derived(form)["indicators[4].score"] == "8.00"


def test_a_typed_score_overrides_the_suggested_one(form):
    form.indicators[4].score = Decimal("9.5")
    form.indicators[4].deviation = "个别服务对象对办理时限不满意"
    ev = rules.evaluate(form)
    assert ev.rows[4].suggested == Decimal("10.00") and ev.rows[4].score == Decimal("9.5")
    assert ev.total == Decimal("93.50")
    # the suggestion stays known (the window shows it beside the typed one); the print shows what counts
    assert rules.derived(form)["indicators[4].score"] == "10.00"
    printed = [c.text for s in build_sections(form) for r in s.rows for c in r.cells]
    assert "9.50" in printed and "93.50" in printed
    assert not has_errors(check(form))


def test_an_empty_actual_on_a_weighted_row_is_an_error_and_counts_as_zero(form):
    form.indicators[4].actual = ""
    ev = rules.evaluate(form)
    assert ev.total == Decimal("84.00") and ev.missing == 1 and ev.grade == "良"
    errors = by_path(form, ERROR)
    assert "未填写实际完成值" in errors["indicators[4].actual"]
    assert "indicators[4].score" not in errors  # one error for one gap
    assert "1 项尚无得分" in rules.status(form, {})[1].text


def test_an_actual_in_another_unit_is_flagged_and_suggests_nothing(form):
    form.indicators[0].actual, form.indicators[0].score = "7.289万元", None
    ev = rules.evaluate(form)
    assert ev.rows[0].unit_differs and ev.rows[0].suggested is None
    assert "万元" in by_path(form, WARNING)["indicators[0].actual"]
    assert "indicators[0].score" in by_path(form, ERROR)


def test_far_above_the_target_is_a_warning(form):
    form.indicators[0].score = None
    form.indicators[0].actual = "87468"  # 1.2 × 72890 = 87468
    assert "1.2 倍" in by_path(form, WARNING)["indicators[0].actual"]


def _qualitative(form, outcome: str, score):
    row = form.indicators[4]
    row.target, row.nature, row.target_number, row.unit = "服务对象基本满意", "", "", ""
    row.actual, row.outcome, row.score = "大部分服务对象满意", outcome, score
    row.deviation = "" if score is None else "满意度调查覆盖面不足"
    return row


def test_a_qualitative_row_achieved_suggests_its_weight(form):
    _qualitative(form, ACHIEVED, None)
    assert rules.evaluate(form).rows[4].suggested == Decimal("10.00")
    assert not has_errors(check(form))
    _qualitative(form, ACHIEVED, Decimal("7.99"))  # 达成: [8, 10]
    assert "[8.00, 10.00]" in by_path(form, ERROR)["indicators[4].score"]


def test_a_qualitative_row_partly_achieved_takes_a_typed_score_in_its_band(form):
    _qualitative(form, PARTLY, None)
    assert "indicators[4].score" in by_path(form, ERROR)  # suggests nothing
    _qualitative(form, PARTLY, Decimal(7))                # [6, 8)
    assert not has_errors(check(form))
    _qualitative(form, PARTLY, Decimal(8))
    assert "[6.00, 8.00)" in by_path(form, ERROR)["indicators[4].score"]


def test_a_qualitative_row_missed_takes_a_score_under_six_tenths(form):
    _qualitative(form, MISSED, Decimal("5.99"))
    assert not has_errors(check(form))
    _qualitative(form, MISSED, Decimal(6))
    assert "indicators[4].score" in by_path(form, ERROR)


def test_a_qualitative_row_without_an_outcome_asks_for_one(form):
    _qualitative(form, "", None)
    assert "完成情况" in by_path(form, ERROR)["indicators[4].score"]


def test_a_stated_reading_overrides_the_text_and_an_operator_needs_its_number(form):
    row = form.indicators[4]
    row.target, row.nature, row.target_number, row.unit = "满意度九成五以上", "≥", "95", "%"
    assert rules.evaluate(form).rows[4].reading.number == Decimal(95)
    row.target_number = ""
    assert "indicators[4].target_number" in by_path(form, ERROR)


def test_the_reading_of_each_value_is_shown_beside_it_when_not_stated(fixture):
    form = copy.deepcopy(fixture)
    form.indicators[3].nature = form.indicators[3].target_number = form.indicators[3].unit = ""
    shown = rules.derived(form)
    assert (shown["indicators[3].nature"], shown["indicators[3].target_number"], shown["indicators[3].unit"]) \
        == ("≥", "95", "%")
    assert "indicators[0].nature" not in shown  # the fixture states it


def test_the_printed_copy_carries_the_scores_total_and_grade(fixture):
    text = " ".join(c.text for s in build_sections(fixture) for r in s.rows for c in r.cells)
    for words in ("100.00%", "94.00", "自评等级：优", "9.00", "27.00", "10.00"):
        assert words in text
    labels = [b.text for s in build_sections(fixture) for b in s.blocks]
    assert "产出指标（50分）" in labels and "满意度指标（10分）" in labels


def test_check_gives_every_suggested_score_the_rate_the_total_and_the_grade():
    import json

    from tests.robustness.support import run_cli

    r = run_cli("check", str(FIXTURE))
    assert r.returncode == 1
    text = r.stdout.decode("utf-8")
    assert "绩效指标第5行「得分」：建议得分 10.00" in text and "建议得分 30.00（手填 27.00）" in text
    assert "执行率 100.00%，得分 10.00 / 10" in text and "总分 94.00 / 100，自评等级 优" in text
    r = run_cli("check", str(FIXTURE), "--json")
    items = json.loads(r.stdout)
    info = {p["path"]: p["message"] for p in items if p["severity"] == "info"}
    assert info["indicators[4].score"] == "建议得分 10.00" and "总分 94.00" in info["indicators"]
    assert len([p for p in items if p["severity"] == "error"]) == 4
