"""An edition of a form: its base plus changes, never a copy.

A regional layout of a form (more fund rows, a 负责人 line, another indicator tree) is declared
as the base's ``FormSpec`` and what differs::

    SPEC = edition(base.FORM, format_id="…-region/1", title=…, class_name=…, sample=…, schema_file=…,
                   changes=(Add(CARRIED, after="money.other"),     # a field of a group, after another
                            Add(LEADER, after="unit_name"),        # a top-level member
                            Replace("kind_of_work", KIND),         # the same key: new words, choices
                            Replace("unit_name", UNIT),            # a new key: renamed
                            Remove("unit_code")),
                   print_layout=…, pages=…)                        # its own layout, if it differs

The edition is a member of the base's family; the paths it gives the family's roles follow its
renames. Its rules are the base's: the declared ones (``core.ruleset``) over the renamed paths,
minus those whose paths it removed, plus ``declared`` of its own; the base's functions run as
they are (they read the paths the edition kept; give ``rules=`` to replace them). Every path the
layout, pages, totals and rules name must exist in the edition: ``edition`` says which does not.
"""

from __future__ import annotations

from . import spec as S
from .record import Record


def replaced(record, **changes):
    """A copy of a (frozen) ``Record`` with some fields changed."""
    unknown = set(changes) - set(record._fields)
    if unknown:
        raise TypeError(f"{type(record).__name__} has no field {sorted(unknown)}")
    return type(record)(**{f: changes.get(f, getattr(record, f)) for f in record._fields})


class Add(Record):
    """A member (a field, group or table) after the member at ``after``, or a field of a group
    after that group's field ``after`` (``group.field``); ``after=""`` puts it first (in the
    group ``into``, if given)."""
    member: S.Field | S.Group | S.Table
    after: str = ""
    into: str = ""


class Replace(Record):
    """The member or group field at ``path`` replaced by ``member`` (a new key renames it: the
    base's rules and roles follow)."""
    path: str
    member: S.Field | S.Group | S.Table


class Remove(Record):
    path: str


Change = Add | Replace | Remove


def _group_path(path: str) -> tuple[str, str | None]:
    group, dot, key = path.partition(".")
    return (group, key) if dot else (path, None)


def _apply(members: list, change: Change, renames: dict[str, str]) -> None:
    if isinstance(change, Add):
        group_key, after = _group_path(change.after) if change.after else (change.into, None)
        if group_key and (after is not None or change.into):
            i = _index(members, group_key)
            group = members[i]
            fields = list(group.fields)
            at = 0 if after is None else _index(fields, after) + 1
            fields.insert(at, change.member)
            members[i] = replaced(group, fields=tuple(fields))
        else:
            at = 0 if not change.after else _index(members, change.after) + 1
            members.insert(at, change.member)
        return
    group_key, key = _group_path(change.path)
    i = _index(members, group_key)
    if key is None:
        old = members[i]
        if isinstance(change, Remove):
            del members[i]
        else:
            members[i] = change.member
            _renamed(renames, old, change.member, "")
        return
    group = members[i]
    fields = list(group.fields)
    j = _index(fields, key)
    if isinstance(change, Remove):
        del fields[j]
    else:
        _renamed(renames, fields[j], change.member, f"{group_key}.")
        fields[j] = change.member
    members[i] = replaced(group, fields=tuple(fields))


def _renamed(renames: dict[str, str], old, new, prefix: str) -> None:
    if old.key != new.key:
        renames[prefix + old.key] = prefix + new.key
        if isinstance(old, S.Group) and isinstance(new, S.Group):
            for f in old.fields:
                renames[f"{old.key}.{f.key}"] = f"{new.key}.{f.key}"


def _index(items: list, key: str) -> int:
    for i, m in enumerate(items):
        if m.key == key:
            return i
    raise KeyError(f"an edition changes {key!r}, which its base does not have")


def _exists(spec: S.FormSpec, path) -> bool:
    if not isinstance(path, str):
        return True
    if spec.field_at(path) is not None:
        return True
    try:
        spec.member(path)
        return True
    except KeyError:
        return any(t.key == path or t.path == path for t in spec.totals)


def _paths_of(rule) -> list[str]:
    out = []
    for p in rule.paths():
        if isinstance(p, tuple):
            out += [x for x in p if isinstance(x, str)]
        elif isinstance(p, str):
            out.append(p)
        elif hasattr(p, "path"):
            out.append(p.path)
    return out


def edition(base: S.FormSpec, *, format_id: str, title: str, changes: tuple = (), rules: S.Rules | None = None,
            declared: tuple = (), renames: dict[str, str] | None = None, **others) -> S.FormSpec:
    """The edition of ``base`` that ``changes`` make (see the module's docstring); ``others``
    are any other fields of ``FormSpec`` that differ (its layout, pages, sample, …)."""
    members = list(base.members)
    moved = dict(renames or {})
    for change in changes:
        _apply(members, change, moved)
    base_rules = rules or base.rules
    kept = []
    spec = S.FormSpec(**{**{f: getattr(base, f) for f in base._fields}, "format_id": format_id, "title": title,
                         "members": tuple(members), "edition_of": base.format_id, **others})
    for rule in base.rules.declared:
        rule = rule.renamed(moved)
        if all(_exists(spec, p) for p in _paths_of(rule)):
            kept.append(rule)
    shared = tuple((role, moved.get(path, path)) for role, path in base.shared) if "shared" not in others \
        else others["shared"]
    unit = tuple(moved.get(p, p) for p in base.unit) if "unit" not in others else others["unit"]
    key_amounts = tuple(moved.get(p, p) for p in base.key_amounts) if "key_amounts" not in others \
        else others["key_amounts"]
    own = rules.declared if rules is not None else ()
    spec = replaced(spec, rules=replaced(base_rules, declared=(*kept, *own, *declared)), shared=shared, unit=unit,
                    key_amounts=key_amounts)
    missing = [p for p in _named_paths(spec) if not _exists(spec, p)]
    if missing:
        raise ValueError(f"edition {format_id}: paths its base names that it does not have: {missing}")
    return spec


def _named_paths(spec: S.FormSpec) -> list[str]:
    """Every path the layout, pages, roles and key amounts of ``spec`` name."""
    out = [p for _, p in spec.shared] + list(spec.unit) + list(spec.key_amounts)
    layout = spec.print_layout
    out += [layout.header.year] + ([layout.header.unit] if layout.header.unit else [])
    out += [*layout.signature.line, layout.signature.head]
    for section in layout.sections:
        if isinstance(section.rows, S.TableColumns):
            out.append(section.rows.table)
        else:
            out += [c.field for r in section.rows for c in r.cells if c.field]
    for page in spec.pages:
        for part in page.parts:
            if isinstance(part, (S.Fields, S.Grid)):
                out += list(part.paths)
            elif isinstance(part, S.LongText):
                out.append(part.path)
            elif isinstance(part, S.Rows):
                out.append(part.table)
    for m in spec.members:
        fields = m.fields if isinstance(m, S.Group) else (m,) if isinstance(m, S.Field) else ()
        for f in fields:
            out += list(f.computed_from)
    return out
