"""PySide6's ``__feature__`` support, told which modules use PySide6 without ``inspect``.

Once PySide6 is loaded, each module named by an import statement that runs (an ``import os`` in a
module of the window, say) is looked at once: PySide6 reads its whole source through
``inspect.getsource`` and searches it for the word "PySide6" (``_mod_uses_pyside`` in
``shibokensupport.feature``), to know whether that module's Qt calls pick a feature set. At the
window's start that was some 50 modules and 15 M instructions. The same question is answered
here from the module's file read as bytes, at a small part of the cost; a module without a source
file (built in, compiled only, or inside the frozen bundle) does not use PySide6, as ``inspect``
finds there.
"""

from __future__ import annotations

import sys
from types import ModuleType

_FEATURE = "shibokensupport.feature"
pyside_own = None  # PySide6's own _mod_uses_pyside, once replaced (the tests compare with it)


def read_sources_plainly() -> bool:
    """Loads PySide6 and gives its feature support ``uses_pyside``. False if that support is
    not where it was (another PySide6): it then reads sources its own way."""
    import PySide6  # noqa: F401  (loads the feature support)

    feature = sys.modules.get(_FEATURE)
    if feature is None or not callable(getattr(feature, "_mod_uses_pyside", None)):
        return False
    global pyside_own
    if feature._mod_uses_pyside is not uses_pyside:
        pyside_own = feature._mod_uses_pyside
        feature._mod_uses_pyside = uses_pyside
    return True


def uses_pyside(module: ModuleType) -> bool:
    """Whether the source of ``module`` holds the word "PySide6"."""
    path = getattr(module, "__file__", None)
    if not isinstance(path, str):
        return False
    if path.endswith((".pyc", ".pyo")):
        path = path[:-1]  # inspect looks for the source beside compiled code too
    if not path.endswith(".py"):
        return False
    try:
        with open(path, "rb") as fh:
            return b"PySide6" in fh.read()
    except OSError:
        return False
