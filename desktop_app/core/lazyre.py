"""Regular expressions compiled on first use.

Python compiles a pattern in Python code (``re._parser``, ``re._compiler``): 0.1–1 ms each. The
domain's modules compiling theirs at import made every command pay for patterns it never used
(fourteen of them were 24 M instructions of each ``render``, about 4 % of it); the window's start
paid too.
"""

from __future__ import annotations

import re
from typing import cast

_METHODS = ("match", "fullmatch", "search", "sub", "subn", "split", "findall", "finditer",
            "pattern", "flags", "groups", "groupindex")


class _LazyPattern:
    def __init__(self, pattern: str, flags: int) -> None:
        self._args = (pattern, flags)

    def __getattr__(self, name: str):
        # Called only while the instance lacks ``name``: the first use compiles and keeps the
        # compiled pattern's methods on the instance, so later calls cost what the pattern's do.
        if name not in _METHODS:
            raise AttributeError(name)
        compiled = re.compile(*self._args)
        for method in _METHODS:
            setattr(self, method, getattr(compiled, method))
        return getattr(compiled, name)

    def __repr__(self) -> str:
        return f"lazy({self._args[0]!r}, {self._args[1]!r})"


def lazy(pattern: str, flags: int = 0) -> re.Pattern[str]:
    """``re.compile(pattern, flags)``, compiled when a method of it is first called."""
    return cast("re.Pattern[str]", _LazyPattern(pattern, flags))
