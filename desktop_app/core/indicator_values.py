"""How a 指标值 written as free text reads: an operator, one number and the unit after it, or 定性.

Real values are typed as clerks speak: ``≥15名/年``, ``>6家/年``, ``100%``, ``≤5次``, ``0次``,
``不低于1人次/月``, ``每年完成技术审查至少25宗``, ``95%以上``, with full-width digits, signs and
thousands separators. A value with no number, or with two (``展馆每年不少于10000人次，展厅不少于
3000人次``), is 定性: its 得分 is the clerk's judgement, not arithmetic. A calendar year
(``2021年全年``) is a date, not a quantity, so it reads as 定性 too.

The reading is a guess the clerk sees beside the value and may correct; nothing here decides a
得分 (``core.scoring`` does).
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from typing import NamedTuple
from .lazyre import lazy

AT_LEAST, MORE, AT_MOST, LESS, EQUAL = "≥", ">", "≤", "<", "="
QUALITATIVE = "定性"
OPERATORS = (AT_LEAST, MORE, AT_MOST, LESS, EQUAL)
NATURES = (*OPERATORS, QUALITATIVE)

# Full-width and look-alike forms, longest first so ``>=`` is not read as ``>``.
_SIGNS = (
    (">=", AT_LEAST), ("＞＝", AT_LEAST), ("≥", AT_LEAST), ("≧", AT_LEAST), ("⩾", AT_LEAST),
    ("<=", AT_MOST), ("＜＝", AT_MOST), ("≤", AT_MOST), ("≦", AT_MOST), ("⩽", AT_MOST),
    (">", MORE), ("＞", MORE), ("<", LESS), ("＜", LESS),
    ("=", EQUAL), ("＝", EQUAL), ("﹦", EQUAL),
)
# Words before the number. A negated word must be tried before the word it contains
# (不超过 before 超过, 不低于 before 低于).
_WORDS_BEFORE = (
    ("不低于", AT_LEAST), ("不少于", AT_LEAST), ("不小于", AT_LEAST), ("至少", AT_LEAST), ("达到", AT_LEAST),
    ("不高于", AT_MOST), ("不超过", AT_MOST), ("不多于", AT_MOST), ("不大于", AT_MOST), ("至多", AT_MOST),
    ("最多", AT_MOST),
    ("超过", MORE), ("高于", MORE), ("多于", MORE), ("大于", MORE),
    ("低于", LESS), ("少于", LESS), ("小于", LESS),
)
# Words after the unit: 95%以上, 5天以内, 10人以下.
_WORDS_AFTER = (("以上", AT_LEAST), ("以内", AT_MOST), ("以下", AT_MOST))

_TO_ASCII = str.maketrans("０１２３４５６７８９．，％", "0123456789.,%")
_BLANKS = lazy(r"[ \t\r\n\u3000\u00a0]+")
# A number: digits, thousands separators in their places, a decimal part.
_NUMBER = lazy(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?")
# Where a unit ends: punctuation that starts another clause.
_UNIT_END = lazy(r"[，,。；;、:：（(）)\s]")
_YEAR = lazy(r"(1[89]|2\d)\d\d年")


class Reading(NamedTuple):
    """How a 指标值 reads. ``op`` is an operator of ``OPERATORS`` or ``QUALITATIVE``; a
    qualitative reading has no number and no unit."""
    op: str
    number: Decimal | None = None
    unit: str = ""

    @property
    def qualitative(self) -> bool:
        return self.op == QUALITATIVE

    def shown(self) -> str:
        """The reading as the clerk sees it beside the value: ``≥ 95 %``, ``定性``."""
        if self.qualitative:
            return QUALITATIVE
        return f"{self.op} {self.number}{(' ' + self.unit) if self.unit else ''}"


QUALITATIVE_READING = Reading(QUALITATIVE)


def normalise(text: str) -> str:
    """Full-width digits, points, commas and percent signs as ASCII, blanks dropped."""
    return _BLANKS.sub("", (text or "").translate(_TO_ASCII))


def _operator_before(prefix: str) -> str | None:
    """The operator the text right before a number states (a sign or a word), or None."""
    for sign, op in (*_SIGNS, *_WORDS_BEFORE):
        if prefix.endswith(sign):
            return op
    return None


def _unit_after(rest: str) -> tuple[str, str | None]:
    """The unit after a number, and the operator a trailing word (以上, 以内, 以下) states."""
    end = _UNIT_END.search(rest)
    unit = rest[:end.start()] if end else rest
    for word, op in _WORDS_AFTER:
        at = unit.find(word)
        if at >= 0:
            return unit[:at], op
    return unit, None


@lru_cache(maxsize=1 << 16)  # read on every keystroke of a table that may hold thousands of rows
def read_value(text: str | None) -> Reading:
    """How ``text`` reads (see the module's docstring)."""
    s = normalise(text or "")
    numbers = list(_NUMBER.finditer(s))
    if len(numbers) != 1:
        return QUALITATIVE_READING
    m = numbers[0]
    before = _operator_before(s[:m.start()])
    if before is None and _YEAR.fullmatch(s, m.start(), m.end() + 1):
        return QUALITATIVE_READING  # 2021年全年: when, not how much
    unit, after = _unit_after(s[m.end():])
    number = Decimal(m.group().replace(",", ""))
    return Reading(before or after or EQUAL, number, unit)


def read_achieved(text: str | None, goal_unit: str = "") -> Reading | None:
    """The number and unit of what was achieved, or None when it has no one number. A bare
    number takes the goal's unit (``95`` against ``≥95%`` is 95 %)."""
    reading = read_value(text)
    if reading.qualitative:
        return None
    return reading if reading.unit else reading._replace(unit=goal_unit)


def stated(op: str | None, number, unit: str | None) -> Reading | None:
    """The reading a clerk stated in cells of its own (operator, number, unit: the structured
    cells some provinces print), or None when they say nothing (the text is read instead). A
    stated operator without a number is not a reading either: the checks ask for the number."""
    if not op:
        return None
    if op == QUALITATIVE:
        return QUALITATIVE_READING
    if op not in OPERATORS or number is None or not isinstance(number, Decimal):
        return None
    return Reading(op, number, (unit or "").strip())
