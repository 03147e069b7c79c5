"""PySide6's signature support, compiled once and kept, not compiled at every start.

Loading PySide6 (``shiboken6``) unpacks the Python sources of its signature support from the
library itself and compiles each as it imports it: 14 modules, 129 KB of source, some 24 ms and
117 M instructions of every window's start where it was measured. Their code is kept by
``core.codecache``, like the form's generated classes, and read back while the very same source
comes again (compared in full, with the interpreter's version): a PySide6 that is updated or
changed is compiled anew.
"""

from __future__ import annotations

import __future__
import builtins
import functools
import operator
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ..core.codecache import compiled

_BOOTSTRAP = "signature_bootstrap.py"  # what shiboken compiles first, to import the rest with
_SUPPORT = "shibokensupport/"  # the file names it compiles the signature support's modules under
_FUTURE_FLAGS = functools.reduce(operator.or_, (getattr(__future__, name).compiler_flag
                                                 for name in __future__.all_feature_names))


@contextmanager
def kept_support_code() -> Iterator[None]:
    """While PySide6 loads, its support modules' ``compile`` finds their code kept: shiboken's
    importer calls the built-in ``compile`` by name, which is this one for the duration."""
    own = builtins.compile

    def compile_kept(source: Any, filename: Any, mode: str, *args: Any, **kwargs: Any) -> Any:
        if (isinstance(source, (str, bytes)) and isinstance(filename, str) and mode == "exec"
                and (filename.startswith(_SUPPORT) or filename == _BOOTSTRAP) and not args and not kwargs):
            # The built-in would compile under its caller's __future__ flags (shiboken's importer
            # has postponed annotations): the same flags, and kept apart by them.
            return compiled(source, filename, sys._getframe(1).f_code.co_flags & _FUTURE_FLAGS)
        return own(source, filename, mode, *args, **kwargs)

    builtins.compile = compile_kept
    try:
        yield
    finally:
        builtins.compile = own
