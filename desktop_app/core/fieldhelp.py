"""What the help (F1, 帮助 → 填报说明) says of a field, derived from the form's declaration: what
the field is and where it sits, what it accepts, its limit, whether it must be filled, and the
rules it takes part in (a total it counts towards, a sum it must agree with, the indicator tree,
another form it adds up into). Every field of every declared form has it, with no words written
per form.
"""

from __future__ import annotations

from . import registry, spec as S
from .amounts import format_amount
from .fieldpath import parse
from .kinds import DecimalKind
from .record import Record


class FieldHelp(Record):
    title: str                         # the field's label
    where: str                         # the tab (and table) that holds it
    lines: tuple[tuple[str, str], ...]  # (heading, text), in reading order

    def text(self) -> str:
        return "\n".join([self.title, self.where, *(f"{h}：{t}" for h, t in self.lines)])


def _table_and_column(form_spec: S.FormSpec, path: str) -> tuple[S.Table | None, S.Field | None]:
    try:
        p = parse(path)
        member = form_spec.member(p.member)
    except (ValueError, KeyError):
        return None, None
    if isinstance(member, S.Table):
        return member, form_spec.field_at(f"{member.key}.{p.key}") if p.key else None
    return None, form_spec.field_at(path)


def _page_title(form_spec: S.FormSpec, path: str, table: S.Table | None) -> str:
    for page in form_spec.pages:
        for part in page.parts:
            if table is not None and isinstance(part, S.Rows) and part.table == table.key:
                return page.title
            if isinstance(part, (S.Fields, S.Grid)) and path in part.paths:
                return page.title
            if isinstance(part, S.LongText) and part.path == path:
                return page.title
    return form_spec.title


def _column_path(path: str) -> str:
    """``table[3].column`` -> ``table.column``: the column, whatever the row."""
    p = parse(path)
    return f"{p.member}.{p.key}" if p.row is not None and p.key else path


def field_help(form_spec: S.FormSpec, path: str) -> FieldHelp | None:
    """The help of the field at ``path`` (``group.field``, ``table[2].column`` or
    ``table.column``), or None when the form has no such field."""
    table, f = _table_and_column(form_spec, path)
    if f is None:
        return None
    column = _column_path(path)
    page = _page_title(form_spec, column, table)
    where = f"在「{page}」页" + (f"的「{table.label}」表中，每行一项" if table is not None else "")
    lines: list[tuple[str, str]] = [("填写内容", f.kind.help)]
    if f.kind == S.CHOICE and f.choices:
        lines.append(("可选", "、".join(f.choices)))
    if f.kind == S.LEVEL and table is not None and table.tree is not None:
        level = table.tree.level_keys.index(f.key) if f.key in table.tree.level_keys else 0
        names = table.tree.level1_names if level == 0 else tuple(n for l1 in table.tree.levels for n in
                                                                  (l2.name for l2 in l1.children))
        lines.append(("可选", "、".join(names)))
    if f.placeholder:
        lines.append(("示例", f.placeholder))
    if f.required == S.ERROR:
        lines.append(("是否必填", f"必填；未填写时检查报错：{f.missing_message}"))
    elif f.required == S.WARNING:
        lines.append(("是否必填", f"应当填写；未填写时检查提示：{f.missing_message}"))
    else:
        lines.append(("是否必填", "可以不填"))
    lines.append(("字数上限", f"最多 {f.limit} 个字符"))
    lines += _rules(form_spec, column, f, table)
    return FieldHelp(f.label, where, tuple(lines))


def _label(form_spec: S.FormSpec, path: str) -> str:
    f = form_spec.field_at(path)
    return f.label if f is not None else path


def _rules(form_spec: S.FormSpec, column: str, f: S.Field, table: S.Table | None) -> list[tuple[str, str]]:
    rules = []
    if f.computed_from:
        parts = "、".join(_label(form_spec, p) for p in f.computed_from)
        rules.append(("计算", f"留空时按 {parts} 之和计算并打印；填写时必须等于它们的和"))
    for other in (g for _, g in form_spec.scalar_paths() if column in g.computed_from):
        rules.append(("计算", f"计入「{other.label}」：{other.label}填写时必须等于各项之和"))
    for total in form_spec.totals:
        if column in total.parts or total.column == column:
            rules.append(("合计", f"计入「{total.label}」合计，每次修改后立即重新计算"))
    if table is not None and table.tree is not None:
        tree = table.tree
        upper, lower = (table.column(k).label for k in tree.level_keys)
        if f.key in tree.level_keys:
            rules.append(("指标体系", f"{upper}、{lower}是固定的，每个{lower}都会打印，没有内容的留空"))
        if tree.per_level1:
            rules.append(("规则", tree.per_level1.format(level1=f"每个{upper}")))
    if table is not None and table.empty:
        rules.append(("规则", table.empty))
    kind = f.kind
    if isinstance(kind, DecimalKind):
        most = f"或超过 {format_amount(kind.maximum)}{kind.unit}" if kind.maximum is not None else ""
        rules.append(("检查", f"不是数字、为负数、超过 {kind.max_decimals} 位小数{most}时报错"))
    for roll in form_spec.kin.rolls_up:  # the family's roll-up names roles: this form's path for it
        if form_spec.path_of(roll.amount) == column:
            rules.append(("跨表核对", f"审核时，同一单位同一年度各表的{f.label}合计不应超过对应表中的"
                                    f"「{_other_label(roll)}」"))
    return rules


def _other_label(roll: S.RollUp) -> str:
    model = registry.forms().model_for(roll.into)
    return _label(model.spec, roll.limit) if model is not None else roll.limit


def every_field_path(form_spec: S.FormSpec) -> list[str]:
    """Every field the clerk can fill in, one path each (a table's column as ``table.column``)."""
    paths = [path for path, _ in form_spec.scalar_paths()]
    for table in form_spec.tables:
        paths += [f"{table.key}.{c.key}" for c in table.columns]
    return paths
