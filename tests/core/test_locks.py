"""The lock beside a draft: one writer at a time, whoever it is; a holder that died lets go; the
lock file is hidden on Windows."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time

import pytest

from desktop_app.core import locks, processes
from tests.conftest import ROOT, SEED_PATH


def test_one_holder_at_a_time_and_who_it_is(tmp_path):
    draft = tmp_path / "d.jxmb"
    first = locks.acquire(draft)
    second = locks.acquire(draft)
    assert first.lock is not None and second.lock is None
    assert "本程序的另一个窗口" in second.read_only_reason
    first.lock.release()
    third = locks.acquire(draft)
    assert third.lock is not None
    third.lock.release()
    assert not locks.lock_path(draft).exists()


def test_a_holder_that_died_lets_go(tmp_path):
    draft = tmp_path / "d.jxmb"
    code = ("import os, sys; from pathlib import Path; from desktop_app.core import locks\n"
            "r = locks.acquire(Path(sys.argv[1])); assert r.lock; os._exit(0)")
    subprocess.run([sys.executable, "-c", code, str(draft)], cwd=ROOT, check=True, timeout=60,
                   env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert locks.lock_path(draft).exists()  # left behind by the process that died
    result = locks.acquire(draft)
    assert result.lock is not None and result.read_only_reason is None
    result.lock.release()


def test_the_lock_file_is_hidden_on_windows(tmp_path, monkeypatch):
    hidden = []
    monkeypatch.setattr(processes, "hide", lambda path: hidden.append(path) or True)
    result = locks.acquire(tmp_path / "d.jxmb")
    assert hidden == [locks.lock_path(tmp_path / "d.jxmb")]
    result.lock.release()


def test_processes_alive():
    assert processes.alive(os.getpid())
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    assert not processes.alive(int(done.stdout))


# -- what sits under a lock's name is not always a lock (a zip keeps links and dot-files) --------

def _old(path, seconds=locks.ABANDONED_AFTER_S + 60):
    then = time.time() - seconds
    if os.utime in os.supports_follow_symlinks:
        os.utime(path, (then, then), follow_symlinks=False)
    else:
        os.utime(path, (then, then))


def _symlink(link, target) -> None:
    try:
        link.symlink_to(target)
    except (OSError, NotImplementedError):
        pytest.skip("this system makes no symbolic links for this user (Windows without the privilege)")


def _plant(kind: str, draft, victim):
    """Something under ``draft``'s lock name that is not a lock file the program made."""
    where = locks.lock_path(draft)
    if kind == "link to another file":
        _symlink(where, victim)
    elif kind == "link to the draft itself":
        _symlink(where, draft)
    elif kind == "link that leads nowhere":
        _symlink(where, draft.parent / "nowhere")
    elif kind == "hard link to another file":
        os.link(victim, where)
    elif kind == "folder":
        where.mkdir()
        (where / "inside").write_bytes(b"kept")
    elif kind == "pipe":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no named pipes in the file system here")
        os.mkfifo(where)
    else:
        raise AssertionError(kind)
    return where


PLANTED = ["link to another file", "link to the draft itself", "link that leads nowhere",
           "hard link to another file", "folder", "pipe"]


def _files(folder):
    return {p.name: (p.is_symlink(), p.is_dir(), p.read_bytes() if p.is_file() else None)
            for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("kind", PLANTED)
def test_a_planted_lock_is_neither_followed_nor_written_and_is_named(tmp_path, seed_draft, kind):
    victim = tmp_path / "年度总结.docx"
    victim.write_bytes(b"the clerk's own file, older than ten minutes" * 10)
    _old(victim)
    _old(seed_draft)
    where = _plant(kind, seed_draft, victim)
    before = _files(tmp_path)

    result = locks.acquire(seed_draft)  # what opening the draft in the window does
    assert result.lock is None and result.read_only_reason
    assert where.name in result.read_only_reason and "计算机" not in result.read_only_reason
    assert "\n" not in result.read_only_reason
    assert locks.read_holder(where) is None
    assert _files(tmp_path) == before


@pytest.mark.parametrize("kind", PLANTED)
@pytest.mark.parametrize("command", ["import", "next-year", "export", "render"])
def test_a_writer_refuses_a_draft_whose_lock_is_planted(tmp_path, seed_draft, kind, command, capsys):
    from desktop_app import cli

    victim = tmp_path / "年度总结.docx"
    victim.write_bytes(b"the clerk's own file" * 10)
    _old(victim)
    target = tmp_path / "D.jxmb"
    assert cli.main(["import", str(SEED_PATH), "-o", str(target)]) == 0
    _old(target)
    where = _plant(kind, target, victim)
    before = _files(tmp_path)
    source = SEED_PATH if command == "import" else seed_draft
    capsys.readouterr()
    assert cli.main([command, str(source), "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert where.name in err and err.count("\n") == 1
    assert _files(tmp_path) == before


def test_a_lock_file_of_ours_left_by_a_dead_holder_is_still_taken_over(tmp_path):
    draft = tmp_path / "d.jxmb"
    where = locks.lock_path(draft)
    where.write_bytes(b"999999999\npython\nsomewhere-else\n")
    _old(where)
    result = locks.acquire(draft)
    assert result.lock is not None
    assert where.read_bytes().startswith(f"{os.getpid()}\n".encode())
    result.lock.release()
    assert not where.exists()


# -- letting go of a lock --------------------------------------------------------------------------

def test_release_closes_its_handle_before_deleting_where_the_system_requires_it(tmp_path, monkeypatch):
    """Windows deletes no open file (this process's handle included): simulated here, for real
    under Windows Python."""
    draft = tmp_path / "d.jxmb"
    lock = locks.acquire(draft).lock
    fd, real_unlink = lock._fd, os.unlink

    def windows_unlink(path, *args, **kwargs):
        try:
            os.fstat(fd)
        except OSError:
            return real_unlink(path, *args, **kwargs)
        raise PermissionError(13, "The process cannot access the file because it is being used", str(path))

    monkeypatch.setattr(os, "unlink", windows_unlink)
    monkeypatch.setattr(locks, "UNLINK_WHILE_OPEN", False)
    lock.release()
    assert not locks.lock_path(draft).exists() and not lock.held


def test_a_lock_file_that_cannot_be_deleted_is_logged(tmp_path, monkeypatch, caplog):
    draft = tmp_path / "d.jxmb"
    lock = locks.acquire(draft).lock

    def refused(path, *args, **kwargs):
        raise PermissionError(13, "Access is denied", str(path))

    monkeypatch.setattr(os, "unlink", refused)
    with caplog.at_level(logging.WARNING, logger="desktop_app.locks"):
        lock.release()
    assert not lock.held
    assert any(locks.lock_path(draft).name in r.getMessage() for r in caplog.records)
