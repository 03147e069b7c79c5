"""A small vocabulary of declared rules: what recurs across forms, said as data.

A form lists its declared rules in its ``Rules`` (``Rules(declared=(...), values=own_function)``)
and the engine (``core.checks``) runs them; the form's ``rules.py`` keeps only what is its own.
Every rule names values by path and builds its messages from the declared labels, so an edition
that keeps the paths keeps the rules (an edition that renames a field maps its paths: see
``Rule.renamed``).

A path is either one value (``money.total``) or a column of a row table
(``rows.score``): a rule whose paths are columns of one table is applied row by row (its
problems name the cell, ``rows[3].score``); a one-value path beside them reads the same
value for every row.

Values computed from others, shown when the field is left empty and checked when it is typed:

- ``Sum(result, parts)``: ``result`` = the sum of ``parts`` (a field's ``computed_from`` is the
  same rule, declared on the field);
- ``Difference(result, minuend, subtrahend)``;
- ``Ratio(result, numerator, denominator, times=1, cap="", places=2)``: ``result`` =
  numerator ÷ denominator × ``times`` (a number or a path, e.g. a 分值), never above ``cap`` (a
  path or number), rounded half up to ``places``; an empty or zero denominator is an error
  (``undefined``), not a division. a rate in percent is ``Ratio(rate, spent, planned, times=100)`` and a
  score by that rate ``Ratio(score, spent, planned, times=weight, cap=weight)``.

  A derived value left empty reads as computed everywhere (``value_at``); a typed one that
  disagrees is an error for ``Sum`` and ``Difference``, and for ``Ratio`` only when
  ``typed_may_differ`` is False (a typed 得分 overriding the suggested one is declared with
  ``Within`` instead).

Checks:

- ``NotAbove(part, pair)``: ``part`` ≤ ``pair`` when both are numbers (年度 ≤ 中期, 得分 ≤ 分值,
  执行数 ≤ 预算数 as a warning);
- ``RequiredIf(paths, when)``: ``paths`` must be filled when a condition gives a reason
  (``AnyFilled(paths, reason)``, or any ``(form) -> str | None`` of the form's own); the
  message is ``<reason>，须填写<label>``;
- ``WeightsAddUp(column, figure=..., by=..., figures=...)``: a column's numbers add up to a
  figure, or, grouped by another column (a tree's first level), each group to its own figure;
- ``Within(path, low, high)``: a number within a band; ``low``/``high`` are numbers, paths, or
  ``Scaled(path, factor)`` (a share of another value, e.g. 分值 × 0.8); ``when`` limits the rows.

Every rule takes ``severity`` (``ERROR`` by default) and an optional ``message`` template
(``{label}``, ``{value}``, and the rule's own names such as ``{pair_label}``, ``{pair}``).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation, localcontext

from . import spec as S
from .amounts import format_amount
from .fieldpath import format_path
from .problems import Problem
from .record import Record

Number = Decimal | None


# -- reading values ----------------------------------------------------------------------------

def _split(spec: S.FormSpec, path: str) -> tuple[str | None, str]:
    """(table key, column) for a column path ``table.column``, else (None, path)."""
    head, dot, tail = path.partition(".")
    if dot and "[" not in path:
        try:
            member = spec.member(head)
        except KeyError:
            return None, path
        if isinstance(member, S.Table):
            return head, tail
    return None, path


class Values:
    """The numbers of one form as rules read them, relative to a row of a table (``row``):
    a column path reads that row's cell, any other path the form's value; a value left empty
    that a field's ``computed_from`` or a derived rule gives reads as computed."""

    def __init__(self, form, derived: dict[str, "Derived"], table: str | None = None, row=None, index: int = -1):
        self.form, self.derived, self.table, self.row, self.index = form, derived, table, row, index

    def at(self, table: str, index: int, row) -> "Values":
        return Values(self.form, self.derived, table, row, index)

    def raw(self, path: str):
        table, column = _split(self.form.spec, path)
        if table is not None:
            return getattr(self.row, column) if table == self.table and self.row is not None else None
        return self.form.get(path)

    def number(self, path: str | Decimal | "Scaled" | None, depth: int = 0) -> Number:
        if path is None or isinstance(path, Decimal):
            return path
        if isinstance(path, Scaled):
            base = self.number(path.path, depth)
            return None if base is None else base * path.factor
        value = self.raw(path)
        if value is None and depth < 8:  # computed (a total of totals is computed in turn)
            f = self.form.spec.field_at(path)
            if f is not None and f.computed_from:
                parts = [self.number(p, depth + 1) for p in f.computed_from]
                return None if all(p is None for p in parts) else _sum(parts)
            rule = self.derived.get(path)
            if rule is not None:
                return rule.compute(self, depth + 1)
        return value if isinstance(value, Decimal) else None

    def where(self, path: str) -> str:
        """The path of the value a problem is about: the cell of this row for a column."""
        table, column = _split(self.form.spec, path)
        return format_path(table, self.index, column) if table is not None and table == self.table else path

    def blank(self, path: str) -> bool:
        value = self.raw(path)
        return value is None or (isinstance(value, str) and not value.strip())


def _sum(values) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = 60
        out = Decimal("0.00")
        for v in values:
            if v is not None:
                out += v
        return out


def label(spec: S.FormSpec, path: str) -> str:
    f = spec.field_at(path)
    return f.label if f is not None else path


def shown(spec: S.FormSpec, path: str, value: Decimal) -> str:
    f = spec.field_at(path)
    return f.kind.show(value) if f is not None else format_amount(value)


def _rows(spec: S.FormSpec, paths) -> str | None:
    """The table the rule is applied row by row over (its paths' only table), or None."""
    tables = {t for t in (_split(spec, p)[0] for p in _flat(paths)) if t is not None}
    if len(tables) > 1:
        raise ValueError(f"a rule over columns of more than one table: {sorted(tables)}")
    return tables.pop() if tables else None


def _flat(paths):
    for p in paths:
        if isinstance(p, str):
            yield p
        elif isinstance(p, Scaled):
            yield p.path
        elif isinstance(p, tuple):
            yield from _flat(p)


def _each(values: Values, paths):
    """``values`` for each row the rule applies to (once, for a rule of single values)."""
    table = _rows(values.form.spec, paths)
    if table is None:
        yield values
        return
    for i, row in enumerate(values.form.rows(table)):
        yield values.at(table, i, row)


class Scaled(Record):
    """A bound that is a share of another value: ``Scaled("rows.weight", Decimal("0.8"))``."""
    path: str
    factor: Decimal


Bound = Decimal | str | Scaled | None


def _renamed(path, names: dict[str, str]):
    if isinstance(path, str):
        return names.get(path, path)
    if isinstance(path, Scaled):
        return Scaled(names.get(path.path, path.path), path.factor)
    if isinstance(path, tuple):
        return tuple(_renamed(p, names) for p in path)
    return path


class Rule(Record):
    """What every declared rule has: ``stage`` says when ``check`` runs it (``totals``: with
    the arithmetic, before the required fields; ``values``: after them)."""

    def problems(self, values: Values) -> list[Problem]:
        raise NotImplementedError

    @property
    def stage(self) -> str:
        return "totals"

    def paths(self) -> tuple:
        return tuple(getattr(self, name) for name in self._fields if name not in _NOT_PATHS)

    def renamed(self, names: dict[str, str]) -> "Rule":
        """The same rule over other paths (an edition that moved or renamed a field)."""
        return type(self)(**{n: (getattr(self, n) if n in _NOT_PATHS else _renamed(getattr(self, n), names))
                             for n in self._fields})


_NOT_PATHS = frozenset({"severity", "message", "places", "typed_may_differ", "undefined", "when", "by",
                        "figures", "figure", "reason"})


# -- derived values ----------------------------------------------------------------------------

class Derived(Rule):
    result: str

    def compute(self, values: Values, depth: int = 0) -> Number:
        raise NotImplementedError

    def typed_problem(self, values: Values, typed: Decimal, computed: Decimal) -> str:
        return (f"{label(values.form.spec, self.result)} {shown(values.form.spec, self.result, typed)} 不等于"
                f"{self.describe(values.form.spec)} {shown(values.form.spec, self.result, computed)}"
                f"（清空{label(values.form.spec, self.result)}则按此计算）")

    def describe(self, spec: S.FormSpec) -> str:
        raise NotImplementedError

    typed_may_differ = False
    severity = S.ERROR  # each rule declares it as its own field, after its paths

    def problems(self, values: Values) -> list[Problem]:
        out = []
        for v in _each(values, self.paths()):
            typed = v.raw(self.result)
            if not isinstance(typed, Decimal) or self.typed_may_differ:
                continue
            computed = self.compute(v)
            if computed is not None and typed != computed:
                out.append(Problem(self.severity, v.where(self.result), self.typed_problem(v, typed, computed)))
        return out


class Sum(Derived):
    result: str
    parts: tuple[str, ...]
    severity: str = S.ERROR

    def compute(self, values: Values, depth: int = 0) -> Number:
        numbers = [values.number(p, depth) for p in self.parts]
        return None if all(n is None for n in numbers) else _sum(numbers)

    def describe(self, spec: S.FormSpec) -> str:
        return "、".join(label(spec, p) for p in self.parts) + "之和"


class Difference(Derived):
    result: str
    minuend: str
    subtrahend: str
    severity: str = S.ERROR

    def compute(self, values: Values, depth: int = 0) -> Number:
        a, b = values.number(self.minuend, depth), values.number(self.subtrahend, depth)
        if a is None and b is None:
            return None
        return _sum([a, -(b or Decimal(0))])

    def describe(self, spec: S.FormSpec) -> str:
        return f"{label(spec, self.minuend)}减{label(spec, self.subtrahend)}之差"


class Ratio(Derived):
    result: str
    numerator: str
    denominator: str
    times: Bound = Decimal(1)
    cap: Bound = None
    places: int | None = 2
    severity: str = S.ERROR
    typed_may_differ: bool = False
    # Said when the denominator is empty or zero and the numerator is filled ("" for nothing).
    undefined: str = "{denominator_label}为空或为零，无法计算{label}"

    def compute(self, values: Values, depth: int = 0) -> Number:
        n, d = values.number(self.numerator, depth), values.number(self.denominator, depth)
        times = values.number(self.times, depth)
        if n is None or d is None or d == 0 or times is None:
            return None
        with localcontext() as ctx:
            ctx.prec = 60
            try:
                out = n / d * times
            except InvalidOperation:
                return None
            cap = values.number(self.cap, depth)
            if cap is not None and out > cap:
                out = cap
            if self.places is not None:
                out = out.quantize(Decimal(1).scaleb(-self.places), rounding=ROUND_HALF_UP)
        return out

    def describe(self, spec: S.FormSpec) -> str:
        return f"{label(spec, self.numerator)}÷{label(spec, self.denominator)}"

    def problems(self, values: Values) -> list[Problem]:
        out = super().problems(values)
        if self.undefined:
            spec = values.form.spec
            for v in _each(values, self.paths()):
                d = v.number(self.denominator)
                if (d is None or d == 0) and v.number(self.numerator) is not None:
                    out.append(Problem(self.severity, v.where(self.denominator), self.undefined.format(
                        label=label(spec, self.result), denominator_label=label(spec, self.denominator))))
        return out


# -- checks ------------------------------------------------------------------------------------

class NotAbove(Rule):
    """``part`` ≤ ``pair`` wherever both are numbers."""
    part: str
    pair: Bound
    severity: str = S.ERROR
    message: str = "{label} {value} 超过{pair_label} {pair}"

    def problems(self, values: Values) -> list[Problem]:
        spec = values.form.spec
        out = []
        for v in _each(values, self.paths()):
            a, p = v.number(self.part), v.number(self.pair)
            if a is not None and p is not None and a > p:
                pair_label = label(spec, self.pair) if isinstance(self.pair, str) else ""
                out.append(Problem(self.severity, v.where(self.part), self.message.format(
                    label=label(spec, self.part), value=shown(spec, self.part, a), pair_label=pair_label,
                    pair=shown(spec, self.part, p))))
        return out

    def exceeded(self, form) -> tuple[Decimal, Decimal] | None:
        """(part, pair) when a one-value ``part`` is above its pair, else None (for status lines)."""
        v = Values(form, derived_of(form.spec))
        a, p = v.number(self.part), v.number(self.pair)
        return (a, p) if a is not None and p is not None and a > p else None


class AnyFilled(Record):
    """A condition: ``reason`` when any of ``paths`` (values or columns) is filled."""
    paths: tuple[str, ...]
    reason: str

    def __call__(self, form) -> str | None:
        for path in self.paths:
            if form.spec.field_at(path) is None:
                continue  # an edition without it
            table, column = _split(form.spec, path)
            if table is not None:
                if any(not _blank_value(getattr(r, column)) for r in form.rows(table)):
                    return self.reason
            elif not _blank_value(form.get(path)):
                return self.reason
        return None


def _blank_value(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class RequiredIf(Rule):
    """``paths`` must be filled when one of ``when`` gives a reason (the first that does)."""
    paths_required: tuple[str, ...]
    when: tuple[Callable, ...]
    severity: str = S.ERROR
    message: str = "{reason}，须填写{label}"

    @property
    def stage(self) -> str:
        return "values"

    def paths(self) -> tuple:
        return self.paths_required

    def reason(self, form) -> str | None:
        return next((r for r in (c(form) for c in self.when) if r is not None), None)

    def problems(self, values: Values) -> list[Problem]:
        form = values.form
        reason = self.reason(form)
        if reason is None:
            return []
        out = []
        for path in self.paths_required:
            for v in _each(values, (path,)):
                if v.blank(path) and v.number(path) is None:
                    out.append(Problem(self.severity, v.where(path),
                                       self.message.format(reason=reason, label=label(form.spec, path))))
        return out


class WeightsAddUp(Rule):
    """The numbers of ``column`` add up to ``figure``, or, with ``by`` (another column of the
    same table), each group's to its own figure in ``figures`` (``(("<a group>", Decimal(50)), …)``;
    a group without rows is said too: its weight is missing)."""
    column: str
    figure: Decimal | None = None
    by: str = ""
    figures: tuple[tuple[str, Decimal], ...] = ()
    severity: str = S.ERROR
    message: str = "{group}各{label}之和 {sum} 不等于 {figure}"

    def problems(self, values: Values) -> list[Problem]:
        form = values.form
        table, column = _split(form.spec, self.column)
        if table is None:
            raise ValueError(f"WeightsAddUp over a value, not a column: {self.column}")
        rows = form.rows(table)
        sums: dict[str, list] = {}
        for row in rows:
            group = getattr(row, self.by) if self.by else ""
            value = getattr(row, column)
            sums.setdefault(group, []).append(value if isinstance(value, Decimal) else None)
        wanted = self.figures if self.by else (("", self.figure),)
        out = []
        f = form.spec.field_at(self.column)
        for group, figure in wanted:
            if figure is None:
                continue
            total = _sum(sums.get(group, []))
            if total != figure:
                out.append(Problem(self.severity, table, self.message.format(
                    group=f"「{group}」下" if group else "", label=f.label if f else self.column,
                    sum=f.kind.show(total) if f else str(total), figure=f.kind.show(figure) if f else str(figure))))
        return out


class Within(Rule):
    """A number within [``low``, ``high``] (either may be None for no bound); ``when`` (a
    callable on the row's ``Values``) limits where it applies."""
    path: str
    low: Bound = None
    high: Bound = None
    when: Callable | None = None
    severity: str = S.ERROR
    message: str = "{label} {value} 不在 {low} 至 {high} 之间"

    def problems(self, values: Values) -> list[Problem]:
        spec = values.form.spec
        out = []
        for v in _each(values, self.paths()):
            if self.when is not None and not self.when(v):
                continue
            x = v.raw(self.path)
            if not isinstance(x, Decimal):
                continue  # empty (a derived value is within its own bounds), or not a number (said elsewhere)
            low, high = v.number(self.low), v.number(self.high)
            if (low is not None and x < low) or (high is not None and x > high):
                out.append(Problem(self.severity, v.where(self.path), self.message.format(
                    label=label(spec, self.path), value=shown(spec, self.path, x),
                    low=shown(spec, self.path, low) if low is not None else "—",
                    high=shown(spec, self.path, high) if high is not None else "—")))
        return out


# -- what the engine calls ---------------------------------------------------------------------

@lru_cache(maxsize=None)
def derived_of(spec: S.FormSpec) -> dict[str, Derived]:
    """The derived values a form declares, by the path of their result."""
    return {r.result: r for r in spec.rules.declared if isinstance(r, Derived)}


def declared_problems(form, stage: str) -> list[Problem]:
    """The problems of the form's declared rules of ``stage`` (``totals`` or ``values``), in
    the order declared."""
    rules = [r for r in form.spec.rules.declared if r.stage == stage]
    if not rules:
        return []
    values = Values(form, derived_of(form.spec))
    out: list[Problem] = []
    for rule in rules:
        out += rule.problems(values)
    return out


def value_at(form, path: str, row_index: int | None = None) -> Number:
    """The number at ``path`` as rules read it: typed, or computed when left empty (a column
    path needs ``row_index``)."""
    values = Values(form, derived_of(form.spec))
    table, _ = _split(form.spec, path)
    if table is not None:
        if row_index is None:
            raise ValueError(f"a column path needs a row: {path}")
        values = values.at(table, row_index, form.rows(table)[row_index])
    return values.number(path)


def part_name(whole: str, part: str) -> str:
    """How a status line names a part under its total: its label without the words it shares
    with the total's at the start (中央拨款 under 中央合计 reads 拨款)."""
    n = 0
    while n < min(len(whole), len(part)) - 1 and whole[n] == part[n]:
        n += 1
    return part[n:]


def sum_line(form, path: str, key: str = "") -> S.StatusLine:
    """The status line of a total declared ``computed_from`` its parts (key ``<its key>_sum``):
    computed when left empty, agreeing with its parts, or not."""
    spec = form.spec
    total = spec.field_at(path)
    key = key or f"{total.key}_sum"
    typed = form.get(path)
    parts = [form.get(p) for p in total.computed_from]
    if isinstance(typed, str) or any(isinstance(v, str) for v in parts):
        return S.StatusLine(key, f"{total.label}：有金额不是数字，请先改正", ok=False)
    values = Values(form, derived_of(spec))
    numbers = [values.number(p) for p in total.computed_from]
    computed = None if all(n is None for n in numbers) else _sum(numbers)
    names = [part_name(total.label, spec.field_at(p).label) for p in total.computed_from]
    shown_parts = " + ".join(f"{name} {format_amount(v or Decimal(0))}" for name, v in zip(names, numbers))
    if typed is None and computed is None:
        return S.StatusLine(key, f"{total.label}：未填写")
    if typed is None:
        return S.StatusLine(key, f"✓ {total.label} {format_amount(computed)}（自动计算：{shown_parts}）", ok=True)
    if computed is None:
        return S.StatusLine(key, f"{total.label} {format_amount(typed)}（未分列{'、'.join(names)}）")
    if typed == computed:
        return S.StatusLine(key, f"✓ {total.label} {format_amount(typed)} = {shown_parts}", ok=True)
    return S.StatusLine(key, f"✗ {total.label} {format_amount(typed)} 不等于 {shown_parts} = {format_amount(computed)}",
                        ok=False)


def is_column(spec: S.FormSpec, path: str) -> bool:
    return _split(spec, path)[0] is not None


__all__ = ["AnyFilled", "Derived", "Difference", "NotAbove", "Ratio", "RequiredIf", "Rule", "Scaled", "Sum",
           "Values", "WeightsAddUp", "Within", "declared_problems", "derived_of", "part_name", "sum_line",
           "value_at"]
