"""The reviewer's desk wired into a main window (``install``): 文件 → 审核文件夹…, 与另一份草稿
比较…, 以此为基础新建下一年度…; the 审核 menu with 审核模式 (right-click any field or row →
添加审核意见…); the 审核意见 panel and the markers beside commented fields."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QApplication, QLineEdit, QMenu, QPlainTextEdit, QWidget

from ...core import locks, review as R
from ...core.draftfile import write_fresh_draft
from ...core.errors import FormError
from ...core.fieldpath import is_path, parse
from ...core.files import load_form
from ...core.fileerrors import quoted
from ...core.nextyear import next_year
from ...core.targets import check_target
from ...logsetup import log
from .. import dialogs, recent
from ..uiload import TOTAL
from ..window_state import unit_stem
from .anchors import RowAnchors
from .edits import ReviewEdits
from .markers import CommentMarkers
from .panel import CommentsPanel, where

ADD_TEXT = "添加审核意见…"


class _ContextMenus(QObject):
    """In 审核 mode, a right-click on any field, total or row of the window offers 添加审核意见…
    (above the field's own menu)."""

    def __init__(self, desk: "Desk"):
        super().__init__(desk)
        self.desk = desk

    def eventFilter(self, obj, event):
        if event.type() != QEvent.Type.ContextMenu or not isinstance(obj, QWidget):
            return False
        window = self.desk.window
        if obj.window() is not window:
            return False
        path = self.desk.path_at(obj, event.pos())
        if path is None:
            return False
        self.desk.context_menu(obj, event.pos(), path).exec(event.globalPos())
        return True


class Desk(QObject):
    def __init__(self, window):
        super().__init__(window)
        self.window = window
        self.edits = ReviewEdits(window.document, self)
        self.anchors = RowAnchors(self.edits, self)
        self.panel = CommentsPanel(self.edits, window)
        self.panel.row_deleted = self.anchors.row_deleted
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.panel)
        self.panel.hide()
        self.panel.commentActivated.connect(window.focus_path)
        self.panel.addRequested.connect(self.add_comment_here)
        self.markers = CommentMarkers(window, self.edits, self)
        self.markers.markerClicked.connect(self.panel.show_comment)
        self._menus = _ContextMenus(self)
        self._folder_windows: list = []
        self._build_actions()
        self.edits.doc.formReplaced.connect(self._form_replaced)
        self._form_replaced()
        self.markers.refresh_soon()  # the window may hold its form already

    # -- menus ------------------------------------------------------------------------------

    def _action(self, text: str, slot, name: str, shortcut: str = "", checkable: bool = False) -> QAction:
        action = QAction(text, self.window)
        action.setObjectName(name)
        action.setCheckable(checkable)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        # ``triggered`` passes the checked state: only a checkable action's slot takes it.
        action.triggered.connect(slot if checkable else (lambda _=False: slot()))
        return action

    def _build_actions(self) -> None:
        w = self.window
        self.folder_action = self._action("审核文件夹(&V)…", self.review_folder, "action_review_folder")
        self.compare_action = self._action("与另一份草稿比较(&D)…", self.compare, "action_compare")
        self.next_year_action = self._action("以此为基础新建下一年度(&Y)…", self.new_next_year, "action_next_year")
        file_menu = next(m for m in w.menuBar().findChildren(QMenu) if w.close_action in m.actions())
        for action in (self.folder_action, self.compare_action, self.next_year_action):
            file_menu.insertAction(w.close_action, action)
        file_menu.insertSeparator(w.close_action)

        self.mode_action = self._action("审核模式(&M)", self.set_review_mode, "action_review_mode", checkable=True)
        self.mode_action.setToolTip("审核模式：右键单击任一字段或行可添加审核意见，并填写总体审核意见和结论")
        self.add_action = self._action("对当前字段添加审核意见(&A)…", self.add_comment_here, "action_add_comment",
                                       "Ctrl+Alt+M")
        self.add_action.setEnabled(False)
        menu = QMenu("审核(&R)", w.menuBar())
        menu.setObjectName("review_menu")
        menu.addActions([self.mode_action, self.add_action])
        menu.addSeparator()
        self.panel.toggleViewAction().setText("审核意见面板(&P)")
        menu.addAction(self.panel.toggleViewAction())
        w.menuBar().addMenu(menu)
        self.menu = menu
        w.view_menu.addAction(self.panel.toggleViewAction())

    # -- 审核 mode ------------------------------------------------------------------------

    @property
    def review_mode(self) -> bool:
        return self.mode_action.isChecked()

    def set_review_mode(self, on: bool) -> None:
        if self.mode_action.isChecked() != on:
            self.mode_action.setChecked(on)  # (from a call, not the menu)
        self.panel.set_review_mode(on)
        self.add_action.setEnabled(on)
        app = QApplication.instance()
        if on:
            app.installEventFilter(self._menus)
            self.panel.show()
        else:
            app.removeEventFilter(self._menus)
        self.window.statusBar().showMessage("审核模式：右键单击字段或行可添加审核意见" if on else "已退出审核模式", 5000)

    def _form_replaced(self) -> None:
        """A returned draft shows its comments to the clerk at once."""
        if not self.edits.review.is_empty():
            self.panel.show()

    # -- comments -----------------------------------------------------------------------------

    def path_at(self, widget: QWidget, pos) -> str | None:
        """The path of the field, total, row or table at ``pos`` in ``widget`` (or an ancestor)."""
        spec = self.window.form.spec
        tables = {t.key for t in spec.tables}
        w = widget
        while w is not None and w is not self.window:
            if isinstance(w, QAbstractItemView) and w.objectName() in tables:
                local = w.viewport().mapFrom(widget, pos) if widget is not w else pos
                index = w.indexAt(local)
                path = None
                if index.isValid() and hasattr(w.model(), "path"):
                    try:
                        path = w.model().path(index)
                    except (AttributeError, IndexError, KeyError, TypeError):
                        path = None
                return path if is_path(path) and self._exists(path) else w.objectName()
            name = w.objectName()
            if name.startswith(TOTAL):
                total = next((t for t in spec.totals if t.key == name[len(TOTAL):]), None)
                if total is not None:
                    return total.path
            if is_path(name) and spec.field_at(name) is not None and parse(name).row is None:
                return name
            w = w.parentWidget()
        return None

    def _exists(self, path: str) -> bool:
        return R.path_exists(self.window.form, path)

    def context_menu(self, widget: QWidget, pos, path: str) -> QMenu:
        """The field's own menu (cut, copy, paste…) with 添加审核意见… at the top."""
        view = widget if isinstance(widget, QAbstractItemView) else widget.parentWidget()
        if isinstance(widget, QLineEdit):
            menu = widget.createStandardContextMenu()
        elif isinstance(widget.parentWidget(), QPlainTextEdit) or isinstance(widget, QPlainTextEdit):
            edit = widget if isinstance(widget, QPlainTextEdit) else widget.parentWidget()
            menu = edit.createStandardContextMenu(pos)
        elif isinstance(view, QAbstractItemView) and callable(getattr(view, "context_menu", None)):
            menu = view.context_menu()  # the grid's own: cut, copy, paste, rows…
        else:
            menu = QMenu(widget)
        menu.setObjectName("review_context_menu")
        first = menu.actions()[0] if menu.actions() else None
        add = QAction(f"{ADD_TEXT[:-1]}（{where(self.window.form, path)}）…", menu)
        add.setObjectName("action_context_add_comment")
        add.triggered.connect(lambda: self.add_comment(path))
        menu.insertAction(first, add)
        if first is not None:
            menu.insertSeparator(first)
        return menu

    def add_comment_here(self) -> None:
        """A comment on the field (or row) that has the focus."""
        focus = QApplication.focusWidget()
        path = None
        if focus is not None and self.window.isAncestorOf(focus):
            pos = focus.rect().center()
            if isinstance(focus, QAbstractItemView) and focus.currentIndex().isValid():
                pos = focus.visualRect(focus.currentIndex()).center()
                focus = focus.viewport()
            path = self.path_at(focus, pos)
        if path is None:
            dialogs.warn(self.window, "请先单击要提出意见的字段或行，再添加审核意见")
            return
        self.add_comment(path)

    def add_comment(self, path: str) -> bool:
        if self.window.read_only:
            dialogs.warn(self.window, "这份草稿只能查看，不能添加审核意见；请用“另存为”保存一份副本后再审核")
            return False
        if len(self.edits.review.comments) >= R.MAX_COMMENTS:
            dialogs.warn(self.window, f"每份表最多 {R.MAX_COMMENTS} 条审核意见，已达到上限")
            return False
        text = dialogs.ask_comment(self.window, where(self.window.form, path), "", R.MAX_COMMENT_CHARS)
        if not text:
            return False
        self.edits.add_comment(path, text)
        self.panel.show_comment(len(self.edits.review.comments) - 1)
        return True

    # -- the folder, the comparison, next year ------------------------------------------------

    def review_folder(self, folder: Path | None = None):
        from .folder import ReviewFolderWindow

        if folder is None:
            folder = dialogs.ask_folder(self.window, str(self.window.nearby_folder()))
            if folder is None:
                return None
        review = ReviewFolderWindow(folder)  # a window of its own: it may outlive this one
        review.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        review.openRequested.connect(lambda path, window=self.window: _open(window, path))
        review.destroyed.connect(lambda *_: self._folder_windows.remove(review) if review in self._folder_windows else None)
        self._folder_windows.append(review)
        review.show()
        return review

    def compare(self, other: Path | None = None):
        from ...core.diff import DifferentForms, same_kind
        from .compare import CompareDialog

        if other is None:
            other = dialogs.ask_compare_path(self.window, str(self.window.nearby_folder()))
            if other is None:
                return None
        try:
            form = load_form(other)
            mine = self.window.display_name()
            same_kind(form, self.window.form, quoted(Path(other).name, 80), mine)
        except DifferentForms as err:
            dialogs.warn(self.window, err.message)
            return None
        except FormError as err:
            dialogs.warn(self.window, err.message)
            return None
        except Exception:
            log.exception("comparing with %s failed", other)
            dialogs.warn(self.window, f"无法读取 {quoted(Path(other).name, 80)}：文件已损坏或不是本程序的表单文件")
            return None
        dialog = CompareDialog(form, quoted(Path(other).name, 80), self.window.form, f"本窗口（{mine}）", self.window)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.pathActivated.connect(self.window.focus_path)
        dialog.open()
        self._compare = dialog
        return dialog

    def new_next_year(self):
        """Next year's draft from this window's form, saved where the clerk says, then opened."""
        try:
            form = next_year(self.window.form)
        except FormError as err:  # a year with no next one
            dialogs.warn(self.window, err.message)
            return None
        year = form.get(form.spec.print_layout.header.year)
        unit = unit_stem(form) or "新表"
        source = self.window.controller.source
        suggested = self.window.nearby_folder() / f"{unit}{f' {year}年度' if year is not None else '（下一年度）'}.jxmb"
        target = dialogs.ask_next_year_path(self.window, str(suggested))
        if target is None:
            return None
        if target.suffix.lower() != ".jxmb":
            target = target.with_name(target.name + ".jxmb")
        try:
            target = check_target(target, [source] if source is not None else [], draft=True)
            with locks.writing(target):
                write_fresh_draft(target, form)
        except FormError as err:
            dialogs.warn(self.window, err.message)
            return None
        recent.add(target)
        return self.window.open_in_window(target)


def _open(window, path: Path) -> None:
    """A draft double-clicked in a folder's table: in the window that reviewed the folder (a new
    one beside it if it holds a form), or in a new window once that one is closed."""
    import shiboken6

    if shiboken6.isValid(window):
        window.open_in_window(path)
        return
    from ..main_window import MainWindow, show_new_window

    new = MainWindow()
    if new.open_path(path):
        show_new_window(new)
    else:
        new.deleteLater()


def install(window) -> Desk:
    return Desk(window)
