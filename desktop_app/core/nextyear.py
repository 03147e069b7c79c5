"""Next year's form from this year's, for any declared form.

The clerk starts from what was written this year: every text, row and indicator (its values
too — next year's starting point), the year one later. What belongs to this year's filing goes:
every amount is emptied (next year's money is budgeted anew), every date (a date says when
this year's form was signed off), and the reviewer's block. A year with no next one that fits
its field (9999) is refused, rather than a "next" form of the same year. It is a new form: a new
identity that records this one (``identity.derived``).
"""

from __future__ import annotations

import copy

from . import identity
from . import spec as S
from .errors import FormError
from .model import FormBase
from .review import Review


def _next(field: S.Field, value):
    try:
        return field.kind.next_year(value)
    except OverflowError:
        raise FormError(f"{field.label}为 {value} 年，已是可填写的最后一个年度，无法生成下一年度的表单") from None


def next_year(form: FormBase) -> FormBase:
    """A new form (``form`` is left as it is)."""
    new = copy.deepcopy(form)
    for path, f in new.spec.scalar_paths():
        new.set(path, _next(f, new.get(path)))
    for table in new.spec.tables:
        for row in new.rows(table.key):
            for c in table.columns:
                setattr(row, c.key, _next(c, getattr(row, c.key)))
    new.review = Review()
    new.identity = identity.derived(form.identity)
    return new
