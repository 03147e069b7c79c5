"""文件 → 审核文件夹…: the reviewer's worklist. Every draft and interchange JSON of a folder as one
sortable table, filled by a worker thread (the window stays responsive, a progress bar counts
the files, 取消 stops). The columns a reviewer decides by come first (``review_columns``), the
rest after them; a legend says what the row colours mean; the list filters by form, verdict
and "needs my attention", and searches units and projects. It follows the folder
(QFileSystemWatcher: a file dropped in, changed or removed is read again, the selection kept)
and the reviews done from it (``review_changed``); double-click opens a draft for review, and
the draft window steps through the list as filtered (``neighbour``). The rows are the command
line's (``core.inbox``), so the window, ``review --json`` and the exported workbook agree."""

from __future__ import annotations

import os
import threading
import unicodedata
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import (QAbstractTableModel, QFileSystemWatcher, QItemSelectionModel, QModelIndex,
                            QSortFilterProxyModel, Qt, QThread, QTimer, Signal)
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QHBoxLayout, QHeaderView, QLabel, QLayout,
                               QLineEdit, QMainWindow, QProgressBar, QPushButton, QTableView, QVBoxLayout, QWidget)

from ... import paths
from ...core import inbox, reviewing
from ...core import review as R
from ...core.amounts import format_amount
from ...core.errors import FormError
from ...core.fileerrors import quoted
from ...logsetup import log
from .. import dialogs

SORT_ROLE = Qt.ItemDataRole.UserRole
ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
BATCH = 25          # rows handed to the table at once
_UNREADABLE = QColor("#fbe3e3")
_WARNED = QColor("#fff4ce")
_SUPERSEDED = QColor("#8a8a8a")
RETURN_FOLDER_KEY = "review/return_folder"   # the settings' key of the folder 退回 writes to
REFRESH_MS = 400     # files dropped in arrive in bursts: read once they settle
# Files watched one by one for changes in place (folders always: a file replaced by a rename is
# a change of its folder); the system's watches are a shared, limited resource.
MAX_WATCHED = 1000


class ReviewWorker(QThread):
    """Reads the folder's files one by one, off the GUI thread; with ``known`` (path → what
    its file was when read), only the files new or changed since, and which are gone."""

    listed = Signal(int)            # how many files there are to read
    rows = Signal(list)             # Entry, a batch at a time
    progress = Signal(int, int)     # done, total
    failed = Signal(str)            # the folder itself could not be listed
    done = Signal(bool)             # finished (True) or cancelled (False)
    refreshed = Signal(list, set)   # (with ``known``) entries read again, paths gone

    def __init__(self, folder: Path, parent=None, known: dict[Path, tuple] | None = None):
        super().__init__(parent)
        self.folder = Path(folder)
        self.known = known
        self._cancel = threading.Event()

    def cancel(self) -> None:
        self._cancel.set()

    def run(self) -> None:
        try:
            files, unlisted = inbox.list_files(self.folder)
        except FormError as err:
            self.failed.emit(err.message)
            return
        except Exception:
            log.exception("listing %s failed", self.folder)
            self.failed.emit(f"无法列出文件夹 {quoted(self.folder, 160)} 中的文件")
            return
        if self.known is not None:
            self._refresh(files, unlisted)
            return
        self.listed.emit(len(files))
        batch = list(unlisted)
        for done, path in enumerate(files, 1):
            if self._cancel.is_set():
                break
            batch.append(read_entry(path, self.folder))
            if len(batch) >= BATCH or done == len(files):
                self.rows.emit(batch)
                batch = []
            self.progress.emit(done, len(files))
        if batch:
            self.rows.emit(batch)
        self.done.emit(not self._cancel.is_set())

    def _refresh(self, files: list[Path], unlisted: list) -> None:
        changed = [e for e in unlisted]
        for path in files:
            if self._cancel.is_set():
                return
            if self.known.get(path) != stamp(path):
                changed.append(read_entry(path, self.folder))
        listed = set(files) | {e.path for e in unlisted}
        self.refreshed.emit(changed, {p for p in self.known if p not in listed})


def stamp(path: Path) -> tuple | None:
    """What tells that a file was changed since it was read (as ``inbox.Entry`` keeps it)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (st.st_mtime, st.st_size)


def read_entry(path: Path, folder: Path) -> inbox.Entry:
    """The file's row, showing the review of it begun in this program (its working copy) if
    there is one: the list says what the reviewer has done, not only what the clerk sent."""
    entry = inbox.read_entry(path, folder)
    if entry.status == inbox.OK:
        try:
            work = reviewing.working_copy(paths.data_dir(), path)
            if work.exists():
                from ...core.draftfile import load_draft

                overlay(entry, load_draft(work))
        except (FormError, OSError):
            pass  # the file's own review is shown
    return entry


def overlay(entry: inbox.Entry, form) -> None:
    """The review in ``form`` (the working copy) over the row of its received file."""
    review = form.review
    entry.review_begun = True
    entry.verdict, entry.reviewer = review.verdict, quoted(review.reviewer, 120)
    entry.review_date, entry.summary = quoted(review.date, 100), quoted(review.summary, 2000)
    entry.comments = len(review.unresolved)
    entry.resolved = len(review.comments) - entry.comments


def review_columns() -> list[inbox.Column]:
    """The window's columns: first what a reviewer decides by (visible without scrolling on a
    small screen), then the rest of the command line's (``inbox.columns``)."""
    rest = {c.key: c for c in inbox.columns()}
    decision = [
        inbox.Column("unit", "单位/项目", inbox.TEXT, lambda e: e.unit or e.relative, 22),
        rest["form"],
        inbox.Column("verdict", "审核结论", inbox.TEXT, lambda e: R.verdict_text(e.verdict) if e.verdict else "", 12),
        rest["comments"],
        rest["errors"],
        inbox.Column("amount", "金额（万元）", inbox.AMOUNT, _key_amount, 12),
        rest["submission"],
    ]
    shown = {c.key for c in decision}
    return decision + [c for c in rest.values() if c.key not in shown]


def _key_amount(entry: inbox.Entry):
    """The first key amount of the entry's family of forms (the form's own when it has no editions)."""
    for a in inbox.key_amounts():
        if a.family == entry.family:
            return entry.amounts.get(a.key)
    return None


def needs_attention(entry: inbox.Entry) -> bool:
    """What the reviewer still has to do something about: a file that cannot be used, or the
    latest version of a form not given a verdict in this review yet (a resubmission carries
    the verdict of the round before)."""
    if entry.status != inbox.OK:
        return True
    return entry.latest and not entry.revision % 2 and not (entry.review_begun and entry.verdict)


class SummaryModel(QAbstractTableModel):
    """One row per file, in ``review_columns``; sorted and filtered through ``WorklistProxy``."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.columns = review_columns()
        self.entries: list[inbox.Entry] = []

    def rowCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.entries)

    def columnCount(self, parent=QModelIndex()) -> int:
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            return self.columns[section].title
        return None

    def add(self, entries: list[inbox.Entry]) -> None:
        first = len(self.entries)
        self.beginInsertRows(QModelIndex(), first, first + len(entries) - 1)
        self.entries.extend(entries)
        self.endInsertRows()

    def clear(self) -> None:
        self.beginResetModel()
        self.entries = []
        self.endResetModel()

    def merge(self, changed: list[inbox.Entry], gone: set[Path]) -> None:
        """Files read again (new or changed) take their rows' places; files gone lose theirs."""
        by_path = {e.path: e for e in changed}
        kept = [by_path.pop(e.path, e) for e in self.entries if e.path not in gone]
        self.beginResetModel()
        self.entries = kept + list(by_path.values())
        self.endResetModel()
        self.finished()

    def finished(self) -> None:
        """All rows are in: in the command line's order (by path, 项目2 before 项目10), the
        latest file of each form marked, with the notes of the check across files."""
        self.beginResetModel()
        self.entries.sort(key=inbox.natural)
        for e in self.entries:  # worked out again over the whole folder
            e.latest, e.cross = True, []
        inbox.mark_latest(self.entries)
        inbox.cross_check(self.entries)
        self.endResetModel()

    def row_of(self, path: Path) -> int | None:
        return next((i for i, e in enumerate(self.entries) if e.path == path), None)

    def entry_changed(self, row: int) -> None:
        self.dataChanged.emit(self.index(row, 0), self.index(row, len(self.columns) - 1))

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if not index.isValid():
            return None
        entry, col = self.entries[index.row()], self.columns[index.column()]
        value = col.get(entry)
        if role == Qt.ItemDataRole.DisplayRole:
            return _shown(col.kind, value)
        if role == SORT_ROLE:
            return _sort_key(col.kind, value)
        if role == ENTRY_ROLE:
            return entry
        if role == Qt.ItemDataRole.ToolTipRole:
            # Why a file is unreadable, or what the check across files found, is told by every
            # cell of the row (and in full below the table for the selected row).
            notes = inbox.notes(entry)
            if col.key == "relative":
                return "\n".join(filter(None, [str(entry.path), notes]))
            if col.key == "unit" and value:
                return "\n".join(filter(None, [_shown(col.kind, value), notes]))
            return notes or None
        if role == Qt.ItemDataRole.TextAlignmentRole and col.kind in (inbox.AMOUNT, inbox.COUNT, inbox.YEAR,
                                                                      inbox.RATE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole:
            colour = row_colour(entry)
            return QBrush(colour) if colour is not None else None
        if role == Qt.ItemDataRole.ForegroundRole and entry.status == inbox.OK and not entry.latest:
            return QBrush(_SUPERSEDED)
        return None


def row_colour(entry: inbox.Entry) -> QColor | None:
    if entry.status != inbox.OK:
        return _UNREADABLE
    if entry.errors or entry.cross:
        return _WARNED
    return None


ALL = ""
NO_VERDICT = "none"


class WorklistProxy(QSortFilterProxyModel):
    """The rows the reviewer asked for: of a form, of a verdict (or none yet), only what needs
    attention, whose unit or project holds the words searched for."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.form = ALL
        self.verdict = ALL
        self.attention = False
        self.words = ""

    def set_filter(self, **values) -> None:
        self.beginFilterChange()
        for key, value in values.items():
            setattr(self, key, value)
        self.endFilterChange()

    def filterAcceptsRow(self, row: int, parent) -> bool:
        entries = self.sourceModel().entries
        if row >= len(entries):
            return False
        e = entries[row]
        if self.form and e.format != self.form:
            return False
        if self.verdict == NO_VERDICT and (e.verdict or e.status != inbox.OK):
            return False
        if self.verdict not in (ALL, NO_VERDICT) and e.verdict != self.verdict:
            return False
        if self.attention and not needs_attention(e):
            return False
        if self.words:
            haystack = _folded(" ".join((e.unit, e.owner, e.relative)))
            if not all(word in haystack for word in _folded(self.words).split()):
                return False
        return True


def _folded(text: str) -> str:
    """Full-width and half-width alike, case ignored: what the reviewer types finds what the
    clerk wrote."""
    return unicodedata.normalize("NFKC", text).casefold()


def _shown(kind: str, value) -> str:
    if value is None or value == "":
        return ""
    if kind == inbox.AMOUNT:
        return format_amount(value) if isinstance(value, Decimal) else str(value)
    if kind == inbox.RATE:
        return f"{(value * 100).quantize(Decimal('0.01'))}%" if isinstance(value, Decimal) else str(value)
    if kind == inbox.TIME:
        import datetime

        return datetime.datetime.fromtimestamp(value).strftime("%Y-%m-%d %H:%M")
    return str(value)


def _sort_key(kind: str, value):
    """One type per column, so the proxy compares like with like; empty cells sort first."""
    if kind in (inbox.AMOUNT, inbox.COUNT, inbox.YEAR, inbox.TIME, inbox.RATE):
        return float(value) if isinstance(value, (int, float, Decimal)) else float("-inf")
    return "" if value is None else str(value)


LEGEND = ((_UNREADABLE, None, "无法读取"), (_WARNED, None, "有错误或跨表核对提示"),
          (None, _SUPERSEDED, "已有更新的版本（灰字）"))
# The decision columns' widths in average characters: together well inside 1366 pixels, and
# inside 1280 (1920×1080 at 150 %).
DECISION_WIDTHS = {"unit": 36, "form": 8, "verdict": 22, "comments": 8, "errors": 5, "amount": 13, "submission": 20}


class ReviewFolderWindow(QMainWindow):
    openRequested = Signal(Path)   # a draft to open in a window of its own

    def __init__(self, folder: Path | None = None, parent=None):
        super().__init__(parent)
        self.setObjectName("review_folder_window")
        self.setWindowTitle("审核文件夹")
        # A fixed minimum, not one from the layout: the window never asks the platform to change
        # its size constraints while shown (as the main window; the offscreen platform warns).
        self.setMinimumSize(640, 360)
        self.resize(1180, 640)
        self.folder: Path | None = None
        self.worker: ReviewWorker | None = None
        self._refresh_wanted = False
        self._selected: Path | None = None
        body = QWidget(self)
        layout = QVBoxLayout(body)
        top = QHBoxLayout()
        self.folder_label = QLabel("尚未选择文件夹", body)
        self.folder_label.setObjectName("review_folder_path")
        self.choose_button = QPushButton("选择文件夹…", body)
        self.again_button = QPushButton("重新审核", body)
        self.export_button = QPushButton("导出汇总表…", body)
        self.cancel_button = QPushButton("取消", body)
        self.compare_button = QPushButton("与退回件比较", body)
        self.compare_button.setToolTip("重新报送的表与上次退回件比较：改了哪些数字，哪些意见已处理（Ctrl+Alt+C）")
        for name, b in (("review_choose", self.choose_button), ("review_again", self.again_button),
                        ("review_export", self.export_button), ("review_cancel", self.cancel_button),
                        ("review_compare_returned", self.compare_button)):
            b.setObjectName(name)
        top.addWidget(self.folder_label, 1)
        for b in (self.compare_button, self.choose_button, self.again_button, self.export_button):
            top.addWidget(b)
        layout.addLayout(top)
        layout.addLayout(self._filter_bar(body))
        self.model = SummaryModel(self)
        self.proxy = WorklistProxy(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView(body)
        self.table.setObjectName("review_summary")
        self.table.setAccessibleName("审核汇总")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # in the order found until a header is clicked
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        metrics = header.fontMetrics()
        for i, col in enumerate(self.model.columns):
            chars = DECISION_WIDTHS.get(col.key, min(col.width, 24))
            header.resizeSection(i, max(metrics.horizontalAdvance(col.title) + 24,
                                        chars * metrics.horizontalAdvance("0") + 12))
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(self._double_clicked)
        enter = QShortcut(QKeySequence(Qt.Key.Key_Return), self.table, lambda: self._double_clicked(self.table.currentIndex()))
        enter.setContext(Qt.ShortcutContext.WidgetShortcut)
        layout.addWidget(self.table, 1)
        self.detail = QLabel(body)
        self.detail.setObjectName("review_detail")
        self.detail.setWordWrap(True)
        self.detail.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        layout.addWidget(self.detail)
        bottom = QHBoxLayout()
        bottom.addLayout(self._legend(body))
        self.status = QLabel(body)
        self.status.setObjectName("review_status")
        self.progress = QProgressBar(body)
        self.progress.setObjectName("review_progress")
        self.progress.setFormat("%v / %m 份文件")
        bottom.addWidget(self.status, 1)
        bottom.addWidget(self.progress)
        bottom.addWidget(self.cancel_button)
        layout.addLayout(bottom)
        self.setCentralWidget(body)
        self.layout().setSizeConstraint(QLayout.SizeConstraint.SetNoConstraint)
        self.choose_button.clicked.connect(self.choose)
        self.again_button.clicked.connect(lambda: self.folder and self.start(self.folder))
        self.export_button.clicked.connect(self.export)
        self.cancel_button.clicked.connect(self.cancel)
        self.compare_button.clicked.connect(self.compare_with_returned)
        QShortcut(QKeySequence("Ctrl+Alt+C"), self, self.compare_with_returned)
        QShortcut(QKeySequence("Ctrl+F"), self, lambda: self.search.setFocus(Qt.FocusReason.ShortcutFocusReason))
        self.table.selectionModel().currentRowChanged.connect(self._current_changed)
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(self._folder_changed)
        self.watcher.fileChanged.connect(self._folder_changed)
        self._refresh_timer = QTimer(self, singleShot=True, interval=REFRESH_MS, timeout=self.refresh)
        self._idle()
        self._current_changed()
        if folder is not None:
            self.start(folder)

    def _filter_bar(self, body: QWidget) -> QHBoxLayout:
        bar = QHBoxLayout()
        self.form_filter = QComboBox(body)
        self.form_filter.setObjectName("review_filter_form")
        self.form_filter.setAccessibleName("按表单筛选")
        self.form_filter.addItem("全部表单", ALL)
        for spec in inbox._forms():
            self.form_filter.addItem(spec.short_title, spec.format_id)
        self.verdict_filter = QComboBox(body)
        self.verdict_filter.setObjectName("review_filter_verdict")
        self.verdict_filter.setAccessibleName("按审核结论筛选")
        self.verdict_filter.addItem("全部结论", ALL)
        self.verdict_filter.addItem("尚无结论", NO_VERDICT)
        for v in R.VERDICTS:
            self.verdict_filter.addItem(R.verdict_text(v), v)
        self.attention = QCheckBox("只看需要我处理的", body)
        self.attention.setObjectName("review_filter_attention")
        self.attention.setToolTip("无法读取的文件，和每份表最新一版中尚无审核结论的")
        self.search = QLineEdit(body)
        self.search.setObjectName("review_search")
        self.search.setAccessibleName("搜索单位或项目")
        self.search.setPlaceholderText("搜索单位或项目（Ctrl+F）")
        self.search.setClearButtonEnabled(True)
        self.shown_label = QLabel(body)
        self.shown_label.setObjectName("review_shown")
        for label, widget in (("表单", self.form_filter), ("结论", self.verdict_filter)):
            caption = QLabel(label, body)
            caption.setBuddy(widget)
            bar.addWidget(caption)
            bar.addWidget(widget)
        bar.addWidget(self.attention)
        bar.addWidget(self.search, 1)
        bar.addWidget(self.shown_label)
        self.form_filter.currentIndexChanged.connect(lambda _: self._filter(form=self.form_filter.currentData()))
        self.verdict_filter.currentIndexChanged.connect(lambda _: self._filter(verdict=self.verdict_filter.currentData()))
        self.attention.toggled.connect(lambda on: self._filter(attention=on))
        self.search.textChanged.connect(lambda text: self._filter(words=text))
        return bar

    def _legend(self, body: QWidget) -> QHBoxLayout:
        row = QHBoxLayout()
        legend = QWidget(body)
        legend.setObjectName("review_legend")
        inner = QHBoxLayout(legend)
        inner.setContentsMargins(0, 0, 0, 0)
        inner.addWidget(QLabel("图例：", legend))
        for background, foreground, text in LEGEND:
            label = QLabel(text, legend)
            style = "padding: 1px 6px; border: 1px solid #c8c8c8;"
            if background is not None:
                style += f" background: {background.name()};"
            if foreground is not None:
                style += f" color: {foreground.name()};"
            label.setStyleSheet(style)
            inner.addWidget(label)
        row.addWidget(legend)
        return row

    def _filter(self, **values) -> None:
        self.proxy.set_filter(**values)
        self._reselect()
        self._count_shown()

    def _count_shown(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.shown_label.setText(f"显示 {shown} / {total} 份" if shown != total else f"共 {total} 份")

    # -- the review -----------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self.worker is not None and self.worker.isRunning()

    def choose(self) -> None:
        folder = dialogs.ask_folder(self, str(self.folder or ""))
        if folder is not None:
            self.start(folder)

    def start(self, folder: Path) -> None:
        self.cancel(wait=True)
        self._refresh_timer.stop()
        self._refresh_wanted = False
        if self.folder != Path(folder):
            self._selected = None
        self.folder = Path(folder)
        self.folder_label.setText(f"文件夹：{quoted(self.folder, 200)}")
        self.setWindowTitle(f"审核文件夹 — {quoted(self.folder.name or self.folder, 60)}")
        self.model.clear()
        self.progress.setRange(0, 0)  # busy until the files are counted
        self.progress.show()
        self.cancel_button.show()
        self.cancel_button.setEnabled(True)
        self.again_button.setEnabled(False)
        self.export_button.setEnabled(False)
        self.status.setText("正在列出文件…")
        worker = self.worker = ReviewWorker(self.folder, self)
        worker.listed.connect(lambda n: self.progress.setRange(0, max(n, 1)) if n else self.progress.setRange(0, 1))
        worker.rows.connect(self.model.add)
        worker.progress.connect(self._progressed)
        worker.failed.connect(self._failed)
        worker.done.connect(self._finished)
        worker.start()

    def _progressed(self, done: int, total: int) -> None:
        self.progress.setValue(done)
        self.status.setText(f"正在审核：{done} / {total} 份文件")

    def _failed(self, message: str) -> None:
        self._idle()
        self.status.setText(message)
        dialogs.warn(self, message)

    def _finished(self, complete: bool) -> None:
        self.model.finished()
        text = inbox.summary_line(self.model.entries)
        self.status.setText(text if complete else f"已取消：{text}（其余文件未审核）")
        self._idle()
        self._reselect()
        self._count_shown()
        self._watch()

    # -- following the folder ---------------------------------------------------------------

    def _watch(self) -> None:
        """Watches the folder, its subfolders and (up to a limit) its files."""
        if self.folder is None:
            return
        old = self.watcher.directories() + self.watcher.files()
        if old:
            self.watcher.removePaths(old)
        folders = [str(self.folder)]
        for top, dirs, _ in os.walk(self.folder, followlinks=False):
            dirs.sort()
            folders += [os.path.join(top, d) for d in dirs]
        files = [str(e.path) for e in self.model.entries if e.status == inbox.OK][:MAX_WATCHED]
        self.watcher.addPaths(folders + files)

    def _folder_changed(self, _path: str = "") -> None:
        self._refresh_timer.start()  # once the burst of changes settles

    def refresh(self) -> None:
        """Reads again what changed in the folder since it was read, keeping the selection;
        after a review in progress, once it ends."""
        if self.folder is None:
            return
        if self.running:
            self._refresh_wanted = True
            return
        known = {e.path: (e.modified, e.size) for e in self.model.entries}
        if self.worker is not None:
            self.worker.deleteLater()
        worker = self.worker = ReviewWorker(self.folder, self, known=known)
        worker.refreshed.connect(self._refreshed)
        worker.failed.connect(self._failed)
        worker.start()

    def _refreshed(self, changed: list, gone: set) -> None:
        self._remember_selection()
        if changed or gone:
            self.model.merge(changed, gone)
            self.status.setText(f"{inbox.summary_line(self.model.entries)}（已按文件夹的变化更新）")
        self._reselect()
        self._count_shown()
        self._watch()

    # -- the selection ----------------------------------------------------------------------

    def _remember_selection(self) -> None:
        entry = self.entry_at(self.table.currentIndex())
        if entry is not None:
            self._selected = entry.path

    def _current_changed(self, *_) -> None:
        entry = self.entry_at(self.table.currentIndex())
        if entry is not None:
            self._selected = entry.path
        self.compare_button.setEnabled(entry is not None and entry.status == inbox.OK and entry.revision >= 2)
        if entry is None:
            self.detail.setText("")
            return
        lines = [f"文件：{entry.relative}"]
        if entry.status != inbox.OK:
            lines.append(f"无法读取：{entry.reason}")
        else:
            if entry.reviewer:
                lines.append(f"审核人：{entry.reviewer}")
            lines += [f"跨表核对：{text}" for text in entry.cross]
        self.detail.setText("\n".join(lines))

    def _reselect(self) -> None:
        if self._selected is not None:
            self.select(self._selected)

    def select(self, path: Path) -> bool:
        for r in range(self.proxy.rowCount()):
            index = self.proxy.index(r, 0)
            entry = self.entry_at(index)
            if entry is not None and _same_file(entry.path, path):
                self.table.selectionModel().setCurrentIndex(
                    index, QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows)
                self.table.scrollTo(index)
                return True
        return False

    def neighbour(self, path: Path, by: int) -> Path | None:
        """The draft ``by`` rows from ``path`` in the list as filtered and sorted (unreadable
        files skipped); None past either end."""
        rows = [self.entry_at(self.proxy.index(r, 0)) for r in range(self.proxy.rowCount())]
        usable = [e.path for e in rows if e is not None and e.status == inbox.OK]
        here = next((i for i, p in enumerate(usable) if _same_file(p, path)), None)
        if here is None:
            return usable[0] if usable and by > 0 else None
        there = here + by
        return usable[there] if 0 <= there < len(usable) else None

    def opened(self, path: Path) -> None:
        """A draft of the list is open for review: its row is the current one."""
        self._selected = Path(path)
        self.select(Path(path))

    def review_changed(self, received: Path, form) -> None:
        """The review of ``received`` changed in its window: its row says so at once."""
        row = next((i for i, e in enumerate(self.model.entries) if _same_file(e.path, received)), None)
        if row is None:
            return
        overlay(self.model.entries[row], form)
        self.model.entry_changed(row)
        self.proxy.set_filter()  # the row may leave or join the list as filtered
        self._reselect()
        self._count_shown()

    def return_folder(self) -> Path | None:
        """Where the reviewer's returned copies are (chosen at the first 退回)."""
        from .. import recent

        stored = recent.settings().value(RETURN_FOLDER_KEY, "")
        if stored:
            return Path(stored)
        return reviewing.default_return_folder(self.folder) if self.folder is not None else None

    def compare_with_returned(self):
        """The selected resubmission against the copy returned last time."""
        from ...core.files import load_form
        from .compare import CompareDialog

        entry = self.entry_at(self.table.currentIndex())
        if entry is None or entry.status != inbox.OK or entry.revision < 2:
            dialogs.warn(self, "请先选择一份重新报送的表（报送次数为第 2 次或以后）")
            return None
        folder = self.return_folder()
        found = reviewing.find_returned(folder, entry.form_id, entry.revision) if folder else None
        if found is None:
            dialogs.warn(self, "在退回文件夹中找不到这份表上次的退回件" + (f"（{quoted(folder, 120)}）" if folder else ""))
            return None
        try:
            returned, again = load_form(found), load_form(entry.path)
        except FormError as err:
            dialogs.warn(self, err.message)
            return None
        dialog = CompareDialog(returned, f"退回件 {quoted(found.name, 80)}", again,
                               f"第 {entry.submission} 次报送 {entry.relative}", self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.with_review.setChecked(True)
        dialog.open()
        self._compare = dialog
        return dialog

    def _idle(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self.again_button.setEnabled(self.folder is not None)
        self.export_button.setEnabled(bool(self.model.entries))
        if self._refresh_wanted:
            self._refresh_wanted = False
            self._refresh_timer.start()

    def cancel(self, wait: bool = False) -> None:
        if self.worker is not None:
            self.worker.cancel()
            self.cancel_button.setEnabled(False)
            if wait:
                self.worker.wait()
                self.worker.deleteLater()
                self.worker = None

    def closeEvent(self, event) -> None:
        self.cancel(wait=True)
        super().closeEvent(event)

    # -- rows -------------------------------------------------------------------------------

    def entry_at(self, proxy_index) -> inbox.Entry | None:
        if proxy_index.isValid() and proxy_index.model() is not self.proxy:
            return None
        return self.proxy.data(proxy_index, ENTRY_ROLE) if proxy_index.isValid() else None

    def _double_clicked(self, index) -> None:
        entry = self.entry_at(index)
        if entry is None:
            return
        if entry.status != inbox.OK:
            dialogs.warn(self, f"{entry.relative} 无法打开：{entry.reason}")
            return
        self.openRequested.emit(entry.path)

    def export(self) -> None:
        from ...core.files import write_file_atomically
        from ...core.targets import check_target
        from ...core.workbook import summary_xlsx

        # Beside the folder, not in it: a review leaves the folder as it found it.
        suggested = self.folder.parent / f"{self.folder.name}-审核汇总.xlsx" if self.folder else Path("审核汇总.xlsx")
        target = dialogs.ask_xlsx_path(self, str(suggested))
        if target is None:
            return
        if target.suffix.lower() != ".xlsx":
            target = target.with_name(target.name + ".xlsx")
        try:
            read = [e.path for e in self.model.entries]  # never written over, as the command line
            write_file_atomically(check_target(target, read), summary_xlsx(self.model.entries, quoted(self.folder or "", 160)))
        except FormError as err:
            dialogs.warn(self, err.message)
            return
        self.status.setText(f"汇总表已写入 {quoted(target, 160)}")


def _same_file(a: Path, b: Path) -> bool:
    if a == b:
        return True
    try:
        return Path(a).resolve() == Path(b).resolve()
    except OSError:
        return False
