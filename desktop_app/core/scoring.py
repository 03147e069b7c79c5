"""The arithmetic of a performance self-evaluation (SELF-EVAL.md), as pure Decimal functions.

Nothing here knows a form: the 执行率 of a budget and what was spent, the suggested 得分 of an
indicator from how its 指标值 reads and what was achieved, the bands of a qualitative outcome,
the grade of a total. A score is rounded half up to two places (as the published forms are)
only at the end, so 10 × 1/3 is 3.33 and not the sum of rounded pieces.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from .indicator_values import AT_LEAST, AT_MOST, EQUAL, LESS, MORE, Reading

CENT = Decimal("0.01")
RATE_PLACES = Decimal("0.0001")   # a rate as a fraction: two decimals of its percentage
ZERO = Decimal(0)
# A 正向 result this many times its target is to be explained (the guidance asks that a target
# exceeded by far be explained and the target-setting reviewed).
FAR_ABOVE = Decimal("1.2")

# The three outcomes a clerk states for a qualitative indicator, with the band of the weight
# each allows: [low, high] when ``high_closed``, else [low, high).
ACHIEVED = "达成年度指标"
PARTLY = "部分达成年度指标并具有一定效果"
MISSED = "未达成年度指标且效果较差"


class Band(NamedTuple):
    low: Decimal
    high: Decimal
    high_closed: bool
    suggests: bool    # whether the outcome suggests the band's top (the whole weight)

    def holds(self, score: Decimal, weight: Decimal) -> bool:
        low, high = self.low * weight, self.high * weight
        return low <= score <= high if self.high_closed else low <= score < high

    def shown(self, weight: Decimal) -> str:
        low, high = round_score(self.low * weight), round_score(self.high * weight)
        return f"[{low}, {high}{']' if self.high_closed else ')'}"


OUTCOMES = {
    ACHIEVED: Band(Decimal("0.8"), Decimal(1), True, True),
    PARTLY: Band(Decimal("0.6"), Decimal("0.8"), False, False),
    MISSED: Band(ZERO, Decimal("0.6"), False, False),
}


def round_score(value: Decimal) -> Decimal:
    """Half up to two places: 2.345 is 2.35 (a bank's half-even would make it 2.34)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def execution_rate(budget: Decimal | None, executed: Decimal | None) -> Decimal | None:
    """全年执行数 ÷ 全年预算数 as a fraction to four places (two of its percentage), or None
    when it is undefined (no budget, a budget of zero or less, nothing executed written)."""
    if budget is None or executed is None or budget <= 0:
        return None
    return (executed / budget).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)


def execution_score(weight: Decimal, rate: Decimal) -> Decimal:
    """The 执行率's 得分: its weight times the rate as shown, never more than the weight."""
    return round_score(min(weight, max(ZERO, weight * rate)))


def percent(rate: Decimal) -> str:
    """A rate as the form prints it: 99.73%, 100.00%."""
    return f"{(rate * 100).quantize(CENT, rounding=ROUND_HALF_UP)}%"


def _within(weight: Decimal, value: Decimal) -> Decimal:
    return round_score(min(weight, max(ZERO, value)))


def suggested_score(target: Reading, actual: Decimal | None, weight: Decimal) -> Decimal | None:
    """The 得分 a quantified target suggests for ``actual``, or None when it suggests nothing
    (a qualitative target, an actual that is not a number)."""
    if target.qualitative or target.number is None or actual is None:
        return None
    t, a, w = target.number, actual, weight
    if target.nature in (AT_LEAST, MORE) or (target.nature == EQUAL and t > 0):
        if a >= t:
            return round_score(w)
        return _within(w, w * a / t) if t > 0 else round_score(ZERO)
    if target.nature in (AT_MOST, LESS):
        if a <= t:
            return round_score(w)
        if a >= 2 * t:  # t = 0 (0次): anything above it scores 0
            return round_score(ZERO)
        return _within(w, w * (1 - (a - t) / t))
    # = with a target of 0 or less: met only when nothing happened
    return round_score(w if a <= t else ZERO)


def far_above(target: Reading, actual: Decimal | None) -> bool:
    """A higher-is-better target exceeded by 20 % or more."""
    if target.qualitative or target.number is None or actual is None or target.number <= 0:
        return False
    return target.nature in (AT_LEAST, MORE, EQUAL) and actual >= FAR_ABOVE * target.number


def outcome_score(outcome: str, weight: Decimal) -> Decimal | None:
    """What a stated qualitative outcome suggests: the whole weight for 达成, nothing for the
    other two (the clerk types a score in their band)."""
    band = OUTCOMES.get(outcome)
    return round_score(weight) if band is not None and band.suggests else None


def grade(total: Decimal, thresholds: tuple[tuple[Decimal, str], ...], lowest: str) -> str:
    """The first grade whose threshold ``total`` reaches (thresholds from the highest down)."""
    return next((name for low, name in thresholds if total >= low), lowest)
