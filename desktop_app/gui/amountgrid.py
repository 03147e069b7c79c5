"""A declared grid of amounts (``core.spec.Grid``) made into widgets, in code.

Every widget is named for what it shows, which the page, the desk and the tests find it by:

    <path>              an input (an amount, a year), bound by the page
    label__<path>       the field's label
    group__<member>     the box titled with the member's label
    heading__<total>    a total's label (a heading of the paper form)
    total_label__<t>    "<total's label>合计"
    total__<total>      the total's value, kept up to date by the page
    note__<total>       beside it, what the rules say of that total (a 差额), else empty
    status__<key>       a status line of the form's rules
    message__<path>     an amount's inline message, on a line of its own under the input
    text__<row>_<col>   words of the grid's own

The declaration is the only source of the layout and the words; ``core.gridcheck`` has made
sure, when the form was declared, that every name here exists.
"""

from __future__ import annotations

from PySide6 import QtWidgets
from PySide6.QtWidgets import (QFormLayout, QGridLayout, QGroupBox, QHBoxLayout, QLabel, QLineEdit, QSizePolicy,
                               QSpacerItem, QVBoxLayout, QWidget)

from ..core import spec as S
from ..core.labels import field_label

LABEL, GROUP, HEADING, TOTAL_LABEL, TOTAL, NOTE, STATUS, MESSAGE, TEXT = (
    "label__", "group__", "heading__", "total_label__", "total__", "note__", "status__", "message__", "text__")


def ui_name(path: str) -> str:
    """A path as an identifier-like object name (``group.key`` -> ``group__key``)."""
    return path.replace(".", "__")


def total_caption(total: S.Total) -> str:
    return f"{total.label}合计"


class BuiltGrid:
    """The widgets of one grid: the page holding them, its inputs and their message lines by
    path (in reading order), the labels of its totals, their notes and its status lines by key."""

    def __init__(self) -> None:
        self.widget = QWidget()
        self.inputs: dict[str, QWidget] = {}
        self.messages: dict[str, QLabel] = {}
        self.totals: dict[str, QLabel] = {}
        self.notes: dict[str, QLabel] = {}
        self.status: dict[str, list[QLabel]] = {}


def _label(text: str, name: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName(name)
    return label


def _field(form_spec: S.FormSpec, path: str) -> S.Field:
    found = form_spec.field_at(path)
    if found is None:  # core.gridcheck refuses such a grid as the form is declared
        raise KeyError(path)
    return found


# The widget of a kind's editor other than a line (``kinds.Kind.editor``), by its class's name:
# PySide6 builds a class, and its enums, the first time Python names it, and a form whose first
# tab has neither a long text nor a choice need not pay for them before it is seen.
_EDITORS = {"text": "QPlainTextEdit", "choice": "QComboBox"}


def new_editor(editor: str) -> QWidget:
    """A new input for a kind's ``editor``: a multi-line box, an editable list or a line."""
    name = _EDITORS.get(editor)
    return getattr(QtWidgets, name)() if name is not None else QLineEdit()


def _input(form_spec: S.FormSpec, path: str) -> QWidget:
    edit = new_editor(_field(form_spec, path).kind.editor)
    edit.setObjectName(path)
    return edit


def build_grid(form_spec: S.FormSpec, grid: S.Grid) -> BuiltGrid:
    """The widgets of ``grid``: the head's fields a line each, the cells in their box, the
    status lines under it. A declared row ``r`` is the layout's row ``2r``; ``2r + 1`` holds the
    message lines of its amounts (an empty row takes no room)."""
    built = BuiltGrid()
    page = QVBoxLayout(built.widget)
    if grid.head:
        head = QFormLayout()
        for path in grid.head:
            edit = _input(form_spec, path)
            head.addRow(_label(field_label(form_spec, path), LABEL + ui_name(path)), edit)
            built.inputs[path] = edit
        page.addLayout(head)
    box = QGroupBox(form_spec.member(grid.group).label if grid.group else "")
    box.setObjectName(GROUP + grid.group)
    layout = QGridLayout(box)
    if grid.row_spacing >= 0:
        layout.setVerticalSpacing(grid.row_spacing)
    totals = {t.key: t for t in form_spec.totals}
    for cell in sorted(grid.cells, key=lambda c: (c.row, c.col)):
        row = 2 * cell.row
        if cell.path:
            edit = _input(form_spec, cell.path)
            layout.addWidget(edit, row, cell.col, 1, cell.span)
            built.inputs[cell.path] = edit
            if _field(form_spec, cell.path).kind.decimal:
                message = _label("", MESSAGE + ui_name(cell.path))
                layout.addWidget(message, row + 1, cell.col, 1, cell.span)
                built.messages[cell.path] = message
        elif cell.total:
            # The note (a 差额) sits left of the amount it speaks of, the amount at the right edge.
            beside = QHBoxLayout()
            note = _label("", NOTE + cell.total)
            value = _label("", TOTAL + cell.total)
            beside.addWidget(note, 1)
            beside.addWidget(value, 0)
            layout.addLayout(beside, row, cell.col, 1, cell.span)
            built.notes[cell.total] = note
            built.totals[cell.total] = value
        else:
            layout.addWidget(_cell_label(form_spec, totals, cell, built), row, cell.col, 1, cell.span)
    used = {col for c in grid.cells for col in range(c.col, c.col + c.span)}
    for col, stretch in enumerate(grid.stretch):
        layout.setColumnStretch(col, stretch)
        if stretch and col not in used:  # a gap between the halves keeps its share of the width
            layout.addItem(QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum), 0, col)
    page.addWidget(box)
    for key in grid.below:
        label = _label("", STATUS + key)
        page.addWidget(label)
        built.status.setdefault(key, []).append(label)
    page.addItem(QSpacerItem(0, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Expanding))
    # Inputs in reading order (the declaration's), whatever order the cells were listed in.
    built.inputs = {path: built.inputs[path] for path in grid.paths}
    return built


def _cell_label(form_spec: S.FormSpec, totals: dict[str, S.Total], cell: S.GridCell, built: BuiltGrid) -> QLabel:
    if cell.label:
        return _label(field_label(form_spec, cell.label), LABEL + ui_name(cell.label))
    if cell.heading:
        return _label(totals[cell.heading].label, HEADING + cell.heading)
    if cell.caption:
        return _label(total_caption(totals[cell.caption]), TOTAL_LABEL + cell.caption)
    if cell.status:
        label = _label("", STATUS + cell.status)
        built.status.setdefault(cell.status, []).append(label)
        return label
    return _label(cell.text, f"{TEXT}{cell.row}_{cell.col}")
