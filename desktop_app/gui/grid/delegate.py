"""The grid's cell editors and how a cell is drawn, for every row table.

A single-line field is edited in a line edit, a long text in a multi-line box. The keys inside
an editor are the spreadsheet's: Enter commits and moves down (Shift+Enter up), Alt+Enter is a
line break in a long text, Tab / Shift+Tab commit and move across, Esc drops only this edit,
Ctrl+Tab commits and leaves the table. Pasting a block of cells into an editor pastes it into
the grid instead; no editor takes more than its field's limit.

A row shows at most ``MAX_LINES`` lines of each cell, the last one ending in "…": the whole of
a long text is in the detail pane below the table.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRect, Qt
from PySide6.QtGui import QGuiApplication, QKeySequence, QTextLayout, QTextOption
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ...core import spec as S
from .clipboard import is_block, parse_tsv
from .paste import cut_notice, fit_text

MAX_LINES = 4
_ORIGINAL = "grid_original_text"   # editor property: the text it opened with
_K = Qt.Key


class WrappingDelegate(QStyledItemDelegate):
    """Cells whose text wraps to their column, at most ``MAX_LINES`` lines, the last ending in
    "…". A tree view asks for a row's height without the column's width (Qt's own "###" in
    QTreeView::indexRowSizeHint), so ``wrap_width`` says it and the height is measured here."""

    def wrap_width(self, index) -> int:
        """The width the cell's text wraps to; 0 for one line."""
        return 0

    def sizeHint(self, option, index):
        size = super().sizeHint(option, index)
        width = self.wrap_width(index)
        if width > 0:
            text = index.data(Qt.ItemDataRole.DisplayRole) or ""
            if text:
                margins = size.height() - option.fontMetrics.height()  # as the style pads one line
                wrapped = option.fontMetrics.boundingRect(QRect(0, 0, width, 1 << 20),
                                                          int(Qt.TextFlag.TextWordWrap), text).height()
                size.setHeight(max(size.height(), wrapped + margins))
        cap = option.fontMetrics.lineSpacing() * MAX_LINES + 8
        if size.height() > cap:
            size.setHeight(cap)
        return size

    def paint(self, painter, option, index):
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        style = opt.widget.style() if opt.widget else None
        if style is not None and opt.text:
            rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, opt.widget)
            opt.text = clipped(opt.text, opt, rect.width() - 4, rect.height())
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
            return
        super().paint(painter, option, index)


class GridDelegate(WrappingDelegate):
    def __init__(self, view):
        super().__init__(view)
        self.view = view

    # -- editors ------------------------------------------------------------------------

    def createEditor(self, parent, option, index):
        model = index.model()
        field = model.field(index)
        if field.kind.multiline:
            editor = QPlainTextEdit(parent)
            editor.setTabChangesFocus(False)  # Tab is the grid's: filtered below
            editor.textChanged.connect(lambda: self._hold_to_limit(editor, field))
        else:
            editor = QLineEdit(parent)
            editor.setMaxLength(field.limit)
            if field.kind.align == S.RIGHT:
                editor.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        editor.setAccessibleName(model.doc.label(model.path(index)))
        editor.setProperty("grid_field_limit", field.limit)
        return editor

    def setEditorData(self, editor, index):
        if editor.property(_ORIGINAL) is not None:
            return  # set once when it opens; a model refresh must not undo the clerk's typing
        text = index.data(Qt.ItemDataRole.EditRole) or ""
        editor.setProperty(_ORIGINAL, text)
        if self.view.opening_to_replace():
            text = ""  # typing on a cell replaces it, as in Excel
        if isinstance(editor, QPlainTextEdit):
            editor.setPlainText(text)
            editor.moveCursor(editor.textCursor().MoveOperation.End)
        else:
            editor.setText(text)
            editor.deselect()
            editor.end(False)  # F2 and double-click put the cursor at the end, as in Excel

    def setModelData(self, editor, model, index):
        text = editor.toPlainText() if isinstance(editor, QPlainTextEdit) else editor.text()
        if text == editor.property(_ORIGINAL):
            return  # opened and left: no edit (``2,399.00`` must not replace ``2399``)
        model.setData(index, text)
        editor.setProperty(_ORIGINAL, text)

    def updateEditorGeometry(self, editor, option, index):
        rect = option.rect
        if isinstance(editor, QPlainTextEdit):
            # Room for a few lines even in a short row; the detail pane has the whole text.
            lines = editor.fontMetrics().lineSpacing() * (MAX_LINES + 1) + 12
            rect = rect.adjusted(0, 0, 0, max(0, lines - rect.height()))
        editor.setGeometry(rect)

    def _hold_to_limit(self, editor: QPlainTextEdit, field: S.Field) -> None:
        text = editor.toPlainText()
        if len(text) > field.limit:
            editor.blockSignals(True)
            editor.setPlainText(text[:field.limit])
            editor.moveCursor(editor.textCursor().MoveOperation.End)
            editor.blockSignals(False)
            self.view.notice.emit(cut_notice({field.label: field.limit}))

    # -- keys inside an editor ----------------------------------------------------------

    def eventFilter(self, editor, event):
        if event.type() == QEvent.Type.KeyPress and isinstance(editor, (QLineEdit, QPlainTextEdit)):
            if self._key(editor, event):
                return True
        return super().eventFilter(editor, event)

    def _key(self, editor, event) -> bool:
        key, mods = event.key(), event.modifiers()
        M = Qt.KeyboardModifier
        if key in (_K.Key_Return, _K.Key_Enter):
            if mods & M.AltModifier:
                if isinstance(editor, QPlainTextEdit):
                    editor.insertPlainText("\n")
                return True
            step = -1 if mods & M.ShiftModifier else 0 if mods & M.ControlModifier else 1
            self._finish(editor, lambda: self.view.step_down(step) if step else None)
            return True
        if key in (_K.Key_Tab, _K.Key_Backtab):
            forward = key == _K.Key_Tab and not mods & M.ShiftModifier
            if mods & M.ControlModifier:
                self._finish(editor, lambda: self.view.leave(forward))
            else:
                step = 1 if forward else -1
                self._finish(editor, lambda: self.view.step_across(step) or self.view.leave(forward))
            return True
        if key == _K.Key_Escape:
            self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.RevertModelCache)
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
            return True
        if event.matches(QKeySequence.StandardKey.Paste):
            return self._paste(editor)
        return False

    def _finish(self, editor, then) -> None:
        """Commit, close, then move (after the editor is gone, so the move selects afresh)."""
        self.commitData.emit(editor)
        self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.NoHint)
        then()

    def _paste(self, editor) -> bool:
        text = QGuiApplication.clipboard().text()
        long_text = isinstance(editor, QPlainTextEdit)
        # A block of cells goes to the grid; in a long text only tabs make one (a paragraph's
        # line breaks are its own).
        if ("\t" in text if long_text else is_block(text)):
            self.closeEditor.emit(editor, QStyledItemDelegate.EndEditHint.RevertModelCache)
            self.view.setFocus(Qt.FocusReason.OtherFocusReason)
            self.view.paste_text(text)
            return True
        index = self.view.currentIndex()
        field = index.model().field(index)
        rows = parse_tsv(text)
        if len(rows) == 1 and len(rows[0]) == 1 and text.startswith('"'):
            text = rows[0][0]  # one quoted cell from Excel: its text, without the quotes
        current = editor.toPlainText() if long_text else editor.text()
        selected = (editor.textCursor().selectedText() if long_text else editor.selectedText())
        room = field.limit - (len(current) - len(selected))
        text, cut = fit_text(field, text)
        if cut or len(text) > room:
            text = text[:max(0, room)]
            self.view.notice.emit(cut_notice({field.label: field.limit}))
        if long_text:
            editor.insertPlainText(text)
        else:
            editor.insert(text)
        return True

    # -- drawing ------------------------------------------------------------------------

    def wrap_width(self, index) -> int:
        return self.view.wrap_width(index)

    def sizeHint(self, option, index):
        if not self.view.measured:
            size = QStyledItemDelegate.sizeHint(self, option, index)
            size.setHeight(self.view.fixed_row_height())
            return size
        return super().sizeHint(option, index)


def clipped(text: str, option: QStyleOptionViewItem, width: int, height: int) -> str:
    """``text`` cut after the lines that fit ``height`` at ``width``, ending in "…"."""
    if width <= 0:
        return text
    spacing = option.fontMetrics.lineSpacing()
    lines = max(1, min(MAX_LINES, height // spacing if spacing else MAX_LINES))
    layout = QTextLayout(text.replace("\n", "\u2028"), option.font)
    text_option = QTextOption()
    text_option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(text_option)
    layout.beginLayout()
    ends = []
    while len(ends) <= lines:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(width)
        ends.append(line.textStart() + line.textLength())
    layout.endLayout()
    if len(ends) <= lines:
        return text
    kept = text[:ends[lines - 1]].rstrip("\n")
    return kept[:-1] + "…" if kept else "…"

