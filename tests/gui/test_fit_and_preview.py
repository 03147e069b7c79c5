"""The window and the preview fit the screen they are on; the window remembers where it was;
the preview renders off the window's thread, zooms, counts pages and names its PDF after the draft."""

from pathlib import Path

import pytest
from PySide6.QtCore import QRect, QSize
from PySide6.QtPdfWidgets import QPdfView

from desktop_app.gui import dialogs, placement
from desktop_app.gui.preview import PreviewDialog, RenderThread
from tests.conftest import SEED_PATH


def test_a_first_start_fits_the_screen_and_maximises_on_a_small_one():
    for width, height in ((1366, 728), (1280, 680), (1024, 728)):  # 1366×768, 1920×1080 @150 %, 1024×768
        rect, maximise = placement.fitted(QRect(0, 0, width, height))
        assert maximise and QRect(0, 0, width, height).contains(rect)
    rect, maximise = placement.fitted(QRect(0, 0, 1920, 1040))
    assert not maximise and rect.size() == placement.PREFERRED and QRect(0, 0, 1920, 1040).contains(rect)


def test_a_remembered_place_is_used_only_on_a_screen_still_there():
    screens = [QRect(0, 0, 1920, 1040)]
    assert placement.on_a_screen(QRect(100, 100, 1000, 700), screens) == QRect(100, 100, 1000, 700)
    assert placement.on_a_screen(QRect(2100, 100, 1000, 700), screens) is None  # its monitor is gone
    inside = placement.on_a_screen(QRect(600, 300, 1000, 700), [QRect(0, 0, 1366, 728)])  # sticks out
    assert inside is not None and QRect(0, 0, 1366, 728).contains(inside)


def test_the_window_remembers_its_geometry_and_maximised_state(qtbot):
    from desktop_app.gui.main_window import MainWindow, WINDOWS, show_new_window

    window = MainWindow()  # deleted on close, as every window shown by show_new_window
    show_new_window(window)
    qtbot.waitExposed(window)
    assert window.isMaximized()  # the test platform's screen is small (800×800)
    window.showNormal()
    window.setGeometry(QRect(10, 50, 770, 560))
    qtbot.waitUntil(lambda: window.geometry() == QRect(10, 50, 770, 560))
    window.close()
    again = MainWindow()
    show_new_window(again)
    qtbot.waitExposed(again)
    assert again.geometry() == QRect(10, 50, 770, 560) and not again.isMaximized()
    again.showMaximized()
    qtbot.waitUntil(again.isMaximized)
    again.close()
    assert placement.remembered()[1] is True
    for w in list(WINDOWS):
        w.close()


def test_the_preview_renders_off_the_window_thread_with_progress(qtbot, seed_form):
    dialog = PreviewDialog(seed_form, "seed.jxmb")
    qtbot.addWidget(dialog)
    assert dialog.pages is None and dialog.stack.currentIndex() == 0  # open at once, still rendering
    assert not dialog.print_button.isEnabled()
    progress = []
    dialog.thread.progressed.connect(lambda done, pages: progress.append((done, pages)))
    with qtbot.waitSignal(dialog.ready, timeout=30_000):
        dialog.show()
    assert dialog.thread.form is not seed_form  # a copy: the clerk may type on meanwhile
    pages = dialog.pages.page_count
    assert progress and progress[-1] == (pages, pages)
    assert dialog.print_button.isEnabled() and dialog.stack.currentWidget() is dialog.view
    assert dialog.page_label.text() == f"第 1 / {pages} 页"


def test_the_preview_zooms_and_fits(qtbot, seed_form):
    dialog = PreviewDialog(seed_form, "seed")
    qtbot.addWidget(dialog)
    with qtbot.waitSignal(dialog.ready, timeout=30_000):
        dialog.show()
    qtbot.waitExposed(dialog)
    fitted = dialog.zoom()
    dialog.zoom_in_button.click()
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.Custom
    assert dialog.view.zoomFactor() == pytest.approx(fitted * 1.25, rel=0.01)
    dialog.zoom_out_button.click()
    dialog.zoom_out_button.click()
    assert dialog.view.zoomFactor() == pytest.approx(fitted / 1.25, rel=0.01)
    dialog.fit_page_button.click()
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.FitInView
    dialog.fit_width_button.click()
    assert dialog.view.zoomMode() == QPdfView.ZoomMode.FitToWidth


def test_closing_the_preview_while_it_renders_stops_the_render(qtbot, seed_form):
    dialog = PreviewDialog(seed_form, "seed")
    qtbot.addWidget(dialog)
    thread = dialog.thread
    dialog.cancel_button.click()
    assert thread.cancelled
    qtbot.waitUntil(lambda: thread not in RenderThread._running, timeout=30_000)
    assert dialog.pages is None


@pytest.mark.parametrize("opened, expected", [("draft1.jxmb", "draft1.pdf"), ("seed-form.json", "seed-form.pdf")])
def test_export_from_the_preview_suggests_the_drafts_name_with_pdf(qtbot, make_window, tmp_path, monkeypatch,
                                                                  seed_form, opened, expected):
    import shutil

    from desktop_app.core import draftfile

    source = tmp_path / opened
    if opened.endswith(".json"):
        shutil.copy(SEED_PATH, source)
    else:
        draftfile.save_draft(source, seed_form)
    window = make_window(source)
    asked = []
    monkeypatch.setattr(dialogs, "ask_pdf_path", lambda parent, suggested: asked.append(suggested))
    window.preview_action.trigger()
    dialog = window._preview
    qtbot.waitUntil(lambda: dialog.pages is not None, timeout=30_000)
    dialog.export_button.click()
    assert Path(asked[-1]).name == expected
    window.export_pdf()
    assert Path(asked[-1]).name == expected
    dialog.close()


def test_the_preview_fits_the_screen(qtbot, seed_form):
    dialog = PreviewDialog(seed_form, "seed")
    qtbot.addWidget(dialog)
    available = dialog.screen().availableGeometry()
    assert available.contains(dialog.geometry())
    assert dialog.size().height() <= max(available.height(), QSize(0, 0).height())
    dialog.reject()
