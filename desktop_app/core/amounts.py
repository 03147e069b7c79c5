"""Amounts in 万元: parsed from what a clerk types, kept as ``Decimal`` with the precision typed.

Nothing here rounds. ``format_amount`` shows at least two decimals (as the paper form does) and
more when more were entered: ``968.1918`` stays ``968.1918``.
"""

from __future__ import annotations

import re
from decimal import Decimal, localcontext

MAX_DECIMALS = 6
# 10^15 万元 is beyond any budget; the bound keeps 1e400 and friends out of the arithmetic.
MAX_INTEGER_DIGITS = 15

_FULL_WIDTH = str.maketrans("０１２３４５６７８９．，－＋　", "0123456789.,-+ ")
_PLAIN = re.compile(r"[+-]?\d+(\.\d+)?")
_GROUPED = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?")


class AmountError(ValueError):
    """A value that is not an amount; ``message`` says why, in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def parse_amount(value: object) -> Decimal | None:
    """The amount a clerk or a file gave, or ``None`` for an empty one.

    Accepts ``3738.11``, ``3,738.11``, full-width digits and surrounding blanks, JSON numbers
    already read as ``Decimal``, and ints. Negative amounts and more than six decimals are
    parsed (the checks report them) so a draft can hold what was typed; anything that is not a
    number raises ``AmountError``.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        raise AmountError("应为金额，不是真假值")
    if isinstance(value, int):
        value = Decimal(value)
    if isinstance(value, float):
        # Never produced by our own readers; refuse rather than inherit binary rounding.
        raise AmountError("金额不能是二进制浮点数")
    if isinstance(value, Decimal):
        return _bounded(value, str(value))
    if not isinstance(value, str):
        raise AmountError("应为金额")
    text = value.translate(_FULL_WIDTH).strip().replace(" ", "")
    if not text:
        return None
    if _GROUPED.fullmatch(text):
        text = text.replace(",", "")
    elif not _PLAIN.fullmatch(text):
        raise AmountError(f"「{value.strip()}」不是有效的金额，请只填写数字，例如 3738.11")
    return _bounded(Decimal(text), value.strip())


def _bounded(amount: Decimal, shown: str) -> Decimal:
    if not amount.is_finite():
        raise AmountError(f"「{shown}」不是有效的金额")
    sign, digits, exponent = amount.as_tuple()
    integer_digits = len(digits) + exponent  # type: ignore[operator]
    if integer_digits > MAX_INTEGER_DIGITS:
        raise AmountError(f"「{shown}」超出可填写的金额范围")
    if exponent > 0:  # type: ignore[operator]
        amount = amount.quantize(Decimal(1))  # 1E+3 -> 1000, same value, plain digits
    return amount


def decimals_of(amount: Decimal) -> int:
    exponent = amount.as_tuple().exponent
    return max(0, -exponent)  # type: ignore[operator]


def format_amount(amount: Decimal | None, grouping: bool = True) -> str:
    """``157,549.62`` for print and display; ``""`` for an empty amount."""
    if amount is None:
        return ""
    places = max(2, decimals_of(amount))
    return f"{amount:{',' if grouping else ''}.{places}f}"


def plain_amount(amount: Decimal | None) -> str | None:
    """The amount as typed, without separators: the form stored in drafts and JSON."""
    if amount is None:
        return None
    return f"{amount:f}"


def total(amounts) -> Decimal:
    """Exact sum; missing amounts count as zero."""
    with localcontext() as ctx:
        ctx.prec = 60  # wide enough that no sum of bounded amounts is ever rounded
        result = Decimal("0.00")
        for amount in amounts:
            if isinstance(amount, Decimal):
                result += amount
        return result
