"""The arithmetic and scoring of 项目支出绩效自评表 (SELF-EVAL.md) beyond "required and valid".

``evaluate`` works out, from what the clerk typed, everything the form computes: how each
年度指标值 reads, each row's suggested and standing 得分, the 执行率 and its 得分, the 总分 and
the 自评等级. The checks, the lines beside the totals on screen, the printed copy and a
reviewer's summary all read that one evaluation, so they never disagree. Each 年度资金总额 being
the sum of its parts is declared (``computed_from``) and checked by the engine.
"""

from __future__ import annotations

from decimal import Decimal

from ...core import scoring
from ...core.amounts import format_amount
from ...core.fileerrors import quoted
from ...core.indicator_values import Reading, normalise, read_achieved, read_value, stated
from ...core.problems import Problem
from ...core.record import Record
from ...core.spec import ERROR, WARNING, Rules, StatusLine
from ...core.totals import amount_at
from . import declaration as D


def _decimal(value) -> Decimal | None:
    return value if isinstance(value, Decimal) else None


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


def score_row(row) -> RowScore:
    reading, is_stated = reading_of(row)
    actual = None if reading.qualitative else read_achieved(row.actual, reading.unit)
    differs = actual is not None and normalise(actual.unit) != normalise(reading.unit)
    weight = _decimal(row.weight)
    number = actual.number if actual is not None and not differs else None
    if weight is None:
        suggested = None
    elif reading.qualitative:
        suggested = scoring.result_score(row.outcome, weight)
    else:
        suggested = scoring.suggested_score(reading, number, weight)
    return RowScore(reading, is_stated, actual, differs, weight, suggested, _decimal(row.score),
                    scoring.far_above(reading, number))


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
    rate = scoring.execution_rate(_decimal(amount_at(form, D.fund_path("total", "budget"))),
                                  _decimal(amount_at(form, D.fund_path("total", "executed"))))
    computed = scoring.rate_score(D.EXECUTION_WEIGHT, rate) if rate is not None else None
    typed = _decimal(form.execution_score)
    execution = typed if typed is not None else computed
    rows = [score_row(row) for row in form.indicators]
    missing = int(execution is None) + sum(1 for r in rows if r.weight is not None and r.score is None)
    sums = dict.fromkeys(D.INDICATOR_TREE.level1_names, Decimal(0))
    for row, result in zip(form.indicators, rows):
        if result.score is not None and row.level1 in sums:
            sums[row.level1] += result.score
    total = (execution or Decimal(0)) + sum(sums.values())
    grade = scoring.grade(total, D.GRADES, D.LOWEST_GRADE)
    by_level1 = tuple((name, sums[name], weight) for name, weight in D.LEVEL1_WEIGHTS)
    return Evaluation(rate, computed, execution, rows, total, missing, grade, by_level1)


# -- problems ------------------------------------------------------------------------------------

def _funds_problems(form, ev: Evaluation) -> list[Problem]:
    out = []
    for row, name in D.ROWS:
        budget = _decimal(amount_at(form, D.fund_path(row, "budget")))
        executed = _decimal(amount_at(form, D.fund_path(row, "executed")))
        if budget is not None and executed is not None and executed > budget:
            out.append(Problem(WARNING, D.fund_path(row, "executed"),
                               f"{D.COLUMN_NAMES['executed']} {format_amount(executed)} 超过"
                               f"{D.COLUMN_NAMES['budget']} {format_amount(budget)}，请说明原因"))
    budget = _decimal(amount_at(form, D.BUDGET_PATH))
    if budget is not None and budget <= 0:
        out.append(Problem(ERROR, D.BUDGET_PATH, f"{D.BUDGET.label}为 {format_amount(budget)}，无法计算执行率"))
    typed = _decimal(form.execution_score)
    if typed is not None and not 0 <= typed <= D.EXECUTION_WEIGHT:
        out.append(Problem(ERROR, D.EXECUTION_SCORE.key,
                           f"{D.EXECUTION_SCORE.label} {format_amount(typed)} 应在 0 到 {D.EXECUTION_WEIGHT} 之间"))
    return out


def _weights_problems(form) -> list[Problem]:
    out = []
    for name, weight in D.LEVEL1_WEIGHTS:
        weights = [_decimal(r.weight) for r in form.indicators if r.level1 == name]
        given = sum((w for w in weights if w is not None), Decimal(0))
        if weights and given != weight:
            out.append(Problem(ERROR, D.INDICATORS.key, f"「{name}」下各三级指标的{D.WEIGHT.label}合计 "
                                                        f"{format_amount(given)}，应为 {weight}"))
    return out


def _row_problems(i: int, row, r: RowScore) -> list[Problem]:
    path = f"{D.INDICATORS.key}[{i}]"
    out = []
    if row.nature and not r.stated:
        out.append(Problem(ERROR, f"{path}.{D.TARGET_NUMBER.key}",
                           f"{D.NATURE.label}「{quoted(row.nature)}」须配一个数字作{D.TARGET_NUMBER.label}"
                           if row.nature in D.NATURE.choices else
                           f"{D.NATURE.label}应为 {' '.join(D.NATURE.choices)} 之一"))
    if r.weight is None:
        return out
    w = format_amount(r.weight)
    if _blank(row.actual):
        out.append(Problem(ERROR, f"{path}.{D.ACTUAL.key}", f"未填写{D.ACTUAL.label}"))
    elif not r.reading.qualitative and r.actual is None:
        out.append(Problem(WARNING, f"{path}.{D.ACTUAL.key}",
                           f"{D.ACTUAL.label}「{quoted(row.actual)}」中没有可以与年度指标值比较的数字，请填写得分"))
    elif r.unit_differs:
        out.append(Problem(WARNING, f"{path}.{D.ACTUAL.key}",
                           f"{D.ACTUAL.label}的单位「{quoted(r.actual.unit)}」与{D.TARGET.label}的"
                           f"「{quoted(r.reading.unit)}」不同，不计算建议得分"))
    if r.reading.qualitative and row.outcome and row.outcome not in scoring.OUTCOMES:
        out.append(Problem(ERROR, f"{path}.{D.OUTCOME.key}", f"{D.OUTCOME.label}应为以下之一："
                                                             f"{'、'.join(scoring.OUTCOMES)}"))
    if r.typed is not None:
        band = scoring.OUTCOMES.get(row.outcome) if r.reading.qualitative else None
        if not 0 <= r.typed <= r.weight:
            out.append(Problem(ERROR, f"{path}.{D.SCORE_FIELD.key}",
                               f"{D.SCORE_FIELD.label} {format_amount(r.typed)} 应在 0 到{D.WEIGHT.label} {w} 之间"))
        elif band is not None and not band.holds(r.typed, r.weight):
            out.append(Problem(ERROR, f"{path}.{D.SCORE_FIELD.key}",
                               f"「{row.outcome}」的{D.SCORE_FIELD.label}应在 {band.shown(r.weight)} 之内，"
                               f"现为 {format_amount(r.typed)}"))
    elif r.score is None:
        why = (f"定性指标请选择{D.OUTCOME.label}或填写{D.SCORE_FIELD.label}" if r.reading.qualitative
               else f"无法计算建议得分，请填写{D.SCORE_FIELD.label}")
        out.append(Problem(ERROR, f"{path}.{D.SCORE_FIELD.key}", f"{why}（总分暂按 0 计）"))
    if r.score is not None and r.score < r.weight and _blank(row.deviation):
        out.append(Problem(ERROR, f"{path}.{D.DEVIATION.key}",
                           f"{D.SCORE_FIELD.label} {format_amount(r.score)} 低于{D.WEIGHT.label} {w}，"
                           f"须填写{D.DEVIATION.label}"))
    if r.far_above:
        out.append(Problem(WARNING, f"{path}.{D.ACTUAL.key}",
                           f"{D.ACTUAL.label}超过{D.TARGET.label}的 {scoring.FAR_ABOVE} 倍，请说明原因并检查目标是否定得过低"))
    return out


def value_problems(form, totals) -> list[Problem]:
    ev = evaluate(form)
    out = _funds_problems(form, ev) + _weights_problems(form)
    for i, (row, r) in enumerate(zip(form.indicators, ev.rows)):
        out += _row_problems(i, row, r)
    return out


# -- what the form shows ---------------------------------------------------------------------------

def _score(value: Decimal) -> str:
    return format_amount(scoring.round_score(value))


def total_text(ev: Evaluation) -> str:
    return _score(ev.total)


def derived(form) -> dict[str, str]:
    """What the form computes, by path, shown in place of an empty value (the suggested 得分 in
    an empty 得分, the reading in empty 指标性质 / 指标值 / 度量单位 cells) or where a printed
    cell names it (the 执行率, 总分, 自评等级)."""
    ev = evaluate(form)
    out = {D.RATE: scoring.percent(ev.rate) if ev.rate is not None else "—",
           D.SCORE_TOTAL: total_text(ev),
           D.GRADE: f"自评等级：{ev.grade}"}
    if ev.computed_execution is not None:
        out[D.EXECUTION_SCORE.key] = _score(ev.computed_execution)
    for i, r in enumerate(ev.rows):
        path = f"{D.INDICATORS.key}[{i}]"
        if r.suggested is not None:
            out[f"{path}.{D.SCORE_FIELD.key}"] = _score(r.suggested)
        if not r.stated:
            out[f"{path}.{D.NATURE.key}"] = r.reading.op
            if not r.reading.qualitative:
                out[f"{path}.{D.TARGET_NUMBER.key}"] = str(r.reading.number)
                out[f"{path}.{D.UNIT.key}"] = r.reading.unit
    return out


def status(form, totals) -> list[StatusLine]:
    ev = evaluate(form)
    if ev.rate is None:
        execution = StatusLine("execution", f"执行率无法计算：请填写{D.BUDGET.label}（不为 0）和{D.EXECUTED.label}",
                               ok=False)
    else:
        typed = form.execution_score is not None
        execution = StatusLine("execution", f"执行率 {scoring.percent(ev.rate)}，{D.EXECUTION_SCORE.label} "
                                            f"{_score(ev.execution)}{'（手填）' if typed else ''}"
                                            f" / {D.EXECUTION_WEIGHT}", ok=True)
    incomplete = f"（{ev.missing} 项尚无得分，按 0 计）" if ev.missing else ""
    score = StatusLine("score", f"总分 {total_text(ev)} / {D.FULL_MARKS}，自评等级 {ev.grade}{incomplete}",
                       ok=None if ev.missing else True)
    return [execution, score]


RULES = Rules(values=value_problems, status=status, derived=derived)
