"""Reading any member of a form family through the family's roles.

A form declares its ``Family`` and the path it gives each role (``FormSpec.shared``); what starts
from a form of the family (next year's draft, a self-evaluation) reads it here, whichever edition
it is::

    value(form, "<role>")              # the value that member gives the role, in its own place
    targets(form)                      # its year's targets: (level 1, level 2, name, value) in order

A form of its own family (no ``family`` declared) reads its roles as its own paths.
"""

from __future__ import annotations

from .model import FormBase
from .lookup import table_of
from .ruleset import is_column
from .totals import amount_at


class Target(tuple):
    """One target of the year: ``(level1, level2, name, value)``."""

    __slots__ = ()

    def __new__(cls, level1: str, level2: str, name: str, value: str):
        return super().__new__(cls, (level1, level2, name, value))

    level1 = property(lambda self: self[0])
    level2 = property(lambda self: self[1])
    name = property(lambda self: self[2])
    value = property(lambda self: self[3])


def value(form: FormBase, role: str):
    """The value the form gives ``role`` (an amount left empty reads as computed)."""
    path = form.spec.path_of(role)
    f = form.spec.field_at(path)
    return amount_at(form, path) if f is not None and f.kind.decimal else form.get(path)


def targets(form: FormBase, table_role: str = "annual_targets", name_role: str = "target_name",
            value_role: str = "target_value") -> list[Target]:
    """The rows of the form's table of the year's targets (the family's ``table_role``), each as
    its tree's two levels, its name and its value, in the table's order."""
    spec = form.spec
    table = table_of(spec, spec.path_of(table_role))
    name, target = (spec.path_of(r).partition(".")[2] for r in (name_role, value_role))
    if not (is_column(spec, spec.path_of(name_role)) and is_column(spec, spec.path_of(value_role))):
        raise ValueError(f"{spec.format_id}: {name_role} and {value_role} must be columns of {table.key}")
    k1, k2 = table.tree.level_keys if table.tree is not None else ("", "")
    return [Target(getattr(r, k1) if k1 else "", getattr(r, k2) if k2 else "", getattr(r, name), getattr(r, target))
            for r in form.rows(table.key)]
