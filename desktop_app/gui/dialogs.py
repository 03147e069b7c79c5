"""Every question the window asks the clerk, in one place.

Tests replace these functions (monkeypatch) instead of clicking modal dialogs; the window never
calls ``QMessageBox``/``QFileDialog`` directly. Each imports them when it asks: they are not
loaded before the first question (a millisecond of the start).
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QWidget

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMessageBox

from ..core import draftfile

DRAFT_FILTER = f"申报表草稿 (*{draftfile.EXTENSION})"
OPEN_FILTER = f"申报表草稿或 JSON (*{draftfile.EXTENSION} *.json);;{DRAFT_FILTER};;JSON 文件 (*.json);;所有文件 (*)"
PDF_FILTER = "PDF 文件 (*.pdf)"

SAVE, DISCARD, CANCEL = "save", "discard", "cancel"
KEEP_BOTH, REPLACE = "keep_both", "replace"


def _open(parent: QWidget, title: str, folder: str, filters: str) -> Path | None:
    from PySide6.QtWidgets import QFileDialog

    name, _ = QFileDialog.getOpenFileName(parent, title, folder, filters)
    return Path(name) if name else None


def _save(parent: QWidget, title: str, suggested: str, filters: str) -> Path | None:
    from PySide6.QtWidgets import QFileDialog

    name, _ = QFileDialog.getSaveFileName(parent, title, suggested, filters)
    return Path(name) if name else None


def ask_open_path(parent: QWidget, folder: str = "") -> Path | None:
    return _open(parent, "打开", folder, OPEN_FILTER)


def ask_save_path(parent: QWidget, suggested: str) -> Path | None:
    return _save(parent, "另存为", suggested, DRAFT_FILTER)


def ask_pdf_path(parent: QWidget, suggested: str) -> Path | None:
    return _save(parent, "导出PDF", suggested, PDF_FILTER)


def ask_form_kind(parent: QWidget, kinds: list[str]) -> int | None:
    """Which kind of form 新建 starts (an index into ``kinds``), or None when cancelled."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Question, "新建", "新建哪一种申报表？", parent=parent)
    buttons = [box.addButton(kind, QMessageBox.ButtonRole.AcceptRole) for kind in kinds]
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    return next((i for i, b in enumerate(buttons) if b is box.clickedButton()), None)


def ask_unsaved(parent: QWidget, text: str) -> str:
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Warning, "尚未保存", text, parent=parent)
    save = box.addButton("另存为…", QMessageBox.ButtonRole.AcceptRole)
    discard = box.addButton("不保存", QMessageBox.ButtonRole.DestructiveRole)
    box.addButton("取消", QMessageBox.ButtonRole.RejectRole)
    box.exec()
    clicked = box.clickedButton()
    return SAVE if clicked is save else DISCARD if clicked is discard else CANCEL


def ask_recover(parent: QWidget | None, count: int) -> bool:
    from PySide6.QtWidgets import QMessageBox

    text = (f"上次程序没有正常关闭，有 {count} 份填写的内容尚未保存到草稿文件。\n"
            f"是否恢复？选择“不恢复”将删除这些内容。")
    box = QMessageBox(QMessageBox.Icon.Question, "恢复未保存的内容", text, parent=parent)
    recover = box.addButton("恢复", QMessageBox.ButtonRole.AcceptRole)
    box.addButton("不恢复", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(recover)
    box.exec()
    return box.clickedButton() is recover


def ask_recovery_conflict(parent: QWidget | None, draft_name: str) -> str:
    from PySide6.QtWidgets import QMessageBox

    text = (f"草稿 {draft_name} 在程序异常退出后已被修改过（可能是同事或其他程序）。\n"
            f"恢复的内容与它现在的内容不同。")
    box = QMessageBox(QMessageBox.Icon.Warning, "恢复的内容与草稿不一致", text, parent=parent)
    both = box.addButton("两份都保留（恢复的内容另存为新文件）", QMessageBox.ButtonRole.AcceptRole)
    replace = box.addButton("用恢复的内容覆盖草稿", QMessageBox.ButtonRole.DestructiveRole)
    box.setDefaultButton(both)
    box.exec()
    return REPLACE if box.clickedButton() is replace else KEEP_BOTH  # closing the box loses nothing


def warn(parent: QWidget | None, text: str) -> None:
    from PySide6.QtWidgets import QMessageBox

    QMessageBox.warning(parent, "提示", text)


def notify(parent: QWidget | None, text: str) -> QMessageBox:
    """A non-blocking message (used from the exception hook, which must not nest event loops)."""
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Warning, "程序出现意外错误", text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("unexpected_error_message")
    box.setModal(False)
    box.show()
    return box


# -- the reviewer's desk ----------------------------------------------------------------------

XLSX_FILTER = "Excel 工作簿 (*.xlsx)"


def ask_folder(parent: QWidget, folder: str = "") -> Path | None:
    """The folder 审核文件夹 reviews."""
    from PySide6.QtWidgets import QFileDialog

    name = QFileDialog.getExistingDirectory(parent, "选择要审核的文件夹", folder)
    return Path(name) if name else None


def ask_compare_path(parent: QWidget, folder: str = "") -> Path | None:
    """The other draft 与另一份草稿比较 compares this window's form with."""
    return _open(parent, "选择要比较的草稿（通常是上一次报送的版本）", folder, OPEN_FILTER)


def ask_xlsx_path(parent: QWidget, suggested: str) -> Path | None:
    return _save(parent, "导出汇总表", suggested, XLSX_FILTER)


def ask_started_path(parent: QWidget, title: str, suggested: str) -> Path | None:
    """Where 以此为基础新建<title>… writes the new draft."""
    return _save(parent, f"保存{title}草稿", suggested, DRAFT_FILTER)


def ask_next_year_path(parent: QWidget, suggested: str) -> Path | None:
    """Where 以此为基础新建下一年度 writes the new draft."""
    return _save(parent, "保存下一年度的草稿", suggested, DRAFT_FILTER)


def ask_comment(parent: QWidget, where: str, text: str = "", limit: int = 2000) -> str | None:
    """The text of a review comment on ``where`` (a field's or row's name), or None when cancelled."""
    from PySide6.QtGui import QKeySequence, QShortcut
    from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPlainTextEdit

    from .uiload import load_ui

    # Laid out in ui/comment_editor.ui (its size, title, Tab leaving the text for 确定, the
    # buttons closing it); here only what varies.
    dialog = load_ui("comment_editor.ui", parent)
    dialog.findChild(QLabel, "where").setText(f"对「{where}」的审核意见：")
    edit = dialog.findChild(QPlainTextEdit, "comment_text")
    edit.setPlainText(text)
    count = dialog.findChild(QLabel, "count")
    buttons = dialog.findChild(QDialogButtonBox, "buttons")

    def counted():
        n = len(edit.toPlainText())
        count.setText(f"{n} / {limit} 字" + ("（超出上限）" if n > limit else ""))
        buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(0 < len(edit.toPlainText().strip()) and n <= limit)

    edit.textChanged.connect(counted)
    counted()
    ok = buttons.button(QDialogButtonBox.StandardButton.Ok)
    for keys in ("Ctrl+Return", "Ctrl+Enter"):
        QShortcut(QKeySequence(keys), dialog, activated=lambda: ok.isEnabled() and ok.click())
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    result = edit.toPlainText().strip() if accepted else None
    dialog.deleteLater()
    return result


def ask_return_folder(parent: QWidget, suggested: str) -> Path | None:
    """Where 退回 puts returned copies (asked once, then kept)."""
    from PySide6.QtWidgets import QFileDialog

    try:  # the dialog opens in the suggested folder only if it is there
        Path(suggested).mkdir(exist_ok=True)
    except OSError:
        pass
    name = QFileDialog.getExistingDirectory(parent, "选择退回文件夹（退回件保存在这里，可作为邮件附件发回）", suggested)
    return Path(name) if name else None


def ask_unlock_content(parent: QWidget, name: str) -> bool:
    """The reviewer's deliberate step before changing what the clerk wrote."""
    from PySide6.QtWidgets import QMessageBox

    answer = QMessageBox.question(
        parent, "修改内容",
        f"审核时表单内容只读。确实要修改 {name} 的内容吗？\n\n修改只保存在审核副本中，收到的文件保持原样；"
        f"退回时修改后的内容一并退回。",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No, QMessageBox.StandardButton.No)
    return answer == QMessageBox.StandardButton.Yes


def tell(parent: QWidget | None, title: str, text: str) -> QMessageBox:
    """A non-blocking message of something done (where a file was written)."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QMessageBox

    box = QMessageBox(QMessageBox.Icon.Information, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("done_message")
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setModal(False)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.show()
    return box
