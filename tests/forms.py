"""Every declared form as the generic tests use it: its model, its sample, and the keys of a
few typical members (a row table, a group and an amount in it, a text field), read from its
declaration, so one test can tamper with any form's draft or JSON the same way."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass

from desktop_app import paths
from desktop_app.core import spec as S
from desktop_app.forms import MODELS as _MODELS

MODELS = list(_MODELS.values())
IDS = [m.spec.format_id for m in MODELS]


def sample_path(form_spec: S.FormSpec):
    return paths.resource("samples", form_spec.sample)


_SAMPLES = {m.spec.format_id: json.loads(sample_path(m.spec).read_text(encoding="utf-8")) for m in MODELS}


def json_keys(form_spec: S.FormSpec, group: str, key: str) -> tuple[str, ...]:
    """Where a group's field sits in interchange JSON: (group, key), or deeper when the group's
    object nests (``Field.json_at``)."""
    f = form_spec.member(group).field(key)
    return (group, *(f.json_at or (key,)))


def json_at(data: dict, keys: tuple[str, ...]):
    for k in keys:
        data = data[k]
    return data


def set_json_at(data: dict, keys: tuple[str, ...], value) -> None:
    json_at(data, keys[:-1])[keys[-1]] = value


def sample_dict(form_spec: S.FormSpec) -> dict:
    """A private deep copy of the sample's JSON, free to modify."""
    return copy.deepcopy(_SAMPLES[form_spec.format_id])


@dataclass(frozen=True)
class Shape:
    rows: str          # a row table: the first one without a tree, else the tree's
    column: str        # its first text column
    tree: str          # the table under the indicator tree
    level1: str        # that table's first level column
    group: str         # the first group
    amount: str        # the first amount of that group
    last_group: str    # the last group (every form ends with its sign-off)
    last_field: str    # the second field of the last group
    text: str          # the first one-line text field of the form itself
    long_text: str     # the first long text field of the form itself
    amount_at: tuple[str, ...] = ()  # where that amount sits in interchange JSON (a group may nest)


def shape(form_spec: S.FormSpec) -> Shape:
    tables = form_spec.tables
    rows = next((t for t in tables if t.tree is None), tables[0])
    tree = next(t for t in tables if t.tree is not None)
    group = next(g for g in form_spec.groups if any(f.kind == S.AMOUNT for f in g.fields))
    return Shape(
        rows=rows.key,
        column=next(c.key for c in rows.value_columns if c.kind in (S.TEXT, S.LONG_TEXT)),
        tree=tree.key, level1=tree.tree.level_keys[0],
        group=group.key, amount=next(f.key for f in group.fields if f.kind == S.AMOUNT),
        last_group=form_spec.groups[-1].key, last_field=form_spec.groups[-1].fields[1].key,
        text=next(f.key for f in form_spec.fields if f.kind == S.TEXT),
        long_text=next(f.key for f in form_spec.fields if f.kind == S.LONG_TEXT),
        amount_at=json_keys(form_spec, group.key, next(f.key for f in group.fields if f.kind == S.AMOUNT)),
    )
