"""Guards the window against a reference-count bug of PySide6 6.12.0 on Python 3.11.

Every call of a void Qt method through that binding releases one reference to ``None`` (and
``True``/``False``) that it never took. After a few thousand calls — a few hundred keystrokes of
a clerk's morning — the count reaches zero and CPython aborts with ``Fatal Python error:
none_dealloc``, taking unsaved typing with it. PySide6 6.11.3 does not have the bug, but
QtPdf for the preview ships only for 6.12 (``PySide6_Pdf``).

Python 3.12 makes these objects immortal, which is the whole remedy; on 3.11 we do the same by
hand: their counts get a margin that no session can use up. A count larger than needed is
harmless (these objects are never freed anyway).
"""

from __future__ import annotations

import sys

_MARGIN = 1 << 40
_SINGLETONS = (None, True, False)


def pin_singletons() -> bool:
    """Raise the singletons' reference counts once per process. True if it did."""
    if sys.version_info >= (3, 12) or sys.getrefcount(None) > _MARGIN // 2:
        return False  # immortal already, or pinned earlier in this process
    # ctypes's own C module, not the ctypes package (which builds dozens of types and its
    # library loaders on import: 2 ms of every start for the one type needed here).
    from _ctypes import _SimpleCData

    class SSize(_SimpleCData):  # Py_ssize_t, as ctypes.c_ssize_t: long long on 64 bits (Windows too)
        _type_ = "q" if sys.maxsize > 2**32 else "l"

    for obj in _SINGLETONS:
        # ob_refcnt is the first field of every object in a release build of CPython 3.11.
        SSize.from_address(id(obj)).value += _MARGIN
    return True
