"""Run by test_screens in a fresh process on an X server (Xvfb): the program's window as it
starts (``show_new_window``, fitted to the screen), the seed opened, every tab shown, then the
print preview. Prints, on the last line of stdout, JSON with the screen's available geometry
and the frames of the window and the preview, in logical pixels.

``screens_driver.py SEED [SHOTS_DIR]``: with a folder, saves a PNG of each tab and of the
preview there (the README's screenshots are made this way), after making the budget disagree
and selecting a task, so the pictures show the marks and the detail pane."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def _rect(r) -> list[int]:
    return [r.x(), r.y(), r.width(), r.height()]


def _settle(app, seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()
        time.sleep(0.01)


def main() -> None:
    seed, shots = sys.argv[1], (Path(sys.argv[2]) if len(sys.argv) > 2 else None)
    from desktop_app.gui.app import create_application

    app = create_application([])
    from desktop_app.gui import dialogs
    from desktop_app.gui.main_window import MainWindow, show_new_window

    dialogs.ask_unsaved = lambda parent, text: dialogs.DISCARD  # nobody to answer on this display

    window = show_new_window(MainWindow())
    assert window.open_path(seed)
    if shots is not None:
        from decimal import Decimal

        window.document.set_value("budget.fiscal_appropriation", Decimal("150000"))
        window.part_for("tasks").view.go_to(window.part_for("tasks").model.index(1, 0))
    _settle(app, 1.0)
    out = {"available": _rect(window.screen().availableGeometry()), "window": _rect(window.frameGeometry()),
           "maximised": window.isMaximized(), "tabs": []}
    for i in range(window.tabs.count()):
        window.tabs.setCurrentIndex(i)
        _settle(app)
        out["tabs"].append(window.tabs.tabText(i))
        if shots is not None:
            window.grab().save(str(shots / f"tab{i + 1}.png"))
    window.tabs.setCurrentIndex(0)
    window.preview()
    dialog = window._preview
    deadline = time.monotonic() + 60
    while dialog.pages is None and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    _settle(app, 0.5)
    out["preview"] = _rect(dialog.frameGeometry())
    out["preview_buttons"] = [_rect(b.geometry().translated(b.mapTo(dialog, b.rect().topLeft())
                                                            - b.geometry().topLeft()))
                              for b in (dialog.print_button, dialog.export_button, dialog.close_button)]
    out["preview_client"] = _rect(dialog.rect())
    out["pages"] = dialog.page_label.text()
    if shots is not None:
        dialog.grab().save(str(shots / "preview.png"))
    dialog.close()
    window.close()
    print(json.dumps(out, ensure_ascii=False))


if __name__ == "__main__":
    main()
