"""A declared form as the tables of its draft file, and back.

Tables mirror the form so anyone can read a draft with an SQLite tool: ``form`` (one row: the
format id and the top-level fields), one single-row table per group, and one table per row
table with a ``position`` column in print order. Amounts are TEXT, exactly as entered; a year is an INTEGER.
"""

from __future__ import annotations

from functools import lru_cache

from .. import spec as S
from ..amounts import plain_amount
from ..errors import FormError
from ..fileerrors import quoted
from ..model import AmountValue, FormBase, Model, amount_from_text

FORM_TABLE = "form"
FORMAT_COLUMN = "format"

# Table name -> (primary key, {column: type}).
Schema = dict[str, tuple[str, dict[str, type]]]
Rows = dict[str, list[tuple]]  # table -> its rows as tuples in the schema's column order


@lru_cache(maxsize=None)
def schema_of(spec: S.FormSpec) -> Schema:
    kind = {S.YEAR: int}
    schema: Schema = {FORM_TABLE: ("id", {"id": int, FORMAT_COLUMN: str,
                                          **{f.key: kind.get(f.kind, str) for f in spec.fields}})}
    for m in spec.members:
        if isinstance(m, S.Group):
            schema[m.key] = ("id", {"id": int, **{f.key: kind.get(f.kind, str) for f in m.fields}})
        elif isinstance(m, S.Table):
            schema[m.key] = ("position", {"position": int, **{c.key: kind.get(c.kind, str) for c in m.columns}})
    return schema


def _stored(field: S.Field, value):
    return _amount_text(value) if field.kind == S.AMOUNT else value


def table_rows(form: FormBase) -> Rows:
    """The form as the rows of each table. Tuples, not dicts: an autosave compares rows, and
    tuples compare in C."""
    spec = form.spec
    rows: Rows = {FORM_TABLE: [(1, spec.format_id, *(_stored(f, getattr(form, f.key)) for f in spec.fields))]}
    for m in spec.members:
        if isinstance(m, S.Group):
            group = getattr(form, m.key)
            rows[m.key] = [(1, *(_stored(f, getattr(group, f.key)) for f in m.fields))]
        elif isinstance(m, S.Table):
            columns = [(c.key, c.kind == S.AMOUNT) for c in m.columns]
            rows[m.key] = [(i, *[_amount_text(getattr(r, k)) if amount else getattr(r, k) for k, amount in columns])
                           for i, r in enumerate(getattr(form, m.key))]
    return rows


def _amount_text(value) -> str | None:
    return value if isinstance(value, str) else plain_amount(value)


def _read(field: S.Field, value):
    if field.kind == S.AMOUNT:
        return _amount(value)
    if field.kind == S.YEAR:
        return value
    return value or ""


def _amount(text: str | None) -> AmountValue:
    return amount_from_text(text)[0] if text is not None else None


class RowError(FormError):
    """Rows that no form of ours holds (the caller names the file)."""


def form_from_rows(model: Model, single, rows) -> FormBase:
    """The form of ``model`` from its tables: ``single(table)`` gives a one-row table's row as
    a dict, ``rows(table)`` a row table's rows as dicts in order."""
    spec = model.spec
    top = single(FORM_TABLE)
    form = model.new()
    for f in spec.fields:
        value = top[f.key]
        if f.kind == S.YEAR and value is not None and not 0 <= value < 10 ** S.YEAR_DIGITS:
            raise RowError(f"中的年度「{quoted(value)}」无效，文件可能已损坏")
        setattr(form, f.key, _read(f, value))
    for m in spec.members:
        if isinstance(m, S.Group):
            row = single(m.key)
            setattr(form, m.key, model.groups[m.key](**{f.key: _read(f, row[f.key]) for f in m.fields}))
        elif isinstance(m, S.Table):
            make = model.rows[m.key]
            items = []
            for r in rows(m.key):
                item = make(**{c.key: _read(c, r[c.key]) for c in m.columns})
                if m.tree is not None:
                    level1, level2 = (getattr(item, k) for k in m.tree.level_keys)
                    if m.tree.find(level1, level2) is None:
                        raise RowError(f"含有未知的{m.label}「{quoted(level1)} / {quoted(level2)}」")
                items.append(item)
            setattr(form, m.key, items)
    return form
