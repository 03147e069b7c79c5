"""The compiled code the program generates, kept between runs: a form's classes
(``model.build_model``) and a record class's ``__init__`` (``record``).

The same source is compiled in every run that opens or prints a form (the window's start and
every command): 7 M instructions for the seed's form's classes, and a render compiles nine
records' ``__init__`` too. The compiled code is kept beside the program's other data, as Python
keeps a module's in ``__pycache__``, and read back when the source and the interpreter are the
same (the file holds both, compared in full: nothing rests on a hash). A file that cannot be read
or written only means compiling again.
"""

from __future__ import annotations

import marshal
import sys
import zlib
from pathlib import Path
from types import CodeType

from .. import paths
from .atomic import write_cache

FOLDER = "code-cache"
_TAG = f"{sys.implementation.cache_tag}-{sys.version}"  # marshal's format and the byte code's


def compiled(source: str, filename: str) -> CodeType:
    """``compile(source, filename, "exec")``, from the kept copy when there is one."""
    try:
        path = _folder() / f"code-{zlib.crc32(source.encode('utf-8')):08x}-{len(source)}.bin"
    except OSError:
        return compile(source, filename, "exec")
    try:
        tag, kept_source, code = marshal.loads(path.read_bytes())
        if tag == _TAG and kept_source == source and isinstance(code, CodeType) and code.co_filename == filename:
            return code
    except (OSError, ValueError, EOFError, TypeError):
        pass  # none yet, another version's, or damaged: compiled and written anew
    code = compile(source, filename, "exec")
    try:
        write_cache(path, marshal.dumps((_TAG, source, code)))
    except OSError:
        pass  # kept next time, perhaps
    return code


def _folder() -> Path:
    folder = paths.data_dir() / FOLDER
    folder.mkdir(exist_ok=True)
    return folder
