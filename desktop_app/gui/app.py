"""Starting the window: the QApplication with the bundled CJK font, HiDPI, crash recovery."""

from __future__ import annotations

import gc
import sys

from PySide6.QtCore import QLibraryInfo, Qt, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication

from .. import APP_ID, APP_NAME, paths
from ..core.patterncache import keep_patterns
from ..logsetup import crash_traces_to_log, log, setup_logging

UI_POINT_SIZE = 10


def create_application(argv: list[str]) -> QApplication:
    """The QApplication (or the existing one) with the bundled font as the UI font: a bare
    Windows machine may have no CJK font at all and would show boxes."""
    app = QApplication.instance()
    if app is None:
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication([sys.argv[0] if sys.argv else "desktop_app", *argv])
    app.setApplicationName(APP_ID)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(APP_ID)
    app.setWindowIcon(QIcon(str(paths.resource("icons", "app.png"))))
    install_font(app)
    install_qt_translations(app)
    return app


def install_qt_translations(app: QApplication) -> bool:
    """Qt's own words (standard buttons, the file and print dialogs, a field's context menu)
    in Simplified Chinese, whatever the machine's locale."""
    if getattr(app, "_zh_translator", None) is not None:
        return True
    translator = QTranslator(app)
    if translator.load("qtbase_zh_CN", QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)):
        app.installTranslator(translator)
        app._zh_translator = translator
        return True
    log.warning("Qt's Chinese translation not found")
    return False


def install_font(app: QApplication) -> str | None:
    font_id = QFontDatabase.addApplicationFont(str(paths.font_path()))
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        log.warning("bundled font not loaded: %s", paths.font_path())
        return None
    font = QFont(families[0], UI_POINT_SIZE)
    app.setFont(font)
    return families[0]


def run_gui(argv: list[str]) -> int:
    setup_logging()
    crash_traces_to_log()
    app = create_application(argv)
    from . import excepthook
    from .main_window import MainWindow, show_new_window

    excepthook.install()
    excepthook.install_qt_message_log()
    app.aboutToQuit.connect(_wait_for_renders)
    try:
        window = show_new_window(MainWindow())
    except Exception as err:  # the clerk is told in one line; the traceback goes to the log
        log.exception("the window could not be built")
        from PySide6.QtWidgets import QMessageBox

        from .uiload import MissingPart

        # Only a missing file of the program is blamed on the installation.
        why = "安装可能不完整" if isinstance(err, MissingPart) else "出现意外错误"
        QMessageBox.critical(None, APP_NAME, f"程序无法启动，{why}。详情已记录在 {paths.log_path()}")
        return 2
    if argv:
        window.open_in_window(argv[0])
    # What this start compiled, kept now for the next start (a window runs for hours, or is cut
    # short), not only when it closes: only the first start of an installation has any to keep.
    keep_patterns("window")
    if not gc.isenabled():  # started by __main__, which left the collector off for the start
        window.after_first_paint(collect_cycles_from_now)
        QTimer.singleShot(COLLECT_AFTER_MS, collect_cycles_from_now)  # a window never painted too
    # The data folder is read and a question may be asked only once the window is seen.
    window.after_first_paint(lambda: _last_run(window))
    window.after_first_paint(lambda: offer_recovery(window))
    return app.exec()


COLLECT_AFTER_MS = 10_000


def collect_cycles_from_now() -> None:
    """The cyclic collector on, for the hours the window runs. What the start made (the modules,
    the window's widgets) is set aside first (``gc.freeze``): it lives as long as the program,
    and no collection needs to walk it again."""
    if not gc.isenabled():
        gc.freeze()
        gc.enable()


def _last_run(window) -> None:
    """Whether the last run stopped unexpectedly (``lastrun``)."""
    from . import lastrun

    lastrun.start(window)


def _wait_for_renders() -> None:
    """A print preview closed while rendering leaves its thread to stop at the next page; the
    program must not end under it (the preview module is loaded only if one was opened)."""
    preview = sys.modules.get(f"{__package__}.preview")
    if preview is not None:
        preview.RenderThread.wait_all()


def offer_recovery(window) -> None:
    """After a crash, what was typed and not yet in a draft is offered back."""
    from . import dialogs, recovery
    from .main_window import MainWindow, show_new_window

    try:
        entries = recovery.pending()
    except OSError as err:  # an unusable data folder must not stop the program
        log.warning("crash recovery unavailable: %s", err)
        return
    if not entries:
        return
    if not dialogs.ask_recover(window, len(entries)):
        for entry in entries:
            entry.discard()
        return
    for entry in entries:
        target = window if window.is_pristine() else MainWindow()
        if target.adopt_recovered(entry) and target is not window:
            show_new_window(target)
