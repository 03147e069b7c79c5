"""The main window: the paper form in tabs, the problems panel, drafts, undo, preview.

The window wires parts together; the rules live in the core, the wording in ``core.labels``
and the layout of each section in ``ui/``.
"""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (QApplication, QFrame, QHBoxLayout, QLabel, QLayout, QMainWindow, QPushButton,
                               QStyle, QTabWidget, QVBoxLayout, QWidget)

from ..core import labels
from ..core.draftfile import DraftError
from ..core.errors import FormError
from ..core.files import is_json_path, load_form
from ..core.model import Form, new_form
from ..logsetup import log
from . import dialogs, locking, recent
from .autosave import Autosaver
from .document import FormDocument
from .fields import Bindings
from .pages import BudgetPage, IndicatorsPage, SignoffPage, TasksPage, TextPage
from .problems import ProblemsPanel
from .recovery import Recovered, RecoverySlot
from .session import DraftSession

UNTITLED = "未命名"

# Windows opened from menus, kept alive until closed.
WINDOWS: list["MainWindow"] = []


class _UndoKeys(QObject):
    """Text fields have their own little undo; the window's undo covers every edit, so Ctrl+Z
    and Ctrl+Y in a field go to the window's actions instead."""

    def __init__(self, parent, sequences):
        super().__init__(parent)
        self.sequences = sequences

    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.ShortcutOverride:
            pressed = QKeySequence(event.keyCombination())
            if any(pressed.matches(seq) == QKeySequence.SequenceMatch.ExactMatch for seq in self.sequences):
                event.ignore()
                return True
        return False


class MainWindow(QMainWindow):
    def __init__(self, form: Form | None = None, parent: QWidget | None = None):
        super().__init__(parent)
        self.setObjectName("main_window")
        self.setAcceptDrops(True)
        # A fixed minimum instead of one derived from the layout: the window never asks the
        # platform to change its size constraints while it is shown (the offscreen platform of
        # the tests warns about that).
        self.setMinimumSize(760, 540)
        self.resize(1180, 820)
        self.document = FormDocument(form or new_form(), self)
        self.session = DraftSession()
        self._slot: RecoverySlot | None = None
        self._imported_from: Path | None = None
        self._recovered = False
        self._loading = False
        self._dirty = False          # edits not yet written to the bound draft
        self._save_error: str | None = None
        self._last_saved: str | None = None

        self.bindings = Bindings(self.document)
        self._build_pages()
        self._build_actions()
        self.problems = ProblemsPanel(self)
        self.problems.problemActivated.connect(self.focus_path)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.problems)
        self.view_menu.addAction(self.problems.toggleViewAction())

        self.autosaver = Autosaver(self, self.autosave)
        self._heartbeat = QTimer(self, interval=locking.HEARTBEAT_S * 1000, timeout=self.session.heartbeat)
        self._heartbeat.start()
        self.document.changed.connect(self._changed)
        self.problems.refresh_soon(self.document.form)
        self.layout().setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self._update_state()

    # -- construction ------------------------------------------------------------------

    def _build_pages(self) -> None:
        doc = self.document
        self.budget_page = BudgetPage(doc, self.bindings)
        self.goal_page = TextPage(doc, self.bindings, "overall_goal.ui", "overall_goal", labels.SECTION_OVERALL_GOAL)
        self.tasks_page = TasksPage(doc)
        self.other_page = TextPage(doc, self.bindings, "other_tasks.ui", "other_tasks",
                                   labels.field_label("other_tasks").split("（")[0])
        self.indicators_page = IndicatorsPage(doc)
        self.signoff_page = SignoffPage(doc, self.bindings)
        self.pages = [self.budget_page, self.goal_page, self.tasks_page, self.other_page,
                      self.indicators_page, self.signoff_page]
        self.tabs = QTabWidget(self)
        self.tabs.setObjectName("sections")
        self.tabs.setDocumentMode(True)
        for page in self.pages:
            self.tabs.addTab(page.widget, page.title)

        self.banner = QFrame(self)
        self.banner.setObjectName("banner")
        self.banner.setStyleSheet("#banner { background: #fff4ce; border: 1px solid #e0c060; }")
        self.banner_text = QLabel(self.banner)
        self.banner_text.setObjectName("banner_text")
        self.banner_text.setWordWrap(True)
        self.banner_save_as = QPushButton("另存为…", self.banner)
        self.banner_save_as.clicked.connect(self.save_as)
        row = QHBoxLayout(self.banner)
        row.addWidget(self.banner_text, 1)
        row.addWidget(self.banner_save_as)
        self.banner.hide()

        central = QWidget(self)
        layout = QVBoxLayout(central)
        layout.setContentsMargins(6, 6, 6, 0)
        layout.addWidget(self.banner)
        layout.addWidget(self.tabs, 1)
        self.setCentralWidget(central)

    def _action(self, text, slot, shortcuts=(), icon=None) -> QAction:
        action = QAction(text, self)
        if shortcuts:
            action.setShortcuts([QKeySequence(s) for s in shortcuts])
        if icon is not None:
            action.setIcon(self.style().standardIcon(icon))
        action.triggered.connect(slot)
        return action

    def _plain(self, action: QAction, text: str) -> QAction:
        """A toolbar twin of ``action`` with a fixed short text, following its enabled state."""
        twin = QAction(action.icon(), text, self)
        twin.setEnabled(action.isEnabled())
        twin.setToolTip(text)
        action.enabledChanged.connect(twin.setEnabled)
        twin.triggered.connect(action.trigger)
        return twin

    def _build_actions(self) -> None:
        SP = QStyle.StandardPixmap
        self.new_action = self._action("新建(&N)", self.new_window, [QKeySequence.StandardKey.New], SP.SP_FileIcon)
        self.open_action = self._action("打开(&O)…", self.ask_open, [QKeySequence.StandardKey.Open], SP.SP_DialogOpenButton)
        self.save_action = self._action("保存(&S)", self.save, [QKeySequence.StandardKey.Save], SP.SP_DialogSaveButton)
        self.save_as_action = self._action("另存为(&A)…", self.save_as, ["Ctrl+Shift+S"])
        self.preview_action = self._action("打印预览(&P)…", self.preview, [QKeySequence.StandardKey.Print],
                                           SP.SP_FileDialogContentsView)
        self.export_action = self._action("导出PDF(&E)…", self.export_pdf)
        self.close_action = self._action("关闭窗口(&C)", self.close, [QKeySequence.StandardKey.Close])
        stack = self.document.undo_stack
        self.undo_action = stack.createUndoAction(self, "撤销")
        self.undo_action.setShortcuts([QKeySequence("Ctrl+Z")])
        self.undo_action.setIcon(self.style().standardIcon(SP.SP_ArrowBack))
        self.redo_action = stack.createRedoAction(self, "重做")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")])
        self.redo_action.setIcon(self.style().standardIcon(SP.SP_ArrowForward))

        bar = self.menuBar()
        file_menu = bar.addMenu("文件(&F)")
        file_menu.addActions([self.new_action, self.open_action])
        self.recent_menu = file_menu.addMenu("最近打开的文件(&R)")
        self.recent_menu.aboutToShow.connect(self._fill_recent)
        file_menu.addSeparator()
        file_menu.addActions([self.save_action, self.save_as_action])
        file_menu.addSeparator()
        file_menu.addActions([self.preview_action, self.export_action])
        file_menu.addSeparator()
        file_menu.addAction(self.close_action)
        edit_menu = bar.addMenu("编辑(&E)")
        edit_menu.addActions([self.undo_action, self.redo_action])
        self.view_menu = bar.addMenu("查看(&V)")

        tools = self.addToolBar("常用")
        tools.setObjectName("toolbar")
        tools.setMovable(False)
        tools.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        tools.addActions([self.new_action, self.open_action, self.save_action])
        tools.addSeparator()
        # Toolbar buttons say just 撤销/重做; the menu items also name the edit.
        tools.addAction(self._plain(self.undo_action, "撤销"))
        tools.addAction(self._plain(self.redo_action, "重做"))
        tools.addSeparator()
        tools.addAction(self.preview_action)

        undo_keys = _UndoKeys(self, [s for a in (self.undo_action, self.redo_action) for s in a.shortcuts()])
        for binding in self.bindings.by_path.values():
            binding.widget.installEventFilter(undo_keys)

    # -- the form -----------------------------------------------------------------------

    @property
    def form(self) -> Form:
        return self.document.form

    @property
    def read_only(self) -> bool:
        return self.session.read_only

    def is_pristine(self) -> bool:
        """Nothing to lose: an untitled window nobody has typed into."""
        return self.session.path is None and self._imported_from is None and self.form == new_form()

    def _has_unsaved_content(self) -> bool:
        if self.session.path is None:
            if self._imported_from is not None and not self._recovered:
                return not self.document.undo_stack.isClean()  # the JSON itself still holds it
            return self.form != new_form()
        return self._dirty

    def _replace_form(self, form: Form) -> None:
        self._loading = True
        try:
            self.document.replace(form)
        finally:
            self._loading = False
        self._set_read_only(self.read_only)
        self.problems.refresh_soon(form)

    def _changed(self) -> None:
        if self._loading:
            return
        self._dirty = True
        self.problems.schedule(self.form)
        self.autosaver.edited()
        self._update_state()

    def _set_read_only(self, read_only: bool) -> None:
        self.bindings.set_read_only(read_only)
        for page in (self.tasks_page, self.indicators_page):
            page.set_read_only(read_only)
        self.undo_action.setVisible(not read_only)
        self.redo_action.setVisible(not read_only)

    # -- opening ------------------------------------------------------------------------

    def open_path(self, path) -> bool:
        """Shows the form in ``path`` (a draft, or JSON to import) in this window."""
        path = Path(path)
        try:
            form = load_form(path)
        except FormError as err:
            dialogs.warn(self, err.message)
            return False
        except Exception:  # a hostile file must end in a message, whatever it trips over
            log.exception("opening %s failed", path)
            dialogs.warn(self, f"无法打开 {path.name}：文件已损坏或不是本程序的表单文件")
            return False
        self._end_session()
        if is_json_path(path):
            self._imported_from = path
        else:
            self.session.attach(path)
        self._dirty = False
        self._save_error = None
        self._recovered = False
        self._replace_form(form)
        recent.add(path)
        self._update_state()
        return True

    def adopt_recovered(self, entry: Recovered) -> bool:
        """Takes over what a crashed window had typed; it is written out again at once."""
        try:
            form = entry.load()
        except FormError as err:
            log.warning("recovery copy unusable: %s", err.message)
            entry.discard()
            return False
        self._end_session()
        if entry.original is not None and entry.original.exists():
            self.session.attach(entry.original)
            if self.session.read_only:
                self.session.release()
        self._recovered = True
        self._replace_form(form)
        self._dirty = True
        self.save_now()
        entry.discard()
        self._update_state()
        return True

    def _end_session(self) -> None:
        self.autosaver.stop()
        self.session.release()
        self._imported_from = None
        if self._slot is not None:
            self._slot.discard()

    def ask_open(self) -> None:
        folder = str(self.session.path.parent) if self.session.path else ""
        path = dialogs.ask_open_path(self, folder)
        if path is not None:
            self.open_in_window(path)

    def open_in_window(self, path) -> "MainWindow | None":
        """Opens ``path`` here if this window holds nothing, else in a new window."""
        if self.is_pristine():
            return self if self.open_path(path) else None
        window = MainWindow()
        if window.open_path(path):
            show_new_window(window)
            return window
        window.deleteLater()
        return None

    def new_window(self) -> None:
        if self.is_pristine():
            self.activateWindow()
            return
        show_new_window(MainWindow())

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        paths = recent.paths()
        for path in paths:
            action = self.recent_menu.addAction(str(path))
            action.triggered.connect(lambda _=False, p=path: self.open_in_window(p))
        if not paths:
            self.recent_menu.addAction("（无）").setEnabled(False)

    def dragEnterEvent(self, event) -> None:
        if any(url.isLocalFile() for url in event.mimeData().urls()):
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:
        files = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if files:
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda: self.open_in_window(files[0]))  # not inside the drag loop

    # -- saving -------------------------------------------------------------------------

    @property
    def slot(self) -> RecoverySlot | None:
        """This window's recovery slot, made on first need; None if the data folder is unusable."""
        if self._slot is None:
            try:
                self._slot = RecoverySlot()
            except OSError as err:
                log.warning("no recovery slot: %s", err)
        return self._slot

    def autosave(self) -> None:
        self.save_now()

    def save_now(self) -> bool:
        """Writes pending edits: to the draft if there is one, else (or if that fails) to the
        recovery copy. True when the edits are safe in the draft file."""
        self.autosaver.stop()
        if self.read_only:
            return False
        if self.session.path is not None and self._dirty:
            try:
                self.session.save(self.form)
                self._dirty = False
                self._save_error = None
                self._last_saved = time.strftime("%H:%M:%S")
                if self._slot is not None:
                    self._slot.discard()
            except DraftError as err:
                self._save_error = err.message
                log.warning("save failed: %s", err.message)
                self.autosaver.failed()
        if self._has_unsaved_content() and self.slot is not None:
            self.slot.write(self.form, self.session.path)
        self._update_state()
        return self.session.path is not None and not self._dirty

    def save(self) -> bool:
        if self.session.path is None or self.read_only:
            return self.save_as()
        self._dirty = True  # an explicit save always writes
        if not self.save_now():
            dialogs.warn(self, f"{self._save_error}\n\n填写的内容仍在窗口中，请用“另存为”保存到其他位置。")
            return self.save_as()
        return True

    def save_as(self) -> bool:
        suggested = self.session.path or (self._imported_from.with_suffix(".jxmb") if self._imported_from else None)
        if suggested is None:
            name = (self.form.department or UNTITLED).strip()[:40] or UNTITLED
            suggested = recent.last_folder() / f"{name}.jxmb"
        target = dialogs.ask_save_path(self, str(suggested))
        if target is None:
            return False
        try:
            self.session.save_as(self.form, target)
        except DraftError as err:
            dialogs.warn(self, err.message)
            self._update_state()
            return False
        self._imported_from = None
        self._recovered = False
        self._dirty = False
        self._save_error = None
        self._last_saved = time.strftime("%H:%M:%S")
        if self._slot is not None:
            self._slot.discard()
        self._set_read_only(self.read_only)
        recent.add(self.session.path)
        self._update_state()
        return True

    def emergency_save(self) -> None:
        """After an unexpected error: put what is typed somewhere safe, whatever else fails."""
        try:
            self._dirty = self._dirty or self.session.path is None
            self.save_now()
        except Exception:  # the hook that calls this must not fail in turn
            log.exception("emergency save failed")

    # -- state shown to the clerk -------------------------------------------------------

    def display_name(self) -> str:
        if self.session.path is not None:
            return self.session.path.name
        if self._imported_from is not None:
            return f"{self._imported_from.name}（导入）"
        return UNTITLED

    def _update_state(self) -> None:
        if self.read_only:
            state = "只读"
        elif self._save_error:
            state = "未能保存"
        elif self.session.path is None:
            state = "未保存为草稿" if self.form != new_form() else ""
        elif self._dirty:
            state = "未保存"
        else:
            state = "已保存"
        if self._recovered:
            state = "已恢复" + (f"，{state}" if state else "")
        self.setWindowTitle(f"{self.display_name()}[*]{f'（{state}）' if state else ''} — {labels.FORM_TITLE}")
        self.setWindowModified(self._has_unsaved_content())
        message = self.session.read_only_reason or self._save_error or self.session.save_warning
        if self._save_error:
            message = self._save_error.rstrip("。") + "。填写的内容仍在窗口中，没有丢失"
            message += "。" if "另存为" in self._save_error else "；请用“另存为”保存到其他位置。"
        self.banner_text.setText(message or "")
        self.banner.setVisible(bool(message))
        if self._last_saved and not self._dirty and self.session.path is not None:
            self.statusBar().showMessage(f"已自动保存到 {self.session.path}（{self._last_saved}）")

    @property
    def save_error(self) -> str | None:
        return self._save_error

    # -- preview ------------------------------------------------------------------------

    def preview(self) -> None:
        from .preview import PreviewDialog

        try:
            dialog = PreviewDialog(self.form, self.display_name(), self)
        except FormError as err:
            dialogs.warn(self, err.message)
            return
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self._preview = dialog

    def export_pdf(self) -> None:
        from .preview import render_form_pdf, write_pdf

        stem = (self.session.path or self._imported_from or Path(UNTITLED)).stem
        target = dialogs.ask_pdf_path(self, str(recent.last_folder() / f"{stem}.pdf"))
        if target is None:
            return
        try:
            data = render_form_pdf(self.form)
        except FormError as err:
            dialogs.warn(self, err.message)
            return
        write_pdf(self, target, data)

    # -- navigation ---------------------------------------------------------------------

    def focus_path(self, path: str) -> None:
        """Shows the field of an interchange path (from the problems panel) and focuses it."""
        if path.startswith("tasks"):
            page, view = self.tasks_page, self.tasks_page.view
            index = page.model.index_for_path(path) if path.startswith("tasks[") else None
        elif path.startswith("indicators"):
            page, view = self.indicators_page, self.indicators_page.view
            index = page.model.index_for_path(path) if path.startswith("indicators[") else None
        else:
            widget = self.findChild(QWidget, path)
            if widget is None:
                return
            for page in self.pages:
                if page.widget.isAncestorOf(widget):
                    self.tabs.setCurrentWidget(page.widget)
            widget.setFocus(Qt.FocusReason.OtherFocusReason)
            return
        self.tabs.setCurrentWidget(page.widget)
        if index is not None and index.isValid():
            page.select(index)
        view.setFocus(Qt.FocusReason.OtherFocusReason)

    def showEvent(self, event) -> None:
        super().showEvent(event)
        if not getattr(self, "_docks_sized", False):
            self._docks_sized = True  # the form gets the room; the problems list a strip
            self.resizeDocks([self.problems], [130], Qt.Orientation.Vertical)

    # -- closing ------------------------------------------------------------------------

    def closeEvent(self, event) -> None:
        if not self.read_only:
            self.save_now()
            if self._has_unsaved_content():
                if self._save_error:
                    text = f"{self._save_error}\n\n是否另存到其他位置？"
                else:
                    text = "这份表还没有保存为草稿文件。是否保存？"
                answer = dialogs.ask_unsaved(self, text)
                if answer == dialogs.CANCEL or (answer == dialogs.SAVE and not self.save_as()):
                    event.ignore()
                    return
        self.autosaver.stop()
        self.session.release()
        if self._slot is not None:
            self._slot.close()
            self._slot = None
        if self in WINDOWS:
            WINDOWS.remove(self)
        event.accept()


def show_new_window(window: MainWindow) -> MainWindow:
    window.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    WINDOWS.append(window)
    window.show()
    return window


def all_windows() -> list[MainWindow]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow)]
