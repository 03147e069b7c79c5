"""The form's sections come from the Qt Designer files in ``ui/``; their words come from
``core.labels``.

Designer wants identifier-like object names, so a ``.ui`` file spells an interchange path with
``__`` for ``.`` (``budget__basic_expenditure``); loading renames every input to its real path
and sets every label's text from the core, so the ``.ui`` layout never becomes a second source
of the form's wording.
"""

from __future__ import annotations

from PySide6.QtCore import QFile, QIODevice
from PySide6.QtUiTools import QUiLoader
from PySide6.QtWidgets import QGroupBox, QLabel, QWidget

from .. import paths
from ..core import labels

_GROUP_KEYS = ("expenditure", "income", "development", "level")
_GROUP_HEADINGS = dict(zip(_GROUP_KEYS, (heading for heading, _ in labels.BUDGET_GROUPS)))
# Prefixes of widgets that are not inputs; everything else named with "__" is an input path.
_NOT_INPUTS = ("label__", "heading__", "total_label__", "total__", "message__", "group__")


def ui_name(path: str) -> str:
    return path.replace(".", "__")


def group_heading(key: str) -> str:
    return _GROUP_HEADINGS[key]


def group_keys() -> tuple[str, ...]:
    return _GROUP_KEYS


def total_caption(heading: str) -> str:
    return f"{heading}合计"


def _label_text(name: str) -> str | None:
    if name.startswith("label__"):
        return labels.field_label(name[len("label__"):].replace("__", "."))
    if name.startswith("heading__amount_"):
        return labels.AMOUNT_HEADING
    if name.startswith("heading__"):
        return _GROUP_HEADINGS.get(name[len("heading__"):])
    if name.startswith("total_label__"):
        return total_caption(_GROUP_HEADINGS[name[len("total_label__"):]])
    return None


def load_page(filename: str, parent: QWidget | None = None) -> QWidget:
    """Loads ``ui/<filename>``, renames its inputs to interchange paths and labels them."""
    file = QFile(str(paths.ui_dir() / filename))
    if not file.open(QIODevice.OpenModeFlag.ReadOnly):
        raise RuntimeError(f"cannot open {file.fileName()}")
    try:
        page = QUiLoader().load(file, parent)
    finally:
        file.close()
    if page is None:
        raise RuntimeError(f"cannot load {filename}")
    for widget in page.findChildren(QWidget):
        name = widget.objectName()
        if isinstance(widget, QLabel):
            text = _label_text(name)
            if text is not None:
                widget.setText(text)
            elif name.startswith("message__"):
                widget.setText("")
        elif isinstance(widget, QGroupBox) and name == "group__budget":
            widget.setTitle(labels.SECTION_BUDGET)
        elif "__" in name and not name.startswith(_NOT_INPUTS):
            path = name.replace("__", ".")
            widget.setObjectName(path)
            widget.setAccessibleName(labels.field_label(path))
        elif name in ("tasks", "indicators"):
            widget.setAccessibleName(labels.field_label(name))
        elif name in ("department", "year", "overall_goal", "other_tasks"):
            widget.setAccessibleName(labels.field_label(name))
    return page
