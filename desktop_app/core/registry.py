"""The forms the engine is handed, instead of reaching up for them.

The engine (``core``, ``printing``) never imports ``desktop_app.forms``: whoever starts the
program says where its forms come from with ``install`` — ``desktop_app/__init__.py`` installs
the declared forms (built when first asked for, so installing costs nothing at start) — and the
JSON reader, the draft file, the reviewer's summary and the samples ask ``forms()``. What
``forms()`` gives has the registry's four names: ``MODELS`` (format id → ``Model``),
``model_for(format_id)``, ``all_forms()`` and ``DEFAULT`` (the first form).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

_source: Callable[[], Any] | None = None


def install(source: Callable[[], Any]) -> None:
    """Where the forms come from: ``source()`` gives the registry (called on each use)."""
    global _source
    _source = source


def forms() -> Any:
    if _source is None:
        raise LookupError("no forms were installed (core.registry.install)")
    return _source()
