"""Lookups in a declaration that the caller knows must succeed, typed as what they find.

``FormSpec.member`` may be any member and ``field_at`` may find nothing; where the declaration
itself says what is there (a layout naming a table, a rule naming its parts), these say so to the
type checker and fail with a ``KeyError`` naming the path if a declaration is wrong.
"""

from __future__ import annotations

from . import spec as S


def table_of(spec: S.FormSpec, key: str) -> S.Table:
    member = spec.member(key)
    if not isinstance(member, S.Table):
        raise KeyError(f"{spec.format_id}: {key} is not a table")
    return member


def field_of(spec: S.FormSpec, path: str) -> S.Field:
    found = spec.field_at(path)
    if found is None:
        raise KeyError(f"{spec.format_id}: no field at {path}")
    return found


def tree_of(table: S.Table) -> S.Tree:
    if table.tree is None:
        raise KeyError(f"{table.key} has no indicator tree")
    return table.tree
