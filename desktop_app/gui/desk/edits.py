"""Review edits as undoable commands of the window's document.

A comment added, changed, removed or marked resolved, and the verdict, reviewer, date and
overall 审核意见, each go onto the document's undo stack like any other edit, so 撤销/重做 cover
them and autosave writes them (``document.changed``). They never touch the form's content: the
内容指纹 stays as it was. Consecutive keystrokes in one of the overall fields are one step.
"""

from __future__ import annotations

import copy

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand

from ...core import review as R
from ..document import FormDocument

_TYPING_ID = 0x5245  # "RE": keystrokes in one overall field merge (distinct from the document's ids)


class ReviewEdits(QObject):
    """The review block of the document's form, edited through its undo stack."""

    changed = Signal()   # the review was edited or replaced
    moved = Signal()     # comments followed their rows (``anchors``)

    def __init__(self, doc: FormDocument, parent: QObject | None = None):
        super().__init__(parent)
        self.doc = doc
        doc.formReplaced.connect(self.changed)

    @property
    def review(self) -> R.Review:
        return self.doc.form.review

    # -- edits ----------------------------------------------------------------------------

    def add_comment(self, path: str, text: str) -> bool:
        """False (nothing done) when the form already holds as many comments as it may."""
        if len(self.review.comments) >= R.MAX_COMMENTS:
            return False
        self._push("添加审核意见", lambda r: r.comments.append(R.Comment(path, text[:R.MAX_COMMENT_CHARS])))
        return True

    def set_comment_text(self, index: int, text: str) -> None:
        if self.review.comments[index].text != text:
            self._push("修改审核意见", lambda r: setattr(r.comments[index], "text", text[:R.MAX_COMMENT_CHARS]))

    def remove_comment(self, index: int) -> None:
        self._push("删除审核意见", lambda r: r.comments.pop(index))

    def set_resolved(self, index: int, resolved: bool) -> None:
        if self.review.comments[index].resolved != resolved:
            self._push("标记审核意见为已处理" if resolved else "标记审核意见为未处理",
                       lambda r: setattr(r.comments[index], "resolved", resolved))

    def set_field(self, key: str, value: str) -> None:
        """verdict, reviewer, date or summary."""
        value = value[:R.LIMITS[key]] if key != "verdict" else value
        if getattr(self.review, key) != value:
            self._push(f"修改{R.FIELD_LABELS[key]}", lambda r: setattr(r, key, value),
                       typing=key if key != "verdict" else None)

    def _push(self, text: str, change, typing: str | None = None) -> None:
        before = copy.deepcopy(self.review)
        after = copy.deepcopy(before)
        change(after)
        self.doc.undo_stack.push(_ReviewCommand(self, text, before, after, typing))

    # -- applied by the commands ----------------------------------------------------------

    def _apply(self, review: R.Review) -> None:
        self.doc.form.review = copy.deepcopy(review)
        self.changed.emit()
        self.doc.changed.emit()  # autosave, the problems panel, the window's "unsaved"


class _ReviewCommand(QUndoCommand):
    def __init__(self, edits: ReviewEdits, text: str, before: R.Review, after: R.Review, typing: str | None):
        super().__init__(text)
        self.edits, self.before, self.after, self.typing = edits, before, after, typing

    def id(self) -> int:
        return _TYPING_ID if self.typing else -1

    def mergeWith(self, other: QUndoCommand) -> bool:
        if not isinstance(other, _ReviewCommand) or other.typing != self.typing or self.typing is None:
            return False
        self.after = other.after
        return True

    def redo(self) -> None:
        self.edits._apply(self.after)

    def undo(self) -> None:
        self.edits._apply(self.before)
