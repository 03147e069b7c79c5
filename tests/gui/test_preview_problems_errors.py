"""Print preview, the problems panel, and unexpected errors."""

import copy


from PySide6.QtCore import QSize, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QPushButton

from desktop_app import paths
from desktop_app.core.files import load_form
from desktop_app.gui import excepthook
from desktop_app.gui.preview import PreviewDialog, RenderThread
from desktop_app.gui.problems import PATH_ROLE

from .conftest import commit_text, export_pdf, field


def test_preview_shows_the_pages_on_white(qtbot, seed_form):
    dialog = PreviewDialog(seed_form, "seed")
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.ready, timeout=30_000):  # rendered off the window's thread
        dialog.show()
    qtbot.waitExposed(dialog)
    assert dialog.pages.page_count >= 2
    assert dialog.view.document().pageCount() == dialog.pages.page_count
    image = dialog.pages.page_image(0, QSize(420, 594))
    assert image.pixelColor(2, 2) == QColor("white")  # not transparent black
    dark = sum(1 for x in range(0, 420, 3) for y in range(0, 594, 3)
               if image.pixelColor(x, y).lightness() < 128)
    assert dark > 200  # the ruled grid and the text are there


def test_export_pdf_writes_the_rendered_bytes(qtbot, make_window, clerk, tmp_path):
    from tests.conftest import SEED_PATH

    window = make_window(SEED_PATH)
    clerk.pdf_path = tmp_path / "表.pdf"
    export_pdf(qtbot, window)
    data = clerk.pdf_path.read_bytes()
    assert data.startswith(b"%PDF")
    from desktop_app.printing.render import render_pdf

    assert data == render_pdf(window.form)


def test_export_renders_in_the_background_what_the_form_was(qtbot, make_window, clerk, tmp_path):
    from tests.conftest import SEED_PATH

    from desktop_app.printing.render import render_pdf

    window = make_window(SEED_PATH)
    asked = copy.deepcopy(window.form)
    clerk.pdf_path = tmp_path / "表.pdf"
    job = window.export_pdf()
    # The PDF reaches the disk through the window's event loop, never inside the menu action.
    assert job is not None and not job.done and not clerk.pdf_path.exists()
    commit_text(field(window, "department"), "导出之后才改的名称")
    qtbot.waitUntil(lambda: job.done, timeout=30_000)
    assert job.written and window.form.department != asked.department
    assert clerk.pdf_path.read_bytes() == render_pdf(asked)
    assert "导出" in window.statusBar().currentMessage()


def test_a_cancelled_export_writes_nothing(qtbot, make_window, clerk, tmp_path):
    from tests.conftest import SEED_PATH

    window = make_window(SEED_PATH)
    clerk.pdf_path = tmp_path / "表.pdf"
    job = window.export_pdf()
    job.dialog.findChild(QPushButton).click()  # the progress dialog's 取消
    assert job.done and job.cancelled
    # Until the thread has ended (it deletes itself then: a fast render is gone at once).
    qtbot.waitUntil(lambda: job.thread not in RenderThread._running, timeout=30_000)
    qtbot.wait(50)  # a render that finished anyway is delivered, and dropped
    assert not clerk.pdf_path.exists() and not list(tmp_path.iterdir())
    assert not clerk.warnings


def test_preview_action_opens_the_dialog(qtbot, make_window):
    from tests.conftest import SEED_PATH

    window = make_window(SEED_PATH)
    window.preview_action.trigger()
    dialog = window._preview
    qtbot.waitExposed(dialog)
    qtbot.waitUntil(lambda: dialog.pages is not None, timeout=30_000)
    assert dialog.pages.page_count >= 1
    dialog.close()


def test_activating_a_problem_focuses_the_field(qtbot, make_window, seed_data, tmp_path):
    import json

    seed_data["department"] = ""
    seed_data["tasks"][2]["amount"] = None
    source = tmp_path / "form.json"
    source.write_text(json.dumps(seed_data, ensure_ascii=False), encoding="utf-8")
    window = make_window(source)
    qtbot.waitUntil(lambda: window.problems.list.count() > 0)   # checked once the form is shown
    items = {window.problems.list.item(i).data(PATH_ROLE): window.problems.list.item(i)
             for i in range(window.problems.list.count())}
    assert "department" in items and "tasks[2].amount" in items
    assert "错误" in window.problems.windowTitle()

    window.tabs.setCurrentIndex(4)
    window.problems.list.itemActivated.emit(items["department"])
    qtbot.waitUntil(lambda: window.focusWidget() is field(window, "department"))
    assert window.tabs.currentWidget() is window.page_of("budget.basic_expenditure").widget

    window.problems.list.itemActivated.emit(items["tasks[2].amount"])
    assert window.tabs.currentWidget() is window.page_of("tasks").widget
    current = window.part_for("tasks").view.currentIndex()
    assert (current.row(), current.column()) == (2, 2)


def test_problems_follow_the_edits(qtbot, window):
    window.problems.refresh()
    assert any(p.path == "department" for p in window.problems.problems)
    commit_text(field(window, "department"), "某部门")
    qtbot.waitUntil(lambda: not any(p.path == "department" for p in window.problems.problems))


def test_an_unexpected_error_is_logged_shown_and_the_draft_saved(qtbot, make_window, seed_draft, clerk,
                                                                 monkeypatch):
    import logging

    log = logging.getLogger("desktop_app")  # the program's log (logsetup.log stands for it)
    # Logging is set up once per process; this test wants the log file of its own data folder
    # (an earlier test's file, if one was written, is closed first).
    for handler in log.handlers:
        handler.close()
    monkeypatch.setattr(log, "handlers", [])
    window = make_window(seed_draft)
    monkeypatch.setattr("sys.excepthook", excepthook.handle_exception)
    commit_text(field(window, "signoff.preparer"), "周九")
    assert not window.controller.saved

    def broken_slot():
        raise RuntimeError("boom in a slot")

    QTimer.singleShot(0, broken_slot)
    qtbot.waitUntil(lambda: bool(clerk.notices))
    for handler in log.handlers:
        handler.flush()
    log_text = paths.log_path().read_text(encoding="utf-8")
    for handler in log.handlers:
        handler.close()
    assert "RuntimeError: boom in a slot" in log_text and "Traceback" in log_text
    assert "意外错误" in clerk.notices[0] and "Traceback" not in clerk.notices[0]
    assert load_form(seed_draft).signoff.preparer == "周九"  # saved at once, not lost
    # Still running and editable.
    commit_text(field(window, "signoff.phone"), "123")
    assert window.form.signoff.phone == "123"


def test_printing_sends_every_page_to_the_printer(qtbot, seed_form, tmp_path):
    import pypdfium2
    from PySide6.QtPrintSupport import QPrinter

    from desktop_app.gui.preview import PdfPages, render_form_pdf

    pages = PdfPages(render_form_pdf(seed_form))
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    pages.print_to(printer)
    printed = pypdfium2.PdfDocument(str(tmp_path / "printed.pdf"))
    assert len(printed) == pages.page_count
    bitmap = printed[0].render(scale=0.5).to_pil().convert("L")
    dark = sum(bitmap.histogram()[:128])
    assert dark > 1000  # the page image arrived, not a blank sheet


def test_a_form_with_thousands_of_problems_lists_the_first_and_counts_the_rest(qtbot, window):
    from desktop_app.core.synthetic import large_form
    from desktop_app.gui.problems import LISTED

    form = large_form(tasks=1500, indicators=10)
    for task in form.tasks:
        task.name = ""  # 1,500 errors
    window.document.replace(form)
    window.problems.refresh()
    assert len(window.problems.problems) > LISTED
    assert window.problems.list.count() == LISTED + 1
    assert f"还有 {len(window.problems.problems) - LISTED} 个问题未列出" in window.problems.list.item(LISTED).text()
    first = window.problems.list.item(0)
    window.document.set_value("tasks[0].name", "改好一行")  # one fewer: the list follows
    window.problems.refresh()
    assert window.problems.list.item(0) is first  # items are reused, not built again
    assert f"还有 {len(window.problems.problems) - LISTED} 个问题未列出" in window.problems.list.item(LISTED).text()
