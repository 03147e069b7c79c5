from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from desktop_app.core.amounts import (
    AmountError,
    format_amount,
    parse_amount,
    plain_amount,
    total,
)


@pytest.mark.parametrize("text, expected", [
    ("3738.11", "3738.11"),
    ("3,738.11", "3738.11"),
    ("157,549.62", "157549.62"),
    ("３７３８．１１", "3738.11"),          # full-width digits and point
    ("  968.1918 ", "968.1918"),
    ("0.00", "0.00"),
    ("12", "12"),
    ("-5.00", "-5.00"),                     # parsed; the checks report it
    ("1.1234567", "1.1234567"),             # parsed; the checks report >6 decimals
])
def test_parse_keeps_the_digits_typed(text, expected):
    value = parse_amount(text)
    assert isinstance(value, Decimal)
    assert str(value) == expected


@pytest.mark.parametrize("text", ["3,7a8", "3,7a8.11", "abc", "1e5", "1.2.3", "37,38.11", "NaN",
                                  "Infinity", "1" * 16, "--1", "¥100"])
def test_parse_refuses_what_is_not_an_amount(text):
    with pytest.raises(AmountError) as err:
        parse_amount(text)
    assert any("\u4e00" <= ch <= "\u9fff" for ch in err.value.message)


def test_empty_is_none():
    assert parse_amount("") is None
    assert parse_amount("   ") is None
    assert parse_amount(None) is None


def test_refuses_binary_floats_and_huge_exponents():
    with pytest.raises(AmountError):
        parse_amount(0.1)
    with pytest.raises(AmountError):
        parse_amount(Decimal("1e400"))
    with pytest.raises(AmountError):
        parse_amount(Decimal("NaN"))
    assert parse_amount(Decimal("1E+3")) == Decimal(1000)


@pytest.mark.parametrize("value, shown", [
    ("157549.62", "157,549.62"),
    ("968.1918", "968.1918"),
    ("0", "0.00"),
    ("1234567.123456", "1,234,567.123456"),
    ("-1234.5", "-1,234.50"),
])
def test_format_shows_separators_and_precision(value, shown):
    assert format_amount(Decimal(value)) == shown


def test_total_is_exact():
    assert total([Decimal("0.1")] * 10) == Decimal("1.0")
    assert total([Decimal("3738.11"), Decimal("153811.51"), None, "junk"]) == Decimal("157549.62")


places = st.integers(min_value=0, max_value=6)


@given(st.integers(min_value=0, max_value=10**15 - 1), places)
def test_format_then_parse_loses_nothing(integer, decimals):
    value = Decimal(integer).scaleb(-decimals)
    shown = format_amount(value)
    back = parse_amount(shown)
    assert back == value
    assert max(2, decimals) == max(2, -back.as_tuple().exponent)
    assert parse_amount(plain_amount(value)) == value
    assert str(parse_amount(plain_amount(value))) == plain_amount(value)


# Plain numbers are told without the grammar (compiling it is 15 M instructions of the window's
# start): what that shortcut accepts, the grammar must accept, read to the same amount.
@given(st.text(alphabet="0123456789+-.,  ０１．", max_size=30)
       | st.from_regex(r"[+-]?[0-9]{0,17}(\.[0-9]{0,14})?", fullmatch=True))
def test_plain_numbers_read_as_the_grammar_reads_them(text):
    from desktop_app.core import amounts

    grammar = amounts._AMOUNT.fullmatch(text) is not None
    if amounts._plain(text):
        assert grammar, text
    try:
        got = parse_amount(text)
    except AmountError:
        assert not grammar, text
        return
    assert grammar, text
    digits = amounts._NOT_DIGITS.sub("", text).translate(amounts._TO_ASCII)
    assert got == (amounts._normal(Decimal(digits)) if digits else None)


def test_plain_numbers_are_read_without_compiling_the_grammar(monkeypatch):
    from desktop_app.core import amounts
    from desktop_app.core.lazyre import lazy

    monkeypatch.setattr(amounts, "_AMOUNT", lazy(amounts.AMOUNT_PATTERN))
    assert [parse_amount(t) for t in ("", "3738.11", "-5", "0.00", "+1")] == \
        [None, Decimal("3738.11"), Decimal("-5"), Decimal("0.00"), Decimal("1")]
    assert "fullmatch" not in vars(amounts._AMOUNT)  # a lazy pattern keeps its methods once compiled
    assert parse_amount("3,738.11") == Decimal("3738.11")  # grouped: the grammar, compiled now
    assert "fullmatch" in vars(amounts._AMOUNT)
