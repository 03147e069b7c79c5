"""The scoring rules of SELF-EVAL.md, each with its numbers worked out by hand here."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop_app.core.indicator_values import read_value
from desktop_app.core.scoring import (
    ACHIEVED,
    MISSED,
    OUTCOMES,
    PARTLY,
    execution_rate,
    far_above,
    grade,
    result_score,
    percent,
    round_score,
    suggested_score,
)

D = Decimal


def score(target: str, actual: str, weight: str = "10") -> Decimal | None:
    return suggested_score(read_value(target), D(actual), D(weight))


# -- 执行率 and its 得分 -----------------------------------------------------------------------

def test_execution_rate_is_spent_over_planned_to_two_places_of_its_percentage():
    # 7.27 / 7.29 = 0.997256... -> 0.9973 (99.73%)
    rate = execution_rate(D("7.29"), D("7.27"))
    assert rate == D("0.9973")
    assert percent(rate) == "99.73%"
    # 110 / 100 = 1.1: over 100 %, shown as it is (its 得分 is capped: test_selfeval_rules)
    assert percent(execution_rate(D(100), D(110))) == "110.00%"


@pytest.mark.parametrize("planned, spent", [(D(0), D(5)), (None, D(5)), (D(10), None), (D(-1), D(5))])
def test_a_zero_or_missing_plan_leaves_the_rate_undefined_rather_than_dividing(planned, spent):
    assert execution_rate(planned, spent) is None


# -- 正向 ------------------------------------------------------------------------------------

def test_positive_met_scores_the_weight():
    assert score("≥95%", "95") == D("10.00")
    assert score("≥95%", "99") == D("10.00")
    assert score(">6家/年", "6") == D("10.00")   # the spec scores > like ≥


def test_positive_partly_met_scores_weight_times_actual_over_target():
    # 20 × 90 / 95 = 18.947... -> 18.95
    assert score("≥95%", "90", "20") == D("18.95")
    # 10 × 3 / 4 = 7.5
    assert score("不少于4次", "3") == D("7.50")


def test_far_above_a_positive_target_is_flagged_from_one_point_two_times():
    # 1.2 × 50 = 60
    assert far_above(read_value("≥50项"), D(60))
    assert not far_above(read_value("≥50项"), D("59.99"))
    assert far_above(read_value("100%"), D(120))       # = with t > 0 is scored as 正向
    assert not far_above(read_value("≤5次"), D(100))   # lower is better: never "too good"
    assert not far_above(read_value("0次"), D(5))


# -- 反向 ------------------------------------------------------------------------------------

def test_negative_at_or_under_target_scores_the_weight():
    assert score("≤5次", "5") == D("10.00")
    assert score("≤5次", "0") == D("10.00")


def test_negative_between_target_and_twice_it_loses_in_proportion():
    # t = 5, a = 7: 10 × (1 − (7 − 5) / 5) = 10 × 0.6 = 6
    assert score("≤5次", "7") == D("6.00")
    # t = 3, a = 4: 30 × (1 − 1/3) = 20
    assert score("不超过3天", "4", "30") == D("20.00")
    # t = 3, a = 5: 10 × (1 − 2/3) = 3.333... -> 3.33
    assert score("<3天", "5") == D("3.33")


def test_negative_at_or_past_twice_the_target_scores_nothing():
    assert score("≤5次", "10") == D("0.00")
    assert score("≤5次", "11") == D("0.00")


# -- 等于 ------------------------------------------------------------------------------------

def test_equal_with_a_positive_target_is_scored_as_positive():
    # 10 × 72000 / 72890 = 9.8779... -> 9.88
    assert score("﹦72890元", "72000") == D("9.88")
    assert score("100%", "100") == D("10.00")


def test_equal_with_a_target_of_zero_is_met_only_at_zero():
    assert score("0次", "0") == D("10.00")
    assert score("0次", "1") == D("0.00")
    assert score("＝0起", "0.5", "5") == D("0.00")


def test_a_target_of_zero_read_as_at_most_scores_nothing_above_it():
    assert score("≤0次", "0") == D("10.00")
    assert score("≤0次", "1") == D("0.00")


# -- 定性 and what suggests nothing ----------------------------------------------------------

def test_a_qualitative_target_or_an_unreadable_actual_suggests_nothing():
    assert suggested_score(read_value("显著改善"), D(1), D(10)) is None
    assert suggested_score(read_value("≥95%"), None, D(10)) is None


def test_the_three_qualitative_bands():
    w = D(10)
    achieved, partly, missed = OUTCOMES[ACHIEVED], OUTCOMES[PARTLY], OUTCOMES[MISSED]
    # 达成: [8, 10], suggests 10
    assert result_score(ACHIEVED, w) == D("10.00")
    assert achieved.holds(D(8), w) and achieved.holds(D(10), w) and not achieved.holds(D("7.99"), w)
    # 部分达成: [6, 8), suggests nothing
    assert result_score(PARTLY, w) is None
    assert partly.holds(D(6), w) and partly.holds(D("7.99"), w) and not partly.holds(D(8), w)
    assert not partly.holds(D("5.99"), w)
    # 未达成: [0, 6)
    assert result_score(MISSED, w) is None
    assert missed.holds(D(0), w) and missed.holds(D("5.99"), w) and not missed.holds(D(6), w)
    # a weight of 15: 部分达成 is [9, 12)
    assert partly.shown(D(15)) == "[9.00, 12.00)"
    assert achieved.shown(D(15)) == "[12.00, 15.00]"


# -- rounding and grades ---------------------------------------------------------------------

def test_rounding_is_half_up_to_two_places():
    assert round_score(D("2.345")) == D("2.35")
    assert round_score(D("2.335")) == D("2.34")
    assert round_score(D("2.3449")) == D("2.34")
    # 10 × 2/3 = 6.666... -> 6.67
    assert score("≥3个", "2") == D("6.67")


THRESHOLDS = ((D(90), "优"), (D(80), "良"), (D(60), "中"))


@pytest.mark.parametrize("total, expected", [
    ("100", "优"), ("90", "优"), ("89.99", "良"), ("80", "良"), ("79.99", "中"), ("60", "中"), ("59.99", "差"),
    ("0", "差"),
])
def test_grade_thresholds(total, expected):
    assert grade(D(total), THRESHOLDS, "差") == expected
