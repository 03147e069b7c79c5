"""The Chinese name of any path of a declared form, as a clerk would name the field."""

from __future__ import annotations

from . import spec as S
from .fieldpath import parse


def field_label(form_spec: S.FormSpec, path: str) -> str:
    """``group.field`` -> the field's label; ``table[2].column`` -> <table>第3行「<column>」;
    a path the form does not have -> the path."""
    total = form_spec.total_at(path)
    if total is not None:
        return f"{total.label}合计"
    try:
        p = parse(path)
        member = form_spec.member(p.member)
    except (ValueError, KeyError):
        return path
    if isinstance(member, S.Group):
        if p.key is not None and p.key in member.model_keys:
            return member.field(p.key).label
        return member.label
    if isinstance(member, S.Table):
        if p.row is None:
            return member.label
        text = f"{member.label}第{p.row + 1}行"
        if p.key is not None and p.key in member.model_keys:
            text += f"「{member.column(p.key).label}」"
        return text
    return member.label
