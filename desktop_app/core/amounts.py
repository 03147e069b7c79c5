"""Amounts in 万元: parsed from what a clerk types, kept as ``Decimal`` with the precision typed.

Nothing here rounds. ``format_amount`` shows at least two decimals (as the paper form does) and
more when more were entered: ``968.1918`` stays ``968.1918``.

What counts as an amount is one grammar (``AMOUNT_PATTERN``), used by the parser and written
into the JSON Schema: ASCII or full-width digits, an optional sign, thousands separators in
their places, blanks around and between them, at most ``MAX_INTEGER_DIGITS`` digits before the
point and ``MAX_TYPED_DECIMALS`` after it. Both bounds are checked before any arithmetic, so no
value can expand to a billion digits when it is totalled or printed.
"""

from __future__ import annotations

from decimal import Decimal, localcontext
from typing import overload

from .fileerrors import quoted
from .lazyre import lazy

MAX_DECIMALS = 6          # what a valid amount may carry (the checks report more)
MAX_TYPED_DECIMALS = 12   # what the program keeps as a number at all
MAX_INTEGER_DIGITS = 15   # 10^15 万元 is beyond any form's amounts

# The grammar, in the syntax Python's ``re`` and JSON Schema's ECMA-262 regexes share.
_B = "[ \\t\\r\\n\\u3000\\u00a0]"          # blanks: dropped wherever they are
_D = "[0-9\\uff10-\\uff19]"                # a digit, ASCII or full-width
_SIGN = "[+\\-\\uff0b\\uff0d]"
_POINT = "[.\\uff0e]"
_COMMA = "[,\\uff0c]"


def _grammar(more_digits: str, groups: str, decimals: str) -> str:
    plain = f"{_D}(?:{_B}*{_D}){more_digits}"
    grouped = f"{_D}(?:{_B}*{_D}){{0,2}}(?:{_B}*{_COMMA}(?:{_B}*{_D}){{3}}){groups}"
    number = f"(?:{_SIGN}{_B}*)?(?:{grouped}|{plain})(?:{_B}*{_POINT}(?:{_B}*{_D}){decimals})?"
    return f"^{_B}*(?:{number}{_B}*)?$"


# Grouped digits count against the same bound: 3 + 3 × 4 = 15.
AMOUNT_PATTERN = _grammar(f"{{0,{MAX_INTEGER_DIGITS - 1}}}", f"{{1,{(MAX_INTEGER_DIGITS - 3) // 3}}}",
                          f"{{1,{MAX_TYPED_DECIMALS}}}")


# Compiling the grammar is 15 M instructions: not done for plain numbers (_plain), and kept
# between runs (lazyre).
_AMOUNT = lazy(AMOUNT_PATTERN)
_ANY_LENGTH = lazy(_grammar("*", "+", "+"))  # only to say why a number is refused


_NOT_DIGITS = lazy(f"{_B}|{_COMMA}")
_TO_ASCII = str.maketrans("０１２３４５６７８９．＋－", "0123456789.+-")


class AmountError(ValueError):
    """A value that is not an amount; ``message`` says why, in Chinese."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@overload
def parse_amount(value: Decimal | int) -> Decimal: ...
@overload
def parse_amount(value: object) -> Decimal | None: ...
def parse_amount(value: object) -> Decimal | None:
    """The amount a clerk or a file gave, or ``None`` for an empty one.

    Accepts ``3738.11``, ``3,738.11``, full-width digits and blanks, JSON numbers already read as
    ``Decimal``, and ints. Negative amounts and more than six decimals are parsed (the checks
    report them) so a draft can hold what was typed; anything that is not a number raises
    ``AmountError``.
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
        return _bounded(value, quoted(value))
    if not isinstance(value, str):
        raise AmountError("应为金额")
    if _plain(value):  # the grammar's commonest case, as every draft stores amounts
        return _normal(Decimal(value)) if value else None
    if len(value) > 200 or not _AMOUNT.fullmatch(value):
        shown = quoted(value)
        if len(value) <= 200 and _ANY_LENGTH.fullmatch(value):
            raise _out_of_range(shown)
        raise AmountError(f"「{shown}」不是有效的金额，请只填写数字，例如 3738.11")
    text = _NOT_DIGITS.sub("", value).translate(_TO_ASCII)
    if not text:
        return None
    return _normal(Decimal(text))


def _plain(value: str) -> bool:
    """Whether ``value`` is empty or a plain number in ASCII (``3738.11``, ``-5``, ``0.00``): what
    the grammar surely accepts and the parser would take as it is (no blanks, commas or
    full-width characters to drop), told without the grammar."""
    body = value[1:] if value[:1] in ("+", "-") else value
    whole, point, decimals = body.partition(".")
    if not (whole.isascii() and whole.isdigit() and len(whole) <= MAX_INTEGER_DIGITS):
        return value == ""
    return not point or (decimals.isascii() and decimals.isdigit() and len(decimals) <= MAX_TYPED_DECIMALS)


def _bounded(amount: Decimal, shown: str) -> Decimal:
    """A number read as such (a JSON number): bounded by its value, read off its representation
    without computing it (``1E-999999999`` must not be expanded); trailing zeros past the
    decimals kept are dropped, as they change nothing."""
    exponent = amount.as_tuple().exponent
    if not isinstance(exponent, int):  # "n", "N" or "F": not a finite number
        raise AmountError(f"「{shown}」不是有效的金额")
    if amount.is_zero():
        return Decimal(0).scaleb(max(min(exponent, 0), -MAX_TYPED_DECIMALS))
    if amount.adjusted() >= MAX_INTEGER_DIGITS:
        raise _out_of_range(shown)
    if -exponent > MAX_TYPED_DECIMALS:
        kept = amount.quantize(Decimal(1).scaleb(-MAX_TYPED_DECIMALS))
        if kept != amount:
            raise _out_of_range(shown)
        amount = kept
    return _normal(amount)


def _out_of_range(shown: str) -> AmountError:
    return AmountError(f"「{shown}」超出可填写的金额范围（整数最多{MAX_INTEGER_DIGITS}位，小数最多{MAX_TYPED_DECIMALS}位）")


def _normal(amount: Decimal) -> Decimal:
    if amount.as_tuple().exponent > 0:  # type: ignore[operator]
        amount = amount.quantize(Decimal(1))  # 1E+3 -> 1000, same value, plain digits
    if amount.is_zero() and amount.is_signed():
        amount = amount.copy_abs()  # -0.00 is 0.00
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


def shown_amount(value) -> str:
    """How an amount slot reads on screen and on paper: ``3,738.11``, ``""`` when empty, and the
    clerk's own text when it is not a number."""
    if isinstance(value, Decimal) or value is None:
        return format_amount(value)
    return str(value)


@overload
def plain_amount(amount: Decimal) -> str: ...
@overload
def plain_amount(amount: Decimal | None) -> str | None: ...
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


def amount_problem(value) -> str | None:
    """What is wrong with one amount slot's value, or None. Used by the checks and, as the clerk
    types, by the window (which starts without the checks)."""
    if value is None:
        return None
    if isinstance(value, str):
        try:
            value = parse_amount(value)
        except AmountError as err:
            return err.message
        if value is None:
            return None
    if value < 0:
        return "金额不能为负数"
    if decimals_of(value) > MAX_DECIMALS:
        return f"金额最多保留{MAX_DECIMALS}位小数"
    return None
