"""A declared form as the tables of its draft file, and back.

Tables mirror the form so anyone can read a draft with an SQLite tool: ``form`` (one row: the
format id and the top-level fields), one single-row table per group, and one table per row
table with a ``position`` column in print order. Amounts are TEXT, exactly as entered; a year is an INTEGER.
The reviewer's block (``core.review``), the same for every form, is ``review`` (one row, or none
while nobody has reviewed the form) and ``review_comments`` (one row per comment, in order),
tables of the draft format's major version 2 (``SINCE``). The form's identity (``core.identity``)
is ``identity``: one row once the form has one; a table of version 2.1.
"""

from __future__ import annotations

from functools import lru_cache

from .. import identity as I
from .. import review as R
from .. import spec as S
from ..amounts import plain_amount
from ..errors import FormError
from ..fieldpath import parse
from ..fileerrors import quoted
from ..model import FormBase, Model
from ..record import Record, field

FORM_TABLE = "form"
FORMAT_COLUMN = "format"

# Table name -> (primary key, {column: type}).
Schema = dict[str, tuple[str, dict[str, type]]]
Rows = dict[str, list[tuple]]  # table -> its rows as tuples in the schema's column order


# Tables every form's draft has besides its own, and the major draft version that added them.
REVIEW_SCHEMA: Schema = {
    R.KEY: ("id", {"id": int, "verdict": str, "reviewer": str, "date": str, "summary": str}),
    R.COMMENTS_TABLE: ("position", {"position": int, "path": str, "text": str, "resolved": int}),
}
IDENTITY_SCHEMA: Schema = {
    I.KEY: ("id", {"id": int, "form_id": str, "revision": int, "source_id": str}),
}
# The draft format version (major, minor) that added each of them.
SINCE = {R.KEY: (2, 0), R.COMMENTS_TABLE: (2, 0), I.KEY: (2, 1)}


@lru_cache(maxsize=None)
def schema_of(spec: S.FormSpec, version: tuple[int, int] | None = None) -> Schema:
    """The tables of ``spec``'s draft: as this program writes them, or (``version``) as a draft
    of that format version holds them."""
    schema: Schema = {FORM_TABLE: ("id", {"id": int, FORMAT_COLUMN: str,
                                          **{f.key: f.kind.sql_type for f in spec.fields}})}
    for m in spec.members:
        if isinstance(m, S.Group):
            schema[m.key] = ("id", {"id": int, **{f.key: f.kind.sql_type for f in m.fields}})
        elif isinstance(m, S.Table):
            schema[m.key] = ("position", {"position": int, **{c.key: c.kind.sql_type for c in m.columns}})
    for table, shape in (*REVIEW_SCHEMA.items(), *IDENTITY_SCHEMA.items()):
        if version is None or SINCE[table] <= version:
            schema[table] = shape
    return schema


def review_rows(review: R.Review) -> Rows:
    """The review block's rows; always rebuilt (a few rows, compared in C like the others)."""
    header = [(1, review.verdict, review.reviewer, review.date, review.summary)] if review.has_header() else []
    return {R.KEY: header,
            R.COMMENTS_TABLE: [(i, c.path, c.text, int(c.resolved)) for i, c in enumerate(review.comments)]}


def identity_rows(identity: I.Identity) -> Rows:
    """The identity's row: none for a form that has none yet."""
    return {I.KEY: [(1, identity.form_id, identity.revision, identity.source_id)] if identity.form_id else []}


def _stored(field: S.Field, value):
    return field.kind.stored(value)


class Touched(Record, frozen=False):
    """What edits changed since the last save, as the window's edit commands know it: rows of
    tables whose cells changed, and for each table whose rows were added, removed or moved,
    the first position that moved. Single-row tables are cheap and always rebuilt."""
    cells: dict[str, set[int]] = field(factory=dict)
    moved: dict[str, int] = field(factory=dict)

    def value(self, path: str) -> None:
        p = parse(path)
        if p.row is not None:
            self.cells.setdefault(p.member, set()).add(p.row)

    def rows(self, table: str, first: int = 0) -> None:
        self.moved[table] = min(first, self.moved.get(table, first))

    def __bool__(self) -> bool:
        return bool(self.cells or self.moved)


def _row(i: int, item, columns) -> tuple:
    return (i, *[_amount_text(getattr(item, k)) if amount else getattr(item, k) for k, amount in columns])


def table_rows(form: FormBase, touched: Touched | None = None, saved: Rows | None = None) -> Rows:
    """The form as the rows of each table. Tuples, not dicts: an autosave compares rows, and
    tuples compare in C. With the rows last ``saved`` and what was ``touched`` since, only
    those rows are built again; the others are the very tuples saved, so comparing them costs
    nothing."""
    spec = form.spec
    rows: Rows = {FORM_TABLE: [(1, spec.format_id, *(_stored(f, getattr(form, f.key)) for f in spec.fields))]}
    for m in spec.members:
        if isinstance(m, S.Group):
            group = getattr(form, m.key)
            rows[m.key] = [(1, *(_stored(f, getattr(group, f.key)) for f in m.fields))]
        elif isinstance(m, S.Table):
            columns = [(c.key, c.kind.decimal) for c in m.columns]
            items = getattr(form, m.key)
            if touched is None or saved is None:
                rows[m.key] = [_row(i, item, columns) for i, item in enumerate(items)]
                continue
            first = min(touched.moved.get(m.key, len(items)), len(saved[m.key]))
            table = saved[m.key][:first] + [_row(i, items[i], columns) for i in range(first, len(items))]
            for i in touched.cells.get(m.key, ()):
                if i < first:
                    table[i] = _row(i, items[i], columns)
            rows[m.key] = table
    rows.update(review_rows(form.review))
    rows.update(identity_rows(form.identity))
    return rows


def rebuilt_positions(form: FormBase, touched: Touched | None, saved: Rows | None,
                      rows: Rows) -> dict[str, list[int]] | None:
    """For each row table, the positions ``table_rows`` built anew from ``touched``: every other
    row is the very tuple ``saved``, so only these can differ (None: any row may)."""
    if touched is None or saved is None:
        return None
    out = {}
    for m in form.spec.members:
        if isinstance(m, S.Table):
            common = min(len(saved[m.key]), len(rows[m.key]))
            first = min(touched.moved.get(m.key, common), common)
            out[m.key] = sorted({i for i in touched.cells.get(m.key, ()) if i < first} | set(range(first, common)))
    return out


def _amount_text(value) -> str | None:
    return value if isinstance(value, str) else plain_amount(value)


def _read(field: S.Field, value):
    return field.kind.read(value)


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
        if f.kind.integer and value is not None and not 0 <= value < 10 ** S.YEAR_DIGITS:
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
    form.review = _review(rows(R.KEY), rows(R.COMMENTS_TABLE))
    form.identity = _identity(rows(I.KEY))
    return form


def _identity(found: list[dict]) -> I.Identity:
    if len(found) > 1:
        raise RowError(f"的 {I.KEY} 表有 {len(found)} 行，文件可能已损坏")
    if not found:
        return I.Identity()
    row = found[0]
    try:
        return I.validated(I.Identity(row["form_id"] or "", row["revision"] or 0, row["source_id"] or ""))
    except I.IdentityError as err:
        raise RowError(f"中的{err.message}") from None


def _review(header: list[dict], comments: list[dict]) -> R.Review:
    if len(header) > 1:
        raise RowError(f"的 {R.KEY} 表有 {len(header)} 行，文件可能已损坏")
    if len(comments) > R.MAX_COMMENTS:
        raise RowError(f"的审核意见有 {len(comments)} 条，超过每份表最多 {R.MAX_COMMENTS} 条的上限")
    values = header[0] if header else {}
    items = []
    for c in comments:
        if c["resolved"] not in (0, 1, None):
            raise RowError(f"的审核意见“已处理”一栏的值「{quoted(c['resolved'])}」无效，文件可能已损坏")
        items.append(R.Comment(c["path"] or "", c["text"] or "", bool(c["resolved"])))
    verdict, reviewer, date, summary = ((values.get(k) or "") for k in ("verdict", "reviewer", "date", "summary"))
    review = R.Review(verdict, reviewer, date, summary, items)
    try:
        return R.validated(review)
    except R.ReviewError as err:
        raise RowError(f"中的{err.message}") from None
