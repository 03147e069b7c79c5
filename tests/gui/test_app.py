"""Start-up, shortcuts, the bundled font, recent files, a second running copy, odd folders."""

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QFontDatabase
from PySide6.QtWidgets import QApplication

from desktop_app.core import locks as locking
from desktop_app.gui import app as gui_app
from desktop_app.gui import excepthook, recent

from .conftest import commit_text, field

ROOT = Path(__file__).resolve().parents[2]


def test_create_application_uses_the_bundled_cjk_font(qapp):
    app = gui_app.create_application([])
    assert app is qapp
    family = app.font().family()
    assert family in QFontDatabase.families()
    assert QFontDatabase.writingSystems(family).count(QFontDatabase.WritingSystem.SimplifiedChinese)
    assert app.applicationName() == gui_app.APP_ID


def test_run_gui_opens_the_path_from_the_command_line(qtbot, monkeypatch, seed_draft, seed_form):
    seen = {}

    def fake_exec(self):
        from desktop_app.gui.main_window import all_windows

        windows = [w for w in all_windows() if w.isVisible()]
        seen["form"] = windows[0].form
        seen["title"] = windows[0].windowTitle()
        for w in windows:
            w.close()
        return 0

    monkeypatch.setattr(QApplication, "exec", fake_exec)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # restored after the test
    monkeypatch.setattr(excepthook, "install_qt_message_log", lambda: None)  # pytest-qt owns it here
    assert gui_app.run_gui([str(seed_draft)]) == 0
    assert seen["form"] == seed_form and seed_draft.name in seen["title"]


def test_standard_shortcuts(qtbot, window, clerk, tmp_path, monkeypatch):
    """Each standard key, pressed where the clerk's focus is, does what it says."""
    from desktop_app.core.files import load_form
    from desktop_app.forms import MODELS
    from desktop_app.gui import dialogs
    from desktop_app.gui.preview import RenderThread

    ctrl = Qt.KeyboardModifier.ControlModifier
    models = list(MODELS.values())
    first = window.form.spec

    def press(key):
        qtbot.keyClick(QApplication.focusWidget() or window, key, ctrl)

    # Ctrl+N: asks which form, and an empty window takes the one picked.
    clerk.form_kind = next(i for i, m in enumerate(models) if m.spec is not first)
    press(Qt.Key.Key_N)
    assert len(clerk.form_kinds) == 1 and window.form.spec is models[clerk.form_kind].spec
    clerk.form_kind = next(i for i, m in enumerate(models) if m.spec is first)
    press(Qt.Key.Key_N)
    assert window.form.spec is first

    # Ctrl+Z / Ctrl+Y: undo and redo the clerk's typing.
    path = window.form.spec.print_layout.header.unit
    edit = field(window, path)
    window.focus_path(path)
    commit_text(edit, "某部门")
    press(Qt.Key.Key_Z)
    assert window.form.get(path) == "" and edit.text() == ""
    press(Qt.Key.Key_Y)
    assert window.form.get(path) == "某部门" and edit.text() == "某部门"

    # Ctrl+S: an untitled form asks where, then is saved there.
    clerk.save_path = tmp_path / "草稿.jxmb"
    press(Qt.Key.Key_S)
    assert load_form(clerk.save_path).get(path) == "某部门"

    # Ctrl+O: asks what to open.
    asked = []
    monkeypatch.setattr(dialogs, "ask_open_path", lambda parent, folder="": asked.append(folder))
    press(Qt.Key.Key_O)
    assert len(asked) == 1

    # Ctrl+P: the print preview opens.
    press(Qt.Key.Key_P)
    dialog = window._preview
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    thread = dialog.thread
    dialog.close()
    qtbot.waitUntil(lambda: thread not in RenderThread._running, timeout=30_000)


def test_recent_files_remember_opened_drafts(make_window, seed_draft, tmp_path):
    make_window(seed_draft)
    assert recent.paths()[0] == seed_draft.resolve()
    window = make_window()
    window._fill_recent()
    assert [a.text() for a in window.recent_menu.actions()] == [str(p) for p in recent.paths()]


def test_open_from_a_busy_window_opens_a_second_window(make_window, seed_draft, tmp_path, clerk):
    from desktop_app.gui.main_window import WINDOWS

    window = make_window()
    commit_text(field(window, "department"), "正在填写")
    clerk.open_path = seed_draft
    window.ask_open()
    try:
        opened = [w for w in WINDOWS if w.session.path == seed_draft.resolve()]
        assert opened and window.form.department == "正在填写"
    finally:
        for w in list(WINDOWS):
            w.close()


def test_a_folder_that_takes_no_lock_opens_editable_and_says_saves_will_fail(make_window, seed_draft,
                                                                            monkeypatch):
    monkeypatch.setattr(locking, "lock_path", lambda draft: Path("/nonexistent-folder") / "x.lock")
    window = make_window(seed_draft)
    assert not window.read_only
    assert window.banner.isVisible() and "不能写入" in window.banner_text.text()
    # Two windows still exclude each other, through the lock in the data folder.
    second = make_window(seed_draft)
    assert second.read_only and "另一个窗口" in second.banner_text.text()


def test_a_second_running_copy_opens_the_draft_read_only(make_window, seed_draft):
    first = make_window(seed_draft)
    code = textwrap.dedent(f"""
        import json
        from desktop_app.gui.app import create_application
        app = create_application([])
        from desktop_app.gui.main_window import MainWindow
        w = MainWindow()
        w.open_path({str(seed_draft)!r})
        print(json.dumps({{"read_only": w.read_only, "reason": w.banner_text.text(),
                           "title": w.windowTitle()}}, ensure_ascii=False))
        w.close()
    """)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen", "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                            text=True, encoding="utf-8", timeout=60)
    second = json.loads(result.stdout.strip().splitlines()[-1])
    assert second["read_only"] and "只读" in second["title"]
    assert f"进程号 {os.getpid()}" in second["reason"]
    # The first copy keeps editing and saving; nothing it types is lost.
    commit_text(field(first, "signoff.preparer"), "第一窗口")
    assert first.save_now()
    from desktop_app.core.files import load_form

    assert load_form(seed_draft).signoff.preparer == "第一窗口"


def test_qt_own_words_are_chinese(qapp):
    from PySide6.QtCore import QCoreApplication

    gui_app.create_application([])
    assert QCoreApplication.translate("QPlatformTheme", "Cancel") == "取消"


def test_a_lock_abandoned_by_another_computer_is_taken_over(make_window, seed_draft):
    # A lock file as QLockFile writes it, from a computer that crashed long ago.
    lock_file = locking.lock_path(seed_draft)
    lock_file.write_text("4242\nbudget-form\nanother-computer\n")
    old = lock_file.stat().st_mtime - locking.ABANDONED_AFTER_S - 60
    os.utime(lock_file, (old, old))
    window = make_window(seed_draft)
    assert not window.read_only


def test_a_fresh_lock_of_another_computer_is_respected(make_window, seed_draft):
    locking.lock_path(seed_draft).write_text("4242\nbudget-form\nanother-computer\n")
    window = make_window(seed_draft)
    assert window.read_only and "another-computer" in window.banner_text.text()
