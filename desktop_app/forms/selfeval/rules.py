"""The arithmetic and scoring of 项目支出绩效自评表 (SELF-EVAL.md) beyond "required and valid".

Declared in the engine's vocabulary (``core.ruleset``), so an edition inherits them: each
年度资金总额 the sum of its parts (``computed_from``); the 执行率 得分 = 分值 × 全年执行数 ÷
全年预算数, never above its 分值, an empty or zero 全年预算数 an error (``Ratio``); 全年执行数 ≤
全年预算数 in each row (a warning); the 分值 under each 一级指标 adding up to its weight
(``WeightsAddUp``); a typed 得分 within [0, 分值] (``Within``).

This form's own: ``evaluate`` works out how each 年度指标值 reads, each row's suggested and
standing 得分, the 总分 and the 自评等级. The checks, the lines beside the totals on screen, the
printed copy and a reviewer's summary all read that one evaluation, so they never disagree.
The bands of a 定性 outcome are half open ([0.6, 0.8) of the 分值), which ``Within`` does not
say, so they are checked here.
"""

from __future__ import annotations

from decimal import Decimal
from functools import lru_cache
from operator import attrgetter
from typing import NamedTuple

from ...core import scoring
from ...core.amounts import format_amount
from ...core.fileerrors import quoted
from ...core.indicator_values import Reading, normalise, read_achieved, read_value, stated
from ...core.lookup import tree_of
from ...core.problems import Problem
from ...core.record import Record
from ...core.ruleset import NotAbove, Ratio, WeightsAddUp, Within, value_at
from ...core.spec import ERROR, WARNING, Rules, StatusLine
from ...core.totals import amount_at
from . import declaration as D

_SCORES = f"{D.INDICATORS.key}.{D.SCORE_FIELD.key}"
_WEIGHTS = f"{D.INDICATORS.key}.{D.WEIGHT.key}"

# An empty 全年预算数 is said by its field (required); zero or less by this form's rules.
_EXECUTION = Ratio(D.EXECUTION_SCORE.key, D.fund_path("total", "executed"), D.BUDGET_PATH, times=D.EXECUTION_WEIGHT,
                   cap=D.EXECUTION_WEIGHT, typed_may_differ=True, undefined="")
DECLARED = (
    _EXECUTION,
    *(NotAbove(D.fund_path(row, "executed"), D.fund_path(row, "budget"), severity=WARNING,
               message="{label} {value} 超过{pair_label} {pair}，请说明原因") for row, _ in D.ROWS),
    Within(D.EXECUTION_SCORE.key, Decimal(0), D.EXECUTION_WEIGHT),
    WeightsAddUp(_WEIGHTS, by=tree_of(D.INDICATORS).level_keys[0], figures=D.LEVEL1_WEIGHTS),
    Within(_SCORES, Decimal(0), _WEIGHTS),
)


def _decimal(value) -> Decimal | None:
    return value if type(value) is Decimal else None


def _blank(text) -> bool:
    return not (text or "").strip()


def _stated_number(text: str) -> Decimal | None:
    """The number typed in the 指标值 cell, or None when it is not one number."""
    reading = read_value(text)
    return None if reading.qualitative else reading.number


def reading_of(row) -> tuple[Reading, bool]:
    """How a row's 年度指标值 reads, and whether the clerk stated it in its own cells."""
    if row.nature:
        mine = stated(row.nature, _stated_number(row.target_number), row.unit)
        if mine is not None:
            return mine, True
    return read_value(row.target), False


class RowScore(Record):
    """What a 三级指标 row comes to."""
    reading: Reading
    stated: bool              # the reading is the clerk's (指标性质 / 指标值 / 度量单位)
    actual: Reading | None    # the 实际完成值's number and unit, when it has one
    unit_differs: bool        # and its unit is not the target's
    weight: Decimal | None
    suggested: Decimal | None
    typed: Decimal | None
    far_above: bool

    @property
    def score(self) -> Decimal | None:
        """The 得分 that counts: the typed one, else the suggested one."""
        return self.typed if self.typed is not None else self.suggested


_CELLS = (D.TARGET.key, D.NATURE.key, D.TARGET_NUMBER.key, D.UNIT.key, D.OUTCOME.key, D.ACTUAL.key)
_NUMBERS = (D.WEIGHT.key, D.SCORE_FIELD.key)


def score_row(row) -> RowScore:
    return _scored(*(getattr(row, k) for k in _CELLS), *(_decimal(getattr(row, k)) for k in _NUMBERS))


# The 总分 is worked out again on every keystroke, from every row: a row whose values did not
# change is looked up, not scored again (10,000 rows: some 10 ms instead of 700).
@lru_cache(maxsize=1 << 16)
def _scored(target, nature, target_number, unit, outcome, achieved, weight, typed) -> RowScore:
    reading, is_stated = reading_of(_Cells(target, nature, target_number, unit))
    actual = None if reading.qualitative else read_achieved(achieved, reading.unit)
    differs = actual is not None and normalise(actual.unit) != normalise(reading.unit)
    number = actual.number if actual is not None and not differs else None
    if weight is None:
        suggested = None
    elif reading.qualitative:
        suggested = scoring.result_score(outcome, weight)
    else:
        suggested = scoring.suggested_score(reading, number, weight)
    return RowScore(reading, is_stated, actual, differs, weight, suggested, typed, scoring.far_above(reading, number))


class _Cells(NamedTuple):
    """The cells of a row that say how its 年度指标值 reads."""
    target: str
    nature: str
    target_number: str
    unit: str


class Evaluation(Record):
    rate: Decimal | None               # 执行率 as a fraction, None when undefined
    computed_execution: Decimal | None  # its 得分 as computed
    execution: Decimal | None          # the 执行率 得分 that counts (typed, else computed)
    rows: list                         # RowScore of each row, in table order
    total: Decimal                     # 总分: what is missing counts as 0
    missing: int                       # rows with a 分值 and no 得分, and an undefined 执行率 得分
    grade: str
    by_level1: tuple                   # (一级指标, 得分, 分值 declared) for each weighted 一级指标


def evaluate(form) -> Evaluation:
    rate = scoring.execution_rate(_decimal(amount_at(form, D.BUDGET_PATH)),
                                  _decimal(amount_at(form, D.fund_path("total", "executed"))))
    typed = _decimal(form.execution_score)
    execution = value_at(form, D.EXECUTION_SCORE.key)  # typed, else as the Ratio computes it
    computed = execution if typed is None else _EXECUTION.compute(_values_of(form))
    items = form.indicators
    rows = list(map(_scored, *(map(attrgetter(k), items) for k in _CELLS),
                    *(map(_decimal, map(attrgetter(k), items)) for k in _NUMBERS)))
    scores = [r.typed if r.typed is not None else r.suggested for r in rows]
    missing = int(execution is None) + sum(1 for r, s in zip(rows, scores) if s is None and r.weight is not None)
    by_name: dict[str, list] = {name: [] for name in D.INDICATOR_TREE.level1_names}
    for level1, s in zip(map(attrgetter(D.INDICATOR_TREE.level_keys[0]), items), scores):
        if s is not None and level1 in by_name:
            by_name[level1].append(s)
    sums = {name: sum(found, Decimal(0)) for name, found in by_name.items()}
    total = (execution or Decimal(0)) + sum(sums.values())
    grade = scoring.grade(total, D.GRADES, D.LOWEST_GRADE)
    by_level1 = tuple((name, sums[name], weight) for name, weight in D.LEVEL1_WEIGHTS)
    return Evaluation(rate, computed, execution, rows, total, missing, grade, by_level1)


def _values_of(form):
    from ...core.ruleset import Values, derived_of

    return Values(form, derived_of(form.spec))


# -- problems ------------------------------------------------------------------------------------

def _no_rate(form) -> list[Problem]:
    """A 全年预算数 of zero or less: no 执行率 (an error, not a division)."""
    budget = _decimal(amount_at(form, D.BUDGET_PATH))
    if budget is not None and budget <= 0:
        return [Problem(ERROR, D.BUDGET_PATH, f"{D.BUDGET.label}为 {format_amount(budget)}，无法计算执行率")]
    return []


NEEDS_REASON = "✗ 须填写：得分低于分值"


def _needs_reason(row, r: RowScore) -> bool:
    return r.weight is not None and r.score is not None and r.score < r.weight and _blank(row.deviation)


def _quiet(row, r: RowScore) -> bool:
    """A row with nothing to say (most rows of a finished form): told without building a path."""
    if row.nature and not r.stated:
        return False
    if r.weight is None:
        return True
    return (not _blank(row.actual) and r.actual is not None and not r.unit_differs and not r.far_above
            and (r.typed is None and r.suggested is not None or r.typed is not None and not r.reading.qualitative)
            and not ((score := r.score) is not None and score < r.weight and _blank(row.deviation)))


def _row_problems(i: int, row, r: RowScore) -> list[Problem]:
    if _quiet(row, r):
        return []
    path = f"{D.INDICATORS.key}[{i}]"
    out = []
    if row.nature and not r.stated:
        out.append(Problem(ERROR, f"{path}.{D.TARGET_NUMBER.key}",
                           f"{D.NATURE.label}「{quoted(row.nature)}」须配一个数字作{D.TARGET_NUMBER.label}"
                           if row.nature in D.NATURE.choices else
                           f"{D.NATURE.label}应为 {' '.join(D.NATURE.choices)} 之一"))
    if r.weight is None:
        return out
    if _blank(row.actual):
        out.append(Problem(ERROR, f"{path}.{D.ACTUAL.key}", f"未填写{D.ACTUAL.label}"))
    elif not r.reading.qualitative and r.actual is None:
        out.append(Problem(WARNING, f"{path}.{D.ACTUAL.key}",
                           f"{D.ACTUAL.label}「{quoted(row.actual)}」中没有可以与年度指标值比较的数字，请填写得分"))
    elif r.unit_differs and r.actual is not None:  # a unit that differs is the actual's
        out.append(Problem(WARNING, f"{path}.{D.ACTUAL.key}",
                           f"{D.ACTUAL.label}的单位「{quoted(r.actual.unit)}」与{D.TARGET.label}的"
                           f"「{quoted(r.reading.unit)}」不同，不计算建议得分"))
    if r.reading.qualitative and row.outcome and row.outcome not in scoring.OUTCOMES:
        out.append(Problem(ERROR, f"{path}.{D.OUTCOME.key}", f"{D.OUTCOME.label}应为以下之一："
                                                             f"{'、'.join(scoring.OUTCOMES)}"))
    if r.typed is not None:
        band = scoring.OUTCOMES.get(row.outcome) if r.reading.qualitative else None
        if 0 <= r.typed <= r.weight and band is not None and not band.holds(r.typed, r.weight):
            out.append(Problem(ERROR, f"{path}.{D.SCORE_FIELD.key}",
                               f"「{row.outcome}」的{D.SCORE_FIELD.label}应在 {band.shown(r.weight)} 之内，"
                               f"现为 {format_amount(r.typed)}"))
    elif r.score is None and not _blank(row.actual):  # an empty 实际完成值 is said above
        why = (f"定性指标请选择{D.OUTCOME.label}或填写{D.SCORE_FIELD.label}" if r.reading.qualitative
               else f"无法计算建议得分，请填写{D.SCORE_FIELD.label}")
        out.append(Problem(ERROR, f"{path}.{D.SCORE_FIELD.key}", f"{why}（总分暂按 0 计）"))
    if _needs_reason(row, r):
        out.append(Problem(ERROR, f"{path}.{D.DEVIATION.key}",
                           f"{D.SCORE_FIELD.label} {format_amount(r.score)} 低于{D.WEIGHT.label} {format_amount(r.weight)}，"
                           f"须填写{D.DEVIATION.label}"))
    if r.far_above:
        out.append(Problem(WARNING, f"{path}.{D.ACTUAL.key}",
                           f"{D.ACTUAL.label}超过{D.TARGET.label}的 {scoring.FAR_ABOVE} 倍，请说明原因并检查目标是否定得过低"))
    return out


def value_problems(form, totals) -> list[Problem]:
    ev = evaluate(form)
    out = _no_rate(form)
    for i, (row, r) in enumerate(zip(form.indicators, ev.rows)):
        out += _row_problems(i, row, r)
    return out


# -- what the form shows ---------------------------------------------------------------------------

def _score(value: Decimal) -> str:
    return format_amount(scoring.round_score(value))


def total_text(ev: Evaluation) -> str:
    return _score(ev.total)


def _row_derived(i: int, r: RowScore, out: dict[str, str]) -> None:
    path = f"{D.INDICATORS.key}[{i}]"
    if r.suggested is not None:
        out[f"{path}.{D.SCORE_FIELD.key}"] = _score(r.suggested)
    if not r.stated:
        out[f"{path}.{D.NATURE.key}"] = r.reading.op
        if not r.reading.qualitative:
            out[f"{path}.{D.TARGET_NUMBER.key}"] = str(r.reading.number)
            out[f"{path}.{D.UNIT.key}"] = r.reading.unit


def derived(form, row: tuple[str, int] | None = None) -> dict[str, str]:
    """What the form computes, by path, shown in place of an empty value (the suggested 得分 in
    an empty 得分, the reading in empty 指标性质 / 指标值 / 度量单位 cells) or where a printed
    cell names it (the 执行率, 总分, 自评等级); with ``row`` (table, index), that row's only."""
    out: dict[str, str] = {}
    if row is not None:
        table, index = row
        if table == D.INDICATORS.key:
            item = form.indicators[index]
            r = score_row(item)
            _row_derived(index, r, out)
            if _needs_reason(item, r):  # marked where the clerk writes it, on screen only
                out[f"{table}[{index}].{D.DEVIATION.key}"] = NEEDS_REASON
        return out
    ev = evaluate(form)
    out.update({D.RATE: scoring.percent(ev.rate) if ev.rate is not None else "—",
                D.SCORE_TOTAL: total_text(ev), D.GRADE: f"自评等级：{ev.grade}"})
    for i, r in enumerate(ev.rows):
        _row_derived(i, r, out)
    return out


def figures(form) -> dict[str, object]:
    """What a reviewer's summary lists: the 总分, the 自评等级 and the 执行率 (a fraction)."""
    ev = evaluate(form)
    return {D.SCORE_TOTAL: scoring.round_score(ev.total), D.GRADE: ev.grade, D.RATE: ev.rate}


def report(form) -> list[tuple[str, str]]:
    """What ``check`` says the form comes to: each suggested 得分, the 执行率 and its 得分, the
    总分 and the 自评等级."""
    ev = evaluate(form)
    out = [(f"{D.INDICATORS.key}[{i}].{D.SCORE_FIELD.key}",
            f"建议得分 {_score(r.suggested)}" + (f"（手填 {format_amount(r.typed)}）" if r.typed is not None else ""))
           for i, r in enumerate(ev.rows) if r.suggested is not None]
    rate = scoring.percent(ev.rate) if ev.rate is not None else "无法计算"
    execution = _score(ev.execution) if ev.execution is not None else "无"
    out.append((D.EXECUTION_SCORE.key, f"执行率 {rate}，得分 {execution} / {D.EXECUTION_WEIGHT}"))
    incomplete = f"（{ev.missing} 项尚无得分，按 0 计）" if ev.missing else ""
    out.append((D.INDICATORS.key, f"总分 {total_text(ev)} / {D.FULL_MARKS}，自评等级 {ev.grade}{incomplete}"))
    return out


def status(form, totals) -> list[StatusLine]:
    ev = evaluate(form)
    if ev.rate is None:
        execution = StatusLine("execution", f"执行率无法计算：请填写{D.BUDGET.label}（不为 0）和{D.EXECUTED.label}",
                               ok=False)
    else:
        typed = form.execution_score is not None
        # None when the typed 得分 is not a number (the check says so), though the rate is defined
        counted = _score(ev.execution) if ev.execution is not None else "无"
        execution = StatusLine("execution", f"执行率 {scoring.percent(ev.rate)}，{D.EXECUTION_SCORE.label} "
                                            f"{counted}{'（手填）' if typed else ''}"
                                            f" / {D.EXECUTION_WEIGHT}", ok=True)
    incomplete = f"（{ev.missing} 项尚无得分，按 0 计）" if ev.missing else ""
    bars = ((_SHORT_RATE, ev.execution or Decimal(0), D.EXECUTION_WEIGHT),
            *((name.removesuffix("指标"), got, weight) for name, got, weight in ev.by_level1),
            ("总分", ev.total, D.FULL_MARKS))
    score = StatusLine("score", f"总分 {total_text(ev)} / {D.FULL_MARKS}，自评等级 {ev.grade}{incomplete}",
                       ok=None if ev.missing else True, bars=bars)
    return [execution, score]


_SHORT_RATE = "执行率"


RULES = Rules(declared=DECLARED, values=value_problems, status=status, derived=derived, figures=figures,
              report=report)
