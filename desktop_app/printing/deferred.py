"""Modules reportlab imports at its top that a form's PDF never uses, loaded on first use instead.

reportlab 5 imports Pillow (``reportlab.lib.utils``: ``from PIL import Image``, for pictures) and,
for its safe eval, ``inspect`` (with ``dis``, ``tokenize``, ``linecache``) in every process that
draws, although the form draws no picture and evaluates no expression: together more than a third
of reportlab's import, a seventh of a whole ``render``. Before reportlab is imported, each is
entered in ``sys.modules`` as a stand-in that imports the real module the first time anything is
asked of it and hands that on; code that imports it later gets the real one then. A module some
code imported before (a window's PySide6 may have imported ``inspect``) is left as it is.
"""

from __future__ import annotations

import importlib
import sys
import threading
from types import ModuleType

# Each is used by reportlab only inside functions the form does not call (ImageReader, drawImage,
# rl_safe_eval), never at import: ``from PIL import Image`` and ``import inspect`` bind names only.
DEFERRED = ("PIL.Image", "inspect", "pickle", "tempfile")

_lock = threading.RLock()


class Deferred(ModuleType):
    """Stands in for module ``__name__`` until the first attribute is asked of it."""

    def __getattr__(self, name: str):
        # Only attributes a module does not have reach here: every one but ModuleType's own.
        return getattr(self.loaded(), name)

    def loaded(self) -> ModuleType:
        """The real module, imported now if it has not been (once, whichever thread asks first)."""
        with _lock:
            real = self.__dict__.get("_real")
            if real is None:
                name = self.__name__
                if sys.modules.get(name) is self:
                    del sys.modules[name]
                real = importlib.import_module(name)
                self.__dict__["_real"] = real
            return real


def defer_unused() -> None:
    """Enters the stand-ins for ``DEFERRED`` (those not imported yet); idempotent."""
    for name in DEFERRED:
        if name not in sys.modules:
            sys.modules[name] = stand_in = Deferred(name)
            parent, _, child = name.rpartition(".")
            if parent:
                # The import system names a submodule in its package only as it loads it, never
                # for one found in sys.modules: without this, ``import PIL.Image`` elsewhere (the
                # print preview's pypdfium2) would find no ``PIL.Image``. The package's own import
                # is small (reportlab imports it anyway); the real submodule, once loaded,
                # takes the name over.
                setattr(importlib.import_module(parent), child, stand_in)
