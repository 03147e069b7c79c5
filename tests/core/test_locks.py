"""The lock beside a draft: one writer at a time, whoever it is; a holder that died lets go; the
lock file is hidden on Windows."""

from __future__ import annotations

import os
import subprocess
import sys

from desktop_app.core import locks, processes
from tests.conftest import ROOT


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
