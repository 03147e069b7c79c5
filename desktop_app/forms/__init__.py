"""The declared forms, by format id. Adding a form is adding a folder here with its
declaration and rules, and its name in ``PACKAGES``.

A form is built (its declaration read, its classes made) when first needed, and the first form
alone when nothing asks for another: a window opening a department's draft, or printing it, never
builds the project form (3 ms of every start).
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from importlib import import_module

from typing import Callable

from ..core.model import Model
from ..core.record import Record
from ..core.spec import FormSpec

PACKAGES = ("department", "project", "project_hunan", "selfeval")  # in the order every list offers them; the first is the default


@cache
def _model(package: str) -> Model:
    return import_module(f"{__name__}.{package}").MODEL


@cache
def _all_models() -> dict[str, Model]:
    return {m.spec.format_id: m for m in map(_model, PACKAGES)}


# Forms declared elsewhere and registered at run time (an edition a test declares).
_REGISTERED: dict[str, Model] = {}


def register(model: Model) -> None:
    """Adds a form to the registry every command and the window read (after the packages')."""
    _REGISTERED[model.spec.format_id] = model


def unregister(format_id: str) -> None:
    _REGISTERED.pop(format_id, None)


class _Forms(Mapping):
    """Format id -> the form's ``Model``; looking up the first form's id builds no other."""

    def get(self, format_id, default=None):
        first = _model(PACKAGES[0])
        if format_id == first.spec.format_id:
            return first
        return _all_models().get(format_id) or _REGISTERED.get(format_id, default)

    def __getitem__(self, format_id) -> Model:
        found = self.get(format_id)
        if found is None:
            raise KeyError(format_id)
        return found

    def __iter__(self):
        return iter({**_all_models(), **_REGISTERED})

    def __len__(self) -> int:
        return len(PACKAGES) + len(_REGISTERED)


MODELS: Mapping[str, Model] = _Forms()


def __getattr__(name: str):
    if name == "DEFAULT":
        return _model(PACKAGES[0])
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def model_for(format_id: object) -> Model | None:
    return MODELS.get(format_id) if isinstance(format_id, str) else None


def all_forms() -> list[FormSpec]:
    return [m.spec for m in MODELS.values()]


# -- forms started from another ------------------------------------------------------------------

class Start(Record):
    """A form a package starts from a form of another kind (the self-evaluation from a project's
    targets): its title in menus, whether a form of a spec can start one, and the making."""
    title: str
    can_start: Callable
    make: Callable


# Packages whose ``start`` module starts a form from a form of another kind (``STARTS``); read
# only when asked (a menu opened), so no window start builds them.
STARTERS = ("selfeval",)


def starts(form_spec: FormSpec) -> list[Start]:
    """What a clerk can start from a form of ``form_spec``."""
    out = []
    for package in STARTERS:
        module = import_module(f"{__name__}.{package}.start")
        out += [s for s in module.STARTS if s.can_start(form_spec)]
    return out
