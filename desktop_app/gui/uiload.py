"""Dialogs laid out in Qt Designer, from the files in ``ui/``: the layout, fixed words and
object names are the file's; the code finds the widgets by name and fills in what varies.

A form's own grids are not here: they are declared with the form (``core.spec.Grid``) and
built in code (``gui.amountgrid``).
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6 import QtWidgets
from PySide6.QtWidgets import QWidget

from .. import paths
from ..logsetup import log
from . import uicompile

_ROOT_CLASS = re.compile(rb'<widget\s+class="(\w+)"')


def _compiled(ui: Path, parent: QWidget | None) -> QWidget | None:
    """The widget built by its compiled module (``uicompile``), or None where there is none."""
    try:
        ui_class = uicompile.ui_class(ui, paths.ui_dir() / "compiled", paths.data_dir() / uicompile.CACHE_FOLDER)
        root = _ROOT_CLASS.search(ui.read_bytes())
    except (OSError, RuntimeError, SyntaxError, ImportError) as err:  # a cache file spoilt by hand, too
        log.info("%s not compiled, loaded by QUiLoader: %s", ui.name, err)
        return None
    page = getattr(QtWidgets, root.group(1).decode() if root else "QWidget", QWidget)(parent)
    ui_class().setupUi(page)
    return page


class MissingPart(RuntimeError):
    """A file of the installation is missing or unreadable (a damaged or partial install)."""


def _loaded(ui: Path, parent: QWidget | None) -> QWidget:
    from PySide6.QtCore import QFile, QIODevice
    from PySide6.QtUiTools import QUiLoader

    file = QFile(str(ui))
    if not file.open(QIODevice.OpenModeFlag.ReadOnly):
        raise MissingPart(f"cannot open {file.fileName()}")
    try:
        page = QUiLoader().load(file, parent)
    finally:
        file.close()
    if page is None:
        raise MissingPart(f"cannot load {ui.name}")
    return page


def load_ui(name: str, parent: QWidget | None = None) -> QWidget:
    """The widget laid out in ``ui/<name>``: by its compiled module, else by QUiLoader."""
    ui = paths.ui_dir() / name
    return _compiled(ui, parent) or _loaded(ui, parent)
