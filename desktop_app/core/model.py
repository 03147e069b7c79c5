"""The form as plain Python objects, generated from its declaration.

``build_model(spec)`` makes one class for the form, one per group and one per row table, with
the declaration's keys as attributes in interchange order (keyword arguments of the class, its
equality and ``repr``, as dataclasses would have them); every value is also reachable
by its path (``form.get("table[2].column")``, see ``fieldpath``). The classes know no rules.

An amount slot holds a ``Decimal``, ``None`` when empty, or — when the clerk typed something
that is not a number — that text as a ``str``, so nothing typed is lost and the checks can say
what is wrong with it. A year holds an ``int`` (whatever was typed, in range or not) or ``None``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import ClassVar, TypeVar, Union

from . import spec as S
from .amounts import AmountError, parse_amount
from .fieldpath import parse
from .gridcheck import check_grids
from .lookup import tree_of
from .codecache import compiled
from .record import Record
from .identity import KEY as IDENTITY, Identity
from .review import KEY as REVIEW, Review

AmountValue = Union[Decimal, str, None]


def empty_value(field: S.Field):
    return field.kind.empty


class FormBase:
    """What every generated form class has besides its fields."""

    spec: ClassVar[S.FormSpec]
    model: ClassVar["Model"]
    # Made by build_model for every form, beside the declared members (which the type checker
    # cannot see: they are read by path, ``get``/``set``).
    review: Review
    identity: Identity

    # -- access by path ---------------------------------------------------------------------

    def get(self, path: str):
        holder, name = self._resolve(path)
        return holder[name] if isinstance(holder, list) else getattr(holder, name)

    def set(self, path: str, value) -> None:
        holder, name = self._resolve(path)
        if isinstance(holder, list) or name is None:
            raise KeyError(path)
        setattr(holder, name, value)

    def _resolve(self, path: str):
        """(object, attribute) holding ``path``'s value; a row is (list, index)."""
        try:
            p = parse(path)
            member = self.spec.member(p.member)
        except (ValueError, KeyError):
            raise KeyError(path) from None
        if isinstance(member, S.Table):
            rows = getattr(self, p.member)
            if p.row is None:
                if p.key is not None:
                    raise KeyError(path)
                return self, p.member
            if not 0 <= p.row < len(rows):
                raise KeyError(path)
            if p.key is None:
                return rows, p.row
            if p.key not in member.model_keys:
                raise KeyError(path)
            return rows[p.row], p.key
        if p.row is not None:
            raise KeyError(path)
        if isinstance(member, S.Group):
            if p.key is None:
                return self, p.member
            if p.key not in member.model_keys:
                raise KeyError(path)
            return getattr(self, p.member), p.key
        if p.key is not None:
            raise KeyError(path)
        return self, p.member

    def rows(self, table: str) -> list:
        return getattr(self, table)

    # -- rows under a fixed tree ------------------------------------------------------------

    def indicator_groups(self, table: str | None = None):
        """Rows of an indicator table grouped under its fixed 一级/二级 tree, in print order:
        ``[(一级, [(二级 wording, [(index, row), …]), …]), …]``.

        Every level-2 slot appears, empty or not. A slot's label is the wording the draft used
        (环境效益指标 stays 环境效益指标); a slot filled under several wordings (the later split
        of 成本指标) gives one group per wording. Each row comes with its index in the table so a
        printed or listed row can lead back to the field.
        """
        table_spec = self.model.tree_table(table)
        tree = tree_of(table_spec)
        k1, k2 = tree.level_keys
        items = getattr(self, table_spec.key)
        by_slot: dict[tuple[str, str], dict[str, list]] = {}
        # Each (一级, 二级) pair's list of rows, looked up once: 20,000 rows name a few dozen pairs.
        places: dict[tuple[str, str], list | None] = {}
        for index, row in enumerate(items):
            pair = getattr(row, k1), getattr(row, k2)
            if pair in places:
                place = places[pair]
            else:
                slot = tree.find(*pair)
                place = places[pair] = (None if slot is None else
                                        by_slot.setdefault((pair[0], slot.name), {}).setdefault(pair[1], []))
            if place is not None:
                place.append((index, row))
        groups = []
        for l1 in tree.levels:
            rows: list[tuple[str, list]] = []
            for l2 in l1.children:
                by_wording = by_slot.get((l1.name, l2.name)) or {l2.name: []}
                rows.extend(by_wording.items())
            groups.append((l1.name, rows))
        return groups


class Model(Record):
    """The classes generated for one declared form."""
    spec: S.FormSpec
    form_class: type
    groups: dict[str, type]
    rows: dict[str, type]

    def new(self) -> FormBase:
        return self.form_class()

    def row(self, table: str, **values):
        return self.rows[table](**values)

    def tree_table(self, table: str | None = None) -> S.Table:
        tables = [t for t in self.spec.tables if t.tree is not None and (table is None or t.key == table)]
        if not tables:
            raise KeyError(table)
        return tables[0]


def build_model(spec: S.FormSpec) -> Model:
    """The classes of ``spec``'s form, its groups and its row tables. Every form class also
    has a ``review`` (``core.review``): the reviewer's block, the same for every form, part of
    the form's equality but not of its content (``fingerprint``); and an ``identity``
    (``core.identity``): which form it is, neither content nor part of its equality."""
    check_grids(spec)  # a grid that cannot be built is refused as the form is declared
    classes: list[tuple[str, str]] = []
    env: dict[str, object] = {"FormBase": FormBase, "Review": Review, "Identity": Identity, "_MISSING": _MISSING}
    members: list[tuple[str, str | None, str | None]] = []  # (key, default literal or None, factory name or None)
    for m in spec.members:
        if m.key in (REVIEW, IDENTITY, S.TOTALS):
            raise ValueError(f"{spec.format_id}: no member may be named {m.key!r}")
        if isinstance(m, S.Field):
            members.append((m.key, repr(empty_value(m)), None))
        elif isinstance(m, S.Group):
            name = _class_name(m)
            classes.append((name, _class_source(name, [(f.key, repr(empty_value(f)), None) for f in m.fields])))
            members.append((m.key, None, name))
        else:
            # slots: a form may hold tens of thousands of rows
            name = _class_name(m)
            classes.append((name, _class_source(name, [(c.key, repr(empty_value(c)), None) for c in m.columns],
                                                slots=True)))
            members.append((m.key, None, "list"))
    members.append((REVIEW, None, "Review"))
    members.append((IDENTITY, None, "Identity"))
    # Two copies of one form with different identities (two imports of one JSON) are equal forms.
    compared = [key for key, _, _ in members if key != IDENTITY]
    classes.append((spec.class_name, _class_source(spec.class_name, members, base="FormBase", compared=compared)))
    names = [name for name, _ in classes]
    if len(set(names)) != len(names) or set(names) & set(env):
        raise ValueError(f"{spec.format_id}: two of its classes would be named alike, or like the "
                         f"engine's own ({names})")
    # One compilation for every class of the form (a dataclass compiles each method apart).
    exec(compiled("\n".join(source for _, source in classes), f"<model of {spec.format_id}>"), env)
    groups = {g.key: _made(env, _class_name(g), object) for g in spec.groups}
    rows = {t.key: _made(env, _class_name(t), object) for t in spec.tables}
    form_class = _made(env, spec.class_name, FormBase)
    form_class.spec = spec
    model = Model(spec, form_class, groups, rows)
    form_class.model = model
    for cls in (*groups.values(), *rows.values(), form_class):
        cls.__module__ = __name__
    return model


_MISSING = object()
_T = TypeVar("_T")


def _made(env: dict[str, object], name: str, base: type[_T]) -> type[_T]:
    """The class ``name`` that the generated source made, a ``base``."""
    made = env[name]
    if not (isinstance(made, type) and issubclass(made, base)):
        raise TypeError(f"{name} is not a {base.__name__}")
    return made


def _class_name(member: S.Group | S.Table) -> str:
    return member.class_name or member.key.title()


def _class_source(name: str, fields: list, slots: bool = False, base: str = "",
                  compared: list[str] | None = None) -> str:
    """Python for a class with ``fields`` — (key, default as a literal, or the name of a
    factory called for each instance) — as keyword arguments in that order; equal to another
    when the ``compared`` ones are (by default all)."""
    keys = [key for key, _, _ in fields]
    params = ", ".join(f"{key}={default}" if factory is None else f"{key}=_MISSING" for key, default, factory in fields)
    sets = [f"        self.{key} = {key}" if factory is None else
            f"        self.{key} = {factory}() if {key} is _MISSING else {key}" for key, _, factory in fields]
    equal = compared if compared is not None else keys
    mine, theirs = (", ".join(f"{who}.{key}" for key in equal) + ("," if len(equal) == 1 else "")
                    for who in ("self", "other"))
    shown = ", ".join(f"{key}={{self.{key}!r}}" for key in keys)
    return "\n".join([
        f"class {name}({base}):",
        f"    __slots__ = {tuple(keys)!r}" if slots else "    pass",
        f"    def __init__(self, {params}):" if fields else "    def __init__(self):",
        *(sets or ["        pass"]),
        "    def __eq__(self, other):",
        "        if other.__class__ is not self.__class__:",
        "            return NotImplemented",
        f"        return ({mine}) == ({theirs})",
        "    __hash__ = None",
        "    def __repr__(self):",
        f"        return f\"{name}({shown})\"",
        "",
    ])


def amount_from_text(text: str) -> tuple[AmountValue, str | None]:
    """What an amount field holds once ``text`` is typed into it, and what is wrong with it.

    Text that is not a number is kept as typed (so it is saved and can be corrected), with the
    message that explains it.
    """
    try:
        return parse_amount(text), None
    except AmountError as err:
        return text, err.message
