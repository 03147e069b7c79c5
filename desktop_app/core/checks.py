"""What is wrong with a form, and what is left to fill in: the engine that reads the
declaration (kinds, required fields, tables, the indicator tree) and calls the form's rules.

``check`` never refuses a form: a draft with errors is still a draft. Each problem names the
field by its path so the window can take the clerk there. The order is fixed: amounts, the
form's totals rules, required fields and rows, the form's value rules, formats, printability,
and last the reviewer's unresolved comments (severity ``comment``: listed, never an error).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from operator import attrgetter

from . import fontcoverage  # the font's cmap, read on first use; no reportlab
from . import spec as S
from .dates import parse_date
from .fieldpath import format_path
from .fileerrors import quoted
from .labels import field_label
from .lookup import field_of
from .model import FormBase
from .problems import COMMENT, Problem, has_errors  # noqa: F401  (has_errors: part of this module's API)
from .review import comment_problems
from .ruleset import declared_problems
from .spec import ERROR, WARNING  # noqa: F401
from .totals import compute_totals, computed_amount


# The rows a step of ``steps`` looks at, about: some 5 ms of a 20,000-row form's first check.
STEP_ROWS = 500


def check(form: FormBase) -> list[Problem]:
    problems: list[Problem] = []
    for found in steps(form):
        problems += found
    return problems


def steps(form: FormBase, rows: int | None = None) -> Iterator[list[Problem]]:
    """``check`` in steps of bounded work: each item is what the next step found (often
    nothing), after some ``rows`` rows (``STEP_ROWS``) were looked at, and ``check`` is their concatenation, so
    that a window can check a form of 20,000 rows between the clerk's keys and list the same
    problems in the same order. The form must not change between steps (start anew if it does)."""
    rows = rows or STEP_ROWS
    spec = form.spec
    labels: dict[str, str] = {}  # a form with ten thousand problems has few distinct kinds of path

    def labelled(found: list[Problem]) -> list[Problem]:
        return [Problem(p.severity, p.path, p.message, _label(spec, p.path, labels)) for p in found]

    found: list[Problem] = []
    work = 0
    for item in _found(form, rows):
        if isinstance(item, int):
            work += item
            if work >= rows:
                yield labelled(found)
                found, work = [], 0
        elif item is not None:
            found.append(item)
    yield labelled(found)


def _found(form: FormBase, rows: int) -> Iterator[Problem | int | None]:
    """Every problem, in the order of ``check``, with the number of rows looked at since the
    last (an int) wherever a step may end; None where a form's rule found nothing in a row."""
    spec = form.spec
    totals = compute_totals(form)
    yield from _amounts(form)
    yield from _computed_totals(form)
    yield from declared_problems(form, "totals")
    yield from spec.rules.totals(form, totals)
    yield from _required(form, rows)
    yield from declared_problems(form, "values")
    # A form's own rules may yield None after each row they looked at: a step may end there.
    for i, item in enumerate(spec.rules.values(form, totals), 1):
        yield item
        if i % 64 == 0:
            yield 64
    yield from _formats(form)
    yield from _printable(form)
    yield from comment_problems(form)


def _label(spec: S.FormSpec, path: str, known: dict[str, str]) -> str:
    """``field_label``, worked out once for each column of a table and filled in with the row."""
    member, bracket, rest = path.partition("[")
    if not bracket:
        if path not in known:
            known[path] = field_label(spec, path)
        return known[path]
    row, _, key = rest.partition("]")
    template = known.get(member + key)
    if template is None:
        label = field_label(spec, f"{member}[0]{key}").replace("{", "{{").replace("}", "}}")
        template = known[member + key] = label.replace("第1行", "第{}行", 1)
    return template.format(int(row) + 1) if row.isdigit() else field_label(spec, path)


def blank(text) -> bool:
    return not (text or "").strip() if isinstance(text, str) or text is None else False


def cells(form: FormBase, wanted=None):
    """(where, Field, value) of the form's values whose Field is ``wanted`` (all by default), in
    interchange order (rows row by row); ``where`` is (member, row, key) — ``format_path(*where)``
    is its path, built only where a problem needs it (a form may hold ten thousand rows)."""
    return (cell for cell in _cells(form, wanted) if cell.__class__ is not int)


def _cells(form: FormBase, wanted=None):
    """``cells``, with a 1 after each row of a table (a step of the check may end there)."""
    for m in form.spec.members:
        if isinstance(m, S.Field):
            if wanted is None or wanted(m):
                yield (m.key, None, None), m, getattr(form, m.key)
        elif isinstance(m, S.Group):
            group = getattr(form, m.key)
            for f in m.fields:
                if wanted is None or wanted(f):
                    yield (m.key, None, f.key), f, getattr(group, f.key)
        else:
            columns = [c for c in m.columns if wanted is None or wanted(c)]
            if columns:
                for i, row in enumerate(getattr(form, m.key)):
                    for c in columns:
                        yield (m.key, i, c.key), c, getattr(row, c.key)
                    yield 1


def values(form: FormBase):
    """(path, Field, value) of every value of the form, in interchange order (rows row by row)."""
    for where, f, value in cells(form):
        yield format_path(*where), f, value


def _amounts(form: FormBase) -> Iterator[Problem | int]:
    for cell in _cells(form, lambda f: f.kind.decimal):
        if cell.__class__ is int:
            yield cell
            continue
        where, f, value = cell
        if value is None:
            if f.required and not (f.computed_from and computed_amount(form, f.computed_from) is not None):
                yield Problem(f.required, format_path(*where), f.missing_message)
        elif (msg := f.kind.problem(value)):
            yield Problem(ERROR, format_path(*where), msg)


def _computed_totals(form: FormBase) -> list[Problem]:
    """A total the clerk typed must agree with its parts (a total left empty is computed)."""
    from .amounts import format_amount

    out = []
    for path, f in form.spec.scalar_paths():
        if not f.computed_from:
            continue
        typed = form.get(path)
        computed = computed_amount(form, f.computed_from)
        if typed is None or isinstance(typed, str) or computed is None:
            continue
        if any(isinstance(form.get(p), str) for p in f.computed_from):
            continue  # a part that is not a number is reported on its own
        if typed != computed:
            parts = "、".join(field_of(form.spec, p).label for p in f.computed_from)
            out.append(Problem(ERROR, path, f"{f.label} {format_amount(typed)} 不等于{parts}之和 "
                                            f"{format_amount(computed)}（清空{f.label}则按此计算）"))
    return out


def _required(form: FormBase, step: int) -> Iterator[Problem | int]:
    for m in form.spec.members:
        if isinstance(m, S.Field):
            if m.required and not m.kind.decimal and _empty(getattr(form, m.key)):
                yield Problem(m.required, m.key, m.missing_message)
        elif isinstance(m, S.Group):
            group = getattr(form, m.key)
            for f in m.fields:
                if f.required and not f.kind.decimal and _empty(getattr(group, f.key)):
                    yield Problem(f.required, f"{m.key}.{f.key}", f.missing_message)
        else:
            yield from _required_rows(m, getattr(form, m.key), step)


def _empty(value) -> bool:
    return value is None or blank(value)


def _blank_rows(rows: list, key: str, start: int = 0) -> list[int]:
    """The rows whose ``key`` is empty or blanks, found a column at a time (in C, mostly);
    ``rows`` begin at row ``start`` of their table."""
    return [i for i, v in enumerate(map(attrgetter(key), rows), start) if not v or v.isspace()]


def _required_rows(table: S.Table, rows: list, step: int) -> Iterator[Problem | int]:
    if table.empty and not rows:
        yield Problem(ERROR, table.key, table.empty)
    tree = table.tree
    if tree is not None and tree.per_level1:
        k1 = tree.level_keys[0]
        unnamed = set(_blank_rows(rows, table.value_columns[0].key))
        named = {level1 for i, level1 in enumerate(map(attrgetter(k1), rows)) if i not in unnamed}
        for l1 in tree.level1_names:
            if l1 not in named:
                yield Problem(ERROR, table.key, tree.per_level1.format(level1=l1))
        yield len(rows)
    # Some rows at a time, column by column, then in reading order (row by row, column by column).
    for start in range(0, len(rows), step):
        some = rows[start:start + step]
        found: list[tuple[int, int, Problem]] = []
        for c_index, c in enumerate(table.columns):
            if tree is not None and c.key == tree.level_keys[1]:
                k1, k2 = tree.level_keys
                for i, pair in enumerate(zip(map(attrgetter(k1), some), map(attrgetter(k2), some)), start):
                    if pair not in tree.known_pairs:
                        found.append((i, c_index, Problem(ERROR, format_path(table.key, i, c.key),
                                                          tree.unknown.format(level1=pair[0], level2=pair[1]))))
            elif c.required and not c.kind.decimal and c.kind is not S.LEVEL:
                for i in _blank_rows(some, c.key, start):
                    found.append((i, c_index, Problem(c.required, format_path(table.key, i, c.key),
                                                      c.missing_message)))
        found.sort(key=lambda item: item[:2])
        yield from (problem for _, _, problem in found)
        yield len(some)


def _formats(form: FormBase) -> Iterator[Problem | int]:
    low, high = S.YEAR_RANGE
    for cell in _cells(form, _format_checked(form)):
        if cell.__class__ is int:
            yield cell
            continue
        where, f, value = cell
        if f.kind == S.DATE:
            if (value or "").strip() and parse_date(value) is None:
                yield Problem(WARNING, format_path(*where), f"「{quoted(value)}」不是可以识别的日期，"
                                                            f"请按 年-月-日 填写，例如 2026-01-15")
        elif f.kind.integer and value is not None and not low <= value <= high:
            yield Problem(ERROR, format_path(*where), f"「{quoted(value)}」不是有效的{f.label}，"
                                                      f"请填写四位年份，例如 2026")
        if isinstance(value, str) and len(value) > f.limit:
            yield Problem(ERROR, format_path(*where), f"超过{f.limit}字的上限（现有{len(value)}字），请删减")


def _format_checked(form: FormBase):
    """The fields ``_formats`` must look at one by one: dates, years, and text columns where
    some value is over the limit (found a column at a time, which is quick)."""
    long_columns = set()
    for t in form.spec.tables:
        rows = form.rows(t.key)
        for c in t.columns:
            column = map(attrgetter(c.key), rows)
            if c.kind.decimal or c.kind.integer:  # not all text: a number, or text kept as typed
                over = any(isinstance(v, str) and len(v) > c.limit for v in column)
            else:
                over = max(map(len, column), default=0) > c.limit
            if over:
                long_columns.add(id(c))
    in_tables = {id(c) for t in form.spec.tables for c in t.columns}  # once, not once a field
    return lambda f: f.kind is S.DATE or f.kind.integer or id(f) in long_columns or id(f) not in in_tables


def _printable(form: FormBase) -> Iterator[Problem | int]:
    """Characters the bundled font cannot print (rare characters in names, such as 𠮷): the
    printed copy shows a stand-in, and the clerk is told which field and which characters.
    Characters nobody sees — bidi controls that reorder the text, zero-width and control
    characters — usually come with a paste, and can make a field read differently from what
    it holds: the clerk is told where they are."""
    for cell in _cells(form, lambda f: f.kind.printed_as_text or f.kind.decimal):
        if cell.__class__ is int:
            yield cell
            continue
        where, f, value = cell
        if not value or not isinstance(value, str):
            continue
        lacking, unseen = _unprintable(value)
        if not (lacking or unseen):
            continue
        path = format_path(*where)
        if lacking:
            yield Problem(WARNING, path, f"打印字体缺少「{'」「'.join(quoted(c) for c in lacking)}」"
                                         f"，打印稿上以 {fontcoverage.STAND_IN} 代替，请打印后手写补全")
        if unseen & fontcoverage.BIDI_CONTROLS:
            yield Problem(WARNING, path, f"含有改变文字方向的控制字符（{_codes(unseen & fontcoverage.BIDI_CONTROLS)}），"
                                         f"屏幕和打印稿上的文字顺序与输入的不同，请删除后重新输入")
        if unseen - fontcoverage.BIDI_CONTROLS:
            yield Problem(WARNING, path, f"含有看不见的字符（{_codes(unseen - fontcoverage.BIDI_CONTROLS)}），"
                                         f"通常是复制粘贴带来的，请删除")


_CLEAN: tuple[tuple[str, ...], frozenset[str]] = ((), frozenset())


@lru_cache(maxsize=1 << 18)  # a check runs on every pause in typing; most texts stay the same
def _unprintable(text: str) -> tuple[tuple[str, ...], frozenset[str]]:
    """The characters of ``text`` the font lacks, and those nobody sees."""
    lacking, unseen = fontcoverage.missing(text), fontcoverage.hidden(text)
    return (tuple(lacking), frozenset(unseen)) if lacking or unseen else _CLEAN


def _codes(chars) -> str:
    shown = sorted(f"U+{ord(ch):04X}" for ch in chars)
    return "、".join(shown[:4]) + ("等" if len(shown) > 4 else "")
