"""One writer per draft: a lock file beside it (``.~<name>.lock``), held while a window edits the
draft or a command writes it. Every writer of the program takes it — the window, ``import -o``,
crash recovery — so none overwrites another's work without a word.

The lock file names its holder on its first three lines (process id, program, computer), as
Qt's QLockFile did, so a message can say who holds a draft. It is held by an operating-system
lock on the open file as well (``flock`` / ``LockFileEx``): when the holder dies, however it dies,
the system lets go, and the next writer takes the lock over. A copy of the program on another
computer sharing the folder refreshes its lock file every ``HEARTBEAT_S``; one left untouched
for ``ABANDONED_AFTER_S`` belongs to a computer that crashed or lost the network, and is taken
over too. A folder where no lock can be created (a read-only e-mail attachment folder) cannot
take a save either: copies of the program on this computer then still exclude each other through
a lock in the program's data folder.

A lock is only ever a regular file the program made. Whatever else sits under its name — a
symbolic link (zip and tar keep them, file managers hide dot-files), a hard link to another
file, a folder — is never opened through, written or deleted: it is refused, naming it
(``NotALock``), for a planted link to another of the clerk's files would otherwise be cut to the
holder's three lines.
"""

from __future__ import annotations

import errno
import os
import stat
import sys
import time
from pathlib import Path

from .. import paths
from . import processes
from .errors import FormError
from .fileerrors import quoted
from .lazylog import LazyLogger
from .record import Record

log = LazyLogger("desktop_app.locks")

HEARTBEAT_S = 60
ABANDONED_AFTER_S = 10 * 60


def lock_path(draft: Path) -> Path:
    return draft.with_name(f".~{draft.name}.lock")


class Holder(Record):
    pid: int | None
    host: str

    def describe(self) -> str:
        if self.pid == os.getpid() and self.host == this_host():
            return "本程序的另一个窗口"
        if self.host:
            return f"另一个正在运行的程序（计算机 {self.host}，进程号 {self.pid}）"
        return "另一个正在运行的程序"


class Lock:
    """A lock this process holds; ``release`` it (or let the process end)."""

    def __init__(self, path: Path, fd: int):
        self.path = path
        self._fd: int | None = fd

    @property
    def held(self) -> bool:
        return self._fd is not None

    def heartbeat(self) -> None:
        """Marks the lock as alive for copies of the program on other computers."""
        if self._fd is not None:
            try:
                _touch(self._fd, self.path)
            except OSError:
                pass  # the folder went away or read-only; the next save will say so

    def __del__(self):
        self.release()  # a lock nobody keeps is let go, as QLockFile did

    def release(self) -> None:
        fd = getattr(self, "_fd", None)
        if fd is None:
            return
        self._fd = None
        if UNLINK_WHILE_OPEN:
            self._unlink()  # while still holding it, so nobody takes a lock we then delete
        _os_unlock(fd)
        os.close(fd)
        if not UNLINK_WHILE_OPEN:
            # Windows deletes no open file, this process's own handle included. Another copy
            # that opened the lock in between holds it open, so the deletion fails, as it must.
            self._unlink()

    def _unlink(self) -> None:
        try:
            os.unlink(self.path)
        except FileNotFoundError:
            pass
        except OSError as err:
            # Left behind, the file makes other computers on a shared folder see the draft as
            # held until it is ABANDONED_AFTER_S old: worth a line in the log.
            log.warning("could not delete the lock file %r: %r", self.path, err)


class NotALock(FormError):
    """Something that is not a lock file of ours sits under a lock's name; ``message`` names it."""


def _refusal(path: Path, what: str) -> NotALock:
    return NotALock(f"{quoted(path, 160)} 应是本程序的锁文件，却是{what}，可能是从压缩包中带来的。"
                    f"为安全起见没有使用它；请确认后删除它再试")


def _kind(st: os.stat_result) -> str | None:
    """What a lock's name holds, in words, when it is not a lock file we could have made."""
    if stat.S_ISLNK(st.st_mode) or getattr(st, "st_file_attributes", 0) & _REPARSE_POINT:
        return "一个链接"
    if stat.S_ISDIR(st.st_mode):
        return "一个文件夹"
    if not stat.S_ISREG(st.st_mode):
        return "一个设备或管道"
    if st.st_nlink > 1:
        return "另一个文件的硬链接"
    return None


_REPARSE_POINT = 0x400  # FILE_ATTRIBUTE_REPARSE_POINT: a Windows link or junction
# POSIX deletes an open file; Windows refuses while any handle is open (ours too).
UNLINK_WHILE_OPEN = os.name != "nt"
_NO_SURPRISES = (getattr(os, "O_BINARY", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NOCTTY", 0)
                 | getattr(os, "O_NONBLOCK", 0))
_OPEN_FLAGS = os.O_RDWR | _NO_SURPRISES


class LockResult(Record):
    lock: Lock | None              # held lock, or None
    read_only_reason: str | None   # someone else is editing: view only
    save_warning: str | None       # nobody else, but saves to this place will fail
    holder: Holder | None = None   # who holds it, when someone else does


def this_host() -> str:
    return processes.hostname()


def _program() -> str:
    return Path(sys.executable).name


def try_lock(path: Path) -> tuple[Lock | None, Holder | None]:
    """The lock at ``path`` (created, or taken over from a holder that is gone), or who holds
    it. ``OSError`` if no lock file can be made there at all; ``NotALock`` if something else
    sits under its name."""
    for _ in range(3):  # a holder releasing in between: try again
        try:
            # O_EXCL: never through a link, not even one that leads nowhere.
            fd = os.open(path, _OPEN_FLAGS | os.O_CREAT | os.O_EXCL, 0o644)
        except FileExistsError:
            pass
        else:
            if _os_lock(fd):
                try:
                    _write_holder(fd)
                except OSError:  # a full disk takes the name but not the lines: leave nothing
                    _os_unlock(fd)
                    os.close(fd)
                    os.unlink(path)
                    raise
                processes.hide(path)  # on Windows: not in the clerk's way in the folder
                return Lock(path, fd), None
            os.close(fd)
            continue
        taken = _take_over(path)
        if taken is not None:
            return taken, None
        holder = read_holder(path)
        if holder is not None:
            return None, holder
    return None, read_holder(path) or Holder(None, "")


def _open_existing(path: Path, flags: int) -> int | None:
    """The lock file at ``path`` opened without following a link, once it is sure to be a regular
    file of one name (``NotALock`` otherwise); None if it is gone or cannot be opened."""
    try:
        before = os.lstat(path)
    except FileNotFoundError:
        return None
    except OSError:
        return None
    what = _kind(before)
    if what is not None:
        raise _refusal(path, what)
    try:
        fd = os.open(path, flags)  # O_NOFOLLOW where there is one
    except FileNotFoundError:
        return None
    except OSError as err:
        if getattr(os, "O_NOFOLLOW", 0) and err.errno in (errno.ELOOP, errno.EMLINK):  # a link after all
            raise _refusal(path, "一个链接") from None
        return None  # Windows: the holder keeps it open without sharing
    try:
        now = os.fstat(fd)
        # Windows has no O_NOFOLLOW: what was opened must be the very file looked at.
        what = _kind(now) or (None if (now.st_dev, now.st_ino) == (before.st_dev, before.st_ino)
                              else "一个在检查时被替换的文件")
    except OSError:
        what = None
    if what is not None:
        os.close(fd)
        raise _refusal(path, what)
    return fd


def _take_over(path: Path) -> Lock | None:
    """The existing lock file, if its holder is gone: the system lock on it is free and either the
    holder was on this computer or it stopped refreshing the file long ago."""
    fd = _open_existing(path, _OPEN_FLAGS)
    if fd is None:
        return None
    if not _os_lock(fd):
        os.close(fd)
        return None
    holder = _parse(_read(fd))
    try:
        age = time.time() - os.fstat(fd).st_mtime
    except OSError:
        age = 0.0
    if holder is None or not holder.host or holder.host == this_host():
        # The system lock was free: a holder of ours on this computer is gone. A holder that
        # does not take it is trusted while its process lives (and its file stays fresh).
        gone = (holder is None or holder.pid is None or holder.pid == os.getpid()
                or not processes.alive(holder.pid) or age > ABANDONED_AFTER_S)
    else:
        gone = age > ABANDONED_AFTER_S  # another computer: only its heartbeat tells
    if not gone:
        _os_unlock(fd)
        os.close(fd)
        return None
    _write_holder(fd)
    _touch(fd, path)
    return Lock(path, fd)


def _touch(fd: int, path: Path) -> None:
    if os.utime in os.supports_fd:
        os.utime(fd)
    else:
        os.utime(path)


def read_holder(path: Path) -> Holder | None:
    """Who holds the lock at ``path``; None if nobody does or it is not a lock file of ours."""
    try:
        fd = _open_existing(path, os.O_RDONLY | _NO_SURPRISES)
    except NotALock:
        return None
    if fd is None:
        return None
    try:
        return _parse(os.read(fd, 4096))
    except OSError:
        return None
    finally:
        os.close(fd)


def _parse(data: bytes) -> Holder | None:
    lines = data.decode("utf-8", "replace").splitlines()
    if not lines:
        return None
    pid = int(lines[0]) if lines[0].strip().isdigit() else None
    return Holder(pid, lines[2].strip() if len(lines) > 2 else "")


def _read(fd: int) -> bytes:
    os.lseek(fd, 0, os.SEEK_SET)
    return os.read(fd, 4096)


def _write_holder(fd: int) -> None:
    data = f"{os.getpid()}\n{_program()}\n{this_host()}\n".encode("utf-8")
    os.lseek(fd, 0, os.SEEK_SET)
    os.ftruncate(fd, 0)
    os.write(fd, data)


if sys.platform == "win32":  # os.name == "nt", spelt so that the type checker reads each branch for its system
    import msvcrt

    _LOCKED_BYTE = 1 << 20  # past the holder's lines, which others must still be able to read

    def _os_lock(fd: int) -> bool:
        try:
            os.lseek(fd, _LOCKED_BYTE, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False

    def _os_unlock(fd: int) -> None:
        try:
            os.lseek(fd, _LOCKED_BYTE, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass
else:
    import fcntl

    def _os_lock(fd: int) -> bool:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            return True
        except OSError:
            return False

    def _os_unlock(fd: int) -> None:
        try:
            fcntl.flock(fd, fcntl.LOCK_UN)
        except OSError:
            pass


# -- a draft's lock ----------------------------------------------------------------------------

def acquire(draft: Path) -> LockResult:
    """The lock on ``draft`` for a window that will edit it. Something that is not a lock file
    under the lock's name leaves the draft read-only, and the reason names it."""
    try:
        return _acquire(draft)
    except NotALock as err:
        return LockResult(None, err.message, None)


def _acquire(draft: Path) -> LockResult:
    try:
        lock, holder = try_lock(lock_path(draft))
    except OSError:
        # No lock beside the draft (read-only folder): copies of the program on this computer
        # still meet at a lock in the data folder, named after the draft's full path.
        try:
            lock, holder = try_lock(_fallback_path(draft))
        except OSError:
            return LockResult(None, None, unwritable_folder(draft))
        if lock is None:
            return LockResult(None, held_by(holder, draft), None, holder)
        return LockResult(lock, None, unwritable_folder(draft))
    if lock is None:
        return LockResult(None, held_by(holder, draft), None, holder)
    warning = None if os.access(draft, os.W_OK) or not draft.exists() else read_only_file(draft)
    return LockResult(lock, None, warning)


def _fallback_path(draft: Path) -> Path:
    import hashlib  # only here: OpenSSL's hashlib is 3 ms of every start

    key = hashlib.sha256(os.fsencode(draft.resolve())).hexdigest()[:32]
    folder = paths.data_dir() / "locks"
    folder.mkdir(parents=True, exist_ok=True)
    return folder / f"{key}.lock"


class DraftBusy(FormError):
    """The draft is open for editing elsewhere; ``message`` says where, in Chinese."""


class writing:
    """``with writing(draft):`` — the lock on ``draft`` for the duration of one write by a
    command; ``DraftBusy`` if a window (or another command) holds it."""

    def __init__(self, draft: Path):
        self.draft = Path(draft)
        self.lock: Lock | None = None

    def __enter__(self):
        result = _acquire(self.draft)  # NotALock as it is: its message names the file
        if result.read_only_reason:
            where = result.holder.describe() if result.holder else "另一个正在运行的程序"
            raise DraftBusy(f"{self.draft.name} 正在{where}中编辑，为避免互相覆盖，没有写入。"
                            f"请先关闭那里的窗口，或写到另一个文件")
        self.lock = result.lock
        return self

    def __exit__(self, *exc) -> None:
        if self.lock is not None:
            self.lock.release()


def held_by(holder: Holder | None, draft: Path) -> str:
    where = holder.describe() if holder is not None else "另一个正在运行的程序"
    return (f"{draft.name} 已在{where}中打开。为避免互相覆盖，这里只能查看，不能修改；"
            f"如需另行修改，请用“另存为”保存一份副本。")


def unwritable_folder(draft: Path) -> str:
    return (f"{draft.name} 所在的文件夹不能写入（例如邮件附件的只读文件夹），修改无法自动保存到原文件。"
            f"请用“另存为”保存到其他位置。")


def read_only_file(draft: Path) -> str:
    return f"{draft.name} 是只读文件，修改无法自动保存到原文件。请用“另存为”保存到其他位置。"
