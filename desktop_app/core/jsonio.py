"""The interchange formats of every declared form (``budget-performance-form/1``,
``project-performance-target/1``, …), read and written from the declaration.

Reading is strict about shape and lenient about emptiness: any value may be null or "", but a
wrong type, an unknown or repeated key or an amount that is not a number is refused with a
message that names the field. The reviewer's block (``core.review``) is the optional key
``review``, written only when it holds something; the form's identity (``core.identity``) the
optional keys ``form_id``, ``form_revision`` and ``source_form_id``, written once it has one. The JSON Schema of each format (``core.schema``) is generated from
the same declaration and agrees with this reader.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path
from typing import TypeVar

from . import identity as I
from . import review as R
from . import spec as S
from .errors import FormError
from .fieldpath import format_path
from .fileerrors import UNSAFE, quoted, read_input
from . import registry
from .kinds import DecimalKind, KindError
from .labels import field_label
from .model import FormBase, Model
from .lazyre import lazy

MAX_JSON_BYTES = 50 * 1024 * 1024
FORMAT_KEY = "format"
_T = TypeVar("_T")


def _refuse_constant(name: str):
    raise FormError(f"文件含有非法数值 {name}")


def _no_repeats(pairs: list) -> dict:
    seen = {}
    for key, value in pairs:
        if key in seen:
            # Two values for one field: which one a reader takes differs between programs.
            raise FormError(f"文件中字段「{quoted(key, 30)}」出现了不止一次")
        seen[key] = value
    return seen


def parse_json(text: str | bytes) -> object:
    """The JSON value of an interchange file, numbers as ``Decimal``; ``FormError`` if it is not
    usable JSON."""
    if isinstance(text, bytes):
        if len(text) > MAX_JSON_BYTES:
            raise FormError("文件过大，不是本程序的表单文件")
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise FormError("文件不是 UTF-8 编码的 JSON 表单") from None
    try:
        return json.loads(text, parse_float=Decimal, parse_int=Decimal, parse_constant=_refuse_constant,
                          object_pairs_hook=_no_repeats)
    except FormError:
        raise
    except RecursionError:
        raise FormError("JSON 嵌套过深，不是本程序的表单文件") from None
    except ValueError as err:
        raise FormError(f"文件不是有效的 JSON（第 {getattr(err, 'lineno', '?')} 行）") from None


def loads(text: str | bytes) -> FormBase:
    """A form from interchange JSON text; ``FormError`` when it cannot be used."""
    return from_dict(parse_json(text))


def load(path: str | Path) -> FormBase:
    return loads(read_input(Path(path), MAX_JSON_BYTES, "过大，不是本程序的表单文件"))


def model_of(data: dict) -> Model:
    registered = registry.forms()
    MODELS, model_for = registered.MODELS, registered.model_for
    if FORMAT_KEY not in data:
        raise FormError(f"缺少字段 {FORMAT_KEY}（表单格式）")
    model = model_for(data[FORMAT_KEY])
    if model is None:
        known = " 或 ".join(MODELS)
        raise FormError(f"不支持的表单格式：{quoted(data[FORMAT_KEY])}（应为 {known}）")
    return model


def from_dict(data: object, model: Model | None = None) -> FormBase:
    """The form ``data`` holds: of the registered form its format names, or of ``model``
    (a form the caller was handed), whose format it must name."""
    data = _expect(data, dict, None, "")
    if model is None:
        model = model_of(data)
    elif data.get(FORMAT_KEY) != model.spec.format_id:
        raise FormError(f"表单格式应为 {model.spec.format_id}，不是 {quoted(data.get(FORMAT_KEY))}")
    spec = model.spec
    unknown = set(data) - {FORMAT_KEY, R.KEY, *I.JSON_KEYS, *(m.key for m in spec.members)}
    if unknown:
        raise FormError(f"未知的字段：{_names(unknown)}")
    for m in spec.members:
        if m.in_json and m.key not in data:
            raise FormError(f"缺少字段 {m.key}（{m.label}）")
    form = model.new()
    for m in spec.members:
        if isinstance(m, S.Field):
            setattr(form, m.key, _value(spec, m, data.get(m.key), m.key))
        elif isinstance(m, S.Group):
            obj = data.get(m.key)
            if obj is None and not m.in_json:
                continue
            obj = _expect(obj, dict, spec, m.key)
            obj = _flattened(spec, m, obj)
            _keys(spec, obj, m.model_keys, m.key, [f.key for f in m.fields] if m.keys_in_json else ())
            setattr(form, m.key, model.groups[m.key](
                **{f.key: _value(spec, f, obj.get(f.key), f"{m.key}.{f.key}") for f in m.fields}))
        else:
            setattr(form, m.key, _rows(spec, model, m, data.get(m.key)))
    form.review = R.from_json(data.get(R.KEY))  # ReviewError is a FormError: its message says what
    form.identity = I.from_json(data)
    return form


def _nesting(group: S.Group) -> dict[str, list[S.Field]]:
    """The inner objects of a group whose JSON object nests (``Field.json_at``), with their fields."""
    out: dict[str, list[S.Field]] = {}
    for f in group.fields:
        if f.json_at:
            out.setdefault(f.json_at[0], []).append(f)
    return out


def nested(group: S.Group, flat: dict) -> dict:
    """A group's values by field key as its JSON object (inner objects where its fields nest)."""
    if not _nesting(group):
        return flat
    out: dict = {}
    for f in group.fields:
        out.setdefault(f.json_at[0], {})[f.json_at[1]] = flat[f.key]
    return out


def _flattened(spec: S.FormSpec, group: S.Group, obj: dict) -> dict:
    """A nesting group's object as the flat keys of its fields (an inner object that is null
    leaves its fields empty)."""
    nesting = _nesting(group)
    if not nesting:
        return obj
    _keys(spec, obj, set(nesting), group.key, list(nesting) if group.keys_in_json else ())
    flat = {}
    for name, fields in nesting.items():
        inner = obj.get(name)
        if inner is None:
            continue
        if not isinstance(inner, dict):
            raise FormError(f"{_where(spec, group.key)}（{group.key}）中的 {quoted(name, 30)} 应为对象")
        unknown = set(inner) - {f.json_at[1] for f in fields}
        if unknown:
            raise FormError(f"{_where(spec, group.key)}（{group.key}.{quoted(name, 30)}）含有未知字段：{_names(unknown)}")
        for f in fields:
            if group.keys_in_json and f.json_at[1] not in inner:
                raise FormError(f"{_where(spec, group.key)}（{group.key}.{quoted(name, 30)}）缺少字段 {f.json_at[1]}")
            flat[f.key] = inner.get(f.json_at[1])
    return flat


def _rows(spec: S.FormSpec, model: Model, table: S.Table, items: object) -> list:
    if items is None and not table.in_json:
        return []
    items = _expect(items, list, spec, table.key)
    if len(items) > S.MAX_ROWS:
        raise FormError(f"{_where(spec, table.key)}有 {len(items)} 行，超过每个表最多 {S.MAX_ROWS} 行的上限")
    make = model.rows[table.key]
    rows = []
    for i, item in enumerate(items):
        path = format_path(table.key, i)
        item = _expect(item, dict, spec, path)
        _keys(spec, item, table.model_keys, path, [c.key for c in table.columns if c.in_json])
        row = make(**{c.key: _value(spec, c, item.get(c.key), f"{path}.{c.key}") for c in table.columns})
        tree = table.tree
        if tree is not None:
            level1, level2 = (getattr(row, k) for k in tree.level_keys)
            if tree.find(level1, level2) is None:
                raise FormError(f"{_where(spec, path)}：" + tree.unknown.format(level1=quoted(level1),
                                                                                   level2=quoted(level2)))
        rows.append(row)
    return rows


def _value(spec: S.FormSpec, f: S.Field, value: object, path: str):
    if isinstance(value, str) and len(value) > f.limit:
        raise FormError(f"{_where(spec, path)}：{_too_long(f, value)}")
    try:
        return f.kind.parse(value)
    except KindError as err:  # its message quotes the value, escaped and cut short
        # "应为…" and "含有…" read on from the field's name; anything else after a colon
        joined = "" if err.message.startswith(("应为", "含有")) else "："
        raise FormError(f"{_where(spec, path)}{joined}{err.message}") from None


def _too_long(f: S.Field, text: str) -> str:
    return f"超过{f.limit}字的上限（现有{len(text)}字）"


def _where(spec: S.FormSpec | None, path: str) -> str:
    return f"{field_label(spec, path)}（{path}）" if path and spec is not None else "文件"


def _expect(value: object, kind: type[_T], spec: S.FormSpec | None, path: str) -> _T:
    """``value``, known to be a ``kind`` (a JSON object or array)."""
    if not isinstance(value, kind):
        what = "对象" if kind is dict else "列表"
        raise FormError(f"{_where(spec, path)}应为{what}")
    return value


def _keys(spec: S.FormSpec, obj: dict, allowed, path: str, required) -> None:
    unknown = set(obj) - allowed
    if unknown:
        raise FormError(f"{_where(spec, path)}含有未知字段：{_names(unknown)}")
    for key in required:
        if key not in obj:
            raise FormError(f"{_where(spec, path)}缺少字段 {key}")


def _names(keys) -> str:
    """Unknown keys of a hostile file, listed on one bounded line."""
    shown = [quoted(k, 30) for k in sorted(map(str, keys))]
    return "、".join(shown[:5]) + (f" 等 {len(shown)} 个" if len(shown) > 5 else "")


# -- writing -----------------------------------------------------------------------------------

def to_dict(form: FormBase, lenient: bool = False) -> dict:
    """The form in its interchange format. Amounts are plain decimal strings with the precision
    they were entered with. An amount kept as typed text that is not a number is refused, or,
    with ``lenient`` (for digests), kept as that text."""
    spec = form.spec

    def value(f: S.Field, v, *where):
        # ``where`` is (member, row, key): the path is spelt only for a message (a digest takes
        # every cell of a thousand drafts through here).
        if not lenient and isinstance(v, str) and len(v) > f.limit:
            raise FormError(f"{_where(spec, format_path(*where))}：{_too_long(f, v)}，请先删减再导出")
        kind = f.kind
        if not isinstance(kind, DecimalKind):
            return v
        if isinstance(v, str):
            if lenient:
                return v
            raise FormError(f"{_where(spec, format_path(*where))}：「{quoted(v)}」不是有效的{kind.noun}，请先改正再导出")
        return f.kind.to_json(v)

    out: dict = {FORMAT_KEY: spec.format_id}
    if not lenient:
        I.validated(form.identity)
    out.update(I.to_json(form.identity))
    for m in spec.members:
        if isinstance(m, S.Field):
            out[m.key] = value(m, getattr(form, m.key), m.key)
        elif isinstance(m, S.Group):
            group = getattr(form, m.key)
            out[m.key] = nested(m, {f.key: value(f, getattr(group, f.key), m.key, None, f.key) for f in m.fields})
        else:
            out[m.key] = [{c.key: value(c, getattr(row, c.key), m.key, i, c.key) for c in m.columns}
                          for i, row in enumerate(getattr(form, m.key))]
    if not form.review.is_empty():  # optional: a form nobody reviewed is written as before
        out[R.KEY] = R.to_json(form.review, check=not lenient)
    return out


_UNSAFE_IN_JSON = lazy(f"[{UNSAFE}]")


def json_text(value) -> str:
    """JSON that is safe to show on a terminal: readable Chinese, but every character that could
    act on one (C1 and bidi controls, line separators, lone surrogates) as a \\u escape — the
    same JSON value, only spelt safely."""
    text = json.dumps(value, ensure_ascii=False, indent=2)  # C0 controls in strings come escaped
    return _UNSAFE_IN_JSON.sub(lambda m: m.group() if m.group() == "\n" else f"\\u{ord(m.group()):04x}", text)


def dumps(form: FormBase) -> str:
    return json_text(to_dict(form)) + "\n"

