"""The arithmetic of a performance self-evaluation (SELF-EVAL.md), as pure Decimal functions.

Nothing here knows a form: the 执行率 of what was planned and what was spent, the suggested 得分 of an
indicator from how its 指标值 reads and what was achieved, the bands of a qualitative result,
the grade of a total. A 得分 is rounded half up to two places (as the published forms are)
only at the end, so 10 × 1/3 is 3.33 and not the sum of rounded pieces.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import NamedTuple

from .indicator_values import AT_LEAST, AT_MOST, EQUAL, LESS, MORE, Reading

CENT = Decimal("0.01")
RATE_PLACES = Decimal("0.0001")   # a rate as a fraction: two decimals of its percentage
ZERO = Decimal(0)
# A 正向 result this many times its goal is to be explained (the guidance asks that a goal
# exceeded by far be explained and the goal-setting reviewed).
FAR_ABOVE = Decimal("1.2")

# The three results a clerk states for a qualitative indicator, with the band of the 分值
# each allows: [low, high] when ``high_closed``, else [low, high).
ACHIEVED = "达成年度指标"
PARTLY = "部分达成年度指标并具有一定效果"
MISSED = "未达成年度指标且效果较差"


class Band(NamedTuple):
    low: Decimal
    high: Decimal
    high_closed: bool
    suggests: bool    # whether the result suggests the band's top (the whole 分值)

    def holds(self, value: Decimal, full: Decimal) -> bool:
        low, high = self.low * full, self.high * full
        return low <= value <= high if self.high_closed else low <= value < high

    def shown(self, full: Decimal) -> str:
        low, high = round_score(self.low * full), round_score(self.high * full)
        return f"[{low}, {high}{']' if self.high_closed else ')'}"


OUTCOMES = {
    ACHIEVED: Band(Decimal("0.8"), Decimal(1), True, True),
    PARTLY: Band(Decimal("0.6"), Decimal("0.8"), False, False),
    MISSED: Band(ZERO, Decimal("0.6"), False, False),
}


def round_score(value: Decimal) -> Decimal:
    """Half up to two places: 2.345 is 2.35 (a bank's half-even would make it 2.34)."""
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def execution_rate(planned: Decimal | None, spent: Decimal | None) -> Decimal | None:
    """What was spent over what was planned for the year, as a fraction to four places (two of
    its percentage), or None when it is undefined (nothing planned, a plan of zero or less,
    nothing spent written): a division the form reports rather than attempts."""
    if planned is None or spent is None or planned <= 0:
        return None
    return (spent / planned).quantize(RATE_PLACES, rounding=ROUND_HALF_UP)


def percent(rate: Decimal) -> str:
    """A rate as the form prints it: 99.73%, 100.00%."""
    return f"{(rate * 100).quantize(CENT, rounding=ROUND_HALF_UP)}%"


def _within(full: Decimal, value: Decimal) -> Decimal:
    return round_score(min(full, max(ZERO, value)))


def suggested_score(goal: Reading, achieved: Decimal | None, full: Decimal) -> Decimal | None:
    """The 得分 out of ``full`` a quantified goal suggests for what was ``achieved``, or None
    when it suggests nothing (a qualitative goal, nothing achieved that is a number)."""
    if goal.qualitative or goal.number is None or achieved is None:
        return None
    t, a, w = goal.number, achieved, full
    if goal.op in (AT_LEAST, MORE) or (goal.op == EQUAL and t > 0):
        if a >= t:
            return round_score(w)
        return _within(w, w * a / t) if t > 0 else round_score(ZERO)
    if goal.op in (AT_MOST, LESS):
        if a <= t:
            return round_score(w)
        if a >= 2 * t:  # t = 0 (0次): anything above it scores 0
            return round_score(ZERO)
        return _within(w, w * (1 - (a - t) / t))
    # = with a goal of 0 or less: met only when nothing happened
    return round_score(w if a <= t else ZERO)


def far_above(goal: Reading, achieved: Decimal | None) -> bool:
    """A higher-is-better goal exceeded by 20 % or more."""
    if goal.qualitative or goal.number is None or achieved is None or goal.number <= 0:
        return False
    return goal.op in (AT_LEAST, MORE, EQUAL) and achieved >= FAR_ABOVE * goal.number


def result_score(result: str, full: Decimal) -> Decimal | None:
    """What a stated qualitative result suggests: the whole 分值 for 达成, nothing for the
    other two (the clerk types a 得分 in their band)."""
    band = OUTCOMES.get(result)
    return round_score(full) if band is not None and band.suggests else None


def grade(total: Decimal, thresholds: tuple[tuple[Decimal, str], ...], lowest: str) -> str:
    """The first grade whose threshold ``total`` reaches (thresholds from the highest down)."""
    return next((name for low, name in thresholds if total >= low), lowest)
