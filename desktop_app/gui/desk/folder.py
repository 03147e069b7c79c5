"""文件 → 审核文件夹…: every draft and interchange JSON of a folder as one sortable table, filled
by a worker thread (the window stays responsive, a progress bar counts the files, 取消 stops);
double-click opens a draft in a window. The rows and columns are the command line's
(``core.inbox``), so the window, ``review --json`` and the exported workbook agree."""

from __future__ import annotations

import threading
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QSortFilterProxyModel, Qt, QThread, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (QAbstractItemView, QHBoxLayout, QHeaderView, QLabel, QLayout, QMainWindow, QProgressBar,
                               QPushButton, QTableView, QVBoxLayout, QWidget)

from ...core import inbox
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


class ReviewWorker(QThread):
    """Reads the folder's files one by one, off the GUI thread."""

    listed = Signal(int)            # how many files there are to read
    rows = Signal(list)             # Entry, a batch at a time
    progress = Signal(int, int)     # done, total
    failed = Signal(str)            # the folder itself could not be listed
    done = Signal(bool)             # finished (True) or cancelled (False)

    def __init__(self, folder: Path, parent=None):
        super().__init__(parent)
        self.folder = Path(folder)
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
        self.listed.emit(len(files))
        batch = list(unlisted)
        for done, path in enumerate(files, 1):
            if self._cancel.is_set():
                break
            batch.append(inbox.read_entry(path, self.folder))
            if len(batch) >= BATCH or done == len(files):
                self.rows.emit(batch)
                batch = []
            self.progress.emit(done, len(files))
        if batch:
            self.rows.emit(batch)
        self.done.emit(not self._cancel.is_set())


class SummaryModel(QAbstractTableModel):
    """One row per file, in ``inbox.columns``; sorted through a proxy by ``SORT_ROLE``."""

    def __init__(self, parent=None):
        super().__init__(parent)
        self.columns = inbox.columns()
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

    def finished(self) -> None:
        """All rows are in: in the command line's order (by path, 项目2 before 项目10), with the
        notes of the check across files."""
        self.beginResetModel()
        self.entries.sort(key=inbox.natural)
        inbox.cross_check(self.entries)
        self.endResetModel()

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
            # Why a file is unreadable, or what the check across files found, is in the last
            # column, often scrolled out of sight: every cell of the row tells it.
            notes = inbox.notes(entry)
            if col.key == "relative":
                return "\n".join(filter(None, [str(entry.path), notes]))
            if col.key == "unit" and value:
                return "\n".join(filter(None, [_shown(col.kind, value), notes]))
            return notes or None
        if role == Qt.ItemDataRole.TextAlignmentRole and col.kind in (inbox.AMOUNT, inbox.COUNT, inbox.YEAR,
                                                                      inbox.RATE):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.BackgroundRole and col.key in ("relative", "status", "notes"):
            if entry.status != inbox.OK:
                return QBrush(_UNREADABLE)
            if entry.errors or entry.cross:
                return QBrush(_WARNED)
        return None


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
        body = QWidget(self)
        layout = QVBoxLayout(body)
        top = QHBoxLayout()
        self.folder_label = QLabel("尚未选择文件夹", body)
        self.folder_label.setObjectName("review_folder_path")
        self.choose_button = QPushButton("选择文件夹…", body)
        self.again_button = QPushButton("重新审核", body)
        self.export_button = QPushButton("导出汇总表…", body)
        self.cancel_button = QPushButton("取消", body)
        for name, b in (("review_choose", self.choose_button), ("review_again", self.again_button),
                        ("review_export", self.export_button), ("review_cancel", self.cancel_button)):
            b.setObjectName(name)
        top.addWidget(self.folder_label, 1)
        for b in (self.choose_button, self.again_button, self.export_button):
            top.addWidget(b)
        layout.addLayout(top)
        self.model = SummaryModel(self)
        self.proxy = QSortFilterProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self.proxy.setSortRole(SORT_ROLE)
        self.table = QTableView(body)
        self.table.setObjectName("review_summary")
        self.table.setAccessibleName("审核汇总")
        self.table.setModel(self.proxy)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(-1, Qt.SortOrder.AscendingOrder)  # in the order found until a header is clicked
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        metrics = header.fontMetrics()
        for i, col in enumerate(self.model.columns):
            header.resizeSection(i, max(metrics.horizontalAdvance(col.title) + 24,
                                        min(col.width, 24) * metrics.horizontalAdvance("0") + 12))
        header.setStretchLastSection(True)
        self.table.doubleClicked.connect(self._double_clicked)
        layout.addWidget(self.table, 1)
        bottom = QHBoxLayout()
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
        self._idle()
        if folder is not None:
            self.start(folder)

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

    def _idle(self) -> None:
        self.progress.hide()
        self.cancel_button.hide()
        self.again_button.setEnabled(self.folder is not None)
        self.export_button.setEnabled(bool(self.model.entries))

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
