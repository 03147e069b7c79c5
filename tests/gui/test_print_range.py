"""打印 honours the print dialog's choice (issue 21, item 6): nothing read ``fromPage``/``toPage``,
so 页码范围 2–3 printed every page. Printed to a PDF file as a printer would receive them, each
sheet is compared with the page of the preview's PDF it should be."""

from __future__ import annotations

import pypdfium2
import pytest
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QDialog

from desktop_app.gui.preview import PdfPages, PreviewDialog, render_form_pdf


def _grey(page, size):
    return page.render(scale=size / page.get_width()).to_pil().convert("L").resize((120, 170))


def _ink(page) -> list[int]:
    return [255 - v for v in _grey(page, 240).tobytes()]


def _alike(a: list[int], b: list[int]) -> float:
    """How alike two pages' ink is (1: the same), whatever the amount of it."""
    dot = sum(x * y for x, y in zip(a, b))
    return dot / ((sum(x * x for x in a) * sum(y * y for y in b)) ** 0.5 or 1)


def _printed_pages(printed_path, source: bytes) -> list[int]:
    """Which page of ``source`` each printed sheet shows (the most alike)."""
    printed = pypdfium2.PdfDocument(str(printed_path))
    original = pypdfium2.PdfDocument(source)
    sources = [_ink(original[i]) for i in range(len(original))]
    return [max(range(len(sources)), key=lambda i, sheet=_ink(printed[k]): _alike(sheet, sources[i]))
            for k in range(len(printed))]


def _pdf_printer(path) -> QPrinter:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(path))
    printer.setResolution(96)  # enough to tell the pages apart; the test's time goes on pixels
    return printer


@pytest.fixture(scope="module")
def seed_pdf() -> bytes:
    from desktop_app.core import jsonio
    from tests.conftest import SEED_PATH

    return render_form_pdf(jsonio.load(SEED_PATH))


def test_print_to_prints_the_range_the_dialog_chose(qtbot, tmp_path, seed_pdf):
    pages = PdfPages(seed_pdf)
    count = pages.page_count
    assert count >= 3
    cases = {"all": (QPrinter.PrintRange.AllPages, 0, 0, list(range(count))),
             "2-3": (QPrinter.PrintRange.PageRange, 2, 3, [1, 2]),
             "last": (QPrinter.PrintRange.PageRange, count, count, [count - 1]),
             "past the end": (QPrinter.PrintRange.PageRange, 2, count + 5, list(range(1, count))),
             "current": (QPrinter.PrintRange.CurrentPage, 0, 0, [2])}
    for name, (kind, first, last, expected) in cases.items():
        out = tmp_path / f"{name}.pdf"
        printer = _pdf_printer(out)
        printer.setPrintRange(kind)
        if first:
            printer.setFromTo(first, last)
        pages.print_to(printer, current=2)
        assert _printed_pages(out, seed_pdf) == expected, name


def test_the_preview_s_print_button_passes_the_dialog_s_range(qtbot, tmp_path, monkeypatch, seed_pdf):
    from desktop_app.core import jsonio
    from tests.conftest import SEED_PATH

    out = tmp_path / "printed.pdf"
    offered = {}

    def clerk_picks_pages_2_to_3(dialog):
        offered["min"], offered["max"] = dialog.minPage(), dialog.maxPage()
        offered["range"] = dialog.testOption(QPrintDialog.PrintDialogOption.PrintPageRange)
        printer = dialog.printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(out))
        printer.setResolution(96)
        printer.setPrintRange(QPrinter.PrintRange.PageRange)
        printer.setFromTo(2, 3)
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(QPrintDialog, "exec", clerk_picks_pages_2_to_3)
    dialog = PreviewDialog(jsonio.load(SEED_PATH), "seed")
    qtbot.addWidget(dialog)
    qtbot.waitUntil(lambda: dialog.pages is not None, timeout=30_000)
    dialog.print_button.click()
    assert offered == {"min": 1, "max": dialog.pages.page_count, "range": True}
    assert _printed_pages(out, dialog.pages.data) == [1, 2]
    dialog.reject()
