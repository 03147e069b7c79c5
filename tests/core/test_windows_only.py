"""The code paths only Windows takes, on Windows itself: build_scripts/wine_check.sh runs these
under the Windows CPython in Wine (and .github/workflows/windows.yml on a Windows runner); on
Linux they skip. What Linux can simulate of the same behaviour is in
tests/robustness/test_held_files.py."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time

import pytest

from desktop_app.core import atomic, locks, processes
from desktop_app.core.errors import FormError
from desktop_app.core.files import write_file_atomically
from tests.conftest import ROOT

pytestmark = pytest.mark.skipif(os.name != "nt", reason="Windows only (run under Wine by build_scripts/wine_check.sh)")

GENERIC_READ, FILE_SHARE_READ, OPEN_EXISTING, FILE_ATTRIBUTE_HIDDEN = 0x80000000, 0x1, 3, 0x2


def _open_without_sharing(path):
    """``path`` opened as a PDF viewer does: others may read it, nobody may replace it."""
    import ctypes
    from ctypes import wintypes

    k = ctypes.WinDLL("kernel32", use_last_error=True)
    k.CreateFileW.restype = wintypes.HANDLE
    k.CreateFileW.argtypes = (wintypes.LPCWSTR, wintypes.DWORD, wintypes.DWORD, ctypes.c_void_p,
                              wintypes.DWORD, wintypes.DWORD, wintypes.HANDLE)
    k.CloseHandle.argtypes = (wintypes.HANDLE,)
    handle = k.CreateFileW(str(path), GENERIC_READ, FILE_SHARE_READ, None, OPEN_EXISTING, 0, None)
    assert handle not in (None, wintypes.HANDLE(-1).value), ctypes.get_last_error()
    return lambda: k.CloseHandle(handle)


def test_a_file_let_go_within_the_retry_is_replaced(tmp_path):
    target = tmp_path / "打印稿.pdf"
    target.write_bytes(b"%PDF old")
    close = _open_without_sharing(target)
    releaser = threading.Timer(0.4, close)  # an antivirus scan that finishes
    releaser.start()
    try:
        write_file_atomically(target, b"%PDF new")
    finally:
        releaser.join()
    assert target.read_bytes() == b"%PDF new"
    assert [p.name for p in tmp_path.iterdir()] == ["打印稿.pdf"]


def test_a_file_held_open_throughout_is_refused_in_one_line_and_kept(tmp_path, monkeypatch):
    monkeypatch.setattr(atomic, "HELD_RETRY_S", 0.5)
    target = tmp_path / "打印稿.pdf"
    target.write_bytes(b"%PDF open in a viewer")
    close = _open_without_sharing(target)
    try:
        started = time.monotonic()
        with pytest.raises(FormError) as refused:
            write_file_atomically(target, b"%PDF new")
        assert 0.5 <= time.monotonic() - started < 5
    finally:
        close()
    assert "正被" in refused.value.message and "打开" in refused.value.message
    assert "\n" not in refused.value.message
    assert target.read_bytes() == b"%PDF open in a viewer"
    assert [p.name for p in tmp_path.iterdir()] == ["打印稿.pdf"]


def _under_wine() -> bool:
    import ctypes

    return hasattr(ctypes.WinDLL("ntdll"), "wine_get_version")


@pytest.mark.skipif(os.name == "nt" and _under_wine(), reason="Wine replaces a read-only file; Windows refuses")
def test_a_read_only_file_is_said_to_be_read_only_not_held(tmp_path, monkeypatch):
    monkeypatch.setattr(atomic, "HELD_RETRY_S", 0.2)
    target = tmp_path / "只读.pdf"
    target.write_bytes(b"%PDF")
    target.chmod(0o444)  # Windows' read-only attribute
    try:
        with pytest.raises(FormError) as refused:
            write_file_atomically(target, b"%PDF new")
    finally:
        target.chmod(0o644)
    assert "只读" in refused.value.message and "正被" not in refused.value.message


def test_msvcrt_locking_lets_one_handle_hold_the_lock(tmp_path):
    path = tmp_path / ".~d.jxmb.lock"
    path.write_bytes(b"")
    first = os.open(path, os.O_RDWR | os.O_BINARY)
    second = os.open(path, os.O_RDWR | os.O_BINARY)
    try:
        assert locks._os_lock(first)
        assert not locks._os_lock(second)
        locks._os_unlock(first)
        assert locks._os_lock(second)
        locks._os_unlock(second)
    finally:
        os.close(first)
        os.close(second)


def test_the_lock_is_held_against_another_process_and_its_holder_readable(tmp_path):
    draft = tmp_path / "d.jxmb"
    code = ("import sys, time; from pathlib import Path; from desktop_app.core import locks\n"
            "r = locks.acquire(Path(sys.argv[1])); print('locked' if r.lock else 'no', flush=True); time.sleep(60)")
    holder = subprocess.Popen([sys.executable, "-c", code, str(draft)], stdout=subprocess.PIPE, text=True,
                              cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        assert holder.stdout.readline().strip() == "locked"
        result = locks.acquire(draft)
        assert result.lock is None and result.holder is not None and result.holder.pid == holder.pid
        assert "另一个正在运行的程序" in result.read_only_reason
    finally:
        holder.kill()
        holder.wait()
        holder.stdout.close()
    # The holder died: Windows let go of its lock, and the next writer takes it over.
    taken = locks.acquire(draft)
    assert taken.lock is not None
    taken.lock.release()


def test_the_lock_file_is_hidden(tmp_path):
    result = locks.acquire(tmp_path / "d.jxmb")
    try:
        attributes = processes.kernel32().GetFileAttributesW(str(locks.lock_path(tmp_path / "d.jxmb")))
        assert attributes != 0xFFFFFFFF and attributes & FILE_ATTRIBUTE_HIDDEN
    finally:
        result.lock.release()


def test_alive_asks_openprocess_with_a_whole_handle():
    from ctypes import wintypes

    assert processes.kernel32().OpenProcess.restype is wintypes.HANDLE
    assert processes.alive(os.getpid())
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True,
                          text=True, check=True)
    assert not processes.alive(int(done.stdout))


def test_holders_never_names_this_process(tmp_path):
    target = tmp_path / "t.pdf"
    target.write_bytes(b"%PDF")
    close = _open_without_sharing(target)
    try:
        names = processes.holders(target)
    finally:
        close()
    # Wine's Restart Manager names nobody; Windows names the programs other than this one.
    assert isinstance(names, list) and all(isinstance(n, str) and n for n in names)
    assert not any("python" in n.lower() for n in names)
