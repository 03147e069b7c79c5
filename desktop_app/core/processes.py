"""What the program asks the operating system about processes and files, the same way on
Windows and elsewhere."""

from __future__ import annotations

import os
from pathlib import Path


def hostname() -> str:
    """This computer's name, as ``socket.gethostname`` gives it (``socket`` itself is a few
    milliseconds of every start: only Windows needs it)."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket

    return socket.gethostname()


def alive(pid: int) -> bool:
    """Whether a process ``pid`` runs on this computer (a process of another user counts)."""
    if pid <= 0:
        return False
    if os.name == "nt":
        return _alive_windows(pid)
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    except OSError:
        return False
    return True


def _alive_windows(pid: int) -> bool:
    import ctypes
    from ctypes import wintypes

    kernel32 = ctypes.WinDLL("kernel32", use_last_error=True)
    handle = kernel32.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return ctypes.get_last_error() == 5  # ERROR_ACCESS_DENIED: it exists
    try:
        code = wintypes.DWORD()
        return bool(kernel32.GetExitCodeProcess(handle, ctypes.byref(code))) and code.value == 259  # STILL_ACTIVE
    finally:
        kernel32.CloseHandle(handle)


def hide(path: Path) -> bool:
    """Marks ``path`` hidden where the system has such a mark (Windows); True if it was marked."""
    if os.name != "nt":
        return False
    import ctypes

    FILE_ATTRIBUTE_HIDDEN = 0x2
    return bool(ctypes.windll.kernel32.SetFileAttributesW(str(path), FILE_ATTRIBUTE_HIDDEN))
