"""What clerks expect of an office program, hooked into a window by ``install`` once it is
painted: 导出为 Excel… / 从 Excel 导入…, 查找 (Ctrl+F, ``findbar``), 帮助 (F1 and 填报说明,
``helpview``) and 退出 (Ctrl+Q) closing every window after the usual questions."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QApplication, QWidget

from ..core.errors import FormError
from ..logsetup import log
from . import dialogs
from .window_state import UNTITLED

if TYPE_CHECKING:
    from .main_window import MainWindow

XLSX_FILTER = "Excel 工作簿 (*.xlsx)"


def ask_xlsx_save_path(parent: QWidget, suggested: str) -> Path | None:
    return dialogs._save(parent, "导出为 Excel", suggested, XLSX_FILTER)


def ask_xlsx_open_path(parent: QWidget, folder: str) -> Path | None:
    return dialogs._open(parent, "从 Excel 导入", folder, XLSX_FILTER)


class Office:
    """The actions of one window."""

    def __init__(self, window: "MainWindow"):
        from .findbar import FindBar
        from .helpview import HelpDock

        self.window = window
        self.export_xlsx_action = self._action("导出为 Excel(&X)…", self.export_xlsx)
        self.import_xlsx_action = self._action("从 Excel 导入(&I)…", self.import_xlsx)
        self.quit_action = self._action("退出(&Q)", quit_all, [QKeySequence.StandardKey.Quit, "Ctrl+Q"])
        self.quit_action.setMenuRole(QAction.MenuRole.QuitRole)
        menu = window.file_menu
        actions = menu.actions()
        menu.insertAction(actions[actions.index(window.open_action) + 1], self.import_xlsx_action)
        menu.insertAction(actions[actions.index(window.export_action) + 1], self.export_xlsx_action)
        menu.addAction(self.quit_action)

        self.find = FindBar(window)
        window.centralWidget().layout().addWidget(self.find)
        self.find_action = self._action("查找(&F)…", self.find.open, [QKeySequence.StandardKey.Find, "Ctrl+F"])
        self.find_next_action = self._action("查找下一个", lambda: self.find.step(+1), ["F3"])
        self.find_previous_action = self._action("查找上一个", lambda: self.find.step(-1), ["Shift+F3"])
        window.edit_menu.addSeparator()
        window.edit_menu.addActions([self.find_action, self.find_next_action, self.find_previous_action])

        self.help = HelpDock(window)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.help)
        self.help.hide()
        self.field_help_action = self._action("本栏说明(&F)", self.help.show_focused, ["F1"])
        self.guide_action = self._action("填报说明(&G)", self.help.show_guide)
        help_menu = window.menuBar().addMenu("帮助(&H)")
        help_menu.setObjectName("help_menu")
        help_menu.addActions([self.guide_action, self.field_help_action])

    def _action(self, text: str, slot, shortcuts=()) -> QAction:
        action = QAction(text, self.window)
        sequences = []
        for shortcut in map(QKeySequence, shortcuts):  # a platform's standard key may be the key given
            if not shortcut.isEmpty() and shortcut not in sequences:
                sequences.append(shortcut)
        action.setShortcuts(sequences)
        action.triggered.connect(slot)
        return action

    # -- Excel ------------------------------------------------------------------------------

    def suggested_xlsx(self) -> Path:
        source = self.window.controller.source
        return self.window.nearby_folder() / f"{source.stem if source is not None else UNTITLED}.xlsx"

    def export_xlsx(self) -> Path | None:
        """Asks where, then writes the form's workbook there; the path written, or None."""
        from ..core.files import write_file_atomically
        from ..core.targets import check_target

        window = self.window
        target = ask_xlsx_save_path(window, str(self.suggested_xlsx()))
        if target is None:
            return None
        sources = [window.controller.source] if window.controller.source else []
        QApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
        try:
            target = check_target(target, sources)
            from ..printing.sheet import form_xlsx  # openpyxl loads only now

            write_file_atomically(target, form_xlsx(window.form))
        except FormError as err:
            QApplication.restoreOverrideCursor()
            dialogs.warn(window, err.message)
            return None
        except Exception:
            QApplication.restoreOverrideCursor()
            log.exception("export to Excel failed")
            dialogs.warn(window, "导出 Excel 工作簿时出现意外错误，未写入文件。")
            return None
        QApplication.restoreOverrideCursor()
        window.statusBar().showMessage(f"已导出：{target.name}", 8000)
        return target

    def import_xlsx(self):
        """Asks for a workbook and opens the form in it, as JSON is imported: here if this
        window holds nothing, else in a new window; nothing changes when it is refused."""
        window = self.window
        path = ask_xlsx_open_path(window, str(window.nearby_folder()))
        if path is None:
            return None
        return window.open_in_window(path)


def install(window: "MainWindow") -> Office:
    return Office(window)


def quit_all() -> bool:
    """Closes every window, each asking what it asks when closed (保存/不保存/取消); stops at the
    first the clerk keeps open. True when all are closed."""
    from .main_window import all_windows

    for window in list(all_windows()):
        if window.isVisible() and not window.close():
            return False
    return True
