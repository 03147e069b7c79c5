"""Indicator values that state a quantity — ``≥4500人``, ``>6家/年``, ``100%``, ``≤1125万元`` —
read as (operator, number, unit) so rules can compare them."""

from __future__ import annotations

from functools import lru_cache
from decimal import Decimal
from typing import NamedTuple
from .lazyre import lazy

_QUANTITY = lazy(r"\s*(≥|≤|>=|<=|>|<|＞|＜|=|＝)?\s*(\d+(?:\.\d+)?)\s*(\S*)\s*")
_SAME_OPERATOR = {">=": "≥", "<=": "≤", "＞": ">", "＜": "<", "＝": "="}


class Quantity(NamedTuple):
    operator: str  # one of ≥ ≤ > < =
    number: Decimal
    unit: str


@lru_cache(maxsize=1 << 16)  # a check runs on every pause in typing; most values stay the same
def quantity(text: str | None) -> Quantity | None:
    m = _QUANTITY.fullmatch(text or "")
    if not m:
        return None
    op = m.group(1) or "="
    return Quantity(_SAME_OPERATOR.get(op, op), Decimal(m.group(2)), m.group(3))


@lru_cache(maxsize=1 << 16)
def annual_exceeds_period(period: str, annual: str) -> bool:
    """An annual target larger than the whole period's, where both are comparable: the same
    operator and unit, and not an upper bound (≤5次 over the period, ≤50次 a year is not wrong)."""
    p, a = quantity(period), quantity(annual)
    return bool(p and a and p.operator == a.operator and p.unit == a.unit
                and p.operator not in ("≤", "<") and a.number > p.number)
