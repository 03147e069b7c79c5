"""Disks fill up, folders turn read-only, files vanish: a save that cannot happen says so in
Chinese (DraftError), leaves the previous file exactly as it was, and the clerk can save
elsewhere; once the fault is gone the next save rewrites the file whole.

Real faults where the machine allows (a small tmpfs that fills up or is remounted read-only;
``chmod`` for a non-root user), and simulated ones everywhere (failures injected into the
writer at each stage), so CI without mount rights still covers every path.
"""

from __future__ import annotations

import errno
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from desktop_app.core import atomic, draftfile, synthetic
from desktop_app.core.draftfile import DraftError, DraftWriter, load_draft
from desktop_app.core.fileerrors import DISK_FULL, READ_ONLY
from desktop_app.core.fingerprint import fingerprint

from .support import assert_clerk_message, folder_state, remount, sha256


@pytest.fixture
def full_rewrites(monkeypatch) -> list:
    """Counts full rewrites, to see that the save after a fault trusts nothing."""
    calls = []
    real = draftfile.writer.write_all

    def counting(db, schema, rows):
        calls.append(1)
        return real(db, schema, rows)

    monkeypatch.setattr(draftfile.writer, "write_all", counting)
    return calls


def _edited(form, text: str):
    form.department = text
    form.tasks[0].content = text * 3
    return form


def _assert_refused(writer: DraftWriter, form, reason: str | None) -> str:
    folder = writer.path.parent
    before = folder_state(folder) if os.access(folder, os.R_OK) and folder.exists() else None
    with pytest.raises(DraftError) as info:
        writer.save(form)
    assert_clerk_message(info.value.message)
    if reason:
        assert reason in info.value.message, info.value.message
    if before is not None:
        assert folder_state(folder) == before  # previous draft intact, no journal or temp left
    return info.value.message


def _recovers(writer: DraftWriter, form, full_rewrites: list, elsewhere: Path) -> None:
    """Save As elsewhere works; once the fault is gone the same writer saves, whole."""
    DraftWriter(elsewhere).save(form)
    assert fingerprint(load_draft(elsewhere)) == fingerprint(form)
    full_rewrites.clear()
    _edited(form, "故障排除后")
    writer.save(form)
    assert full_rewrites, "the save after a fault must rewrite the whole file"
    assert fingerprint(load_draft(writer.path)) == fingerprint(form)


# -- simulated faults: always run ----------------------------------------------------------

def _sqlite_error(message: str, code: int) -> sqlite3.OperationalError:
    err = sqlite3.OperationalError(message)
    err.sqlite_errorcode = code
    return err


FAULTS = {
    "sqlite_disk_full": (lambda: _sqlite_error("database or disk is full", 13), DISK_FULL),
    "sqlite_readonly": (lambda: _sqlite_error("attempt to write a readonly database", 8), READ_ONLY),
    "sqlite_ioerr": (lambda: _sqlite_error("disk I/O error", 10), "磁盘读写出错"),
    "enospc": (lambda: OSError(errno.ENOSPC, "No space left on device"), DISK_FULL),
    "eacces": (lambda: PermissionError(errno.EACCES, "Permission denied"), READ_ONLY),
    "erofs": (lambda: OSError(errno.EROFS, "Read-only file system"), READ_ONLY),
}


@pytest.mark.parametrize("fault", sorted(FAULTS))
@pytest.mark.parametrize("stage", ["incremental", "full_in_place", "new_file_replace", "new_file_fsync"])
def test_simulated_write_failure(fault, stage, seed_form, tmp_path, monkeypatch, full_rewrites):
    make_error, reason = FAULTS[fault]
    draft = tmp_path / "draft.jxmb"
    writer = DraftWriter(draft)
    if stage != "new_file_replace" and stage != "new_file_fsync":
        writer.save(seed_form)
    if stage == "full_in_place":
        writer = DraftWriter(draft)  # a fresh writer's first save is a full rewrite in place

    def fail_after(real):
        def failing(*args):
            real(*args)  # do the work, then fail: the transaction must roll back
            raise make_error()
        return failing

    if stage == "incremental":
        monkeypatch.setattr(draftfile.writer, "write_changes", fail_after(draftfile.writer.write_changes))
    elif stage == "full_in_place":
        monkeypatch.setattr(draftfile.writer, "write_all", fail_after(draftfile.writer.write_all))
    elif stage == "new_file_replace":
        def no_replace(src, dst):
            raise make_error()
        monkeypatch.setattr(atomic.os, "replace", no_replace)
    else:
        monkeypatch.setattr(atomic, "fsync", fail_after(lambda path: None))

    _assert_refused(writer, _edited(seed_form, "故障中的修改"), reason)
    if stage.startswith("new_file"):
        assert not draft.exists()
    monkeypatch.undo()
    monkeypatch.setattr(draftfile.writer, "write_all", _counting(full_rewrites))
    _recovers(writer, seed_form, full_rewrites, tmp_path / "另存为.jxmb")


def _counting(calls: list):
    real = draftfile.writer.write_all

    def counting(db, schema, rows):
        calls.append(1)
        return real(db, schema, rows)
    return counting


# -- a draft that disappears or changes under the open window --------------------------------

def test_draft_deleted_between_saves(seed_form, tmp_path, full_rewrites):
    draft = tmp_path / "draft.jxmb"
    writer = DraftWriter(draft)
    writer.save(seed_form)
    draft.unlink()
    message = _assert_refused(writer, _edited(seed_form, "删除后"), None)
    assert "不在原处" in message and "draft.jxmb" in message  # the window adds what to do (另存为)
    assert not draft.exists(), "a draft moved away on purpose must not silently reappear"
    DraftWriter(tmp_path / "另存为.jxmb").save(seed_form)
    DraftWriter(draft).save(seed_form)  # "Save As" back to the same name: a new writer
    assert fingerprint(load_draft(draft)) == fingerprint(seed_form)


def test_opened_draft_deleted_before_first_save(seed_draft, seed_form):
    writer = DraftWriter(seed_draft)  # the window opened it
    seed_draft.unlink()
    _assert_refused(writer, seed_form, None)
    assert not seed_draft.exists()


def test_folder_removed_between_saves(seed_form, tmp_path):
    folder = tmp_path / "U盘"
    folder.mkdir()
    writer = DraftWriter(folder / "draft.jxmb")
    writer.save(seed_form)
    shutil.rmtree(folder)
    _assert_refused(writer, _edited(seed_form, "拔出后"), None)


def test_draft_overwritten_in_place_is_never_mixed_with_the_window_s_rows(seed_form, tmp_path):
    """Another copy written over the draft's own bytes (same inode, e.g. ``cp`` or a restore):
    the next autosave must not write its few changed rows on top of someone else's rows — it
    does not write at all until told to, and then writes the whole form."""
    draft = tmp_path / "draft.jxmb"
    writer = DraftWriter(draft)
    writer.save(seed_form)
    other = tmp_path / "other.jxmb"
    mine = seed_form.tasks[2].name
    seed_form.tasks[2].name = "别人改过的任务名"  # a row this writer has no reason to touch
    draftfile.save_draft(other, seed_form)
    seed_form.tasks[2].name = mine
    inode = draft.stat().st_ino
    with open(draft, "r+b") as fh:  # overwrite in place, keeping the inode
        fh.write(other.read_bytes())
        fh.truncate()
    assert draft.stat().st_ino == inode
    seed_form.department = "我的部门"
    with pytest.raises(draftfile.DraftChanged):
        writer.save(seed_form)
    assert load_draft(draft).tasks[2].name == "别人改过的任务名"  # untouched
    writer.save(seed_form, overwrite=True)
    assert fingerprint(load_draft(draft)) == fingerprint(seed_form)


@pytest.mark.parametrize("planted", ["CREATE TABLE extra (x)", "CREATE VIEW v AS SELECT 1",
                                     "PRAGMA user_version=7"])
def test_save_as_over_a_foreign_draft_gives_a_sound_draft(planted, seed_draft, seed_form):
    """Saving onto a file that has our header but things we did not write: the result must be
    a draft that opens, with nothing foreign left in it."""
    conn = sqlite3.connect(seed_draft, isolation_level=None)
    conn.execute(planted)
    conn.close()
    seed_form.department = "覆盖保存"
    DraftWriter(seed_draft).save(seed_form)
    assert fingerprint(load_draft(seed_draft)) == fingerprint(seed_form)


@pytest.mark.skipif(os.name != "posix", reason="POSIX file modes")
def test_new_draft_gets_the_usual_file_mode(seed_form, tmp_path):
    """A draft is a document to share: created like any file (umask), not 0600 like a temp file."""
    umask = os.umask(0o022)
    os.umask(umask)
    draft = tmp_path / "draft.jxmb"
    draftfile.save_draft(draft, seed_form)
    assert draft.stat().st_mode & 0o777 == 0o666 & ~umask
    os.chmod(draft, 0o640)
    DraftWriter(draft).save(seed_form)  # a full rewrite keeps the mode the clerk chose
    assert draft.stat().st_mode & 0o777 == 0o640


def test_deleted_text_does_not_linger_in_the_file(seed_form, tmp_path):
    """The draft is e-mailed: text the clerk removed must not survive in free pages."""
    draft = tmp_path / "draft.jxmb"
    writer = DraftWriter(draft)
    secret = "不应外传的内部意见" * 50
    seed_form.overall_goal = secret
    writer.save(seed_form)
    seed_form.overall_goal = "公开的目标"
    writer.save(seed_form)
    assert secret[:9].encode("utf-8") not in draft.read_bytes()
    DraftWriter(draft).save(seed_form)  # and after a full rewrite in place
    assert secret[:9].encode("utf-8") not in draft.read_bytes()


# -- real faults where the machine allows them -----------------------------------------------

def test_real_read_only_disk(tmpfs, seed_form, tmp_path, full_rewrites):
    draft = tmpfs / "draft.jxmb"
    writer = DraftWriter(draft)
    writer.save(seed_form)
    saved = sha256(draft)
    remount(tmpfs, "ro")
    try:
        _assert_refused(writer, _edited(seed_form, "只读时的修改"), READ_ONLY)
        _assert_refused(DraftWriter(tmpfs / "new.jxmb"), seed_form, READ_ONLY)
        assert sha256(draft) == saved
        assert fingerprint(load_draft(draft)) != fingerprint(seed_form)  # the old state, readable
    finally:
        remount(tmpfs, "rw")
    _recovers(writer, seed_form, full_rewrites, tmp_path / "另存为.jxmb")


def test_real_disk_full(tmpfs, seed_form, tmp_path, full_rewrites):
    draft = tmpfs / "draft.jxmb"
    writer = DraftWriter(draft)
    writer.save(seed_form)
    saved = sha256(draft)
    filler = tmpfs / "filler"
    with open(filler, "wb", buffering=0) as fh:  # take all the space but a few pages
        try:
            while True:
                fh.write(b"\0" * 4096)
        except OSError as err:
            assert err.errno == errno.ENOSPC
    os.truncate(filler, filler.stat().st_size - 3 * 4096)
    big = synthetic.large_form()
    big.department = "放不下的修改"
    _assert_refused(writer, big, DISK_FULL)  # in place: the journal or the pages do not fit
    assert sha256(draft) == saved
    new = DraftWriter(tmpfs / "new.jxmb")
    _assert_refused(new, big, DISK_FULL)
    assert not (tmpfs / "new.jxmb").exists()
    filler.unlink()
    _recovers(writer, big, full_rewrites, tmp_path / "另存为.jxmb")


def test_read_only_folder_by_permissions(seed_form, tmp_path, full_rewrites):
    if os.name != "posix" or os.geteuid() == 0:
        pytest.skip("root writes through chmod; the tmpfs test covers a read-only folder as root")
    folder = tmp_path / "locked"
    folder.mkdir()
    draft = folder / "draft.jxmb"
    writer = DraftWriter(draft)
    writer.save(seed_form)
    os.chmod(folder, 0o555)
    try:
        _assert_refused(writer, _edited(seed_form, "只读文件夹"), None)
    finally:
        os.chmod(folder, 0o755)
    _recovers(writer, seed_form, full_rewrites, tmp_path / "另存为.jxmb")


def test_hot_journal_on_a_read_only_disk_still_opens(tmpfs, seed_form):
    """After a crash the journal holds the last complete save; on a disk that has since turned
    read-only it cannot be rolled back in place, but the form can still be read, whole."""
    from .test_crash_safety import _spill_without_commit

    form = synthetic.large_form(tasks=20, indicators=100)
    draft = tmpfs / "draft.jxmb"
    draftfile.save_draft(draft, form)
    _spill_without_commit(draft)
    remount(tmpfs, "ro")
    try:
        before = folder_state(tmpfs)
        assert fingerprint(load_draft(draft)) == fingerprint(form)
        assert folder_state(tmpfs) == before
    finally:
        remount(tmpfs, "rw")
