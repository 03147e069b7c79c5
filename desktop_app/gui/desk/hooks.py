"""The reviewer's desk attached to a main window (``install``, registered by name in
``gui/__init__.py``; the desk touches the window only through its ``seam.WindowSeam``):
文件 → 审核文件夹…, 与另一份草稿比较…, 以此为基础新建下一年度…; the 审核 menu with 审核模式 (right-click
any field or row → 添加审核意见…); the 审核意见 panel and the markers beside commented fields.

审核模式 is a review of the draft as received (``WindowSeam.open_for_review``): its content is
read-only until the reviewer chooses 修改内容…, the review is saved to a working copy, and
退回 writes the returned copy to the return folder (chosen once; 已退回 beside the inbox). The
review toolbar holds what a reviewer does to each draft: the verdict, 退回, the comparison with
the copy returned last time, and 上一份/下一份 through the folder window's list."""

from __future__ import annotations

import weakref
from pathlib import Path

import shiboken6
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QAbstractItemView, QApplication, QComboBox, QLineEdit, QMenu, QPlainTextEdit, QToolBar, QWidget

from ...core import locks, reviewing, review as R
from ...core.draftfile import write_fresh_draft
from ...core.errors import FormError
from ...core.fieldpath import is_path, parse
from ...core.files import load_form
from ...core.fileerrors import quoted, reason
from ...core.nextyear import next_year
from ...core.targets import check_target
from ...logsetup import log
from .. import dialogs, recent
from ..amountgrid import TOTAL
from ..seam import DESK, WindowSeam
from ..window_state import unit_stem
from .anchors import RowAnchors
from .edits import ReviewEdits
from .folder import RETURN_FOLDER_KEY
from .markers import CommentMarkers
from .panel import CommentsPanel, where
from .quick import QuickComment

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
        if not self.desk.seam.holds(obj):
            return False
        path = self.desk.path_at(obj, event.pos())
        if path is None:
            return False
        self.desk.context_menu(obj, event.pos(), path).exec(event.globalPos())
        return True


class Desk(QObject):
    def __init__(self, seam: WindowSeam):
        super().__init__(seam.widget)
        self.seam = seam
        self.host = seam.widget   # the window as the Qt parent of the desk's actions, panels and dialogs
        self.edits = ReviewEdits(seam.document, self)
        self.anchors = RowAnchors(self.edits, self)
        self.panel = CommentsPanel(self.edits, self.host)
        self.panel.row_deleted = self.anchors.row_deleted
        seam.add_side_panel(self.panel)
        self.panel.hide()
        self.panel.commentActivated.connect(seam.focus_path)
        self.panel.addRequested.connect(self.add_comment_here)
        self.markers = CommentMarkers(seam, self.edits, self)
        self.markers.markerClicked.connect(self.panel.show_comment)
        self._menus = _ContextMenus(self)
        self._folder_windows: list = []
        self._worklist: weakref.ref | None = None   # the folder window this draft was opened from
        self.quick = QuickComment(self.host)
        self.quick.submitted.connect(self._quick_submitted)
        self._build_actions()
        seam.on_review_started(self.review_started)
        self.edits.doc.formReplaced.connect(self._form_replaced)
        self._form_replaced()
        self.markers.refresh_soon()  # the window may hold its form already

    # -- menus ------------------------------------------------------------------------------

    def _action(self, text: str, slot, name: str, shortcut: str = "", checkable: bool = False) -> QAction:
        action = QAction(text, self.host)
        action.setObjectName(name)
        action.setCheckable(checkable)
        if shortcut:
            action.setShortcut(QKeySequence(shortcut))
        # ``triggered`` passes the checked state: only a checkable action's slot takes it.
        action.triggered.connect(slot if checkable else (lambda _=False: slot()))
        return action

    @property
    def worklist(self):
        """The folder window this draft was opened from, for 上一份/下一份; None once closed."""
        window = self._worklist() if self._worklist is not None else None
        return window if window is not None and shiboken6.isValid(window) else None

    @worklist.setter
    def worklist(self, window) -> None:
        self._worklist = weakref.ref(window) if window is not None else None

    def _build_actions(self) -> None:
        seam = self.seam
        self.folder_action = self._action("审核文件夹(&V)…", self.review_folder, "action_review_folder")
        self.compare_action = self._action("与另一份草稿比较(&D)…", self.compare, "action_compare")
        self.next_year_action = self._action("以此为基础新建下一年度(&Y)…", self.new_next_year, "action_next_year")
        seam.add_to_file_menu([self.folder_action, self.compare_action, self.next_year_action])
        self._file_menu = seam.file_menu
        self.start_actions: list[QAction] = []  # 以此为基础新建<another form>…, as the form allows
        self._file_menu.aboutToShow.connect(self.offer_starts)

        self.mode_action = self._action("审核模式(&M)", self.set_review_mode, "action_review_mode", checkable=True)
        self.mode_action.setToolTip("审核模式：右键单击任一字段或行可添加审核意见，并填写总体审核意见和结论")
        self.add_action = self._action("对当前字段添加审核意见(&A)…", self.add_comment_here, "action_add_comment",
                                       "Ctrl+Alt+M")
        self.add_action.setEnabled(False)
        self.unlock_action = self._action("修改内容(&E)…", self.unlock_content, "action_unlock_content")
        self.unlock_action.setToolTip("审核时内容只读；确认后才能修改（只改审核副本，收到的文件保持原样）")
        self.return_action = self._action("退回(&T)…", self.return_draft, "action_return", "Ctrl+Alt+T")
        self.return_action.setToolTip("把审核意见连同内容写成退回件，放到退回文件夹，可作为邮件附件发回")
        self.return_folder_action = self._action("更改退回文件夹(&F)…", self.choose_return_folder,
                                                 "action_return_folder")
        self.compare_returned_action = self._action("与退回件比较(&C)", self.compare_with_returned,
                                                    "action_compare_returned", "Ctrl+Alt+C")
        self.previous_action = self._action("上一份(&P)", lambda: self.step(-1), "action_previous_draft", "Alt+PgUp")
        self.next_action = self._action("下一份(&N)", lambda: self.step(1), "action_next_draft", "Alt+PgDown")
        for action in (self.unlock_action, self.return_action, self.compare_returned_action,
                       self.previous_action, self.next_action):
            action.setEnabled(False)
        menu = seam.add_menu("审核(&R)", "review_menu")
        menu.addActions([self.mode_action, self.add_action, self.unlock_action])
        menu.addSeparator()
        menu.addActions([self.return_action, self.return_folder_action, self.compare_returned_action])
        menu.addSeparator()
        menu.addActions([self.previous_action, self.next_action])
        menu.addSeparator()
        self.panel.toggleViewAction().setText("审核意见面板(&P)")
        menu.addAction(self.panel.toggleViewAction())
        self.menu = menu
        seam.add_to_view_menu(self.panel.toggleViewAction())
        self.toolbar = self._build_toolbar()

    def _build_toolbar(self) -> QToolBar:
        """What is done to every draft under review, one click (or key) each."""
        bar = QToolBar("审核", self.host)
        bar.setObjectName("review_toolbar")
        self.verdict = QComboBox(bar)
        self.verdict.setObjectName("review_toolbar_verdict")
        self.verdict.setAccessibleName("审核结论")
        self.verdict.setToolTip("审核结论")
        self.verdict.addItem("审核结论：未给出", "")
        for v in R.VERDICTS:
            self.verdict.addItem(R.verdict_text(v), v)
        self.verdict.activated.connect(self._verdict_picked)
        bar.addWidget(self.verdict)
        # The verdict from the keyboard too: Ctrl+Alt+V, then ↑/↓.
        self.verdict_action = self._action("审核结论(&J)", self._focus_verdict, "action_verdict", "Ctrl+Alt+V")
        self.verdict.setToolTip("审核结论（Ctrl+Alt+V，然后用 ↑/↓ 选择）")
        self.menu.insertAction(self.unlock_action, self.verdict_action)
        bar.addSeparator()
        bar.addActions([self.add_action, self.return_action, self.compare_returned_action])
        bar.addSeparator()
        bar.addActions([self.previous_action, self.next_action])
        bar.addSeparator()
        bar.addAction(self.unlock_action)
        self.seam.add_toolbar_row(bar)  # a row of its own: the file toolbar's row is full at 1366
        bar.hide()
        self.edits.changed.connect(self._review_changed)
        return bar

    def _focus_verdict(self) -> None:
        if self.review_mode:
            self.verdict.setFocus(Qt.FocusReason.ShortcutFocusReason)

    def _verdict_picked(self, index: int) -> None:
        verdict = self.verdict.itemData(index)
        if verdict != self.edits.review.verdict:
            self.edits.set_field("verdict", verdict)

    def _review_changed(self) -> None:
        index = self.verdict.findData(self.edits.review.verdict)
        if index >= 0 and index != self.verdict.currentIndex():
            self.verdict.setCurrentIndex(index)
        if self.worklist is not None and shiboken6.isValid(self.worklist) and self.received is not None:
            self.worklist.review_changed(self.received, self.seam.form)

    # -- 审核 mode ------------------------------------------------------------------------

    @property
    def review_mode(self) -> bool:
        return self.mode_action.isChecked()

    @property
    def received(self) -> Path | None:
        """The received file under review, if this window reviews one."""
        return self.seam.received

    def set_review_mode(self, on: bool) -> None:
        """审核模式 on a draft is a review of it as received (its file stays as it is); off, the
        draft is opened again as a file of one's own."""
        source = self.seam.source
        if on and self.received is None and source is not None:
            self.mode_action.setChecked(False)
            if self.seam.open_for_review(source, None):
                return  # ``review_started`` turned the mode on
            on = False
        if not on and self.received is not None:
            received = self.received
            self.seam.save_now()
            self.worklist = None
            if not self.seam.open_path(received):
                self.seam.open_for_review(received)
                return
        self._set_mode(on)

    def review_started(self) -> None:
        """The window now shows a received draft under review."""
        self._set_mode(True)
        self.panel.show()

    def _set_mode(self, on: bool) -> None:
        if self.mode_action.isChecked() != on:
            self.mode_action.setChecked(on)  # (from a call, not the menu)
        reviewing = on and self.received is not None
        self.panel.set_review_mode(on)
        self.add_action.setEnabled(on)
        self.unlock_action.setEnabled(reviewing and not self.seam.content_unlocked)
        self.return_action.setEnabled(reviewing)
        self.compare_returned_action.setEnabled(reviewing and self.seam.form.identity.revision >= 2)
        listed = reviewing and self.worklist is not None
        self.previous_action.setEnabled(listed)
        self.next_action.setEnabled(listed)
        self.toolbar.setVisible(on)
        self._review_changed()
        app = QApplication.instance()
        if on:
            app.installEventFilter(self._menus)
            self.panel.show()
        else:
            app.removeEventFilter(self._menus)
        self.seam.show_message("审核模式：右键单击字段或行可添加审核意见" if on else "已退出审核模式", 5000)

    def _form_replaced(self) -> None:
        """A returned draft shows its comments to the clerk at once."""
        if not self.edits.review.is_empty():
            self.panel.show()
        if self.received is None and self.review_mode:
            self._set_mode(False)  # another file, opened as one's own: not under review

    def unlock_content(self) -> None:
        if self.received is None or self.seam.content_unlocked:
            return
        if not dialogs.ask_unlock_content(self.host, quoted(self.received.name, 80)):
            return
        self.seam.unlock_content()
        self.unlock_action.setEnabled(False)
        self.seam.show_message("内容已解锁：修改只在审核副本中，退回时一并退回", 8000)

    # -- comments -----------------------------------------------------------------------------

    def path_at(self, widget: QWidget, pos) -> str | None:
        """The path of the field, total, row or table at ``pos`` in ``widget`` (or an ancestor)."""
        spec = self.seam.form.spec
        tables = {t.key for t in spec.tables}
        w = widget
        while w is not None and w is not self.host:
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
        return R.path_exists(self.seam.form, path)

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
        add = QAction(f"{ADD_TEXT[:-1]}（{where(self.seam.form, path)}）…", menu)
        add.setObjectName("action_context_add_comment")
        add.triggered.connect(lambda: self.add_comment(path, widget))
        menu.insertAction(first, add)
        if first is not None:
            menu.insertSeparator(first)
        return menu

    def add_comment_here(self) -> None:
        """A comment on the field (or row) that has the focus, typed in place."""
        focus = QApplication.focusWidget()
        path, anchor = None, focus
        if focus is not None and self.host.isAncestorOf(focus):
            pos = focus.rect().center()
            if isinstance(focus, QAbstractItemView) and focus.currentIndex().isValid():
                pos = focus.visualRect(focus.currentIndex()).center()
                focus = focus.viewport()
            path = self.path_at(focus, pos)
        if path is None:
            dialogs.warn(self.host, "请先单击要提出意见的字段或行，再添加审核意见")
            return
        self.add_comment(path, anchor)

    def add_comment(self, path: str, anchor: QWidget | None = None) -> bool:
        """Opens the box that takes a comment on ``path`` in place; False if none may be added."""
        if self.seam.read_only:
            dialogs.warn(self.host, "这份草稿只能查看，不能添加审核意见；请用“另存为”保存一份副本后再审核")
            return False
        if len(self.edits.review.comments) >= R.MAX_COMMENTS:
            dialogs.warn(self.host, f"每份表最多 {R.MAX_COMMENTS} 条审核意见，已达到上限")
            return False
        self.quick.start(path, where(self.seam.form, path), anchor)
        return True

    def _quick_submitted(self, path: str, text: str) -> None:
        self.edits.add_comment(path, text)
        self.panel.show_comment(len(self.edits.review.comments) - 1)

    # -- the folder, the comparison, next year ------------------------------------------------

    def review_folder(self, folder: Path | None = None):
        from .folder import ReviewFolderWindow

        if folder is None:
            folder = dialogs.ask_folder(self.host, str(self.seam.nearby_folder()))
            if folder is None:
                return None
        review = ReviewFolderWindow(folder)  # a window of its own: it may outlive this one
        review.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        review.openRequested.connect(lambda path, seam=self.seam, ref=weakref.ref(review): _open(seam, path, ref()))
        review.destroyed.connect(lambda *_: self._folder_windows.remove(review) if review in self._folder_windows else None)
        self._folder_windows.append(review)
        review.show()
        return review

    # -- 退回, the copy returned last time, the next draft --------------------------------------

    def return_folder(self, ask: bool = False) -> Path | None:
        """Where returned copies go: chosen once (the first 退回 asks, offering 已退回 beside
        the inbox), then kept; None if the reviewer gave no folder."""
        settings = recent.settings()
        stored = settings.value(RETURN_FOLDER_KEY, "")
        if stored and not ask:
            return Path(stored)
        inbox = self.seam.inbox or (self.received.parent if self.received else self.seam.nearby_folder())
        default = Path(stored) if stored else reviewing.default_return_folder(inbox)
        chosen = dialogs.ask_return_folder(self.host, str(default))
        if chosen is None:
            return None
        settings.setValue(RETURN_FOLDER_KEY, str(chosen))
        settings.sync()
        return chosen

    def choose_return_folder(self) -> None:
        folder = self.return_folder(ask=True)
        if folder is not None:
            self.seam.show_message(f"退回件将保存到 {quoted(folder, 160)}", 8000)

    def return_draft(self) -> Path | None:
        """退回: the content with the comments and verdict, as a draft of its own in the return
        folder, ready to attach to an e-mail; says where. The received file is not touched."""
        received = self.received
        if received is None:
            return None
        folder = self.return_folder()
        if folder is None:
            return None
        self.seam.save_now()
        form = reviewing.returned_form(self.seam.form)
        try:
            folder.mkdir(parents=True, exist_ok=True)
        except OSError as err:
            dialogs.warn(self.host, f"无法创建退回文件夹 {quoted(folder, 160)}：{reason(err)}")
            return None
        try:
            target = check_target(reviewing.return_target(folder, received.name, form), [received], draft=True)
            with locks.writing(target):
                write_fresh_draft(target, form)
        except FormError as err:
            dialogs.warn(self.host, err.message)
            return None
        # The review goes on from what was returned (a second 退回 is the same hand-over).
        self.seam.form.identity = form.identity
        self.seam.mark_dirty()
        self.seam.save_now()
        verdict = f"（{R.verdict_text(form.review.verdict)}）" if form.review.verdict else ""
        text = (f"已退回{verdict}：{quoted(received.name, 80)} 的退回件已保存为\n{quoted(target, 240)}\n"
                f"共 {len(form.review.comments)} 条意见，可作为邮件附件发回填报单位。")
        self.seam.show_message(f"已退回：{quoted(target, 160)}", 15000)
        self.returned_box = dialogs.tell(self.host, "已退回", text)
        if self.worklist is not None and shiboken6.isValid(self.worklist):
            self.worklist.review_changed(received, self.seam.form)
        return target

    def compare_with_returned(self):
        """The resubmission under review against the copy returned last time: what changed, and
        which comments the clerk marked 已处理."""
        form = self.seam.form
        folder = self.return_folder()
        found = reviewing.find_returned(folder, form.identity.form_id, form.identity.revision) if folder else None
        if found is None:
            dialogs.warn(self.host, "在退回文件夹中找不到这份表上次的退回件" + (f"（{quoted(folder, 120)}）" if folder else ""))
            return None
        try:
            returned = load_form(found)
        except FormError as err:
            dialogs.warn(self.host, err.message)
            return None
        dialog = self._show_comparison(returned, f"退回件 {quoted(found.name, 80)}", f"第 {form.identity.submission} 次报送")
        dialog.with_review.setChecked(True)
        return dialog

    def step(self, by: int) -> None:
        """上一份 / 下一份 in the folder window's list as it is filtered and sorted."""
        if self.worklist is None or not shiboken6.isValid(self.worklist) or self.received is None:
            return
        path = self.worklist.neighbour(self.received, by)
        if path is None:
            self.seam.show_message("已是列表中的最后一份" if by > 0 else "已是列表中的第一份", 5000)
            return
        worklist = self.worklist
        if self.seam.open_for_review(path, worklist.folder):
            self.worklist = worklist
            self.review_started()
            worklist.opened(path)

    def compare(self, other: Path | None = None):
        from ...core.diff import DifferentForms, same_kind

        if other is None:
            other = dialogs.ask_compare_path(self.host, str(self.seam.nearby_folder()))
            if other is None:
                return None
        try:
            form = load_form(other)
            mine = self.seam.display_name()
            same_kind(form, self.seam.form, quoted(Path(other).name, 80), mine)
        except DifferentForms as err:
            dialogs.warn(self.host, err.message)
            return None
        except FormError as err:
            dialogs.warn(self.host, err.message)
            return None
        except Exception:
            log.exception("comparing with %s failed", other)
            dialogs.warn(self.host, f"无法读取 {quoted(Path(other).name, 80)}：文件已损坏或不是本程序的表单文件")
            return None
        return self._show_comparison(form, quoted(Path(other).name, 80), f"本窗口（{mine}）")

    def _show_comparison(self, form, other_name: str, mine: str):
        from .compare import CompareDialog

        dialog = CompareDialog(form, other_name, self.seam.form, mine, self.host)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.pathActivated.connect(self.seam.focus_path)
        dialog.open()
        self._compare = dialog
        return dialog

    def offer_starts(self) -> list[QAction]:
        """The 以此为基础新建… items for what this window's form can start (a project's targets: its
        self-evaluation), after 以此为基础新建下一年度…."""
        from ...forms import starts

        for action in self.start_actions:
            self._file_menu.removeAction(action)
            action.deleteLater()
        self.start_actions = []
        before = self._file_menu.actions()[self._file_menu.actions().index(self.next_year_action) + 1]
        for start in starts(self.seam.form.spec):
            action = self._action(f"以此为基础新建{start.title}…", lambda s=start: self.new_started(s), "action_start")
            self._file_menu.insertAction(before, action)
            self.start_actions.append(action)
        return self.start_actions

    def new_started(self, start):
        """A form of another kind started from this window's (which is only read), saved where the
        clerk says, then opened."""
        try:
            form = start.make(self.seam.form)
        except FormError as err:
            dialogs.warn(self.host, err.message)
            return None
        unit = unit_stem(form) or "新表"
        target = dialogs.ask_started_path(self.host, start.title,
                                          str(self.seam.nearby_folder() / f"{unit} {start.title}.jxmb"))
        return self._save_and_open(form, target)

    def _save_and_open(self, form, target: Path | None):
        """A new form written as a draft where the clerk said (never over this window's source,
        never under another window), then opened; None when the clerk cancelled or it failed."""
        if target is None:
            return None
        if target.suffix.lower() != ".jxmb":
            target = target.with_name(target.name + ".jxmb")
        source = self.seam.source
        try:
            target = check_target(target, [source] if source is not None else [], draft=True)
            with locks.writing(target):
                write_fresh_draft(target, form)
        except FormError as err:
            dialogs.warn(self.host, err.message)
            return None
        recent.add(target)
        opened = self.seam.open_in_window(target)
        return opened.widget if opened is not None else None

    def new_next_year(self):
        """Next year's draft from this window's form, saved where the clerk says, then opened."""
        try:
            form = next_year(self.seam.form)
        except FormError as err:  # a year with no next one
            dialogs.warn(self.host, err.message)
            return None
        year = form.get(form.spec.print_layout.header.year)
        unit = unit_stem(form) or "新表"
        suggested = self.seam.nearby_folder() / f"{unit}{f' {year}年度' if year is not None else '（下一年度）'}.jxmb"
        return self._save_and_open(form, dialogs.ask_next_year_path(self.host, str(suggested)))


def _open(seam: WindowSeam, path: Path, worklist=None) -> None:
    """A draft double-clicked in a folder's table, for review: in the window that reviewed the
    folder (a new one beside it if it holds a form of the clerk's own; one under review takes
    the next, its review being saved), or in a new window once that one is closed; it comes to
    the front, knowing the list it came from."""
    inbox = worklist.folder if worklist is not None and shiboken6.isValid(worklist) else Path(path).parent
    opened: WindowSeam | None
    if seam.alive and seam.received is not None:
        opened = seam if seam.open_for_review(path, inbox) else None
        if opened is not None:
            opened.bring_to_front()
    elif seam.alive:
        opened = seam.open_in_window(path, review_from=inbox)
    else:
        opened = seam.open_in_new_window(path, inbox)
    if opened is not None and worklist is not None:
        desk = opened.extension(DESK)
        desk.worklist = worklist
        desk.review_started()
        worklist.opened(path)


def install(seam: WindowSeam) -> Desk:
    return Desk(seam)
