"""PySide6's feature support is answered from each module's file as bytes, the same answer its
own ``inspect``-based reading gives."""

from __future__ import annotations

import sys

import desktop_app.gui  # noqa: F401  (installs the answer, as the window's start does)
import desktop_app.gui.main_window  # noqa: F401  (a module that uses PySide6)
from desktop_app.gui import pyside_features
from desktop_app.gui.pyside_features import read_sources_plainly, uses_pyside


def test_pyside6_asks_this_module_which_modules_use_it():
    feature = sys.modules["shibokensupport.feature"]
    assert feature._mod_uses_pyside is uses_pyside
    assert read_sources_plainly()  # once more changes nothing
    assert feature._mod_uses_pyside is uses_pyside and pyside_features.pyside_own not in (None, uses_pyside)


def test_the_answer_is_pyside6_s_own_for_every_module_loaded():
    own = pyside_features.pyside_own
    modules = [m for name, m in sorted(sys.modules.items()) if m is not None and not name.startswith("__")]
    answers = {m.__name__: uses_pyside(m) for m in modules}
    assert answers == {m.__name__: own(m) for m in modules}
    assert answers["desktop_app.gui.main_window"] and not answers["desktop_app.core.model"]
    assert not answers["sys"] and not answers["PySide6.QtCore"]  # built in; compiled (no source)
