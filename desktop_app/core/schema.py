"""The JSON Schema (draft 2020-12) of a declared form's interchange format, generated from its
declaration with the reader's own limits and grammar, so the schema and ``jsonio`` agree
(``tests/core/test_schema.py`` holds them to it). ``python -m desktop_app schema FORMAT``
prints it; ``resources/spec/`` keeps that output for people and other programs.

Two rules of the reader are beyond what JSON Schema can say, and stated in the description: a
key may appear only once in an object, and text may not hold unpaired UTF-16 surrogates.
"""

from __future__ import annotations

import json

from . import identity as I
from . import review as R
from . import spec as S
from .jsonio import FORMAT_KEY

DRAFT = "https://json-schema.org/draft/2020-12/schema"


def _field(f: S.Field) -> dict:
    return f.kind.schema(f)


def _object(fields, required: bool, nullable: bool, description: str) -> dict:
    return {
        "type": ["object", "null"] if nullable else "object",
        "description": description,
        "additionalProperties": False,
        "required": [f.key for f in fields if required and f.in_json],
        "properties": {f.key: _field(f) for f in fields},
    }


def _group(g: S.Group) -> dict:
    """A group's object; one whose fields nest (``Field.json_at``) holds an object per row."""
    nesting: dict[str, list[S.Field]] = {}
    for f in g.fields:
        if f.json_at:
            nesting.setdefault(f.json_at[0], []).append(f)
    if not nesting:
        return _object(g.fields, g.keys_in_json, not g.in_json, g.label)
    inner = {}
    for name, fields in nesting.items():
        inner[name] = {"type": ["object", "null"], "description": name, "additionalProperties": False,
                       "required": [f.json_at[1] for f in fields] if g.keys_in_json else [],
                       "properties": {f.json_at[1]: _field(f) for f in fields}}
    return {"type": ["object", "null"] if not g.in_json else "object", "description": g.label,
            "additionalProperties": False, "required": list(nesting) if g.keys_in_json else [],
            "properties": inner}


def _table(t: S.Table) -> dict:
    row = _object(t.columns, True, False, t.label)
    if t.tree is not None:
        k1, k2 = t.tree.level_keys
        for key in (k1, k2):
            row["properties"][key] = {"type": "string", "description": t.column(key).label}
        row["anyOf"] = [{"properties": {k1: {"const": l1.name},
                                        k2: {"enum": [name for l2 in l1.children for name in l2.names]}}}
                        for l1 in t.tree.levels]
    return {"type": ["array", "null"] if not t.in_json else "array", "description": t.label, "maxItems": S.MAX_ROWS,
            "items": row}


def schema(form_spec: S.FormSpec) -> dict:
    properties: dict = {FORMAT_KEY: {"const": form_spec.format_id, "description": "表单格式"}, **I.json_schema()}
    for m in form_spec.members:
        if isinstance(m, S.Field):
            properties[m.key] = _field(m)
        elif isinstance(m, S.Group):
            properties[m.key] = _group(m)
        else:
            properties[m.key] = _table(m)
    properties[R.KEY] = R.json_schema()
    return {
        "$schema": DRAFT,
        "$id": form_spec.format_id,
        "title": f"{form_spec.title} — {form_spec.format_id}",
        "description": ("One filled-in or partly filled-in form. Empty text may be \"\" or null; amounts "
                        "(万元) are decimal strings as typed, a reader also accepts JSON numbers; "
                        "checking the form reports what is missing or inconsistent. Beyond this schema, "
                        "a key may appear only once in an object and text may not hold unpaired "
                        "UTF-16 surrogates."),
        "type": "object",
        "additionalProperties": False,
        "required": [FORMAT_KEY, *(m.key for m in form_spec.members if m.in_json)],
        "properties": properties,
    }


def schema_text(form_spec: S.FormSpec) -> str:
    return json.dumps(schema(form_spec), ensure_ascii=False, indent=2) + "\n"
