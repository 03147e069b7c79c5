"""Field kinds as objects: everything the engine does differently for a kind of value, in one place.

A declaration names a kind (``Field("score", "得分", SCORE)``, with the kinds re-exported by
``core.spec``); the engine never switches on which kind it is, it asks the kind:

- ``parse(value)``: a value read from interchange JSON or typed text, as the form holds it
  (raises ``KindError`` with one line of Chinese);
- ``typed(text)``: what the form holds once a clerk types ``text`` (a decimal kind keeps text
  that is not a number, so it can be saved and corrected), and what is wrong with it;
- ``show(value)``: how it reads on screen and on paper; ``to_json(value)``: in interchange JSON;
- ``sql_type``, ``stored(value)`` and ``read(stored)``: the draft file's column;
- ``schema(field)``: its JSON Schema;
- ``editor`` (``line``, ``text``, ``choice``, ``date``) and ``grid_chars``/``grid_weight``: how the
  window edits it; ``align``: where a value of it sits in a printed or shown cell;
- ``next_year(value)``: what next year's draft starts from;
- ``problem(value)``: what ``check`` says about a value that is not valid (None when it is).

A new kind is a new instance here (or a subclass, for a new way of reading values), not a new
branch in the engine. ``decimal`` kinds (amount, percentage, score) hold ``Decimal``; only
``AMOUNT`` is money (what a form's totals and roll-ups add up).
"""

from __future__ import annotations

from decimal import Decimal

from .amounts import (
    AMOUNT_PATTERN,
    MAX_DECIMALS,
    MAX_INTEGER_DIGITS,
    MAX_TYPED_DECIMALS,
    AmountError,
    amount_problem,
    decimals_of,
    format_amount,
    parse_amount,
    plain_amount,
)
from .errors import text_value

# Alignment of a printed or shown cell. AUTO: centred when it fits one line, else left.
LEFT, CENTER, RIGHT, AUTO = "left", "center", "right", "auto"

YEAR_DIGITS = 4  # what a year field holds at most: typed "26" is kept, and reported
YEAR_RANGE = (1900, 2999)  # a year the checks accept

KEEP, CLEAR, NEXT = "keep", "clear", "next"  # what next year's draft does with a value


class KindError(ValueError):
    """A value that a kind cannot hold; ``message`` says why, in Chinese (without the field)."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Kind:
    """A kind of text value (the base: every kind not a number is text kept as written)."""

    decimal = False     # holds a Decimal (or the clerk's text when it is not a number)
    integer = False     # holds an int
    sql_type: type = str
    empty: object = ""  # the value of an empty field

    def __init__(self, name: str, max_chars: int, *, editor: str = "line", align: str = LEFT,
                 carry: str = KEEP, grid_chars: int = 0, grid_weight: int = 2, multiline: bool = False,
                 printed_as_text: bool = True, help: str = ""):
        self.name = name
        self.help = help                # what a field of this kind takes, as the help (F1) says it
        self.max_chars = max_chars      # default limit of a field of this kind, in characters
        self.editor = editor            # line, text (paragraphs), choice, date
        self.align = align
        self.carry = carry
        self.grid_chars = grid_chars    # a grid column of fixed width, in characters (0: by weight)
        self.grid_weight = grid_weight  # else its share of the grid's width
        self.multiline = multiline
        self.printed_as_text = printed_as_text  # its characters must be in the printing font

    def __repr__(self) -> str:
        return f"<kind {self.name}>"

    def __reduce__(self):  # a kind is one object: pickled by name (a form is deep-copied)
        return (_kind_named, (self.name,))

    def __deepcopy__(self, memo):
        return self

    def __copy__(self):
        return self

    # -- values --------------------------------------------------------------------------

    def parse(self, value: object) -> object:
        return text_value(value, "", KindError)

    def typed(self, text: str) -> tuple[object, str | None]:
        return text, None

    def show(self, value: object) -> str:
        return "" if value is None else str(value)

    def printed(self, field, value: object) -> str:
        """How it reads on the printed copy (as on screen, unless the kind prints otherwise)."""
        return self.show(value)

    def to_json(self, value: object) -> object:
        return value

    def stored(self, value: object) -> object:
        return value

    def read(self, stored: object) -> object:
        return stored or ""

    def next_year(self, value: object) -> object:
        return self.empty if self.carry == CLEAR else value

    def problem(self, value: object) -> str | None:
        return None

    def is_empty(self, value: object) -> bool:
        return value is None or (isinstance(value, str) and not value.strip())

    def schema(self, field) -> dict:
        out: dict = {"type": ["string", "null"], "maxLength": field.limit, "description": field.label}
        if field.choices:
            out["examples"] = list(field.choices)
        return out


class DecimalKind(Kind):
    """A number the clerk types (``Decimal``, precision kept as typed; text that is not a number
    is kept and reported). ``unit`` follows it where it is shown (``%``), ``noun`` names it in
    messages, ``max_decimals`` is what a valid one carries."""

    decimal = True
    empty = None

    def __init__(self, name: str, *, noun: str, unit: str = "", schema_unit: str = "", max_decimals: int = 6,
                 maximum: Decimal | None = None, **kwargs):
        kwargs.setdefault("align", RIGHT)
        kwargs.setdefault("carry", CLEAR)
        kwargs.setdefault("grid_chars", 11)
        super().__init__(name, 100, printed_as_text=False, **kwargs)
        self.noun, self.unit, self.schema_unit = noun, unit, schema_unit
        self.max_decimals, self.maximum = max_decimals, maximum

    def _number_text(self, value: str) -> str:
        if self.unit and value.rstrip().endswith((self.unit, _FULL_WIDTH.get(self.unit, self.unit))):
            return value.rstrip()[:-1]
        return value

    def parse(self, value: object) -> Decimal | None:
        if value is not None and not isinstance(value, (str, Decimal)):
            raise KindError(f"应为{self.noun}")
        try:
            return parse_amount(self._number_text(value) if isinstance(value, str) else value)
        except AmountError as err:
            raise KindError(self._worded(err.message)) from None

    def _worded(self, message: str) -> str:
        return message if self.noun == "金额" else message.replace("金额", self.noun).replace("3738.11", "95")

    def typed(self, text: str) -> tuple[object, str | None]:
        try:
            return self.parse(text), None
        except KindError as err:
            return text, err.message

    def show(self, value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, Decimal):
            return format_amount(value) + (self.unit if self.unit == "%" else "")
        return str(value)

    def to_json(self, value: object) -> object:
        return plain_amount(value) if isinstance(value, Decimal) else value

    def stored(self, value: object) -> object:
        return plain_amount(value) if isinstance(value, Decimal) or value is None else value

    def read(self, stored: object) -> object:
        return self.typed(stored)[0] if isinstance(stored, str) else None

    def is_empty(self, value: object) -> bool:
        return value is None

    def problem(self, value: object) -> str | None:
        if self.noun == "金额":
            return amount_problem(value)
        if value is None:
            return None
        if isinstance(value, str):
            value, message = self.typed(value)
            if message or value is None:
                return message
        assert isinstance(value, Decimal)
        if value < 0:
            return f"{self.noun}不能为负数"
        if decimals_of(value) > self.max_decimals:
            return f"{self.noun}最多保留{self.max_decimals}位小数"
        if self.maximum is not None and value > self.maximum:
            return f"{self.noun}不能超过{format_amount(self.maximum)}{self.unit}"
        return None

    def schema(self, field) -> dict:
        bound = 10 ** MAX_INTEGER_DIGITS
        pattern = AMOUNT_PATTERN
        if self.unit == "%":  # a percentage may be written with its sign
            pattern = pattern[:-1] + "[%\\uff05]?$"
        label = f"{field.label}（{self.schema_unit}）" if self.schema_unit else field.label
        return {"description": label, "anyOf": [
            {"type": "null"},
            {"type": "string", "maxLength": field.limit, "pattern": pattern},
            {"type": "number", "exclusiveMinimum": -bound, "exclusiveMaximum": bound,
             "multipleOf": float(f"1e-{MAX_TYPED_DECIMALS}")},
        ]}


_FULL_WIDTH = {"%": "％"}


class YearKind(Kind):
    """A four-digit year, kept as typed when out of range (``check`` says so); next year's draft
    is a year later."""

    integer = True
    sql_type = int
    empty = None

    def parse(self, value: object) -> int | None:
        if value is None:
            return None
        # Any year of up to four digits is kept, as the window keeps it; ``check`` says whether
        # it is a year the form accepts.
        if not isinstance(value, Decimal) or value != value.to_integral_value() or not 0 <= value < 10 ** YEAR_DIGITS:
            raise KindError(f"应为年份（不超过{YEAR_DIGITS}位的整数）")
        return int(value)

    def typed(self, text: str) -> tuple[object, str | None]:
        digits = "".join(ch for ch in text if ch.isdigit())[:YEAR_DIGITS]  # as the year field's validator
        return (int(digits) if digits else None), None

    def read(self, stored: object) -> object:
        return stored

    def next_year(self, value: object) -> object:
        if isinstance(value, int):
            if value >= 10 ** YEAR_DIGITS - 1:
                # A "next" form of the same year would pass for next year's: the caller refuses.
                raise OverflowError(value)
            return value + 1
        return value

    def is_empty(self, value: object) -> bool:
        return value is None

    def schema(self, field) -> dict:
        return {"description": field.label, "anyOf": [
            {"type": "null"}, {"type": "integer", "minimum": 0, "maximum": 10 ** YEAR_DIGITS - 1}]}


class BoxesKind(Kind):
    """A choice printed as the paper form's boxes, the chosen one ticked (``新增项目□ 延续项目▣``);
    other text is kept as written, and printed as it is."""

    TICKED, EMPTY = "▣", "□"  # both in the printing font (☑ is not)

    def printed(self, field, value: object) -> str:
        text = self.show(value)
        if text and text not in field.choices:
            return text
        return "　".join(f"{c}{self.TICKED if c == text else self.EMPTY}" for c in field.choices)


TEXT = Kind("text", 2_000, help="一行文字")                      # one line
LONG_TEXT = Kind("long_text", 20_000, editor="text", grid_weight=3, multiline=True,  # paragraphs
                 help="一段或多段文字，可以换行")
DATE = Kind("date", 100, editor="date", carry=CLEAR, grid_chars=10,  # text, checked and printed in one form
            help="日期，写作 年-月-日（例如 2026-01-15），也可写 2026年1月15日；旁边的日历按钮（Alt+↓）可代为填写")
CHOICE = Kind("choice", 2_000, editor="choice",                 # offered choices, other text as written
              help="从列出的选项中选择，也可以照本地的用语填写")
BOXES = BoxesKind("boxes", 100, editor="choice",                # a choice printed as ticked boxes
                  help="从列出的选项中选择（打印为方框，选中的打勾），也可以照本地的用语填写")
LEVEL = Kind("level", 100, printed_as_text=False, help="指标体系中固定的名称")  # a level of an indicator tree
AMOUNT = DecimalKind("amount", noun="金额", schema_unit="万元",   # 万元
                     help=f"金额，单位万元；可写 3738.11、3,738.11 或全角数字，最多 {MAX_DECIMALS} 位小数，"
                          f"按填写的位数保存，不四舍五入；没有请填 0")
YEAR = YearKind("year", 4, grid_chars=5, printed_as_text=False,
                help=f"{YEAR_DIGITS} 位数字的年份，在 {YEAR_RANGE[0]}–{YEAR_RANGE[1]} 之间")
# A percentage in points (``99.73`` is 99.73 %), typed with or without its sign, shown with it.
PERCENTAGE = DecimalKind("percentage", noun="百分比", unit="%", max_decimals=2, grid_chars=9,
                         help="百分比，可写 99.73 或 99.73%，最多 2 位小数")
# A score out of a weight (分值, 得分): at most two decimals, shown with two.
SCORE = DecimalKind("score", noun="分数", max_decimals=2, grid_chars=7,
                    help="分数，最多 2 位小数，不超过本行的分值")

KINDS = {k.name: k for k in (TEXT, LONG_TEXT, DATE, CHOICE, BOXES, LEVEL, AMOUNT, YEAR, PERCENTAGE, SCORE)}


def _kind_named(name: str) -> Kind:
    return KINDS[name]
