"""What changed between two versions of a form (a resubmission against what was sent back),
field by field, from the declaration alone.

Rows of a table are matched by the table's ``match_by`` columns (a table without them, by
position), not by where they stand: deleting one row is one removed row, not every later row
changed; rows that share a key are paired in order. A change of the matched rows' order is
one change of the table (its rows' keys, old order → new order). Amounts compare as numbers
(``3738.1`` equals ``3738.10``; the 内容指纹, which is of the text as typed, does tell them
apart) and a changed amount carries its difference; text compares after Unicode NFC, as the
fingerprint does.

The review block is not content: ``compare`` never looks at it, so whether two forms are
equal does not depend on it. ``review_changes`` lists its changes separately (a verdict set,
comments added, removed or marked resolved) for whoever asks.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal, localcontext

from . import spec as S
from .amounts import format_amount, plain_amount
from .errors import FormError
from .fieldpath import format_path
from .fileerrors import quoted
from .labels import field_label
from .model import FormBase
from .record import Record
from .review import FIELD_LABELS, verdict_text

CHANGED, ADDED, REMOVED = "changed", "added", "removed"
WORDS = {CHANGED: "修改", ADDED: "新增", REMOVED: "删除"}


class Change(Record):
    path: str
    change: str          # CHANGED, ADDED or REMOVED
    old: object          # as interchange JSON writes it (a removed row: its object)
    new: object
    label: str = ""      # where, in the clerk's words
    difference: str | None = None  # new − old, for two amounts
    shown: str = ""      # what changed, in one line (old → new)

    def as_dict(self) -> dict:
        out = {"path": self.path, "change": self.change, "old": self.old, "new": self.new, "label": self.label}
        if self.difference is not None:
            out["difference"] = self.difference
        return out

    def __str__(self) -> str:
        return f"{WORDS[self.change]}  {self.label}：{self.shown}"


class DifferentForms(FormError):
    """Two files that hold different kinds of form: there is nothing to compare field by field."""


def _text(value) -> str:
    return unicodedata.normalize("NFC", value) if isinstance(value, str) else value


def _json(field: S.Field, value):
    return field.kind.to_json(value) if isinstance(value, Decimal) else value


def _shown(field: S.Field, value) -> str:
    if value is None or value == "":
        return "（空）"
    if isinstance(value, Decimal):
        return field.kind.show(value)
    return f"「{quoted(value, 60)}」"


def _same(field: S.Field, a, b) -> bool:
    if field.kind.decimal and isinstance(a, Decimal) and isinstance(b, Decimal):
        return a == b
    return type(a) is type(b) and _text(a) == _text(b)


def _value_change(spec: S.FormSpec, path: str, field: S.Field, a, b) -> Change | None:
    if _same(field, a, b):
        return None
    difference = None
    shown = f"{_shown(field, a)} → {_shown(field, b)}"
    if field.kind.decimal and isinstance(a, Decimal) and isinstance(b, Decimal):
        with localcontext() as ctx:
            ctx.prec = 60
            delta = b - a
        difference = plain_amount(delta)
        shown += f"（{'+' if delta > 0 else ''}{format_amount(delta)}）"
    return Change(path, CHANGED, _json(field, a), _json(field, b), field_label(spec, path), difference, shown)


def _row_json(table: S.Table, row) -> dict:
    return {c.key: _json(c, getattr(row, c.key)) for c in table.columns}


def row_key(table: S.Table, row) -> tuple:
    """What identifies a row across versions: its ``match_by`` values, blanks aside."""
    return tuple(" ".join(_text(str(getattr(row, k) or "")).split()) for k in table.match_by)


def _key_text(table: S.Table, row) -> str:
    parts = [p for p in row_key(table, row) if p] if table.match_by else []
    return " / ".join(parts) or "（未命名）"


def _pairs(table: S.Table, old: list, new: list) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Matched (old index, new index) pairs, and the old rows removed and new rows added."""
    if not table.match_by:
        n = min(len(old), len(new))
        return [(i, i) for i in range(n)], list(range(n, len(old))), list(range(n, len(new)))
    waiting: dict[tuple, list[int]] = {}
    for j, row in enumerate(new):
        waiting.setdefault(row_key(table, row), []).append(j)
    pairs, removed = [], []
    for i, row in enumerate(old):
        candidates = waiting.get(row_key(table, row))
        if candidates:
            pairs.append((i, candidates.pop(0)))
        else:
            removed.append(i)
    taken = {j for _, j in pairs}
    return pairs, removed, [j for j in range(len(new)) if j not in taken]


def _table_changes(spec: S.FormSpec, table: S.Table, old: list, new: list) -> list[Change]:
    out = []
    pairs, removed, added = _pairs(table, old, new)
    for i in removed:
        out.append(Change(format_path(table.key, i), REMOVED, _row_json(table, old[i]), None,
                          f"{table.label}原第{i + 1}行", shown=f"「{quoted(_key_text(table, old[i]), 60)}」"))
    for j in added:
        out.append(Change(format_path(table.key, j), ADDED, None, _row_json(table, new[j]),
                          f"{table.label}第{j + 1}行", shown=f"「{quoted(_key_text(table, new[j]), 60)}」"))
    for i, j in pairs:
        for c in table.columns:
            change = _value_change(spec, format_path(table.key, j, c.key), c, getattr(old[i], c.key),
                                   getattr(new[j], c.key))
            if change is not None:
                out.append(change)
    order = [j for _, j in sorted(pairs)]
    if order != sorted(order):
        before = [_key_text(table, old[i]) for i, _ in sorted(pairs)]
        after = [_key_text(table, new[j]) for _, j in sorted(pairs, key=lambda p: p[1])]
        kept = _longest_rising(order)
        moved = [j for j in order if j not in kept]
        shown = "、".join(f"「{quoted(_key_text(table, new[j]), 30)}」移到第{j + 1}行" for j in sorted(moved)[:5])
        out.append(Change(table.key, CHANGED, before, after, f"{table.label}的顺序",
                          shown=shown + (f" 等 {len(moved)} 行" if len(moved) > 5 else "")))
    return out


def _longest_rising(values: list[int]) -> set[int]:
    """The values of a longest increasing subsequence: the rows that kept their order, so that
    the others are the ones that moved (O(n log n), a table may hold 20,000 rows)."""
    tails: list[int] = []     # index into values of the smallest tail of each length
    before: list[int] = [-1] * len(values)
    for i, v in enumerate(values):
        k = _bisect(values, tails, v)
        if k:
            before[i] = tails[k - 1]
        if k == len(tails):
            tails.append(i)
        else:
            tails[k] = i
    out, i = set(), tails[-1] if tails else -1
    while i >= 0:
        out.add(values[i])
        i = before[i]
    return out


def _bisect(values: list[int], tails: list[int], v: int) -> int:
    lo, hi = 0, len(tails)
    while lo < hi:
        mid = (lo + hi) // 2
        if values[tails[mid]] < v:
            lo = mid + 1
        else:
            hi = mid
    return lo


def same_kind(old: FormBase, new: FormBase, old_name: str = "", new_name: str = "") -> None:
    """``DifferentForms`` unless the two hold the same kind of form (editions of one form are)."""
    if old.spec is not new.spec and old.spec.kin.key != new.spec.kin.key:
        raise DifferentForms(f"两份文件不是同一种表单：{old_name or '前一份'} 是{old.spec.short_title}表，"
                             f"{new_name or '后一份'} 是{new.spec.short_title}表，无法逐项比较")


def compare(old: FormBase, new: FormBase) -> list[Change]:
    """Every change of content from ``old`` to ``new``, in interchange order (rows: removed,
    added, then changed cells, then the order). Empty when their contents are equal."""
    same_kind(old, new)
    spec = old.spec
    if new.spec is not spec:
        return _across_editions(old, new)
    out: list[Change] = []
    for m in spec.members:
        if isinstance(m, S.Field):
            change = _value_change(spec, m.key, m, getattr(old, m.key), getattr(new, m.key))
            out += [change] if change else []
        elif isinstance(m, S.Group):
            a, b = getattr(old, m.key), getattr(new, m.key)
            for f in m.fields:
                change = _value_change(spec, f"{m.key}.{f.key}", f, getattr(a, f.key), getattr(b, f.key))
                out += [change] if change else []
        else:
            out += _table_changes(spec, m, getattr(old, m.key), getattr(new, m.key))
    return out


def _across_editions(old: FormBase, new: FormBase) -> list[Change]:
    """Two editions of one form: a value both have is compared as in one form; a value one of
    them lacks reads as empty there (so a field the other edition adds is a change from or to
    empty), and a row table of other columns is compared on the columns both have."""
    out: list[Change] = []
    for path, f in _scalars(old.spec, new.spec):
        a = old.get(path) if old.spec.field_at(path) is not None else f.kind.empty
        b = new.get(path) if new.spec.field_at(path) is not None else f.kind.empty
        change = _value_change(new.spec if new.spec.field_at(path) is not None else old.spec, path, f, a, b)
        out += [change] if change else []
    for table in _tables(old.spec, new.spec):
        a = old.rows(table.key) if _has_table(old.spec, table.key) else []
        b = new.rows(table.key) if _has_table(new.spec, table.key) else []
        out += _table_changes(new.spec if _has_table(new.spec, table.key) else old.spec, table, a, b)
    return out


def _scalars(old: S.FormSpec, new: S.FormSpec) -> list[tuple[str, S.Field]]:
    seen = dict(old.scalar_paths())
    for path, f in new.scalar_paths():
        seen.setdefault(path, f)
    return list(seen.items())


def _has_table(spec: S.FormSpec, key: str) -> bool:
    return any(t.key == key for t in spec.tables)


def _tables(old: S.FormSpec, new: S.FormSpec) -> list[S.Table]:
    out = []
    for t in old.tables:
        other = next((n for n in new.tables if n.key == t.key), None)
        if other is not None and other != t:  # the columns both have
            common = tuple(c for c in t.columns if c.key in other.model_keys)
            t = S.Table(t.key, t.label, common, t.class_name, t.empty, t.tree,
                        tuple(k for k in t.match_by if any(c.key == k for c in common)), t.in_json)
        out.append(t)
    out += [t for t in new.tables if not _has_table(old, t.key)]
    return out


def review_changes(old_form: FormBase, new_form: FormBase) -> list[Change]:
    """How the review block changed: its fields, and comments (matched by place and text)
    added, removed, or marked resolved or not."""
    spec, old, new = new_form.spec, old_form.review, new_form.review
    out = []
    for key in ("verdict", "reviewer", "date", "summary"):
        a, b = getattr(old, key), getattr(new, key)
        if a != b:
            show = verdict_text if key == "verdict" else (lambda v: f"「{quoted(v, 60)}」")
            out.append(Change(f"review.{key}", CHANGED, a, b, FIELD_LABELS[key],
                              shown=f"{show(a) if a else '（空）'} → {show(b) if b else '（空）'}"))
    waiting: dict[tuple, list[int]] = {}
    for j, c in enumerate(new.comments):
        waiting.setdefault((c.path, c.text), []).append(j)
    removed = []
    for i, c in enumerate(old.comments):
        candidates = waiting.get((c.path, c.text))
        if not candidates:
            removed.append(i)
            continue
        j = candidates.pop(0)
        if new.comments[j].resolved != c.resolved:
            out.append(Change(f"review.comments[{j}].resolved", CHANGED, c.resolved, new.comments[j].resolved,
                              f"审核意见（{field_label(spec, c.path)}）「{quoted(c.text, 30)}」",
                              shown="已标记为已处理" if new.comments[j].resolved else "改回未处理"))
    for i in removed:
        c = old.comments[i]
        out.append(Change(f"review.comments[{i}]", REMOVED, _comment(c), None, f"审核意见（{field_label(spec, c.path)}）",
                          shown=f"「{quoted(c.text, 60)}」"))
    for j in sorted(j for js in waiting.values() for j in js):
        c = new.comments[j]
        out.append(Change(f"review.comments[{j}]", ADDED, None, _comment(c), f"审核意见（{field_label(spec, c.path)}）",
                          shown=f"「{quoted(c.text, 60)}」"))
    return out


def _comment(c) -> dict:
    return {"path": c.path, "text": c.text, "resolved": c.resolved}
