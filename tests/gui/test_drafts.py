"""Drafts: autosave, reopen, Save As, locks, disk faults, crash recovery."""

import os
import sqlite3
import subprocess
import sys
import textwrap
from decimal import Decimal
from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent

from desktop_app.core import draftfile
from desktop_app.core.draftfile import writer
from desktop_app.core.files import load_form
from desktop_app.gui import dialogs, recovery
from desktop_app.gui.autosave import PAUSE_MS as AUTOSAVE_DELAY_MS

from .conftest import commit_text, crash_after_typing, field, type_amount

ROOT = Path(__file__).resolve().parents[2]


def wait_saved(qtbot, window):
    qtbot.waitUntil(lambda: window.controller.saved and not window.autosaver.pending(),
                    timeout=AUTOSAVE_DELAY_MS * 10)


def test_autosave_after_typing_then_reopen_equal(qtbot, make_window, seed_draft):
    window = make_window(seed_draft)
    assert "已保存" in window.windowTitle() and seed_draft.name in window.windowTitle()
    commit_text(field(window, "signoff.preparer"), "李四")
    type_amount(qtbot, window, "budget.other_funds", "12.5")
    window.part_for("tasks").add_row()
    assert "未保存" in window.windowTitle()
    assert load_form(seed_draft).signoff.preparer == ""  # not on the keystroke path
    wait_saved(qtbot, window)
    assert "已保存" in window.windowTitle()
    reopened = load_form(seed_draft)
    assert reopened == window.form
    assert reopened.budget.other_funds == Decimal("12.5")


def test_new_form_save_as_is_a_complete_copy(qtbot, window, clerk, tmp_path):
    commit_text(field(window, "department"), "新部门")
    assert "未保存为草稿" in window.windowTitle()
    clerk.save_path = tmp_path / "out" / "新表"
    clerk.save_path.parent.mkdir()
    assert window.save()  # untitled: Ctrl+S asks where
    target = tmp_path / "out" / "新表.jxmb"
    assert window.session.path == target.resolve()
    assert load_form(target) == window.form
    assert not Path(str(target) + "-journal").exists()
    assert [p.name for p in target.parent.iterdir() if not p.name.endswith(".lock")] == ["新表.jxmb"]
    # Self-contained: one SQLite file in rollback-journal mode, readable on its own.
    with sqlite3.connect(f"file:{target}?mode=ro", uri=True) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert window.windowTitle().startswith("新表.jxmb")


def test_second_window_on_the_same_draft_is_read_only_with_the_reason(qtbot, make_window, seed_draft):
    first = make_window(seed_draft)
    second = make_window(seed_draft)
    assert second.read_only
    assert "只读" in second.windowTitle()
    assert second.banner.isVisible() and "另一个窗口" in second.banner_text.text()
    commit_text(field(first, "signoff.head"), "王五")
    first.save_now()
    first.close()
    assert load_form(seed_draft).signoff.head == "王五"  # the first window's edit survived


def test_second_process_holding_the_draft_makes_the_window_read_only(qtbot, make_window, seed_draft):
    holder = subprocess.Popen(
        [sys.executable, "-c", textwrap.dedent(f"""
            import sys, time
            from pathlib import Path
            from desktop_app.core import locks
            result = locks.acquire(Path({str(seed_draft)!r}))
            print("locked" if result.lock else "failed", flush=True)
            sys.stdin.readline()
        """)],
        cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, stdin=subprocess.PIPE,
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        window = make_window(seed_draft)
        assert window.read_only
        assert f"进程号 {holder.pid}" in window.banner_text.text()
    finally:
        holder.kill()
        holder.wait()
        holder.stdin.close()
        holder.stdout.close()
    # The other copy crashed: its lock is stale and the next window may edit.
    assert not make_window(seed_draft).read_only


def _failing_in(folder: Path, error: OSError):
    """Patches the draft writer so writes into ``folder`` fail with ``error`` (a full or
    read-only disk); the data folder with the recovery copies keeps working."""
    def wrap(original):
        def write(path, *args, **kwargs):
            if Path(path).resolve().parent == folder.resolve():
                raise error
            return original(path, *args, **kwargs)
        return write
    return {"open_rw": wrap(writer.open_rw), "write_new": wrap(writer.write_new)}


def test_a_failing_write_keeps_the_edits_and_offers_save_as(qtbot, make_window, seed_draft, clerk,
                                                          tmp_path, monkeypatch):
    window = make_window(seed_draft)
    before = seed_draft.read_bytes()
    with monkeypatch.context() as patch:
        for name, fn in _failing_in(seed_draft.parent, OSError(28, "No space left on device")).items():
            patch.setattr(writer, name, fn)
        commit_text(field(window, "signoff.preparer"), "赵六")
        qtbot.waitUntil(lambda: window.save_error is not None, timeout=AUTOSAVE_DELAY_MS * 10)
        assert "磁盘空间已满" in window.save_error
        assert window.form.signoff.preparer == "赵六"  # still in the window
        assert field(window, "signoff.preparer").text() == "赵六"
        assert "未能保存" in window.windowTitle()
        assert window.banner.isVisible() and "另存为" in window.banner_text.text()
        assert seed_draft.read_bytes() == before
        # What was typed is also safe in the recovery folder.
        assert load_form(window.slot.draft_path).signoff.preparer == "赵六"

        other = tmp_path / "elsewhere"
        other.mkdir()
        clerk.save_path = other / "副本.jxmb"
        qtbot.mouseClick(window.banner_save_as, Qt.MouseButton.LeftButton)
        assert load_form(clerk.save_path).signoff.preparer == "赵六"
        assert window.save_error is None and not window.banner.isVisible()
        assert not window.slot.has_copy
        assert "已保存" in window.windowTitle() and "副本.jxmb" in window.windowTitle()


def test_explicit_save_that_fails_tells_the_clerk_and_asks_where(qtbot, make_window, seed_draft, clerk,
                                                                 monkeypatch):
    window = make_window(seed_draft)

    for name, fn in _failing_in(seed_draft.parent, PermissionError(13, "Permission denied")).items():
        monkeypatch.setattr(writer, name, fn)
    commit_text(field(window, "signoff.phone"), "020-12345678")
    asked = []  # the clerk cancels the Save As dialog
    monkeypatch.setattr(dialogs, "ask_save_path", lambda parent, suggested: asked.append(suggested))
    assert not window.save()
    assert clerk.warnings and "没有写入权限" in clerk.warnings[-1]
    assert len(asked) == 1 and Path(asked[0]).suffix == ".jxmb"  # told, then asked where
    assert window.form.signoff.phone == "020-12345678"


def test_draft_deleted_under_the_open_window_keeps_the_edits(qtbot, make_window, seed_draft, clerk):
    window = make_window(seed_draft)
    seed_draft.unlink()
    commit_text(field(window, "signoff.head"), "钱七")
    qtbot.waitUntil(lambda: window.save_error is not None, timeout=AUTOSAVE_DELAY_MS * 10)
    assert "不在原处" in window.banner_text.text() and "没有丢失" in window.banner_text.text()
    assert window.form.signoff.head == "钱七"
    clerk.save_path = seed_draft  # the clerk puts it back where it was
    assert window.save_as()
    assert load_form(seed_draft) == window.form
    assert window.save_error is None


def test_closing_an_untitled_form_with_content_asks(qtbot, window, clerk):
    commit_text(field(window, "department"), "某部门")
    clerk.unsaved_answer = "cancel"
    assert not window.close()
    assert clerk.unsaved_questions
    clerk.unsaved_answer = "discard"
    assert window.close()


def test_crash_recovery_offers_what_was_typed_in_a_new_form(qtbot, make_window, clerk):
    # A separate copy of the program types into a never-saved form and is killed.
    crash_after_typing("w = MainWindow()", {"department": '"崩溃前填写的部门"',
                                            "budget.basic_expenditure": 'decimal.Decimal("3738.11")'})

    from desktop_app.gui.app import offer_recovery

    window = make_window()
    offer_recovery(window)
    assert window.form.department == "崩溃前填写的部门"
    assert window.form.budget.basic_expenditure == Decimal("3738.11")
    assert "已恢复" in window.windowTitle()
    assert recovery.pending() == []  # adopted: it now belongs to this window's slot
    clerk.unsaved_answer = "discard"


def test_declining_recovery_deletes_the_copy(qtbot, make_window, clerk):
    slot = recovery.RecoverySlot()
    from tests.department import new_form

    form = new_form()
    form.department = "不要了"
    slot.write(form, None)
    slot._lock.release()  # as if its window died
    from desktop_app.gui.app import offer_recovery

    clerk.recover = False
    window = make_window()
    offer_recovery(window)
    assert window.is_pristine()
    assert not slot.draft_path.exists()


def test_opening_a_bad_file_says_why_and_changes_nothing(make_window, tmp_path, clerk, seed_form):
    bad = tmp_path / "附件.jxmb"
    bad.write_bytes(b"not a draft at all")
    window = make_window()
    assert not window.open_path(bad)
    assert clerk.warnings and "不是本程序的草稿" in clerk.warnings[-1]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["附件.jxmb"]
    assert window.is_pristine()


def test_a_dropped_file_opens(qtbot, window, seed_draft, seed_form):
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(seed_draft))])
    event = QDropEvent(QPointF(10, 10), Qt.DropAction.CopyAction, mime, Qt.MouseButton.LeftButton,
                       Qt.KeyboardModifier.NoModifier)
    window.dropEvent(event)
    qtbot.waitUntil(lambda: window.session.path is not None)
    assert window.form == seed_form


def test_json_import_is_not_written_back_to_the_json(qtbot, make_window, tmp_path, seed_data):
    import json

    source = tmp_path / "form.json"
    source.write_text(json.dumps(seed_data, ensure_ascii=False), encoding="utf-8")
    before = source.read_bytes()
    window = make_window(source)
    commit_text(field(window, "signoff.preparer"), "孙八")
    window.save_now()
    assert source.read_bytes() == before
    assert "导入" in window.windowTitle()
    assert load_form(window.slot.draft_path).signoff.preparer == "孙八"  # recoverable meanwhile


def test_a_failed_save_is_retried_when_the_disk_comes_back(qtbot, make_window, seed_draft, monkeypatch):
    window = make_window(seed_draft)
    window.autosaver.retry.setInterval(100)
    with monkeypatch.context() as patch:
        for name, fn in _failing_in(seed_draft.parent, OSError(5, "Input/output error")).items():
            patch.setattr(writer, name, fn)
        commit_text(field(window, "signoff.head"), "吴十")
        qtbot.waitUntil(lambda: window.save_error is not None, timeout=AUTOSAVE_DELAY_MS * 10)
    # No new keystroke: the retry alone writes it once the disk answers again.
    qtbot.waitUntil(lambda: window.save_error is None, timeout=3000)
    assert load_form(seed_draft).signoff.head == "吴十"
    assert not window.banner.isVisible()


def test_an_unedited_json_import_closes_without_questions(make_window, clerk):
    from tests.conftest import SEED_PATH

    window = make_window(SEED_PATH)
    assert window.close()
    assert clerk.unsaved_questions == []


def test_an_edited_json_import_asks_before_closing(make_window, clerk):
    from tests.conftest import SEED_PATH

    window = make_window(SEED_PATH)
    commit_text(field(window, "signoff.date"), "2026-01-15")
    clerk.unsaved_answer = "cancel"
    assert not window.close()
    assert len(clerk.unsaved_questions) == 1
    clerk.unsaved_answer = "discard"


def test_an_unusable_data_folder_does_not_stop_the_window(qtbot, window, tmp_path, monkeypatch, clerk):
    blocker = tmp_path / "not-a-folder"
    blocker.write_text("x")
    monkeypatch.setenv("BUDGET_FORM_DATA_DIR", str(blocker / "data"))
    from desktop_app.gui.app import offer_recovery

    offer_recovery(window)
    commit_text(field(window, "department"), "某部门")
    window.save_now()
    assert window.slot is None and window.form.department == "某部门"


def test_continuous_typing_is_still_saved_every_few_seconds(qtbot, make_window, seed_draft):
    window = make_window(seed_draft)
    window.autosaver.deadline.setInterval(300)
    edit = field(window, "signoff.phone")
    window.focus_path("signoff.phone")
    for digit in "0201234567890123":  # a keystroke every 60 ms: the pause timer never fires
        qtbot.keyClicks(edit, digit)
        qtbot.wait(60)
        if load_form(seed_draft).signoff.phone:
            break
    saved = load_form(seed_draft).signoff.phone
    assert saved and "0201234567890123".startswith(saved)


def test_a_recovery_copy_deleted_from_outside_is_written_again(qtbot, seed_form):
    slot = recovery.RecoverySlot()
    try:
        assert slot.write(seed_form, None)
        slot.draft_path.unlink()                 # e.g. a disk cleaner empties the data folder
        seed_form.department = "删除后又改过"
        assert slot.write(seed_form, None)
        assert draftfile.load_draft(slot.draft_path).department == "删除后又改过"
    finally:
        slot.close()


def test_a_draft_changed_outside_the_window_is_not_overwritten_without_a_word(qtbot, make_window, seed_draft):
    window = make_window(seed_draft)
    with sqlite3.connect(seed_draft) as conn:  # another program writes the file meanwhile
        conn.execute("UPDATE signoff SET head = '别的程序写的'")
    conn.close()
    commit_text(field(window, "signoff.preparer"), "窗口里输入的")
    qtbot.waitUntil(lambda: window.save_error is not None, timeout=AUTOSAVE_DELAY_MS * 10)
    assert load_form(seed_draft).signoff.head == "别的程序写的"  # kept
    assert "在本窗口之外被修改过" in window.banner_text.text() and window.banner_overwrite.isVisible()
    assert load_form(window.slot.draft_path).signoff.preparer == "窗口里输入的"  # and the edits are safe
    qtbot.mouseClick(window.banner_overwrite, Qt.MouseButton.LeftButton)  # the clerk's choice
    assert load_form(seed_draft) == window.form and window.save_error is None
    assert not window.banner.isVisible()
