"""The 审核意见 panel: the overall review (verdict, reviewer, date, summary) and every comment,
under the section of the form it is on — a comment whose field or row is gone stays under its
section, marked so. The reviewer (审核 mode) writes and changes them; the clerk reads them and
ticks each one 已处理. Every change is an undoable edit (``edits.ReviewEdits``)."""

from __future__ import annotations

import datetime

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QComboBox, QDockWidget, QFormLayout, QGroupBox, QHBoxLayout, QHeaderView, QLabel, QLineEdit, QMainWindow,
                               QPlainTextEdit, QPushButton, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from ...core import review as R
from ...core import spec as S
from ...core.labels import field_label
from ..grid.delegate import WrappingDelegate
from .edits import ReviewEdits

TITLE = "审核意见"
INDEX_ROLE = Qt.ItemDataRole.UserRole
PATH_ROLE = Qt.ItemDataRole.UserRole + 1
OTHER_SECTION = "其他位置"
GONE = "（原位置已不存在）"
DELETED = "（该行已删除）"
_RESOLVED = QColor("#6b6b6b")


def section_label(spec: S.FormSpec, path: str) -> tuple[int, str]:
    """(order, label) of the section a comment is shown under: the member of its path."""
    member = R.section_of(path)
    for i, m in enumerate(spec.members):
        if m.key == member:
            return i, m.label
    if member == S.TOTALS:
        return len(spec.members), "合计"
    return len(spec.members) + 1, OTHER_SECTION


def where(form, path: str) -> str:
    """A comment's place in the clerk's words, and whether it is still there."""
    return field_label(form.spec, path) + ("" if R.path_exists(form, path) else GONE)


class CommentsPanel(QDockWidget):
    commentActivated = Signal(str)   # the path of a comment: show its field
    addRequested = Signal()          # 添加…: a comment on the field that has the focus

    def __init__(self, edits: ReviewEdits, parent: QWidget | None = None):
        super().__init__(TITLE, parent)
        self.setObjectName("review_panel")
        self.edits = edits
        self.row_deleted = lambda comment: False   # told by the window's row anchors
        self.review_mode = False
        self._refreshing = False
        # Set while the tree is inside an item's own change (the click on its check box): the
        # item must outlive that call, so the tree is refilled on the next turn instead.
        self._in_item_change = False
        self._fill_later = QTimer(self, singleShot=True, interval=0, timeout=self._fill_tree_now)
        body = QWidget(self)
        layout = QVBoxLayout(body)

        overall = QGroupBox("总体审核意见", body)
        form = QFormLayout(overall)
        self.verdict = QComboBox(overall)
        self.verdict.setObjectName("review.verdict")
        self.verdict.addItem("（未给出）", "")
        for v in R.VERDICTS:
            self.verdict.addItem(R.verdict_text(v), v)
        self.reviewer = QLineEdit(overall)
        self.reviewer.setObjectName("review.reviewer")
        self.reviewer.setMaxLength(R.MAX_REVIEWER_CHARS)
        self.date = QLineEdit(overall)
        self.date.setObjectName("review.date")
        self.date.setMaxLength(R.MAX_DATE_CHARS)
        self.date.setPlaceholderText("例如 2026-03-01")
        self.today = QPushButton("今天", overall)
        self.today.setObjectName("review_today")
        date_row = QHBoxLayout()
        date_row.addWidget(self.date, 1)
        date_row.addWidget(self.today)
        self.summary = QPlainTextEdit(overall)
        self.summary.setObjectName("review.summary")
        self.summary.setTabChangesFocus(True)
        self.summary.setUndoRedoEnabled(False)  # the window's undo covers it
        self.summary.setMaximumHeight(110)
        for key, widget in (("verdict", self.verdict), ("reviewer", self.reviewer), ("date", self.date),
                            ("summary", self.summary)):
            widget.setAccessibleName(R.FIELD_LABELS[key])
            label = QLabel(R.FIELD_LABELS[key].removeprefix("总体"), overall)
            label.setBuddy(widget)
            form.addRow(label, date_row if key == "date" else widget)
        layout.addWidget(overall)

        self.heading = QLabel(body)
        layout.addWidget(self.heading)
        self.tree = QTreeWidget(body)
        self.tree.setObjectName("review_comments")
        self.tree.setAccessibleName("对字段和行的审核意见")
        self.tree.setHeaderLabels(["意见（勾选表示已处理）", "位置"])
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setItemDelegate(_WrappedItems(self.tree))
        header = self.tree.header()
        header.setStretchLastSection(False)
        # The comment takes the room; where it is gets a third, wrapped (sized to its contents,
        # a long 位置 would leave the comment itself a "…").
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Interactive)
        header.setMinimumSectionSize(60)
        layout.addWidget(self.tree, 1)
        buttons = QHBoxLayout()
        self.add_button = QPushButton("添加…", body)
        self.edit_button = QPushButton("修改…", body)
        self.remove_button = QPushButton("删除", body)
        self.go_button = QPushButton("转到该处", body)
        for name, b in (("comment_add", self.add_button), ("comment_edit", self.edit_button),
                        ("comment_remove", self.remove_button), ("comment_go", self.go_button)):
            b.setObjectName(name)
            buttons.addWidget(b)
        buttons.addStretch(1)
        layout.addLayout(buttons)
        self.setWidget(body)

        self.verdict.currentIndexChanged.connect(self._verdict_picked)
        self.reviewer.textEdited.connect(lambda text: self.edits.set_field("reviewer", text))
        self.date.textEdited.connect(lambda text: self.edits.set_field("date", text))
        self.summary.textChanged.connect(self._summary_typed)
        self.today.clicked.connect(self._today)
        self.tree.itemChanged.connect(self._item_changed)
        self.tree.itemActivated.connect(self._activated)
        self.tree.itemDoubleClicked.connect(self._activated)
        self.add_button.clicked.connect(self.addRequested)
        self.edit_button.clicked.connect(self.edit_current)
        self.remove_button.clicked.connect(self.remove_current)
        self.go_button.clicked.connect(lambda: self._activated(self.tree.currentItem()))
        edits.changed.connect(self.refresh)
        edits.moved.connect(self.refresh)
        self._sized = False
        self.set_review_mode(False)
        self.refresh()

    # -- what it shows ----------------------------------------------------------------------

    def set_review_mode(self, on: bool) -> None:
        self.review_mode = on
        for w in (self.reviewer, self.date, self.summary):
            w.setReadOnly(not on)
        self.verdict.setEnabled(on)
        self.today.setVisible(on)
        for b in (self.add_button, self.edit_button, self.remove_button):
            b.setVisible(on)

    def refresh(self) -> None:
        review, form = self.edits.review, self.edits.doc.form
        self._refreshing = True
        try:
            index = self.verdict.findData(review.verdict)
            if index < 0:  # never from a file (readers refuse it); shown as it is all the same
                self.verdict.addItem(review.verdict, review.verdict)
                index = self.verdict.count() - 1
            self.verdict.setCurrentIndex(index)
            for widget, value in ((self.reviewer, review.reviewer), (self.date, review.date)):
                if widget.text() != value:
                    widget.setText(value)
            if self.summary.toPlainText() != review.summary:
                self.summary.setPlainText(review.summary)
            if self._in_item_change:
                self._fill_later.start()
            else:
                self._fill_tree(form, review)
        finally:
            self._refreshing = False
        open_ = len(review.unresolved)
        self.heading.setText(f"对字段和行的意见：共 {len(review.comments)} 条，{open_} 条未处理" if review.comments
                             else "对字段和行的意见：暂无")
        self.setWindowTitle(f"{TITLE}（{open_} 条未处理）" if open_ else TITLE)

    def _fill_tree_now(self) -> None:
        self._refreshing = True
        try:
            self._fill_tree(self.edits.doc.form, self.edits.review)
        finally:
            self._refreshing = False

    def _entries(self, form, review: R.Review) -> list[tuple[tuple[int, str], int, list[str]]]:
        """(section, comment index, [text, 位置]) of every comment, in the order shown."""
        shown = sorted(enumerate(review.comments), key=lambda ic: (section_label(form.spec, ic[1].path), ic[0]))
        return [(section_label(form.spec, c.path), i,
                 [c.text, where(form, c.path) + (DELETED if self.row_deleted(c) else "")]) for i, c in shown]

    def _shown_entries(self) -> list[tuple[str, int]]:
        return [(self.tree.topLevelItem(s).text(0), self.tree.topLevelItem(s).child(k).data(0, INDEX_ROLE))
                for s in range(self.tree.topLevelItemCount()) for k in range(self.tree.topLevelItem(s).childCount())]

    def _fill_tree(self, form, review: R.Review) -> None:
        self._fill_later.stop()
        entries = self._entries(form, review)
        if [(key[1], i) for key, i, _ in entries] == self._shown_entries():
            # The same comments in the same places (one ticked, one reworded): the items are
            # updated where they are, so the scroll position and the current item stay.
            for _, i, texts in entries:
                self._show_item(self.item_for(i), review.comments[i], texts)
            return
        current = self.current_index()
        self.tree.clear()
        sections: dict[tuple[int, str], QTreeWidgetItem] = {}
        for key, i, texts in entries:
            parent = sections.get(key)
            if parent is None:
                parent = sections[key] = QTreeWidgetItem(self.tree, [key[1]])
                parent.setFirstColumnSpanned(True)
                parent.setFlags(Qt.ItemFlag.ItemIsEnabled)
                font = parent.font(0)
                font.setBold(True)
                parent.setFont(0, font)
            item = QTreeWidgetItem(parent, texts)
            item.setData(0, INDEX_ROLE, i)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable | Qt.ItemFlag.ItemIsUserCheckable)
            self._show_item(item, review.comments[i], texts)
            if i == current:
                self.tree.setCurrentItem(item)
        self.tree.expandAll()

    @staticmethod
    def _show_item(item: QTreeWidgetItem, comment: R.Comment, texts: list[str]) -> None:
        for col, text in enumerate(texts):
            item.setText(col, text)
        item.setData(0, PATH_ROLE, comment.path)
        item.setToolTip(0, comment.text)
        item.setToolTip(1, comment.path)
        # (a value set again unchanged is no change: the tree says nothing)
        item.setCheckState(0, Qt.CheckState.Checked if comment.resolved else Qt.CheckState.Unchecked)
        for col in (0, 1):  # a resolved one greyed; an open one in the tree's own colour
            item.setData(col, Qt.ItemDataRole.ForegroundRole, QBrush(_RESOLVED) if comment.resolved else None)

    def item_for(self, index: int) -> QTreeWidgetItem | None:
        for s in range(self.tree.topLevelItemCount()):
            section = self.tree.topLevelItem(s)
            for k in range(section.childCount()):
                if section.child(k).data(0, INDEX_ROLE) == index:
                    return section.child(k)
        return None

    def current_index(self) -> int | None:
        item = self.tree.currentItem()
        return item.data(0, INDEX_ROLE) if item is not None else None

    def showEvent(self, event) -> None:
        super().showEvent(event)
        window = self.parentWidget()
        if not self._sized and isinstance(window, QMainWindow) and not self.isFloating():
            self._sized = True  # a strip beside the form, not half of it; the clerk may drag it wider
            window.resizeDocks([self], [max(300, window.width() * 3 // 10)], Qt.Orientation.Horizontal)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self.tree.header().resizeSection(1, max(90, self.tree.viewport().width() // 3))
        self.tree.scheduleDelayedItemsLayout()  # rows wrap again to the new widths

    def show_comment(self, index: int) -> None:
        self.show()
        self.raise_()
        item = self.item_for(index)
        if item is not None:
            self.tree.setCurrentItem(item)
            self.tree.scrollToItem(item)

    # -- edits ----------------------------------------------------------------------------

    def _verdict_picked(self, index: int) -> None:
        if not self._refreshing:
            self.edits.set_field("verdict", self.verdict.itemData(index) or "")

    def _summary_typed(self) -> None:
        if not self._refreshing and self.review_mode:
            self.edits.set_field("summary", self.summary.toPlainText())

    def _today(self) -> None:
        self.edits.set_field("date", datetime.date.today().isoformat())

    def _item_changed(self, item: QTreeWidgetItem, column: int) -> None:
        index = item.data(0, INDEX_ROLE)
        if self._refreshing or column != 0 or index is None:
            return
        self._in_item_change = True
        try:
            self.edits.set_resolved(index, item.checkState(0) == Qt.CheckState.Checked)
        finally:
            self._in_item_change = False

    def _activated(self, item: QTreeWidgetItem | None, *_) -> None:
        if item is not None and item.data(0, PATH_ROLE):
            self.commentActivated.emit(item.data(0, PATH_ROLE))

    def edit_current(self) -> None:
        from .. import dialogs

        index = self.current_index()
        if index is None or not self.review_mode:
            return
        comment = self.edits.review.comments[index]
        text = dialogs.ask_comment(self, where(self.edits.doc.form, comment.path), comment.text, R.MAX_COMMENT_CHARS)
        if text:
            self.edits.set_comment_text(index, text)

    def remove_current(self) -> None:
        index = self.current_index()
        if index is not None and self.review_mode:
            self.edits.remove_comment(index)


class _WrappedItems(WrappingDelegate):
    """Comments wrap to their column, as the grid's cells do."""

    CHECK = 28  # the check box before a comment

    def wrap_width(self, index) -> int:
        tree = self.parent()
        if tree.isFirstColumnSpanned(index.row(), index.parent()):
            return 0  # a section's heading
        width = tree.header().sectionSize(index.column())
        if index.column() == 0:
            width -= tree.indentation() * (2 if index.parent().isValid() else 1) + self.CHECK
        return max(width - 8, 0)
