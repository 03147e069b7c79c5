"""Print preview of the very PDF the printing layer renders, printing it, and 导出PDF.

QtPdf rasterises pages with a transparent background, so both the view and the printer get
the pages painted on white.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QRect, QSize
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from PySide6.QtPdf import QPdfDocument
from PySide6.QtPdfWidgets import QPdfView
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QVBoxLayout

from ..core.errors import FormError
from ..core.files import write_file_atomically
from ..core.model import FormBase
from ..core.targets import check_target
from . import dialogs

PRINT_DPI = 300


def render_form_pdf(form: FormBase) -> bytes:
    from ..printing.render import render_pdf  # reportlab loads only when printing

    return render_pdf(form)


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

    def print_to(self, printer: QPrinter) -> None:
        """Prints every page; pages are rasterised at no more than PRINT_DPI (a 1200 dpi A4
        page would need half a gigabyte) and scaled onto the printer's page."""
        printer.setFullPage(True)  # the PDF carries its own margins
        painter = QPainter(printer)
        try:
            for page in range(self.page_count):
                if page:
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
    def __init__(self, form: FormBase, title: str, parent=None):
        super().__init__(parent)
        self.setObjectName("print_preview")
        self.setWindowTitle(f"打印预览 — {title}")
        self.resize(820, 900)
        self.title = title
        self.pages = PdfPages(render_form_pdf(form), self)
        self.view = QPdfView(self)
        self.view.setObjectName("pdf_view")
        self.view.setAccessibleName("打印预览")
        self.view.setPageMode(QPdfView.PageMode.MultiPage)
        self.view.setZoomMode(QPdfView.ZoomMode.FitToWidth)
        palette = self.view.palette()
        palette.setColor(QPalette.ColorRole.Dark, QColor("#808080"))
        self.view.setPalette(palette)
        self.view.setDocument(self.pages.document)
        info = QLabel(f"共 {self.pages.page_count} 页", self)
        info.setObjectName("page_count")
        buttons = QDialogButtonBox(self)
        print_button = buttons.addButton("打印…", QDialogButtonBox.ButtonRole.AcceptRole)
        export_button = buttons.addButton("导出PDF…", QDialogButtonBox.ButtonRole.ActionRole)
        close_button = buttons.addButton("关闭", QDialogButtonBox.ButtonRole.RejectRole)
        print_button.clicked.connect(self.print_pages)
        export_button.clicked.connect(self.export_pdf)
        close_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(info)
        layout.addWidget(buttons)
        layout.setSizeConstraint(QVBoxLayout.SizeConstraint.SetNoConstraint)
        self.setMinimumSize(480, 400)

    def print_pages(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        dialog = QPrintDialog(printer, self)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.pages.print_to(printer)

    def export_pdf(self) -> None:
        target = dialogs.ask_pdf_path(self, f"{self.title}.pdf")
        if target is not None:
            write_pdf(self, target, self.pages.data)


def write_pdf(parent, target: Path, data: bytes, sources=()) -> bool:
    """Writes the PDF, or says in one line why not (a draft being overwritten, a reserved name,
    a file another program holds open); nothing else is touched either way."""
    try:
        write_file_atomically(check_target(target, sources), data)
        return True
    except FormError as err:
        dialogs.warn(parent, err.message)
        return False
