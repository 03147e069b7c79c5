"""The start-up probe, loaded by ``site`` at interpreter start when this folder is first on
PYTHONPATH (run.py puts it there for the program, the skeleton and the bare window alike).

It reports the moment the first window has painted with ``BENCH_FIRST_PAINT_TEXT`` in its
QLineEdit named ``BENCH_FIRST_PAINT_FIELD`` (or at its first paint when no field is named),
prints one JSON line and ends the process at once (tear-down is not part of start-up).

How: nothing is imported up front. A finder on ``sys.meta_path`` waits for PySide6.QtWidgets to
be imported by whoever runs; once it is, ``QApplication.__init__`` is wrapped so that the
application itself gets an event filter the moment it exists. The filter sees every Paint event
of every widget, so the window is caught however it is shown (``show``, ``showMaximized``,
restored geometry, a second window opened for the draft) and whenever the loop first runs
(``exec`` or a ``processEvents`` before it).
"""

from __future__ import annotations

import json
import os
import sys
import threading
import time

FIELD = os.environ.get("BENCH_FIRST_PAINT_FIELD", "")
TEXT = os.environ.get("BENCH_FIRST_PAINT_TEXT", "")
TIMEOUT_S = float(os.environ.get("BENCH_FIRST_PAINT_TIMEOUT", "60"))


def _emit(result: dict) -> None:
    sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
    sys.stdout.flush()


def _peak_rss_bytes() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB


def _hook(widgets) -> None:
    """Every window made from Python (a QMainWindow, or a QWidget made without a parent) gets
    the filter as it is made. The filter sees only the window's own events: an application-wide
    Python filter would run for every event of every widget (some 20 µs each), which costs a
    window of many widgets tens of milliseconds that it never spends without the hook."""
    from PySide6.QtCore import QEvent, QObject, QTimer

    QLineEdit = widgets.QLineEdit
    paint = QEvent.Type.Paint
    state = {"done": False, "paints": 0, "fields": {}}

    def ready(window) -> bool:
        if not FIELD:
            return True
        field = state["fields"].get(window)  # looked up until found: cheap before, free after
        if field is None:
            field = window.findChild(QLineEdit, FIELD)
            if field is None:
                return False
            state["fields"][window] = field
        return field.text() == TEXT

    class FirstPaint(QObject):
        def eventFilter(self, obj, event):
            if state["done"]:
                return False
            if obj.parent() is not None:  # made without a parent, then put into another widget
                obj.removeEventFilter(self)
                return False
            if event.type() == paint:
                state["paints"] += 1
                window = obj
                if ready(window):
                    state["done"] = True
                    painted_at = time.monotonic()
                    shown = ("maximized" if window.isMaximized() else "fullscreen" if window.isFullScreen()
                             else "normal")
                    found = state["fields"].get(window)

                    def report():  # the children paint in the same backing-store sync: after it
                        _emit({"shown_at": time.monotonic(), "first_ready_paint_at": painted_at,
                               "peak_rss": _peak_rss_bytes(), "window": type(window).__name__,
                               "shown": shown, "size": [window.width(), window.height()],
                               "paints_before": state["paints"],
                               "field_text": found.text() if found is not None else None})
                        os._exit(0)

                    QTimer.singleShot(0, report)
            return False

    watcher: list = []

    def watch(widget) -> None:
        if not watcher:
            watcher.append(FirstPaint())  # made once a QApplication exists (a widget needs one)
        widget.installEventFilter(watcher[0])

    for cls in (widgets.QMainWindow, widgets.QWidget):
        original = cls.__init__

        def __init__(self, *args, _original=original, **kwargs):
            _original(self, *args, **kwargs)
            if self.parent() is None:
                watch(self)

        cls.__init__ = __init__


class _Finder:
    """Wraps the loader of PySide6.QtWidgets so that the patch is applied as it is imported."""

    def find_spec(self, name, path=None, target=None):
        if name != "PySide6.QtWidgets":
            return None
        sys.meta_path.remove(self)
        import importlib.util

        spec = importlib.util.find_spec(name)
        if spec is None or spec.loader is None:
            return spec
        inner = spec.loader

        class Loader:
            def create_module(self, spec):
                return inner.create_module(spec)

            def exec_module(self, module):
                inner.exec_module(module)
                _hook(module)

        spec.loader = Loader()
        return spec


def _watchdog() -> None:
    _emit({"error": f"no window painted with {FIELD}={TEXT!r} within {TIMEOUT_S:.0f} s"})
    os._exit(0)


if os.environ.get("BENCH_FIRST_PAINT") == "1":
    sys.meta_path.insert(0, _Finder())
    timer = threading.Timer(TIMEOUT_S, _watchdog)
    timer.daemon = True
    timer.start()
