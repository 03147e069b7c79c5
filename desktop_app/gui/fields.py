"""Binds the single-value inputs (text, choice, year, amounts) to their paths, by the declared kind.

A widget edits the document by path; the document tells every widget what changed, so undo,
redo, opening a file and typing all show the same way. How a number is read, shown and what is
wrong with it come from its kind (``core.kinds``).
"""

from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING

import shiboken6
from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import QLabel, QLineEdit, QMainWindow, QSizePolicy, QWidget

from ..core import spec as S
from ..core.totals import amount_at, computed_amount
from .document import FormDocument

if TYPE_CHECKING:  # named only by the widgets themselves (see TextBinding)
    from PySide6.QtWidgets import QComboBox


def _same(a, b) -> bool:
    return type(a) is type(b) and repr(a) == repr(b)


class _Binding(QObject):
    def __init__(self, doc: FormDocument, path: str, widget: QWidget):
        super().__init__(widget)
        self.doc, self.path, self.widget = doc, path, widget
        self.field = doc.form.spec.field_at(path)
        widget.setObjectName(path)
        widget.setAccessibleName(doc.label(path))
        if self.field.placeholder and hasattr(widget, "setPlaceholderText"):
            widget.setPlaceholderText(self.field.placeholder)

    @property
    def key_widget(self) -> QWidget:
        """The widget that receives the keys typed into this field."""
        return self.widget

    def refresh(self) -> None:
        raise NotImplementedError

    def set_read_only(self, read_only: bool) -> None:
        self.widget.setReadOnly(read_only)


class TextBinding(_Binding):
    """A text field, held to its field's limit: a line edit refuses more (and says so), a
    multi-line box keeps the first ``limit`` characters of a paste and says so in its counter."""

    def __init__(self, doc, path, widget, counter: QLabel | None = None):
        super().__init__(doc, path, widget)
        self.counter = counter
        self.notice = ""   # the last thing said about the limit
        # Asked of Qt, not by isinstance: naming QPlainTextEdit here would make PySide6 build the
        # class (and its enums) at start, for a window whose first tab has no long text.
        self.plain = widget.inherits("QPlainTextEdit")
        if self.plain:
            widget.setTabChangesFocus(True)
            widget.setUndoRedoEnabled(False)  # the window's undo stack covers every field
            widget.textChanged.connect(self._plain_changed)
        else:
            widget.setMaxLength(self.field.limit)
            widget.inputRejected.connect(self._rejected)
            widget.textEdited.connect(lambda text: doc.set_value(path, text))

    def _text(self) -> str:
        w = self.widget
        return w.toPlainText() if self.plain else w.text()

    def _plain_changed(self) -> None:
        text = self.widget.toPlainText()
        cut = len(text) > self.field.limit
        if cut:
            text = text[:self.field.limit]
            self.widget.blockSignals(True)
            self.widget.setPlainText(text)
            self.widget.moveCursor(self.widget.textCursor().MoveOperation.End)
            self.widget.blockSignals(False)
        self.doc.set_value(self.path, text)
        if cut:
            self._say(limit_notice(self.field))

    def _rejected(self) -> None:
        if len(self.widget.text()) >= self.field.limit:
            self._say(limit_notice(self.field))

    def _say(self, text: str) -> None:
        self.notice = text
        if self.counter is not None:
            self._count(len(self._text()), text)
        else:
            # A line field has no line of its own for it: the window's status bar says it.
            window = self.widget.window()
            if isinstance(window, QMainWindow):
                window.statusBar().showMessage(text, 15_000)

    def _count(self, n: int, notice: str = "") -> None:
        if self.counter is None:
            return
        self.counter.setText(f"{n:,} / {self.field.limit:,} 字" + (f"（{notice}）" if notice else ""))
        if self.counter.property("over") != bool(notice):  # re-polish only when it flips
            self.counter.setProperty("over", bool(notice))
            self.counter.setStyleSheet("color: #b00020;" if notice else "")

    def refresh(self) -> None:
        value = self.doc.form.get(self.path) or ""
        if self._text() != value:
            if self.plain:
                self.widget.blockSignals(True)  # the document already holds it
                self.widget.setPlainText(value)
                self.widget.blockSignals(False)
            else:
                self.widget.setText(value)
        self._count(len(value))


def fit_to_text(edit: QLineEdit) -> None:
    """Keeps a one-line field at least as wide as its whole value (or the placeholder that
    stands for it) and what it shows beside it (a comment's mark, which Qt counts in the hint):
    a narrow window scrolls the page rather than hide the end of an amount. In steps of a few
    digits, so typing relays the page out only now and then."""
    metrics = edit.fontMetrics()
    hint = edit.minimumSizeHint().width()  # Qt's: one wide character, the frame, the marks
    text = edit.text() or edit.placeholderText()
    step = metrics.horizontalAdvance("000")
    needed = hint - metrics.maxWidth() + -(-(metrics.horizontalAdvance(text) + 2) // step) * step
    width = max(hint, needed)
    if edit.minimumWidth() != width:
        edit.setMinimumWidth(width)


def limit_notice(field: S.Field) -> str:
    return f"「{field.label}」最多 {field.limit:,} 字，超出的部分没有填入"


def show_message(label: QLabel, text: str) -> None:
    """``text`` in a reserved one-line message label: cut to its width, whole in the tooltip."""
    width = label.width()
    label.setText(label.fontMetrics().elidedText(text, Qt.TextElideMode.ElideRight, width) if width > 20 else text)
    label.setToolTip(text)


def reserve_line(label: QLabel) -> None:
    """A message label that always takes its one line, shown or empty, so nothing moves when
    a message appears; as wide as its column lets it be, never wider, in a slightly smaller
    type so the reserved lines cost little height."""
    font = label.font()
    font.setPointSizeF(max(font.pointSizeF() - 1, 7))
    label.setFont(font)
    label.setVisible(True)
    label.setWordWrap(False)
    label.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
    label.setFixedHeight(label.fontMetrics().lineSpacing())


class ChoiceBinding(_Binding):
    """An editable list of the declared choices: one is picked, or other text kept as typed."""

    def __init__(self, doc, path, widget: QComboBox):
        super().__init__(doc, path, widget)
        widget.setEditable(True)
        widget.setInsertPolicy(type(widget).InsertPolicy.NoInsert)
        widget.addItems(self.field.choices)
        widget.setCurrentIndex(-1)
        self.edit = widget.lineEdit()
        self.edit.setMaxLength(self.field.limit)
        self.edit.setPlaceholderText(self.field.placeholder)
        self.read_only = False
        # Any change of the text (typed, picked, completed inline) is the value; setting the value
        # back from the document changes nothing and pushes no edit.
        widget.editTextChanged.connect(self._changed)

    @property
    def key_widget(self) -> QWidget:
        return self.edit

    def _changed(self, text: str) -> None:
        if self.read_only:
            self.refresh()  # the list still opens on a read-only draft: picking changes nothing
        else:
            self.doc.set_value(self.path, text)

    def refresh(self) -> None:
        value = self.doc.form.get(self.path) or ""
        if self.widget.currentText() != value:
            self.widget.setEditText(value)

    def set_read_only(self, read_only: bool) -> None:
        self.read_only = read_only
        self.edit.setReadOnly(read_only)


class YearValidator(QValidator):
    """Up to four digits 0-9, what ``int`` reads back (as the pattern ``[0-9]{0,4}``, which made Qt
    compile a regular expression at every start of the window)."""

    def validate(self, text: str, pos: int):
        digits = len(text) <= 4 and all("0" <= ch <= "9" for ch in text)
        return QValidator.State.Acceptable if digits else QValidator.State.Invalid, text, pos


class YearBinding(_Binding):
    def __init__(self, doc, path, widget: QLineEdit):
        super().__init__(doc, path, widget)
        widget.setValidator(YearValidator(widget))
        widget.textEdited.connect(lambda text: doc.set_value(path, int(text) if text else None))

    def refresh(self) -> None:
        value = self.doc.form.get(self.path)
        text = "" if value is None else str(value)
        if self.widget.text() != text:
            self.widget.setText(text)


class AmountBinding(_Binding):
    """A number field (an amount, a percentage, a score: its kind reads and shows it) with its
    inline message label (may be None)."""

    def __init__(self, doc, path, widget: QLineEdit, message: QLabel | None):
        super().__init__(doc, path, widget)
        self.message = message
        widget.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        widget.textChanged.connect(lambda _text: fit_to_text(widget))
        widget.textEdited.connect(self._edited)
        widget.editingFinished.connect(self._finished)
        if message is not None:
            message.setStyleSheet("color: #b00020;")
            reserve_line(message)
        if self._derived():
            doc.changed.connect(self._show_computed)

    def _derived(self) -> bool:
        """Whether the field, left empty, shows what it is computed as: the sum of its parts, or
        what a declared rule derives (a ratio, a difference)."""
        if self.field.computed_from:
            return True
        if not self.doc.form.spec.rules.declared:
            return False
        from ..core.ruleset import derived_of

        return self.path in derived_of(self.doc.form.spec)

    def _show_computed(self) -> None:
        """A total left empty shows the sum of its parts, as it is printed."""
        computed = (computed_amount(self.doc.form, self.field.computed_from) if self.field.computed_from
                    else amount_at(self.doc.form, self.path))
        self.widget.setPlaceholderText(self.field.placeholder if computed is None
                                       else f"{self.field.kind.show(computed)}（自动计算）")
        fit_to_text(self.widget)

    def _edited(self, text: str) -> None:
        value, _ = self.field.kind.typed(text)
        self.doc.set_value(self.path, value)
        if self.message is not None and self.message.text() and not self.field.kind.problem(value):
            self._show_problem()  # clear as soon as it is right; complain only when done typing

    def _finished(self) -> None:
        if not shiboken6.isValid(self.widget):
            return  # a field losing focus while its window is destroyed says it is finished too
        value = self.doc.form.get(self.path)
        if isinstance(value, Decimal) and self.widget.text() != self.field.kind.show(value):
            self.widget.setText(self.field.kind.show(value))
        self._show_problem()

    def _show_problem(self) -> None:
        problem = self.field.kind.problem(self.doc.form.get(self.path))
        if self.message is not None:
            show_message(self.message, problem or "")
        self.widget.setToolTip(problem or "")
        self.widget.setAccessibleDescription(problem or "")
        self.widget.setStyleSheet("border: 1px solid #b00020;" if problem else "")

    def refresh(self) -> None:
        value = self.doc.form.get(self.path)
        current, _ = self.field.kind.typed(self.widget.text())
        if not _same(current, value):
            self.widget.setText(self.field.kind.show(value))
        if not self.widget.hasFocus():
            self._show_problem()
        if self._derived():
            self._show_computed()


def bind(doc: FormDocument, path: str, widget: QWidget, message: QLabel | None = None) -> _Binding:
    """The binding the declared kind of ``path`` needs (``message``: an amount's message line,
    or a long text's character counter)."""
    kind = doc.form.spec.field_at(path).kind
    if kind.decimal:
        return AmountBinding(doc, path, widget, message)
    if kind.integer:
        return YearBinding(doc, path, widget)
    if kind.editor == "choice":
        return ChoiceBinding(doc, path, widget)
    return TextBinding(doc, path, widget, message)


class Bindings(QObject):
    """All single-value bindings of a window's tabs, by path."""

    added = Signal(object)  # a new binding, once its widget shows the form's value

    def __init__(self, doc: FormDocument, parent: QObject | None = None):
        super().__init__(parent)
        self.doc = doc
        self.by_path: dict[str, _Binding] = {}
        doc.valueChanged.connect(self._changed)
        doc.formReplaced.connect(self.refresh_all)

    def add(self, binding: _Binding) -> None:
        self.by_path[binding.path] = binding
        binding.refresh()
        self.added.emit(binding)

    def _changed(self, path: str) -> None:
        binding = self.by_path.get(path)
        if binding is not None:
            binding.refresh()

    def refresh_all(self) -> None:
        for binding in self.by_path.values():
            binding.refresh()

    def set_read_only(self, read_only: bool) -> None:
        for binding in self.by_path.values():
            binding.set_read_only(read_only)
