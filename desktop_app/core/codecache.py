"""The compiled code the program generates, kept between runs: a form's classes
(``model.build_model``), a record class's ``__init__`` (``record``), and the sources PySide6
compiles each time it loads (``gui.pyside_code``).

The same source is compiled in every run that opens or prints a form (the window's start and
every command): 7 M instructions for the seed's form's classes, and a render compiles nine
records' ``__init__`` too. The compiled code is kept beside the program's other data, as Python
keeps a module's in ``__pycache__``, and read back when the source and the interpreter are the
same (the file holds both, compared in full: nothing rests on a hash). A file that cannot be read
or written only means compiling again.

Regular expressions are kept the same way, by ``core.patterncache``.
"""

from __future__ import annotations

import marshal
import sys
import zlib
from types import CodeType

from .. import paths
from .atomic import write_cache

FOLDER = "code-cache"
_TAG = f"{sys.implementation.cache_tag}-{sys.version}"  # marshal's format and the byte code's
_compile = compile  # the built-in, which gui.pyside_code stands in for while PySide6 loads


def compiled(source: str | bytes, filename: str, future: int | None = None) -> CodeType:
    """``compile(source, filename, "exec")``, from the kept copy when there is one; with
    ``future``, under exactly those ``__future__`` flags (else under this module's)."""
    data = source.encode("utf-8", "surrogatepass") if isinstance(source, str) else source
    # Named by the file name too: two of PySide6's modules have the very same source.
    checksum = zlib.crc32(data, zlib.crc32(filename.encode("utf-8", "surrogatepass")))
    name = f"code-{checksum:08x}-{len(data)}{'' if future is None else f'-{future:x}'}.bin"
    kept = read_kept(name)
    if kept is not None and len(kept) == 2:
        kept_source, code = kept
        if kept_source == source and isinstance(code, CodeType) and code.co_filename == filename:
            return code
    code = _compile(source, filename, "exec") if future is None else _compile(source, filename, "exec", future, True)
    keep(name, (source, code))
    return code


def read_kept(name: str) -> tuple | None:
    """What ``keep`` wrote as ``name`` for this interpreter, or None."""
    try:
        kept = marshal.loads((paths.data_dir_path() / FOLDER / name).read_bytes())
    except (OSError, ValueError, EOFError, TypeError, RuntimeError):  # RuntimeError: no home folder
        return None  # none yet, or damaged: made and written anew
    if isinstance(kept, tuple) and kept[:1] == (_TAG,):
        return kept[1:]
    return None  # another interpreter's


def keep(name: str, payload: tuple) -> None:
    """``payload`` kept as ``name`` for this interpreter, or not at all (the next run makes it again)."""
    try:
        folder = paths.data_dir() / FOLDER
        folder.mkdir(exist_ok=True)
        write_cache(folder / name, marshal.dumps((_TAG, *payload)))
    except (OSError, ValueError, RuntimeError):  # kept next time, perhaps
        pass
