"""Comments on rows follow their rows while rows are inserted, deleted and moved in the window.

A comment names a row by position (``table[3].column``: the interchange format's path). When the
clerk inserts or deletes a row above a commented one, or moves rows, the comment is moved along
with its row, which the window knows by the row itself (the document's row edits keep each row
object, and undo puts the same object back). A comment whose row is deleted stays, under its
table (its section); undoing the deletion brings it back to its row. These moves are part of the
row edit that causes them, not edits of their own: undo and redo of that edit move them again.
"""

from __future__ import annotations

from PySide6.QtCore import QObject

from ...core import spec as S
from ...core.fieldpath import format_path, parse
from .edits import ReviewEdits


class RowAnchors(QObject):
    def __init__(self, edits: ReviewEdits, parent: QObject | None = None):
        super().__init__(parent)
        self.edits = edits
        # id(comment) -> (comment, table, row object, column key or None)
        self.anchors: dict[int, tuple] = {}
        self.gone: set[int] = set()   # comments whose row was deleted in this window
        edits.changed.connect(self.rebuild)
        edits.doc.rowsChanged.connect(self.follow)
        self.rebuild()

    def rebuild(self) -> None:
        """Anchors of the comments as they are now (a review edit or another form)."""
        form = self.edits.doc.form
        kept = {k: v for k, v in self.anchors.items()}
        self.anchors, gone = {}, set()
        for c in form.review.comments:
            try:
                p = parse(c.path)
                member = form.spec.member(p.member)
            except (ValueError, KeyError):
                continue
            if not isinstance(member, S.Table):
                continue
            rows = form.rows(p.member)
            if p.row is not None and 0 <= p.row < len(rows):
                self.anchors[id(c)] = (c, p.member, rows[p.row], p.key)
            elif id(c) in kept and id(c) in self.gone:   # still the same comment, its row still deleted
                self.anchors[id(c)] = kept[id(c)]
                gone.add(id(c))
        self.gone = gone

    def follow(self, table: str) -> None:
        rows = self.edits.doc.form.rows(table)
        where = {id(r): i for i, r in enumerate(rows)}
        moved = False
        for key, (comment, t, row, column) in self.anchors.items():
            if t != table:
                continue
            i = where.get(id(row))
            path = format_path(t, i, column) if i is not None else t
            if i is None:
                self.gone.add(key)
            else:
                self.gone.discard(key)
            if comment.path != path:
                comment.path = path
                moved = True
        if moved:
            self.edits.moved.emit()

    def row_deleted(self, comment) -> bool:
        return id(comment) in self.gone
