"""Hand-laid sections come from the Qt Designer files in ``ui/``; their words come from the
form's declaration.

Designer wants identifier-like object names, so a ``.ui`` file spells a path with ``__`` for
``.`` (``budget__basic_expenditure``). By their object names:

    <path>              an input, renamed to its real path and bound by the page
    label__<path>       the field's label
    group__<member>     a group box titled with the member's label
    heading__<total>    a total's label (a heading of the paper form)
    total_label__<t>    "<total's label>合计"
    total__<total>      the total's value, kept up to date by the page
    note__<total>       beside it, what the rules say of that total (a 差额), else empty
    status__<key>       a status line of the form's rules
    message__<path>     an amount's inline message

and any label whose name starts with a prefix listed in the declaration's ``Designer.texts``
gets that text. The ``.ui`` layout never becomes a second source of the form's wording.
"""

from __future__ import annotations

import re
from pathlib import Path

from PySide6 import QtWidgets
from PySide6.QtWidgets import QGroupBox, QLabel, QWidget

from .. import paths
from ..core import spec as S
from ..core.labels import field_label
from ..logsetup import log
from . import uicompile

LABEL, GROUP, HEADING, TOTAL_LABEL, TOTAL, NOTE, STATUS, MESSAGE = (
    "label__", "group__", "heading__", "total_label__", "total__", "note__", "status__", "message__")
_NOT_INPUTS = (LABEL, GROUP, HEADING, TOTAL_LABEL, TOTAL, NOTE, STATUS, MESSAGE)


def ui_name(path: str) -> str:
    return path.replace(".", "__")


def path_of(name: str) -> str:
    return name.replace("__", ".")


def total_caption(total: S.Total) -> str:
    return f"{total.label}合计"


def _label_text(form_spec: S.FormSpec, part: S.Designer, name: str) -> str | None:
    totals = {t.key: t for t in form_spec.totals}
    if name.startswith(LABEL):
        return field_label(form_spec, path_of(name[len(LABEL):]))
    if name.startswith(TOTAL_LABEL):
        return total_caption(totals[name[len(TOTAL_LABEL):]])
    for prefix, text in part.texts:
        if name.startswith(prefix):
            return text
    if name.startswith(HEADING):
        return totals[name[len(HEADING):]].label
    if name.startswith((MESSAGE, TOTAL, NOTE, STATUS)):
        return ""
    return None


_ROOT_CLASS = re.compile(rb'<widget\s+class="(\w+)"')


def _compiled(ui: Path, parent: QWidget | None) -> QWidget | None:
    """The section built by its compiled module (``uicompile``), or None where there is none."""
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


def load_designer(form_spec: S.FormSpec, part: S.Designer, parent: QWidget | None = None) -> QWidget:
    """Builds ``ui/<part.file>``, renames its inputs to their paths and sets its words."""
    ui = paths.ui_dir() / part.file
    page = _compiled(ui, parent) or _loaded(ui, parent)
    for widget in page.findChildren(QWidget):
        name = widget.objectName()
        if isinstance(widget, QLabel):
            text = _label_text(form_spec, part, name)
            if text is not None:
                widget.setText(text)
        elif isinstance(widget, QGroupBox) and name.startswith(GROUP):
            widget.setTitle(form_spec.member(name[len(GROUP):]).label)
        elif name and not name.startswith(_NOT_INPUTS) and form_spec.field_at(path_of(name)) is not None:
            widget.setObjectName(path_of(name))
    return page
