"""The derived totals a form declares, recomputed from its amounts."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal

from .amounts import total
from .model import FormBase


class Totals(Mapping):
    """Each declared total by key; missing or invalid amounts count as zero."""

    def __init__(self, values: dict[str, Decimal]):
        self._values = values

    def __getitem__(self, key: str) -> Decimal:
        return self._values[key]

    def __iter__(self):
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)


def compute_totals(form: FormBase) -> Totals:
    values = {}
    for t in form.spec.totals:
        if t.column:
            table, column = t.column.split(".")
            values[t.key] = total(getattr(row, column) for row in form.rows(table))
        else:
            values[t.key] = total(form.get(p) for p in t.parts)
    return Totals(values)


def computed_amount(form: FormBase, parts) -> Decimal | None:
    """The sum of ``parts`` (paths) for a total left empty, or None when every part is empty."""
    values = [amount_at(form, p) for p in parts]  # a part may be a total left empty in turn
    if all(v is None or v == "" for v in values):
        return None
    return total(values)


def amount_at(form: FormBase, path: str):
    """What the amount slot at ``path`` stands for: its value, or, for a total left empty that
    is declared ``computed_from`` its parts, their sum (None when they are empty too), and for
    one a declared rule derives (``core.ruleset``), what it gives."""
    value = form.get(path)
    f = form.spec.field_at(path)
    if value is None and f is not None and f.computed_from:
        return computed_amount(form, f.computed_from)
    if value is None and f is not None and form.spec.rules.declared and "[" not in path:
        # A declared ratio or difference left empty (the vocabulary is loaded only for a form
        # that declares rules: not at the start of a window of a form without them).
        from .ruleset import derived_of, value_at

        if path in derived_of(form.spec):
            return value_at(form, path)
    return value
