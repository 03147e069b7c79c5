"""Replacing a file all at once: written beside it under a temporary name, flushed to disk,
renamed over it, the folder flushed too. A full disk or a crash never leaves the clerk's file
(a draft, an export, a PDF) cut in half; a failed write leaves no temporary file behind."""

from __future__ import annotations

import os
import time
import zlib
from pathlib import Path
from typing import Callable

from . import processes
from .lazyre import lazy

STALE_TEMP_S = 3600  # a temporary file of another computer this old was left by a crash
# Windows refuses to replace a file another program has open without sharing it (a PDF in a
# viewer; an antivirus scan or the search indexer, which let go within a second or so): access
# denied, sharing or lock violation. The rename is tried again for this long before giving up.
HELD_RETRY_S = 2.0
_HELD_WINERRORS = (5, 32, 33)
# .~<start of the name>.<computer><process>.<random>.tmp: short whatever the target's name (a
# name of 250 bytes must still leave room for it), and saying who writes it.
_TEMP_NAME = lazy(r"\.~.{0,12}\.([0-9a-f]{4})([0-9a-f]{1,8})\.[0-9a-f]{8}\.tmp")
TEMP_NAME_MAX = len(".~") + 12 + len(".") + 4 + 8 + len(".") + 8 + len(".tmp")  # 40


def _host_tag() -> str:
    return f"{zlib.crc32(processes.hostname().encode('utf-8')) & 0xFFFF:04x}"


def temp_name(target: Path) -> str:
    return f".~{target.stem[:12]}.{_host_tag()}{os.getpid():x}.{os.urandom(4).hex()}.tmp"


def remove_stale_temps(folder: Path) -> None:
    """A write killed half-way leaves its temporary file beside its target (never the target
    itself half-written), holding form content: the next write into that folder removes every
    such file whose process is gone (or, from another computer, that is long untouched)."""
    cutoff = time.time() - STALE_TEMP_S
    here = _host_tag()
    try:  # names, not Paths: a folder of documents may hold thousands, a temporary file rarely
        candidates = [(folder / name, m) for name in os.listdir(folder) if (m := _TEMP_NAME.fullmatch(name))]
    except OSError:
        return
    for old, m in candidates:
        try:
            if (m.group(1) == here and not processes.alive(int(m.group(2), 16))) or old.stat().st_mtime < cutoff:
                old.unlink()
                old.with_name(old.name + "-journal").unlink(missing_ok=True)
        except (OSError, ValueError):
            pass


def replace_file(target: str | Path, write: Callable[[Path], object]) -> None:
    """``write(temporary path)`` fills a new file, which then takes ``target``'s place.
    ``OSError`` (or whatever ``write`` raises) on failure, with nothing left behind."""
    target = Path(target)
    remove_stale_temps(target.parent)
    tmp = target.with_name(temp_name(target))
    # Created like any new file (umask applies, unlike mkstemp's 0600), or with the mode of
    # the file it replaces.
    try:
        mode = target.stat().st_mode & 0o777
    except OSError:
        mode = 0o666
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
    os.close(fd)
    try:
        write(tmp)
        fsync(tmp)
        _replace(tmp, target)
        fsync_dir(target.parent)
    finally:
        tmp.unlink(missing_ok=True)
        tmp.with_name(tmp.name + "-journal").unlink(missing_ok=True)


class HeldOpen(PermissionError):
    """``filename`` stayed open in another program for ``HELD_RETRY_S``; ``holders`` names the
    programs, where Windows can tell."""

    def __init__(self, target: Path, holders: list[str]):
        super().__init__(13, "held open by another program", str(target))
        self.winerror = 32  # ERROR_SHARING_VIOLATION, whatever Windows said first
        self.holders = holders


def _replace(tmp: Path, target: Path) -> None:
    deadline = time.monotonic() + HELD_RETRY_S
    pause = 0.05
    while True:
        try:
            os.replace(tmp, target)
            return
        except PermissionError as err:
            winerror = getattr(err, "winerror", None)  # only Windows' errors have one
            if winerror not in _HELD_WINERRORS:
                raise
            if time.monotonic() >= deadline:
                # Access denied is also a read-only target: that one no program holds.
                if winerror == 5 and not os.access(target, os.W_OK):
                    raise
                raise HeldOpen(target, processes.holders(target)) from err
        time.sleep(pause)
        pause = min(pause * 2, 0.4)


def write_bytes(target: str | Path, data: bytes) -> None:
    replace_file(target, lambda tmp: tmp.write_bytes(data))


def write_cache(target: Path, data: bytes) -> None:
    """``data`` as ``target``, whole or not at all, but not flushed to disk: for what the
    program can make again (compiled code), where a crash may lose the file, never leave half of
    it. The temporary file is made new, so nothing left at its name (a link) is written through;
    another copy of the program writing the same file at once is no harm."""
    partial = target.with_name(f"{target.name}.{os.getpid()}.partial")
    partial.unlink(missing_ok=True)  # one left by a process that had this number
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def fsync(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def fsync_dir(folder: Path) -> None:
    if os.name == "nt":
        return  # Windows cannot open a directory for fsync; NTFS journals the rename
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
