"""One writer per draft: a ``QLockFile`` beside the draft, held while a window edits it.

A second window of this program, or a second running copy (on this computer or another one
sharing the folder), finds the lock and opens the draft read-only, saying who holds it. A lock
left by a crashed copy is recognised as stale (its process is gone) and taken over. A folder
where no lock can be created cannot take a save either, so the window says that instead — and
copies of the program on the same computer still exclude each other through a lock in the
program's data folder.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLockFile, QSysInfo

from .. import paths


HEARTBEAT_S = 60
ABANDONED_AFTER_S = 10 * 60


def lock_path(draft: Path) -> Path:
    return draft.with_name(f".~{draft.name}.lock")


@dataclass
class LockResult:
    lock: QLockFile | None          # held lock, or None
    read_only_reason: str | None    # someone else is editing: view only
    save_warning: str | None        # nobody else, but saves to this place will fail


def acquire(draft: Path) -> LockResult:
    lock = QLockFile(str(lock_path(draft)))
    lock.setStaleLockTime(0)  # only a dead owner makes a lock stale, never its age
    if not lock.tryLock(0) and _abandoned_by_other_computer(lock):
        lock.removeStaleLockFile()
        lock.tryLock(0)
    if lock.isLocked():
        warning = None if os.access(draft, os.W_OK) or not draft.exists() else _read_only_file(draft)
        return LockResult(lock, None, warning)
    if lock.error() == QLockFile.LockError.LockFailedError:
        return LockResult(None, _held_by(lock, draft), None)
    # No lock beside the draft (read-only folder): copies of the program on this computer
    # still meet at a lock in the data folder, named after the draft's full path.
    fallback = QLockFile(str(_fallback_path(draft)))
    fallback.setStaleLockTime(0)
    if fallback.tryLock(0):
        return LockResult(fallback, None, _unwritable_folder(draft))
    if fallback.error() == QLockFile.LockError.LockFailedError:
        return LockResult(None, _held_by(fallback, draft), None)
    return LockResult(None, None, _unwritable_folder(draft))


def _abandoned_by_other_computer(lock: QLockFile) -> bool:
    """Qt cannot see whether a process on another computer is alive; a holder refreshes its
    lock every HEARTBEAT_S, so a lock from elsewhere left untouched far longer is abandoned
    (that computer crashed or lost the network)."""
    info = lock.getLockInfo()
    host = info[1] if isinstance(info, tuple) and len(info) >= 2 else ""
    if not host or host == QSysInfo.machineHostName():
        return False  # same computer: Qt already checked the process
    try:
        age = time.time() - Path(lock.fileName()).stat().st_mtime
    except OSError:
        return False
    return age > ABANDONED_AFTER_S


def heartbeat(lock: QLockFile | None) -> None:
    """Marks a held lock as alive for copies of the program on other computers."""
    if lock is not None and lock.isLocked():
        try:
            os.utime(lock.fileName())
        except OSError:
            pass  # the folder went away or read-only; the next save will say so


def _fallback_path(draft: Path) -> Path:
    key = hashlib.sha256(str(draft.resolve()).encode("utf-8")).hexdigest()[:32]
    folder = paths.data_dir() / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{key}.lock"


def _held_by(lock: QLockFile, draft: Path) -> str:
    info = lock.getLockInfo()
    pid, host = (info[0], info[1]) if isinstance(info, tuple) and len(info) >= 2 else (None, "")
    if pid == os.getpid():
        where = "本程序的另一个窗口"
    elif host:
        where = f"另一个正在运行的程序（计算机 {host}，进程号 {pid}）"
    else:
        where = "另一个正在运行的程序"
    return (f"{draft.name} 已在{where}中打开。为避免互相覆盖，这里只能查看，不能修改；"
            f"如需另行修改，请用“另存为”保存一份副本。")


def _unwritable_folder(draft: Path) -> str:
    return (f"{draft.name} 所在的文件夹不能写入（例如邮件附件的只读文件夹），修改无法自动保存到原文件。"
            f"请用“另存为”保存到其他位置。")


def _read_only_file(draft: Path) -> str:
    return f"{draft.name} 是只读文件，修改无法自动保存到原文件。请用“另存为”保存到其他位置。"


def release(lock: QLockFile | None) -> None:
    if lock is not None:
        lock.unlock()
