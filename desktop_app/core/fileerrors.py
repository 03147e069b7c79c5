"""Disk and file-system failures in words a clerk can act on.

``OSError.strerror`` is English on most systems and SQLite's messages always are; the clerk is
shown one short Chinese line, and the technical detail goes to the log file.
"""

from __future__ import annotations

import errno
import sqlite3
from pathlib import Path
from .lazyre import lazy

# What the clerk can do about each kind of failure.
DISK_FULL = "磁盘空间已满"
READ_ONLY = "没有写入权限（文件夹或磁盘为只读）"
MISSING = "文件或文件夹不存在（可能已被删除、移走，或移动磁盘已拔出）"
BUSY = "文件正被其他程序使用"
OPEN_ELSEWHERE = "文件正被其他程序打开（例如在阅读器或另一个窗口中），请先关闭它再试"
IO_ERROR = "磁盘读写出错"
TOO_BIG = "内容过长"
IS_DIR = "这是一个文件夹，不是文件"
NAME_BAD = "文件名或路径无效"

_ERRNO = {
    errno.ENOSPC: DISK_FULL,
    getattr(errno, "EDQUOT", -1): DISK_FULL,
    errno.EROFS: READ_ONLY,
    errno.EACCES: READ_ONLY,
    errno.EPERM: READ_ONLY,
    errno.ENOENT: MISSING,
    errno.ENOTDIR: MISSING,
    getattr(errno, "ENXIO", -1): MISSING,
    getattr(errno, "ENODEV", -1): MISSING,
    errno.EBUSY: BUSY,
    getattr(errno, "ETXTBSY", -1): BUSY,
    errno.EIO: IO_ERROR,
    errno.EISDIR: IS_DIR,
    errno.ENAMETOOLONG: NAME_BAD,
    errno.EINVAL: NAME_BAD,
    errno.EFBIG: TOO_BIG,
}

# Primary SQLite result codes (extended codes carry them in the low byte).
_SQLITE = {
    3: READ_ONLY,   # SQLITE_PERM
    5: BUSY,        # SQLITE_BUSY
    6: BUSY,        # SQLITE_LOCKED
    8: READ_ONLY,   # SQLITE_READONLY
    10: IO_ERROR,   # SQLITE_IOERR
    13: DISK_FULL,  # SQLITE_FULL
    14: MISSING,    # SQLITE_CANTOPEN: the file or its journal cannot be created
    18: TOO_BIG,    # SQLITE_TOOBIG
}


def reason(err: BaseException) -> str:
    """The cause of ``err`` in Chinese, for a message such as "无法保存到 X：<reason>"."""
    if isinstance(err, sqlite3.Error):
        code = getattr(err, "sqlite_errorcode", None)
        if code is not None and code & 0xFF in _SQLITE:
            return _SQLITE[code & 0xFF]
        text = str(err).lower()
        for needle, said in (("full", DISK_FULL), ("readonly", READ_ONLY), ("read-only", READ_ONLY),
                             ("locked", BUSY), ("busy", BUSY), ("unable to open", MISSING),
                             ("i/o", IO_ERROR), ("too big", TOO_BIG)):
            if needle in text:
                return said
        return "数据库错误"
    if isinstance(err, OSError):
        if isinstance(err, PermissionError) and getattr(err, "winerror", None) in (32, 33):
            # ERROR_SHARING_VIOLATION, ERROR_LOCK_VIOLATION: Windows cannot replace a file that
            # another program holds open (a PDF in a viewer, a draft in a second program).
            holders = [quoted(name, 40) for name in getattr(err, "holders", ())[:3]]
            if holders:
                return f"文件正被 {'、'.join(holders)} 打开，请先在那里关闭它再试"
            return OPEN_ELSEWHERE
        if err.errno in _ERRNO:
            return _ERRNO[err.errno]
        return f"系统错误（代码 {err.errno}）" if err.errno else "系统错误"
    return "未知错误"


# Controls (ESC and friends), line and paragraph separators, bidi controls that reorder what
# follows, zero-width characters, lone surrogates.
UNSAFE = "\x00-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff"
_CONTROL = lazy(f"[{UNSAFE}]+")


_ESCAPED_BYTES = lazy("[\udc80-\udcff]")


def _readable(text: str) -> str:
    """A file name that is not UTF-8 reaches Python as lone surrogates, one per byte; on a
    clerk's machine it was almost surely made by a Chinese Windows (a zip unpacked here), so it
    is shown as GB 18030 read it, where those bytes are that."""
    if not _ESCAPED_BYTES.search(text):
        return text
    try:
        return text.encode("utf-8", "surrogateescape").decode("gb18030")
    except UnicodeError:
        return text


def quoted(text: object, limit: int = 40) -> str:
    """A piece of an untrusted file shown inside a message: one line, bounded in length, so a
    hostile file cannot forge extra lines (a fake traceback), reorder the line or flood the
    screen."""
    shown = _CONTROL.sub(" ", _readable(str(text))).strip()
    return shown if len(shown) <= limit else shown[:limit] + "…"


def one_line(text: str) -> str:
    """A whole message made safe for a terminal: nothing in it can move the cursor, colour the
    screen or begin a line of its own."""
    return _CONTROL.sub(" ", text)


def read_input(path: Path, limit: int, too_big: str) -> bytes:
    """The bytes of an input file of at most ``limit`` bytes. ``FormError`` (one line naming it)
    for no file, a folder, a pipe or a device (reading one could wait for ever), a file over the
    limit (``too_big`` follows its name) or one that cannot be read."""
    from .errors import FormError

    name = quoted(path.name, 80)
    try:
        if not path.is_file():
            raise FormError(f"找不到文件：{name}" if not path.exists() else f"{name} 不是文件")
        if path.stat().st_size > limit:
            raise FormError(f"{name} {too_big}")
        return path.read_bytes()
    except OSError as err:
        raise FormError(f"无法读取文件 {name}：{reason(err)}") from None
