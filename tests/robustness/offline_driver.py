"""Run by test_offline in a fresh process: every code path of the program a clerk uses —
the command line (import, check, export, render), the draft file, and the window (start-up as
``python -m desktop_app`` does it, open, type, autosave, check, print preview, PDF) — under an
audit hook that records any network activity of Python code. Prints the records as JSON on
the last line of stdout. Usage: ``offline_driver.py WORKDIR [--no-gui] [--canary]``; the
canary makes one real connection attempt, to prove the watch would catch it."""

from __future__ import annotations

import json
import os
import sys

NETWORK_EVENTS = {"socket.__new__", "socket.connect", "socket.bind", "socket.getaddrinfo",
                  "socket.sendto", "socket.sendmsg", "socket.gethostbyname", "socket.gethostbyaddr",
                  "socket.getnameinfo", "urllib.Request", "http.client.connect", "ftplib.connect",
                  "smtplib.connect", "webbrowser.open"}
seen: list[str] = []


def _hook(event: str, args: tuple) -> None:
    if event in NETWORK_EVENTS:
        seen.append(f"{event} {args!r}"[:300])


sys.addaudithook(_hook)  # before the program is imported: nothing escapes it


def command_line(work: str, seed: str) -> list[str]:
    from desktop_app.cli import main

    draft, out_json, out_pdf = (os.path.join(work, name) for name in ("d.jxmb", "d.json", "d.pdf"))
    steps = []
    for argv in (["import", seed, "-o", draft], ["check", draft], ["check", draft, "--json"],
                 ["export", draft, "-o", out_json], ["render", draft, "-o", out_pdf]):
        steps.append(f"{argv[0]}={main(argv)}")
    assert os.path.getsize(out_pdf) > 1000
    return steps


def draft_file(work: str) -> list[str]:
    from desktop_app.core import draftfile

    draft = os.path.join(work, "d.jxmb")
    form = draftfile.load_draft(draft)
    writer = draftfile.DraftWriter(draft)
    form.department = "离线测试部门"
    writer.save(form)
    form.tasks.pop()
    writer.save(form)
    return ["draft edited"]


def window(work: str) -> list[str]:
    from PySide6.QtCore import QTimer
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLineEdit, QWidget

    from desktop_app.core import draftfile
    from desktop_app.gui import app as gui_app
    from desktop_app.gui.main_window import all_windows

    draft = os.path.join(work, "d.jxmb")
    steps: list[str] = []
    application = gui_app.create_application([])

    def close_dialogs() -> None:
        dialog = QApplication.activeModalWidget()
        if dialog is not None and dialog.objectName() != "print_preview":  # that one is driven
            steps.append(f"closed dialog {dialog.objectName() or type(dialog).__name__}")
            dialog.reject() if hasattr(dialog, "reject") else dialog.close()

    closer = QTimer(interval=200, timeout=close_dialogs)
    closer.start()

    def drive() -> None:
        try:
            win = all_windows()[0]
            assert win.open_path(draft), "could not open the draft"
            field = win.findChild(QLineEdit, "department") or win.findChild(QWidget, "department")
            assert field is not None, "no department field"
            field.setFocus()
            QTest.keyClicks(field, " offline")  # QTest types ASCII only
            QTest.qWait(50)
            win.save_now()
            assert "offline" in draftfile.load_draft(draft).department, "typing did not reach the draft"
            win.problems.refresh(win.form)
            steps.append(f"window edited, {win.problems.list.count()} problems listed")
            win.preview()
            QTest.qWait(500)  # let QtPdf load and paint the pages
            preview = QApplication.activeModalWidget()
            assert preview is not None and preview.objectName() == "print_preview", "no print preview"
            steps.append(f"preview: {preview.findChild(QWidget, 'page_count').text()}")
            preview.reject()
            from desktop_app.gui.preview import render_form_pdf

            steps.append(f"pdf {len(render_form_pdf(win.form))} bytes")
        except BaseException as err:  # reported to the test, not lost in the event loop
            steps.append(f"FAILED {type(err).__name__}: {err}")
        finally:
            application.exit(0)

    QTimer.singleShot(0, drive)
    status = gui_app.run_gui([])  # the program's own start-up: window, recovery offer, exec
    steps.append(f"run_gui={status}")
    closer.stop()
    return steps


def main() -> None:
    work = sys.argv[1]
    from desktop_app import paths

    steps = command_line(work, str(paths.sample_form_path()))
    steps += draft_file(work)
    if "--no-gui" not in sys.argv:
        steps += window(work)
    if "--canary" in sys.argv:
        import socket

        try:
            socket.create_connection(("127.0.0.1", 9), timeout=0.2).close()
        except OSError:
            pass
    print(json.dumps({"steps": steps, "network": seen}, ensure_ascii=False))
    sys.stdout.flush()
    os._exit(0)  # skip Qt's teardown: nothing there is under test


if __name__ == "__main__":
    main()
