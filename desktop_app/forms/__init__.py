"""The declared forms, by format id. Adding a form is adding a folder here with its
declaration and rules, and one line below."""

from __future__ import annotations

from ..core.model import Model
from ..core.spec import FormSpec
from . import department, project

MODELS: dict[str, Model] = {m.spec.format_id: m for m in (department.MODEL, project.MODEL)}
DEFAULT = department.MODEL


def model_for(format_id: object) -> Model | None:
    return MODELS.get(format_id) if isinstance(format_id, str) else None


def all_forms() -> list[FormSpec]:
    return [m.spec for m in MODELS.values()]
