"""Print preview of the very PDF the printing layer renders, printing it, and 导出PDF.

The PDF is rendered off the window's thread (``RenderThread``, on a deep copy of the form), so
a large draft that takes seconds to print keeps the window alive, with progress and a cancel
button. The dialog opens fitted to the screen, with its buttons in one row at the top that
no screen can push out of sight; zoom in/out, fit width, fit page and "page x / y".

QtPdf rasterises pages with a transparent background, so both the view and the printer get
the pages painted on white.
"""

from __future__ import annotations

import copy
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QObject, QRect, QSize, Qt, QThread, Signal
from PySide6.QtGui import QColor, QImage, QKeySequence, QPainter, QPalette, QShortcut
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (QDialog, QHBoxLayout, QLabel, QProgressBar, QProgressDialog, QPushButton, QStackedWidget,
                               QToolButton, QVBoxLayout, QWidget)

from ..core.errors import FormError
from ..core.files import write_file_atomically
from ..core.model import FormBase
from ..core.targets import check_target
from ..logsetup import log
from . import dialogs, placement

PRINT_DPI = 300
PREFERRED = QSize(900, 1000)
ZOOM_STEP, ZOOM_MIN, ZOOM_MAX = 1.25, 0.25, 4.0


def render_form_pdf(form: FormBase, progress=None) -> bytes:
    from ..printing.render import render_pdf  # reportlab loads only when printing

    return render_pdf(form, progress) if progress is not None else render_pdf(form)


class _Cancelled(Exception):
    pass


class RenderThread(QThread):
    """Renders a copy of the form; says how far it got, and stops when asked."""

    progressed = Signal(int, int)   # pages drawn, pages
    rendered = Signal(bytes)
    failed = Signal(str)

    # Threads still running after their dialog closed: kept until they finish, since a
    # QThread destroyed while it runs takes the program down.
    _running: set["RenderThread"] = set()

    def __init__(self, form: FormBase):
        super().__init__()
        self.form = copy.deepcopy(form)  # the clerk goes on typing into the original
        self.cancelled = False
        RenderThread._running.add(self)
        self.finished.connect(self._done)

    def run(self) -> None:
        try:
            data = render_form_pdf(self.form, self._progress)
        except _Cancelled:
            return
        except FormError as err:
            self.failed.emit(err.message)
            return
        except Exception:  # reported, never raised into Qt's thread
            log.exception("rendering the preview failed")
            self.failed.emit("无法生成打印稿，详情已记录在日志文件中")
            return
        if not self.cancelled:
            self.rendered.emit(data)

    def _progress(self, done: int, pages: int) -> None:
        if self.cancelled:
            raise _Cancelled
        self.progressed.emit(done, pages)

    def cancel(self) -> None:
        self.cancelled = True

    def _done(self) -> None:
        RenderThread._running.discard(self)
        self.deleteLater()

    @classmethod
    def wait_all(cls, ms: int = 30_000) -> None:
        """Waits for renders still running (at exit: a thread must not outlive the program)."""
        for thread in list(cls._running):
            thread.cancel()
            thread.wait(ms)


class PdfPages:
    """A PDF held in memory for QtPdf (the buffer must outlive the document)."""

    def __init__(self, data: bytes, parent=None):
        self.data = data
        self._bytes = QByteArray(data)
        self._buffer = QBuffer(self._bytes)
        self._buffer.open(QIODevice.OpenModeFlag.ReadOnly)
        self.document = QPdfDocument(parent)
        self.document.load(self._buffer)

    @property
    def page_count(self) -> int:
        return self.document.pageCount()

    def page_image(self, page: int, size: QSize) -> QImage:
        """The page on white, at ``size`` pixels."""
        image = self.document.render(page, size)
        white = QImage(size, QImage.Format.Format_RGB32)
        white.fill(QColor("white"))
        painter = QPainter(white)
        painter.drawImage(0, 0, image)
        painter.end()
        return white

    def pages_for(self, printer: QPrinter, current: int = 0) -> range:
        """The pages the print dialog asked for, counted from 0: all of them, its 页码范围
        (``fromPage``–``toPage``, from 1, cut to the document), or the page shown now."""
        count = self.page_count
        if printer.printRange() == QPrinter.PrintRange.CurrentPage:
            return range(current, current + 1) if 0 <= current < count else range(0)
        if printer.printRange() == QPrinter.PrintRange.PageRange and printer.fromPage() > 0:
            last = min(printer.toPage() or count, count)
            return range(min(printer.fromPage(), last + 1) - 1, last)
        return range(count)

    def print_to(self, printer: QPrinter, current: int = 0) -> None:
        """Prints the pages the dialog chose (``pages_for``); pages are rasterised at no more
        than PRINT_DPI (a 1200 dpi A4 page would need half a gigabyte) and scaled onto the
        printer's page."""
        pages = self.pages_for(printer, current)
        if not pages:
            return  # a range past the last page: nothing, not a blank sheet
        printer.setFullPage(True)  # the PDF carries its own margins
        painter = QPainter(printer)
        try:
            for n, page in enumerate(pages):
                if n:
                    printer.newPage()
                target = painter.viewport()
                points = self.document.pagePointSize(page)
                scale = min(target.width() / points.width(), target.height() / points.height())
                box = QRect(0, 0, int(points.width() * scale), int(points.height() * scale))
                dpi = min(PRINT_DPI, printer.resolution())
                size = QSize(int(points.width() * dpi / 72), int(points.height() * dpi / 72))
                painter.drawImage(box, self.page_image(page, size))
        finally:
            painter.end()


class PreviewDialog(QDialog):
    """``form``'s printed copy; ``suggested`` is where 导出PDF offers to write it."""

    ready = Signal()   # the pages are shown
    SHORTCUTS = {"zoom_in": ("Ctrl++", "Ctrl+="), "zoom_out": ("Ctrl+-",), "fit_width": ("Ctrl+1",),
                 "fit_page": ("Ctrl+0",)}

    def __init__(self, form: FormBase, title: str, parent=None, suggested: Path | None = None, sources=()):
        super().__init__(parent)
        self.sources = list(sources)  # files the PDF must never be written over (the draft itself)
        self.setObjectName("print_preview")
        self.setWindowTitle(f"打印预览 — {title}")
        self.title = title
        self.suggested = suggested or Path(f"{Path(title).stem}.pdf")
        self.pages: PdfPages | None = None
        self.error: str | None = None
        self._zoom = 1.0

        self.view = QPdfView(self)
        self.view.setObjectName("pdf_view")
        self.view.setAccessibleName("打印预览")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        palette = self.view.palette()
        palette.setColor(QPalette.ColorRole.Dark, QColor("#808080"))
        self.view.setPalette(palette)

        self.progress = QProgressBar()
        self.progress.setObjectName("render_progress")
        self.progress.setRange(0, 0)  # busy until the pages are counted
        self.progress.setFormat("已生成 %v / %m 页")
        self.cancel_button = QPushButton("取消")
        self.cancel_button.setObjectName("cancel_render")
        self.cancel_button.clicked.connect(self.reject)
        waiting = QWidget()
        waiting_layout = QVBoxLayout(waiting)
        waiting_layout.addStretch(1)
        self.status = QLabel("正在生成打印稿…")
        self.status.setObjectName("render_status")
        self.status.setAlignment(Qt.AlignmentFlag.AlignCenter)
        waiting_layout.addWidget(self.status)
        row = QHBoxLayout()
        row.addStretch(1)
        row.addWidget(self.progress, 2)
        row.addWidget(self.cancel_button)
        row.addStretch(1)
        waiting_layout.addLayout(row)
        waiting_layout.addStretch(2)
        self.stack = QStackedWidget()
        self.stack.addWidget(waiting)
        self.stack.addWidget(self.view)

        bar = QHBoxLayout()
        self.print_button = self._button(bar, "print", "打印…", self.print_pages, ("Ctrl+P",))
        self.export_button = self._button(bar, "export_pdf", "导出PDF…", self.export_pdf, ("Ctrl+S",))
        bar.addSpacing(16)
        self.zoom_out_button = self._tool(bar, "zoom_out", "－", "缩小", lambda: self.zoom_by(1 / ZOOM_STEP))
        self.zoom_in_button = self._tool(bar, "zoom_in", "＋", "放大", lambda: self.zoom_by(ZOOM_STEP))
        self.fit_width_button = self._tool(bar, "fit_width", "适合宽度", "适合宽度", self.fit_width)
        self.fit_page_button = self._tool(bar, "fit_page", "适合整页", "适合整页", self.fit_page)
        bar.addSpacing(16)
        self.page_label = QLabel()
        self.page_label.setObjectName("page_count")
        bar.addWidget(self.page_label)
        bar.addStretch(1)
        self.close_button = self._button(bar, "close", "关闭", self.reject, ())
        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.stack, 1)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        self.setMinimumSize(480, 360)
        self._enable(False)
        self.view.pageNavigator().currentPageChanged.connect(self._show_page_number)
        placement.fit_dialog(self, PREFERRED)

        self.thread = RenderThread(form)
        self.thread.progressed.connect(self._progressed)
        self.thread.rendered.connect(self._rendered)
        self.thread.failed.connect(self._failed)
        self.thread.start()

    def _button(self, bar, name, text, slot, keys) -> QPushButton:
        button = QPushButton(text)
        button.setObjectName(name)
        button.setAutoDefault(False)
        button.clicked.connect(slot)
        if keys:
            button.setShortcut(QKeySequence(keys[0]))
            button.setToolTip(f"{text}（{QKeySequence(keys[0]).toString(QKeySequence.SequenceFormat.NativeText)}）")
        bar.addWidget(button)
        return button

    def _tool(self, bar, name, text, tip, slot) -> QToolButton:
        button = QToolButton()
        button.setObjectName(name)
        button.setText(text)
        keys = self.SHORTCUTS[name]
        shown = " / ".join(QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in keys)
        button.setToolTip(f"{tip}（{shown}）")
        button.setAccessibleName(tip)
        button.clicked.connect(slot)
        for key in keys:
            QShortcut(QKeySequence(key), self, activated=slot)
        bar.addWidget(button)
        return button

    def _enable(self, ready: bool) -> None:
        for button in (self.print_button, self.export_button, self.zoom_in_button, self.zoom_out_button,
                       self.fit_width_button, self.fit_page_button):
            button.setEnabled(ready)

    # -- rendering ----------------------------------------------------------------------

    def _progressed(self, done: int, pages: int) -> None:
        self.progress.setRange(0, pages)
        self.progress.setValue(done)

    def _rendered(self, data: bytes) -> None:
        self.pages = PdfPages(data, self)
        self.view.setDocument(self.pages.document)
        self.stack.setCurrentWidget(self.view)
        self._enable(True)
        self._show_page_number()
        self.view.setFocus()
        self.ready.emit()

    def _failed(self, message: str) -> None:
        self.error = message
        self.status.setText(message)
        self.progress.hide()
        self.cancel_button.setText("关闭")

    def done(self, result: int) -> None:
        self.thread.cancel()  # a render nobody will see stops at its next page
        super().done(result)

    # -- viewing ------------------------------------------------------------------------

    def _show_page_number(self, *_args) -> None:
        if self.pages is None:
            self.page_label.setText("")
            return
        current = self.view.pageNavigator().currentPage() + 1
        self.page_label.setText(f"第 {current} / {self.pages.page_count} 页")

    def zoom(self) -> float:
        """The zoom shown now (1.0: the page at its printed size on this screen)."""
        if self.view.zoomMode() == QPdfView.ZoomMode.Custom or self.pages is None:
            return self.view.zoomFactor()
        points = self.pages.document.pagePointSize(0)
        page_px = QSize(int(points.width() * self.logicalDpiX() / 72), int(points.height() * self.logicalDpiY() / 72))
        room = self.view.viewport().size() - QSize(2 * self.view.documentMargins().left() + 4,
                                                    2 * self.view.documentMargins().top() + 4)
        width = room.width() / max(page_px.width(), 1)
        if self.view.zoomMode() == QPdfView.ZoomMode.FitToWidth:
            return width
        return min(width, room.height() / max(page_px.height(), 1))

    def zoom_by(self, factor: float) -> None:
        if self.pages is None:
            return
        zoom = min(ZOOM_MAX, max(ZOOM_MIN, self.zoom() * factor))
        self.view.setZoomMode(QPdfView.ZoomMode.Custom)
        self.view.setZoomFactor(zoom)

    def fit_width(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)

    def fit_page(self) -> None:
        self.view.setZoomMode(QPdfView.ZoomMode.FitInView)

    # -- printing and export ------------------------------------------------------------

    def print_pages(self) -> None:
        if self.pages is None:
            return
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        # 页码范围 from 1 to the last page, and 当前页: the one the preview shows.
        dialog.setMinMax(1, self.pages.page_count)
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintPageRange, True)
        dialog.setOption(QPrintDialog.PrintDialogOption.PrintCurrentPage, True)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.pages.print_to(printer, self.view.pageNavigator().currentPage())

    def export_pdf(self) -> None:
        if self.pages is None:
            return
        target = dialogs.ask_pdf_path(self, str(self.suggested))
        if target is not None:
            write_pdf(self, target, self.pages.data, self.sources)


class PdfExport(QObject):
    """导出PDF from the window's menu, rendered off the window's thread like the preview: a draft
    that takes seconds to print shows its progress and can be cancelled, and the window keeps
    painting. The PDF is of the form as it was when the clerk chose 导出PDF."""

    finished = Signal(bool)  # whether the file was written
    SHOW_AFTER_MS = 400  # a seed-sized form is done before a dialog would only flash

    def __init__(self, parent: QWidget, form: FormBase, target: Path, sources=()):
        super().__init__(parent)
        self.target, self.sources = target, list(sources)
        self.done = False
        self.written = False
        self.dialog = QProgressDialog("正在生成打印稿…", "取消", 0, 0, parent)
        self.dialog.setWindowTitle("导出PDF")
        self.dialog.setWindowModality(Qt.WindowModality.WindowModal)
        self.dialog.setMinimumDuration(self.SHOW_AFTER_MS)
        self.dialog.setAutoReset(False)
        self.dialog.setAutoClose(False)
        self.dialog.canceled.connect(self.cancel)
        self.dialog.setValue(0)  # starts the dialog's own "show after" clock
        self.thread = RenderThread(form)
        self.thread.progressed.connect(self._progressed)
        self.thread.rendered.connect(self._rendered)
        self.thread.failed.connect(self._failed)
        self.thread.start()

    def _progressed(self, done: int, pages: int) -> None:
        if not self.done:
            self.dialog.setMaximum(pages)
            self.dialog.setValue(done)
            self.dialog.setLabelText(f"正在生成打印稿：第 {done} / {pages} 页")

    def _rendered(self, data: bytes) -> None:
        if self.done:
            return
        self._finish(False)
        self.written = write_pdf(self.parent(), self.target, data, self.sources)
        self.finished.emit(self.written)

    def _failed(self, message: str) -> None:
        if not self.done:
            self._finish(False)
            dialogs.warn(self.parent(), message)
            self.finished.emit(False)

    def cancel(self) -> None:
        """Nothing is written; the half-drawn copy is dropped."""
        if not self.done:
            self.thread.cancel()
            self._finish(True)
            self.finished.emit(False)

    def _finish(self, cancelled: bool) -> None:
        self.done, self.cancelled = True, cancelled
        self.dialog.canceled.disconnect(self.cancel)
        self.dialog.close()
        self.dialog.deleteLater()


def write_pdf(parent, target: Path, data: bytes, sources=()) -> bool:
    """Writes the PDF, or says in one line why not (a draft being overwritten, a reserved name,
    a file another program holds open); nothing else is touched either way."""
    try:
        write_file_atomically(check_target(target, sources), data)
        return True
    except FormError as err:
        dialogs.warn(parent, err.message)
        return False
