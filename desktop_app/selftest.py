"""``--self-test``: the smoke test of a frozen build, also runnable from source.

It opens the built-in sample in the real main window (offscreen, so nobody sees it), prints the
form to PDF, and confirms the bundled CJK font was found and used: Qt loaded it from our file,
the window's text resolves to it and has its glyphs, and the PDF embeds a subset of it that maps
the form's title. It prints one line and exits 0, or 1 on the first failure (details in the log).

Nothing of the clerk's is touched: the program's data folder (recent files, crash recovery) is a
temporary one for the run, and a modal message box, which would wait forever offscreen, is
closed and counted as a failure.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
import threading
import zlib

from . import paths
from .logsetup import fix_log_file, log

TIMEOUT_S = 120  # a hung window must fail the CI run, not stall it
EXIT_OK, EXIT_FAILED, EXIT_TIMEOUT = 0, 1, 3

_SUBSET_FONT = re.compile(rb"/BaseFont\s*/[A-Z]{6}\+([A-Za-z0-9-]+)")
_STREAM = re.compile(rb"<<((?:(?!<<|stream).)*?)>>\s*stream\r?\n(.*?)endstream", re.S)
_BFCHAR = re.compile(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")


class SelfTestFailure(Exception):
    pass


def _require(condition: bool, step: str, detail: str) -> None:
    if not condition:
        raise SelfTestFailure(f"{step}: {detail}")


def run_self_test() -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    saved_data_dir = os.environ.get("BUDGET_FORM_DATA_DIR")
    fix_log_file()  # a failure goes to the clerk's log, not into the scratch folder
    try:
        with tempfile.TemporaryDirectory(prefix="budget-form-selftest-",
                                         ignore_cleanup_errors=True) as scratch:
            watchdog = threading.Timer(TIMEOUT_S, _timed_out, args=(scratch,))
            watchdog.daemon = True
            watchdog.start()
            os.environ["BUDGET_FORM_DATA_DIR"] = scratch
            try:
                summary = _run()
            finally:
                watchdog.cancel()
    except SelfTestFailure as failure:
        log.error("self-test failed: %s", failure)
        return _report(f"self-test FAILED at {failure}", EXIT_FAILED)
    except Exception as err:  # any crash of the window or the printer is a failed build
        log.exception("self-test crashed")
        return _report(f"self-test FAILED: {type(err).__name__}: {err}", EXIT_FAILED)
    finally:
        if saved_data_dir is None:
            os.environ.pop("BUDGET_FORM_DATA_DIR", None)
        else:
            os.environ["BUDGET_FORM_DATA_DIR"] = saved_data_dir
    return _report(f"self-test OK: {summary}", EXIT_OK)


def _report(line: str, status: int) -> int:
    line = " ".join(line.split())  # one line, whatever the messages held
    try:
        print(line, flush=True)
    except (UnicodeEncodeError, AttributeError):  # a legacy code page, or no console at all
        if sys.stdout is not None:
            sys.stdout.buffer.write(line.encode(sys.stdout.encoding or "utf-8", "replace") + b"\n")
            sys.stdout.flush()
    return status


def _timed_out(scratch: str) -> None:
    _report(f"self-test FAILED: no result after {TIMEOUT_S} s", EXIT_TIMEOUT)
    shutil.rmtree(scratch, ignore_errors=True)  # os._exit skips the usual clean-up
    os._exit(EXIT_TIMEOUT)


def _run() -> str:
    from PySide6 import __version__ as pyside_version
    from PySide6.QtCore import QCollator, QCoreApplication, QEvent, QLocale
    from PySide6.QtGui import QFontDatabase, QFontInfo, QFontMetrics, QGuiApplication

    from .core import jsonio
    from .core.fingerprint import fingerprint
    from .gui.app import create_application
    from .gui.main_window import MainWindow
    from .printing.render import render_pdf

    sample = paths.sample_form_path()
    expected = jsonio.load(sample)  # a missing or broken sample fails here, before any dialog
    title = expected.spec.title

    app = create_application([])
    font_file = paths.font_path()
    _require(font_file.is_file(), "font", f"{font_file} is missing")
    # Only our code adds application fonts, so these families came from the bundled file.
    app_families = {family for font_id in range(64)
                    for family in QFontDatabase.applicationFontFamilies(font_id)}
    _require(bool(app_families), "font", f"Qt did not load {font_file.name}")
    family = app.font().family()
    _require(family in app_families, "font",
             f"the UI font is {family!r}, not the bundled {sorted(app_families)}")

    # Qt's own dialog buttons must speak Chinese: the bundle ships qtbase_zh_CN.qm.
    cancel = QCoreApplication.translate("QPlatformTheme", "Cancel")
    _require(cancel == "取消", "translation", f"Qt's Cancel button reads {cancel!r}, not 取消")

    dialogs_seen: list[str] = []
    closer = _close_modal_dialogs(app, dialogs_seen)
    window = MainWindow()
    opened = window.open_path(sample)
    app.processEvents()
    _require(not dialogs_seen, "window", f"a message box appeared: {dialogs_seen}")
    _require(opened, "window", f"could not open {sample.name}")
    shown = fingerprint(window.form)
    _require(shown == fingerprint(expected), "window",
             f"shows a form with fingerprint {shown}, not the sample's")

    resolved = QFontInfo(window.font()).family()
    _require(resolved == family, "font", f"the window's text resolves to {resolved!r}")
    metrics = QFontMetrics(window.font())
    missing = [ch for ch in title if not metrics.inFontUcs4(ord(ch))]
    _require(not missing, "font", f"no glyphs for {''.join(missing)} in {resolved!r}")
    image = window.grab().toImage()
    _require(not image.isNull() and image.width() > 100, "window", "could not be drawn")
    step = max(1, image.width() // 64)
    colours = {image.pixel(x, y) for x in range(0, image.width(), step)
               for y in range(0, image.height(), step)}
    _require(len(colours) > 2, "window", "was drawn blank")

    # ICU (trimmed in the Linux bundle) must still sort Chinese by pinyin: 阿 (ā) before 中.
    collator = QCollator(QLocale("zh_CN"))
    _require(collator.compare("阿", "中") < 0, "ICU", "Chinese collation is not by pinyin")

    # Every declared form is in the build (each is loaded by name when first needed).
    from .forms import all_forms

    kinds = [spec.title for spec in all_forms()]

    pdf = render_pdf(window.form)
    # reportlab's C accelerators (found by exec, so a build can miss them: the PDF would be the
    # same, written slower).
    _require("_rl_accel" in sys.modules, "PDF", "reportlab's C accelerators (rl_accel) are missing")
    # Not close(): that would ask whether to save the imported sample. The data folder is
    # temporary, so whatever the window leaves there (recovery copy, recent list) goes with it.
    window.hide()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # no event loop runs here
    closer.stop()
    _require(not dialogs_seen, "window", f"a message box appeared: {dialogs_seen}")
    pages = _check_pdf(pdf, title)

    platform = QGuiApplication.platformName()
    build = "frozen" if getattr(sys, "frozen", False) else "from source"
    return (f"window opened {sample.name} (fingerprint {shown}); forms: {', '.join(kinds)}; UI font {family!r} from "
            f"{font_file.name}; PDF {len(pdf)} bytes, {pages} pages, embeds {family!r} subset "
            f"covering the title; Qt in Chinese; pinyin collation; Qt {pyside_version} {platform}, "
            f"{build}")


def _close_modal_dialogs(app, seen: list[str]):
    """A repeating timer that closes any modal dialog and records its text."""
    from PySide6.QtCore import QTimer

    def close_modal() -> None:
        dialog = app.activeModalWidget()
        if dialog is not None:
            text = getattr(dialog, "text", None)
            seen.append(text() if callable(text) else dialog.windowTitle())
            dialog.reject() if hasattr(dialog, "reject") else dialog.close()

    timer = QTimer()
    timer.timeout.connect(close_modal)
    timer.start(100)
    return timer


def _check_pdf(pdf: bytes, must_map: str) -> int:
    """The page count of ``pdf``, after checking it embeds the bundled font and maps ``must_map``."""
    _require(pdf.startswith(b"%PDF-") and pdf.rstrip().endswith(b"%%EOF"), "PDF",
             "not a complete PDF file")
    subsets = set(_SUBSET_FONT.findall(pdf))
    _require(any(name.startswith(b"NotoSerifSC") for name in subsets), "PDF",
             f"no embedded NotoSerifSC subset (subset fonts: {sorted(subsets)})")
    _require(b"/FontFile2" in pdf, "PDF", "no embedded TrueType font program")
    mapped = _unicode_mapped(pdf)
    unmapped = [ch for ch in must_map if ord(ch) not in mapped]
    _require(not unmapped, "PDF", f"the embedded font does not map {''.join(unmapped)}")
    pages = len(re.findall(rb"/Type\s*/Page\b", pdf))
    _require(pages >= 1, "PDF", "has no pages")
    return pages


def _unicode_mapped(pdf: bytes) -> set[int]:
    """Code points the PDF's ToUnicode maps name (reportlab writes one bfchar map per subset)."""
    mapped: set[int] = set()
    for header, body in _STREAM.findall(pdf):
        if b"/FlateDecode" in header:
            try:  # a decompressor ignores the end-of-line that may precede "endstream"
                body = zlib.decompressobj().decompress(body)
            except zlib.error:
                continue
        if b"beginbfchar" not in body:
            continue
        for _code, text in _BFCHAR.findall(body):
            if len(text) % 4 == 0:  # UTF-16BE
                mapped.update(map(ord, bytes.fromhex(text.decode()).decode("utf-16-be", "replace")))
    return mapped
