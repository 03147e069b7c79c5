"""The window's tabs, built from the form's declaration (``FormSpec.pages``), each on first show.

A page is a column of parts: fields with their labels, a declared grid of amounts, a long text,
or a row table (the spreadsheet grid of ``gui.grid``; an indicator table as a tree). Totals and
the rules' status lines are kept up to date wherever a part shows them. Every page scrolls as a
whole when the window is smaller than what it holds, so nothing is ever out of reach.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Qt
from PySide6 import QtWidgets
from PySide6.QtWidgets import QFormLayout, QFrame, QHBoxLayout, QLabel, QScrollArea, QVBoxLayout, QWidget

from ..core import spec as S
from ..core.amounts import format_amount
from ..core.fieldpath import parse
from .document import FormDocument
from .fields import Bindings, bind
from .amountgrid import MESSAGE, STATUS, build_grid, new_editor, ui_name

if TYPE_CHECKING:  # each imported by the first part that needs it (a tab is built on first show)
    from .datepicker import DatePicker

OK_STYLE = "color: #1b5e20;"
ERROR_STYLE = "color: #b00020; font-weight: bold;"
# A total shown because a problem names it: it takes focus, and focus shows.
_FOCUSED_TOTAL = "QLabel:focus { background: #ffe9a8; }"


def total_of(form_spec: S.FormSpec, path: str) -> str | None:
    """The key of the total a problem's path names (``Total.path``: ``<group>.<key>`` or
    ``totals.<key>``), else None."""
    total = form_spec.total_at(path)
    return total.key if total is not None else None


def _scrolled(page: QWidget) -> QScrollArea:
    """``page`` in a frameless scroll area. A label whose text changes makes Qt lay out its
    ancestors again, and at the tab widget that repaints the whole tab: some 8 ms on every
    keystroke that changes a total. The scroll area ends the chain at the page, and on a small
    screen the page scrolls instead of being cut off (a table inside still scrolls itself)."""
    area = QScrollArea()
    area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # not a tab stop of its own between the fields
    area.setFrameShape(QFrame.Shape.NoFrame)
    area.setWidgetResizable(True)
    area.setWidget(page)
    return area


def chain_tab_order(widgets) -> None:
    widgets = [w for w in widgets if w is not None]
    for first, second in zip(widgets, widgets[1:]):
        QWidget.setTabOrder(first, second)


class Readouts(QObject):
    """The labels that show totals, the notes beside them and status lines, on whatever page."""

    def __init__(self, doc: FormDocument, parent: QObject | None = None):
        super().__init__(parent)
        self.doc = doc
        self.totals: dict[str, QLabel] = {}
        self.notes: dict[str, QLabel] = {}
        self.status: dict[str, list[QLabel]] = {}
        self.bars: dict[str, list] = {}  # ScoreBars beside a status line, by its key
        self._shown: dict[str, bool | None] = {}
        self._marked: dict[str, bool] = {}
        doc.changed.connect(self.update)

    def add_total(self, key: str, label: QLabel) -> None:
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        label.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # a problem can take the clerk there; Tab skips it
        label.setStyleSheet(_FOCUSED_TOTAL)
        self.totals[key] = label
        self._marked.pop(key, None)

    def add_note(self, key: str, label: QLabel) -> None:
        label.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        label.setContentsMargins(0, 0, 12, 0)  # apart from the amount it speaks of
        label.setStyleSheet("color: #b00020;")
        label.setText("")
        self.notes[key] = label

    def add_status(self, key: str, label: QLabel) -> None:
        label.setWordWrap(True)
        self.status.setdefault(key, []).append(label)
        self._shown.pop(key, None)

    def add_bars(self, key: str, bars) -> None:
        self.bars.setdefault(key, []).append(bars)

    def update(self) -> None:
        if not (self.totals or self.status):
            return
        form, totals = self.doc.form, self.doc.totals
        for key, label in self.totals.items():
            label.setText(format_amount(totals[key]))
        marked: dict[str, str] = {}
        notes: dict[str, str] = {}
        for line in form.spec.rules.status(form, totals):
            if line.ok is False:
                marked.update(dict.fromkeys(line.marks, line.text))
            notes.update(line.notes)
            labels = self.status.get(line.key, ())
            for label in labels:
                label.setText(line.text)
                label.setAccessibleName(line.text)
            for bars in self.bars.get(line.key, ()):
                bars.set_bars(line.bars)
            if labels and self._shown.get(line.key, "unset") != line.ok:
                # Style sheets re-polish the widget: only when the verdict flips, not every keystroke.
                self._shown[line.key] = line.ok
                for label in labels:
                    label.setStyleSheet({True: OK_STYLE, False: ERROR_STYLE}.get(line.ok, ""))
        for key, label in self.totals.items():
            mark = key in marked
            if self._marked.get(key) != mark:
                self._marked[key] = mark
                label.setStyleSheet(f"QLabel {{ {ERROR_STYLE} }} {_FOCUSED_TOTAL}" if mark else _FOCUSED_TOTAL)
            label.setAccessibleDescription(marked.get(key, ""))
        for key, label in self.notes.items():
            text = notes.get(key, "")
            if label.text() != text:
                label.setText(text)


# -- parts of a page ---------------------------------------------------------------------------

class Part:
    widget: QWidget
    inputs: list[QWidget]

    def holds(self, path: str) -> bool:
        return False

    def focus(self, path: str) -> None:
        pass

    def set_read_only(self, read_only: bool) -> None:
        pass


class FieldsPart(Part):
    """A label and an input per path, one per line; a date has its calendar beside it."""

    def __init__(self, ctx: "PageContext", part: S.Fields):
        self.paths = part.paths
        self.widget = QWidget()
        layout = QFormLayout(self.widget)
        self.inputs = []
        self.pickers: list[DatePicker] = []
        for path in part.paths:
            f = ctx.spec.field_at(path)
            edit = new_editor(f.kind.editor)
            label = QLabel(ctx.doc.label(path))
            label.setBuddy(edit)
            field_widget = edit
            if f.kind.editor == "date":
                from .datepicker import DatePicker

                field_widget = QWidget()
                row = QHBoxLayout(field_widget)
                row.setContentsMargins(0, 0, 0, 0)
                row.addWidget(edit, 1)
                picker = DatePicker(ctx.doc, path, edit)
                row.addWidget(picker)
                self.pickers.append(picker)
            layout.addRow(label, field_widget)
            message = None
            if f.kind.decimal:
                message = QLabel()
                message.setObjectName(f"{MESSAGE}{ui_name(path)}")
                layout.addRow("", message)
            ctx.bindings.add(bind(ctx.doc, path, edit, message))
            self.inputs.append(edit)
        if part.status:
            status = QLabel()
            status.setObjectName(f"{STATUS}{part.status}")
            ctx.readouts.add_status(part.status, status)
            layout.addRow("", status)
        chain_tab_order(self.inputs)

    def holds(self, path: str) -> bool:
        return path in self.paths

    def set_read_only(self, read_only: bool) -> None:
        for picker in self.pickers:
            picker.setEnabled(not read_only)


class GridPart(Part):
    """A declared grid of amounts with its totals and status lines (``gui.amountgrid``)."""

    def __init__(self, ctx: "PageContext", part: S.Grid):
        self.paths = part.paths
        self.form_spec = ctx.spec
        built = build_grid(ctx.spec, part)
        self.widget = built.widget
        # Tab goes across each row as the paper is read, in every amount grid alike.
        self.inputs = list(built.inputs.values())
        for path, edit in built.inputs.items():
            ctx.bindings.add(bind(ctx.doc, path, edit, built.messages.get(path)))
        self.total_labels: dict[str, QLabel] = built.totals
        for key, label in built.totals.items():
            ctx.readouts.add_total(key, label)
        for key, label in built.notes.items():
            ctx.readouts.add_note(key, label)
        for key, labels in built.status.items():
            for label in labels:
                ctx.readouts.add_status(key, label)
        chain_tab_order(self.inputs)

    def holds(self, path: str) -> bool:
        return path in self.paths or total_of(self.form_spec, path) in self.total_labels

    def focus(self, path: str) -> None:
        label = self.total_labels.get(total_of(self.form_spec, path))
        if label is not None:
            label.setFocus(Qt.FocusReason.OtherFocusReason)


class LongTextPart(Part):
    """A long text filling the page, with its character count."""

    def __init__(self, ctx: "PageContext", part: S.LongText):
        self.path = part.path
        self.widget = QWidget()
        layout = QVBoxLayout(self.widget)
        layout.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        label = QLabel(ctx.doc.label(part.path))
        self.counter = QLabel()
        self.counter.setObjectName(f"{ui_name(part.path)}__count")
        self.counter.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        head.addWidget(label)
        head.addStretch(1)
        head.addWidget(self.counter)
        edit = QtWidgets.QPlainTextEdit()
        edit.setMinimumHeight(edit.fontMetrics().lineSpacing() * 5)
        label.setBuddy(edit)
        layout.addLayout(head)
        layout.addWidget(edit, 1)
        ctx.bindings.add(bind(ctx.doc, part.path, edit, self.counter))
        self.inputs = [edit]

    def holds(self, path: str) -> bool:
        return path == self.path


class RowsPart(Part):
    """A row table: the spreadsheet grid (``gui.grid``) with its row buttons and, for long
    texts, the detail pane."""

    def __init__(self, ctx: "PageContext", part: S.Rows):
        from .grid.panel import GridPanel
        from .indicator_tree import IndicatorTreeModel
        from .row_table import RowTableModel

        self.doc = ctx.doc
        self.form_spec = ctx.spec
        self.table = ctx.spec.member(part.table)
        self.status_key = part.status
        model_class = IndicatorTreeModel if self.table.tree is not None else RowTableModel
        self.status_label = None
        bars = None
        if part.status:
            from .scorebars import ScoreBars

            self.status_label = QLabel()
            self.status_label.setObjectName(f"{STATUS}{part.status}")
            ctx.readouts.add_status(part.status, self.status_label)
            bars = ScoreBars()  # shown only when the status line carries bars
            bars.setObjectName(f"{STATUS}{part.status}__bars")
            ctx.readouts.add_bars(part.status, bars)
        self.panel = GridPanel(ctx.doc, model_class(ctx.doc, self.table), self.status_label, beside=bars)
        self.model = self.panel.model
        self.model.setParent(self.panel.view)
        self.view = self.panel.view
        self.detail = self.panel.detail
        self.widget = self.panel
        b = self.panel.buttons
        self.add_button, self.remove_button = b["add_row"], b["remove_row"]
        self.up_button, self.down_button = b["move_up"], b["move_down"]
        self.inputs = self.panel.inputs
        for edit in (self.detail.inputs if self.detail else []):
            ctx.watch_undo_keys(edit)
        chain_tab_order(self.inputs)

    def buttons(self):
        return list(self.panel.buttons.values())

    def holds(self, path: str) -> bool:
        key = total_of(self.form_spec, path)
        if key is not None:
            total = self.form_spec.total(key)
            return key == self.status_key or total.column.partition(".")[0] == self.table.key
        return parse(path).member == self.table.key

    def focus(self, path: str) -> None:
        index = self.model.index_for_path(path) if total_of(self.form_spec, path) is None else None
        if index is not None and index.isValid():
            self.view.go_to(index)
        self.view.setFocus(Qt.FocusReason.OtherFocusReason)

    def set_read_only(self, read_only: bool) -> None:
        self.panel.set_read_only(read_only)

    # The row commands, as the buttons and shortcuts give them.

    def add_row(self) -> None:
        self.view.add_row()

    def remove_row(self) -> None:
        self.view.remove_rows()

    def move_row(self, step: int) -> None:
        self.view.move_rows(step)

    def select(self, index) -> None:
        self.view.go_to(index)


_PARTS = {S.Fields: FieldsPart, S.Grid: GridPart, S.LongText: LongTextPart, S.Rows: RowsPart}
# Parts that sit at their own height; a page of nothing else leaves the rest of the tab empty.
_AT_OWN_HEIGHT = (S.Fields, S.Grid)


class PageContext:
    """What the parts of every page share."""

    def __init__(self, doc: FormDocument, bindings: Bindings, readouts: Readouts):
        self.doc, self.bindings, self.readouts = doc, bindings, readouts
        self.spec = doc.form.spec
        self.read_only = False
        # Text boxes that edit the document directly get the window's Ctrl+Z / Ctrl+Y.
        self.watch_undo_keys = lambda widget: None


class Page:
    """One tab; its parts are built the first time it is shown (or a field on it is wanted)."""

    def __init__(self, ctx: PageContext, page: S.Page):
        self.ctx = ctx
        self.spec = page
        self.title = page.title
        self.parts: list[Part] = []
        self._inner = QWidget()
        self._layout = QVBoxLayout(self._inner)
        self.widget = _scrolled(self._inner)

    @property
    def fills(self) -> bool:
        """Whether the tab uses any height it gets: a table or a long text fills the page (and
        scrolls itself); fields sit at the top."""
        return not all(isinstance(p, _AT_OWN_HEIGHT) for p in self.spec.parts)

    @property
    def built(self) -> bool:
        return bool(self.parts)

    @property
    def has_rows(self) -> bool:
        """A row table: the costly kind of tab to build (its rows are measured to wrap)."""
        return any(isinstance(p, S.Rows) for p in self.spec.parts)

    def build(self) -> None:
        if self.built:
            return
        for spec in self.spec.parts:
            part = _PARTS[type(spec)](self.ctx, spec)
            part.set_read_only(self.ctx.read_only)
            self.parts.append(part)
            stretch = 0 if isinstance(spec, _AT_OWN_HEIGHT) else 1
            self._layout.addWidget(part.widget, stretch)
        if not self.fills:
            self._layout.addStretch(1)
        self.ctx.bindings.set_read_only(self.ctx.read_only)
        self.ctx.readouts.update()

    def holds(self, path: str) -> bool:
        """Whether this tab shows ``path`` (from the declaration: the tab need not be built)."""
        return any(_declares(self.ctx.spec, spec, path) for spec in self.spec.parts)

    def part_for(self, path: str) -> Part | None:
        self.build()
        return next((p for p in self.parts if p.holds(path)), None)

    def first_input(self) -> QWidget | None:
        self.build()
        return next((p.inputs[0] for p in self.parts if p.inputs), None)

    def set_read_only(self, read_only: bool) -> None:
        for part in self.parts:
            part.set_read_only(read_only)


def _declares(form_spec: S.FormSpec, spec, path: str) -> bool:
    total = form_spec.total_at(path)
    if total is not None:
        # A total is on the tab that holds what it adds up (or the status line that names it).
        if isinstance(spec, S.Rows):
            return spec.status == total.key or total.column.partition(".")[0] == spec.table
        return any(_declares(form_spec, spec, p) for p in total.parts)
    if isinstance(spec, (S.Fields, S.Grid)):
        return path in spec.paths
    if isinstance(spec, S.LongText):
        return path == spec.path
    try:
        return parse(path).member == spec.table
    except ValueError:
        return False
