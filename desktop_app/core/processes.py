"""What the program asks the operating system about processes and files, the same way on
Windows and elsewhere."""

from __future__ import annotations

import os
import sys
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


_kernel32 = None


def kernel32():
    """Windows' kernel32 with the prototypes the program calls, declared once."""
    global _kernel32
    if sys.platform != "win32":  # called only there; the type checker then reads the rest as Windows code
        raise OSError("Windows only")
    if _kernel32 is None:
        import ctypes
        from ctypes import wintypes

        k = ctypes.WinDLL("kernel32", use_last_error=True)
        # A HANDLE is pointer-sized: ctypes' default int result would cut a 64-bit one in half.
        k.OpenProcess.restype = wintypes.HANDLE
        k.OpenProcess.argtypes = (wintypes.DWORD, wintypes.BOOL, wintypes.DWORD)
        k.GetExitCodeProcess.argtypes = (wintypes.HANDLE, ctypes.POINTER(wintypes.DWORD))
        k.CloseHandle.argtypes = (wintypes.HANDLE,)
        k.SetFileAttributesW.argtypes = (wintypes.LPCWSTR, wintypes.DWORD)
        k.GetFileAttributesW.argtypes = (wintypes.LPCWSTR,)
        k.GetFileAttributesW.restype = wintypes.DWORD
        _kernel32 = k
    return _kernel32


def _alive_windows(pid: int) -> bool:
    if sys.platform != "win32":  # called only there; the type checker then reads the rest as Windows code
        raise OSError("Windows only")
    import ctypes
    from ctypes import wintypes

    k = kernel32()
    handle = k.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return ctypes.get_last_error() == 5  # ERROR_ACCESS_DENIED: it exists
    try:
        code = wintypes.DWORD()
        return bool(k.GetExitCodeProcess(handle, ctypes.byref(code))) and code.value == 259  # STILL_ACTIVE
    finally:
        k.CloseHandle(handle)


def hide(path: Path) -> bool:
    """Marks ``path`` hidden where the system has such a mark (Windows); True if it was marked."""
    if os.name != "nt":
        return False
    FILE_ATTRIBUTE_HIDDEN = 0x2
    return bool(kernel32().SetFileAttributesW(str(path), FILE_ATTRIBUTE_HIDDEN))


def holders(path: Path) -> list[str]:
    """The names of the other programs that have ``path`` open, as Windows' Restart Manager
    tells them (Explorer's "the file is open in …" asks it too); empty elsewhere, or when it
    cannot tell."""
    if os.name != "nt":
        return []
    try:
        return _holders_windows(str(path))
    except (OSError, AttributeError):
        return []


def _holders_windows(path: str) -> list[str]:
    if sys.platform != "win32":  # called only there; the type checker then reads the rest as Windows code
        raise OSError("Windows only")
    import ctypes
    from ctypes import wintypes

    class UniqueProcess(ctypes.Structure):  # RM_UNIQUE_PROCESS
        _fields_ = [("pid", wintypes.DWORD), ("start", wintypes.FILETIME)]

    class ProcessInfo(ctypes.Structure):  # RM_PROCESS_INFO
        _fields_ = [("process", UniqueProcess), ("app_name", wintypes.WCHAR * 256),
                    ("service_name", wintypes.WCHAR * 64), ("app_type", ctypes.c_int),
                    ("app_status", wintypes.ULONG), ("session", wintypes.DWORD), ("restartable", wintypes.BOOL)]

    rm = ctypes.WinDLL("rstrtmgr")
    rm.RmStartSession.argtypes = (ctypes.POINTER(wintypes.DWORD), wintypes.DWORD, wintypes.LPWSTR)
    rm.RmRegisterResources.argtypes = (wintypes.DWORD, wintypes.UINT, ctypes.POINTER(wintypes.LPCWSTR),
                                       wintypes.UINT, ctypes.c_void_p, wintypes.UINT, ctypes.c_void_p)
    rm.RmGetList.argtypes = (wintypes.DWORD, ctypes.POINTER(wintypes.UINT), ctypes.POINTER(wintypes.UINT),
                             ctypes.POINTER(ProcessInfo), ctypes.POINTER(wintypes.DWORD))
    rm.RmEndSession.argtypes = (wintypes.DWORD,)
    session, key = wintypes.DWORD(), ctypes.create_unicode_buffer(33)
    if rm.RmStartSession(ctypes.byref(session), 0, key) != 0:
        return []
    try:
        files = (wintypes.LPCWSTR * 1)(path)
        if rm.RmRegisterResources(session, 1, files, 0, None, 0, None) != 0:
            return []
        needed, count, reasons = wintypes.UINT(), wintypes.UINT(8), wintypes.DWORD()
        found = (ProcessInfo * 8)()
        if rm.RmGetList(session, ctypes.byref(needed), ctypes.byref(count), found, ctypes.byref(reasons)) != 0:
            return []  # ERROR_MORE_DATA too: more than eight programs is no name worth showing
        names = [info.app_name for info in found[:count.value] if info.process.pid != os.getpid() and info.app_name]
        return list(dict.fromkeys(names))
    finally:
        rm.RmEndSession(session)
