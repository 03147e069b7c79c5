"""The domain modules the window needs at start, imported before Qt (the package ``gui``
imports this first).

Once PySide6 is loaded, it reads the source of every module imported after it (its
``__feature__`` support looks for the word "PySide6" in each): for the model, the draft reader
and the default form that is some 20 M instructions of every start from source, a tenth of what
the window's start costs beyond a bare Qt window. Nothing here imports Qt.
"""

from __future__ import annotations

from .. import forms
from ..core import draftfile, files, labels, locks, patterncache, problems, targets, totals  # noqa: F401
from ..core.draftfile import writer  # noqa: F401  (the package imports it only when asked)

forms.DEFAULT  # the window's first form: its declaration, rules and classes
