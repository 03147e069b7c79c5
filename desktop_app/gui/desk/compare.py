"""文件 → 与另一份草稿比较…: what changed between another draft (usually the version sent back)
and the form in this window (the resubmission), field by field, as ``diff`` prints it: rows
matched by their declared names, amounts as numbers with their difference. The review
comments are not content; they are listed apart, below, when asked for. Double-clicking a
change shows its field in the window."""

from __future__ import annotations


from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QHBoxLayout, QHeaderView, QLabel, QLayout, QPushButton,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout)

from ...core import diff
from ...core.fileerrors import quoted
from ...core.model import FormBase

PATH_ROLE = Qt.ItemDataRole.UserRole
_COLOURS = {diff.ADDED: QColor("#1b5e20"), diff.REMOVED: QColor("#b00020"), diff.CHANGED: QColor("#1a3e7a")}


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dict):
        return "；".join(f"{v}" for v in value.values() if v not in (None, ""))
    if isinstance(value, list):
        return "、".join(map(str, value))
    if isinstance(value, bool):
        return "已处理" if value else "未处理"
    return str(value)


class CompareDialog(QDialog):
    pathActivated = Signal(str)   # a change's path in the window's form

    def __init__(self, other: FormBase, other_name: str, mine: FormBase, my_name: str, parent=None):
        super().__init__(parent)
        self.setObjectName("compare_dialog")
        self.setWindowTitle("比较两份草稿")
        self.setMinimumSize(560, 320)
        self.resize(980, 560)
        self.sides = [(other, other_name), (mine, my_name)]   # old, new
        layout = QVBoxLayout(self)
        top = QHBoxLayout()
        self.heading = QLabel(self)
        self.heading.setObjectName("compare_heading")
        self.heading.setWordWrap(True)
        self.swap_button = QPushButton("交换新旧", self)
        self.swap_button.setObjectName("compare_swap")
        top.addWidget(self.heading, 1)
        top.addWidget(self.swap_button)
        layout.addLayout(top)
        self.tree = QTreeWidget(self)
        self.tree.setObjectName("compare_changes")
        self.tree.setAccessibleName("不同之处")
        self.tree.setHeaderLabels(["变化", "位置", "原稿", "新稿", "差额"])
        self.tree.setRootIsDecorated(True)
        self.tree.setWordWrap(True)
        header = self.tree.header()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        for i, width in enumerate((60, 230, 280, 280, 90)):
            header.resizeSection(i, width)
        layout.addWidget(self.tree, 1)
        self.with_review = QCheckBox("同时列出审核意见的变化（不属于表单内容，不影响比较结果）", self)
        self.with_review.setObjectName("compare_with_review")
        layout.addWidget(self.with_review)
        self.summary = QLabel(self)
        self.summary.setObjectName("compare_summary")
        layout.addWidget(self.summary)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.swap_button.clicked.connect(self.swap)
        self.with_review.toggled.connect(lambda _: self.fill())
        self.tree.itemDoubleClicked.connect(self._activated)
        self.changes: list[diff.Change] = []
        self.fill()

    def swap(self) -> None:
        self.sides.reverse()
        self.fill()

    def fill(self) -> None:
        (old, old_name), (new, new_name) = self.sides
        self.heading.setText(f"原稿：{quoted(old_name, 80)}　→　新稿：{quoted(new_name, 80)}")
        self.changes = diff.compare(old, new)
        review = diff.review_changes(old, new) if self.with_review.isChecked() else []
        self.tree.clear()
        for change in self.changes:
            self._item(self.tree, change)
        if review:
            section = QTreeWidgetItem(self.tree, ["", "审核意见的变化（不属于表单内容）"])
            section.setFlags(Qt.ItemFlag.ItemIsEnabled)
            for change in review:
                self._item(section, change)
            section.setExpanded(True)
        if self.changes:
            self.summary.setText(f"共 {len(self.changes)} 处不同。双击一行可转到该处。")
        else:
            self.summary.setText("两份草稿的内容相同。")

    def _item(self, parent, change: diff.Change) -> QTreeWidgetItem:
        old, new, difference = _cell(change.old), _cell(change.new), ""
        if change.difference is not None:
            # Two amounts: as the command line shows them, 157,594.62 → 157,549.62（-45.00）.
            old, _, rest = change.shown.partition(" → ")
            new, _, difference = rest.partition("（")
            difference = difference.rstrip("）")
        item = QTreeWidgetItem(parent, [diff.WORDS[change.change], change.label, old, new, difference])
        item.setData(0, PATH_ROLE, change.path)
        item.setForeground(0, QBrush(_COLOURS[change.change]))
        for col in (2, 3, 4):
            item.setToolTip(col, change.shown if change.difference is not None else item.text(col))
            if change.difference is not None:
                item.setTextAlignment(col, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        return item

    def _activated(self, item: QTreeWidgetItem, *_) -> None:
        path = item.data(0, PATH_ROLE)
        if path and not path.startswith("review."):
            self.pathActivated.emit(path)
