"""The arithmetic of 项目支出绩效目标申报表 (PROJECT-FORM.md) beyond "required and valid". Each
资金总额 equal to its two parts is declared (``computed_from``) and checked by the engine; declared
here in the engine's vocabulary (``core.ruleset``), so an edition inherits them:

- 年度 ≤ 中期, for the totals and each part, wherever the 中期 amount is filled (``NotAbove``);
- the 中期 column (中期资金总额, 中期目标, every 中期指标值) is required for a multi-year project
  (``RequiredIf``);

and this form's own:

- a 成本指标 value that names an amount (``≤1125万元``) larger than its 资金总额 is a warning;
- an annual indicator value larger than the whole period's is a warning;
- 项目期 that says nothing of its length is a warning.

A project is multi-year when its 中期 column is partly filled, or when 项目期 says it lasts
longer than a year (``project_years``): a span of calendar years (``2021-2023年``,
``2021年1月至2022年6月``: the years named, first to last), else a length (``3年``, ``三年``,
``18个月``). One calendar year (``2021年``, ``2021.1-2021.12``), ``1年``, ``12个月`` or ``半年`` is a
one-year project; an empty 项目期 is read as one year too (most projects are); other text
(``长期``) cannot be read: it is checked as one year, with a warning asking for a clearer 项目期.
"""

from __future__ import annotations

from decimal import Decimal

from ...core.amounts import format_amount
from ...core.fileerrors import quoted
from ...core.lookup import tree_of
from ...core.problems import Problem
from ...core.quantities import quantity
from ...core.ruleset import AnyFilled, NotAbove, RequiredIf, sum_line
from ...core.spec import WARNING, Rules, StatusLine
from ...core.totals import amount_at
from ..shared import annual_over_period
from . import declaration as D
from ...core.lazyre import lazy

_TO_ASCII = str.maketrans("０１２３４５６７８９．", "0123456789.")
_YEAR = lazy(r"(?<!\d)(1[89]\d\d|2\d\d\d)(?!\d)")
_LENGTH = lazy(r"(\d+(?:\.\d+)?|[一二两三四五六七八九十]+|半)\s*(?:个)?\s*(年|月)")
_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}
# An amount named in a cost value, in 万元 as the funds are.
_UNITS = {"万元": Decimal(1), "元": Decimal("0.0001"), "亿元": Decimal(10000)}


def _number(text: str) -> Decimal:
    if text == "半":
        return Decimal("0.5")
    if text[0].isdigit():
        return Decimal(text)
    tens, _, ones = text.partition("十")
    if "十" not in text:
        return Decimal(_DIGITS[text[0]]) if len(text) == 1 else Decimal(0)
    return Decimal((_DIGITS.get(tens, 0) if tens else 1) * 10 + (_DIGITS.get(ones, 0) if ones else 0))


def project_years(period: str) -> Decimal | None:
    """How many years 项目期 says the project lasts, or None when it does not say."""
    text = (period or "").translate(_TO_ASCII)
    years = [int(y) for y in _YEAR.findall(text)]
    if years:
        return Decimal(max(years) - min(years) + 1)
    m = _LENGTH.search(text)
    if m is None:
        return None
    n = _number(m.group(1))
    return n if m.group(2) == "年" else n / 12


# -- the 中期 column ---------------------------------------------------------------------------

def _funds(field) -> str:
    return f"{D.FUNDS.key}.{field.key}"


def longer_than_a_year(form) -> str | None:
    period = form.get(D.PERIOD.key)
    years = project_years(period)
    return f"项目期「{quoted(period)}」超过一年" if years is not None and years > 1 else None


# Each 年度 amount not above its 中期 one, in the order of the funds grid.
WITHIN_PERIOD = tuple(NotAbove(_funds(annual), _funds(period)) for period, annual in (
    (D.PERIOD_TOTAL, D.ANNUAL_TOTAL), (D.PERIOD_FISCAL, D.ANNUAL_FISCAL), (D.PERIOD_OTHER, D.ANNUAL_OTHER)))
PERIOD_COLUMN = (_funds(D.PERIOD_TOTAL), _funds(D.PERIOD_FISCAL), _funds(D.PERIOD_OTHER), D.PERIOD_GOAL.key,
                 f"{D.INDICATORS.key}.{D.PERIOD_VALUE.key}")
MULTI_YEAR = RequiredIf((_funds(D.PERIOD_TOTAL), D.PERIOD_GOAL.key, f"{D.INDICATORS.key}.{D.PERIOD_VALUE.key}"),
                        when=(longer_than_a_year, AnyFilled(PERIOD_COLUMN, "中期一栏已部分填写")))


def multi_year_reason(form) -> str | None:
    """Why the 中期 column must be complete, or None for a one-year project."""
    return MULTI_YEAR.reason(form)


def unreadable_period(form) -> list[Problem]:
    period = form.get(D.PERIOD.key)
    if multi_year_reason(form) is None and (period or "").strip() and project_years(period) is None:
        return [Problem(WARNING, D.PERIOD.key, f"无法从项目期「{quoted(period)}」看出年限，"
                                               f"按一年期项目检查；请写成 1年 或 2021-2023年 这样的形式")]
    return []


# -- amounts -----------------------------------------------------------------------------------

def _amount(form, field) -> Decimal | None:
    value = amount_at(form, _funds(field))
    return value if isinstance(value, Decimal) else None


def _named_amount(value: str) -> Decimal | None:
    """The amount in 万元 a value such as ``≤1125万元`` names, or None."""
    q = quantity(value)
    return q.number * _UNITS[q.unit] if q is not None and q.unit in _UNITS else None


def _indicator_problems(form) -> list[Problem]:
    out = []
    tree = tree_of(D.INDICATORS)
    budgets = ((D.PERIOD_VALUE, _amount(form, D.PERIOD_TOTAL), D.PERIOD_TOTAL),
               (D.ANNUAL_VALUE, _amount(form, D.ANNUAL_TOTAL), D.ANNUAL_TOTAL))
    for i, ind in enumerate(form.indicators):
        path = f"{D.INDICATORS.key}[{i}]"
        if tree.find(ind.level1, ind.level2) is D.COST:
            for column, budget, total in budgets:
                named = _named_amount(getattr(ind, column.key))
                if named is not None and budget is not None and named > budget:
                    out.append(Problem(WARNING, f"{path}.{column.key}",
                                       f"{quoted(ind.level2)}「{quoted(getattr(ind, column.key))}」大于{total.label} "
                                       f"{format_amount(budget)} 万元"))
        if (over := annual_over_period(D.INDICATORS, D.PERIOD_VALUE, D.ANNUAL_VALUE, i, ind)) is not None:
            out.append(over)
    return out


def value_problems(form, totals) -> list[Problem]:
    return unreadable_period(form) + _indicator_problems(form)


# -- what the funds page says ------------------------------------------------------------------

def status(form, totals) -> list[StatusLine]:
    """The lines beside the funds grid: each total against its parts, 年度 against 中期, and
    whether the 中期 column is required."""
    over = [(rule, found) for rule in WITHIN_PERIOD if (found := rule.exceeded(form)) is not None]
    spec = form.spec
    if over:
        within = StatusLine("within", "✗ " + "；".join(
            f"{spec.field_at(r.part).label} {format_amount(x)} 超过{spec.field_at(r.pair).label} {format_amount(y)}"
            for r, (x, y) in over), ok=False)
    elif _amount(form, D.PERIOD_TOTAL) is None:
        within = StatusLine("within", "中期资金未填写，年度资金不与之比较")
    else:
        within = StatusLine("within", "✓ 年度资金均不超过中期资金", ok=True)
    reason = multi_year_reason(form)
    period = quoted(form.get(D.PERIOD.key))
    if reason is not None:
        term = f"{reason}：中期资金、中期目标和每项中期指标值都须填写"
    elif period and project_years(form.get(D.PERIOD.key)) is not None:
        term = f"项目期「{period}」：一年期项目，中期一栏可不填"
    else:
        term = f"{'项目期无法识别' if period else '未填写项目期'}：按一年期项目检查，中期一栏可不填"
    return [sum_line(form, _funds(D.PERIOD_TOTAL)), sum_line(form, _funds(D.ANNUAL_TOTAL)), within,
            StatusLine("term", term)]


RULES = Rules(values=value_problems, status=status, declared=(*WITHIN_PERIOD, MULTI_YEAR), lines=D.STATUS_LINES)
