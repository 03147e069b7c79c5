"""Start-up: what the window does not need before its first paint is not even imported."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Loaded later: when the clerk prints, reviews, opens a table's tab, or once the window is seen.
LAZY = [
    "reportlab", "openpyxl", "sqlite_utils", "jsonschema",
    "desktop_app.printing", "desktop_app.gui.preview",
    "desktop_app.core.checks", "desktop_app.core.fontcoverage", "desktop_app.core.inbox",
    "desktop_app.core.workbook", "desktop_app.core.diff", "desktop_app.core.nextyear",
    "desktop_app.core.schema",
    "desktop_app.gui.desk", "desktop_app.gui.grid", "desktop_app.gui.indicator_tree",
    "desktop_app.gui.row_table", "desktop_app.gui.datepicker", "desktop_app.gui.recovery",
    # the project form (a department's draft is open), OpenSSL's digests, sockets, dataclasses
    "desktop_app.forms.project", "hashlib", "_hashlib", "socket", "secrets", "dataclasses",
    # uuid and its platform (the window's start makes no id)
    "uuid", "platform",
]

PROBE = textwrap.dedent("""
    import json, sys
    from desktop_app import cli  # the way the program starts
    from desktop_app.gui.app import create_application
    from desktop_app.gui.main_window import MainWindow, show_new_window

    app = create_application([])
    window = show_new_window(MainWindow())
    assert window.open_path(sys.argv[1])
    before = sorted(sys.modules)
    from PySide6 import QtCore, QtGui, QtWidgets
    made = sorted(name for module in (QtCore, QtGui, QtWidgets) for name, value in vars(module).items()
                  if isinstance(value, type))  # PySide6 makes a class when Python first names it
    window.build_all_pages()
    window.problems.refresh()
    window.desk
    print(json.dumps({"before": before, "after": sorted(sys.modules), "order": list(sys.modules), "made": made}))
""")


def _probe(seed_draft, tmp_path) -> dict:
    """What PROBE saw of ``sys.modules``, in a fresh process."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BUDGET_FORM_DATA_DIR": str(tmp_path / "data"),
           "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", PROBE, str(seed_draft)], cwd=ROOT, env=env, check=False,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    return seen


def _loaded(modules, name):
    return any(m == name or m.startswith(name + ".") for m in modules)


def test_the_window_is_built_without_what_its_first_paint_does_not_need(seed_draft, tmp_path):
    seen = _probe(seed_draft, tmp_path)
    assert [name for name in LAZY if _loaded(seen["before"], name)] == []
    # The list names modules that exist and that the window does load once it needs them.
    for name in ("desktop_app.core.checks", "desktop_app.gui.desk", "desktop_app.gui.grid",
                 "desktop_app.gui.indicator_tree"):
        assert _loaded(seen["after"], name), name


def test_the_domain_the_window_needs_is_imported_before_qt(seed_draft, tmp_path):
    """PySide6 reads the source of every module imported after it (gui/before_qt.py): the model,
    the draft file and the default form are imported first, so none of them is read twice."""
    seen = _probe(seed_draft, tmp_path)
    order = seen["order"][:len(seen["before"])]  # (sys.modules keeps the order of import)
    after_qt = order[order.index("PySide6"):]
    assert "desktop_app.forms.department" in order
    assert [m for m in after_qt if m.startswith(("desktop_app.core", "desktop_app.forms"))] == []


# Qt classes whose enums PySide6 builds the first time Python names the class (QKeySequence's
# standard keys: 71 members) and which the first paint of a department's draft does not use.
UNNAMED_BEFORE_PAINT = ["QKeySequence", "QComboBox", "QPlainTextEdit"]


def test_qt_classes_the_first_paint_does_not_use_are_not_made_before_it(seed_draft, tmp_path):
    seen = _probe(seed_draft, tmp_path)
    assert [name for name in UNNAMED_BEFORE_PAINT if name in seen["made"]] == []
    assert "QLineEdit" in seen["made"]  # (what the probe reads does list the classes made)


def test_the_window_s_keys_work_as_soon_as_it_is_painted(qtbot):
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QKeySequence
    from PySide6.QtTest import QTest

    from desktop_app.gui.main_window import MainWindow, close_keys

    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    qtbot.waitUntil(lambda: window.painted, timeout=3000)
    # In the very turn the window counts as painted: every action has its keys.
    assert window.save_action.shortcuts() == [QKeySequence(QKeySequence.StandardKey.Save)]
    assert window.open_action.shortcuts() == [QKeySequence(QKeySequence.StandardKey.Open)]
    assert window.save_as_action.shortcuts() == [QKeySequence("Ctrl+Shift+S")]
    assert window.close_action.shortcuts() == close_keys() and QKeySequence("Ctrl+W") in close_keys()
    assert window.undo_action.shortcuts() == [QKeySequence("Ctrl+Z")]
    assert window.redo_action.shortcuts() == [QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")]
    assert window._undo_keys.sequences == [QKeySequence("Ctrl+Z"), QKeySequence("Ctrl+Y"), QKeySequence("Ctrl+Shift+Z")]
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow, timeout=3000)
    QTest.keyClick(window, Qt.Key.Key_PageDown, Qt.KeyboardModifier.ControlModifier)
    assert window.tabs.currentIndex() == 1


def test_the_toolbar_holds_its_place_until_painted_then_shows_the_style_s_icons(qtbot):
    from PySide6.QtWidgets import QStyle, QToolBar

    from desktop_app.gui.main_window import MainWindow

    window = MainWindow()
    qtbot.addWidget(window)
    icons = [(window.new_action, "SP_FileIcon"), (window.save_action, "SP_DialogSaveButton"),
             (window.undo_action, "SP_ArrowBack"), (window.preview_action, "SP_FileDialogContentsView")]
    blank = window._blank_icon.cacheKey()
    assert all(action.icon().cacheKey() == blank for action, _ in icons)  # a place kept, not empty
    window.show()
    qtbot.waitUntil(lambda: window.painted, timeout=3000)
    style = window.style()

    def shown(icon):
        return icon.pixmap(16, 16).toImage()

    qtbot.waitUntil(lambda: all(shown(action.icon()) == shown(style.standardIcon(getattr(QStyle.StandardPixmap, name)))
                                for action, name in icons), timeout=3000)
    # The toolbar's twins of 撤销/重做 follow their actions.
    twins = [a for a in window.findChild(QToolBar, "toolbar").actions() if a.text() == "撤销"]
    assert twins and shown(twins[0].icon()) == shown(style.standardIcon(QStyle.StandardPixmap.SP_ArrowBack))
