"""The compiled code the program generates, kept between runs: a form's classes
(``model.build_model``) and a record class's ``__init__`` (``record``).

The same source is compiled in every run that opens or prints a form (the window's start and
every command): 7 M instructions for the seed's form's classes, and a render compiles nine
records' ``__init__`` too. The compiled code is kept beside the program's other data, as Python
keeps a module's in ``__pycache__``, and read back when the source and the interpreter are the
same (the file holds both, compared in full: nothing rests on a hash). A file that cannot be read
or written only means compiling again.

Regular expressions too (``pattern``, for ``core.lazyre``): Python parses and compiles a pattern
in Python code, 1-2 M instructions each, and a render met nine. What ``re`` hands its C engine
(``_sre.compile``: the pattern, its flags, the engine's code and the groups) is kept, and the
engine checks that code before it takes it.
"""

from __future__ import annotations

import marshal
import re
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
    name = f"code-{zlib.crc32(source.encode('utf-8')):08x}-{len(source)}.bin"
    kept = _kept(name)
    if kept is not None and len(kept) == 2:
        kept_source, code = kept
        if kept_source == source and isinstance(code, CodeType) and code.co_filename == filename:
            return code
    code = compile(source, filename, "exec")
    _keep(name, (source, code))
    return code


def pattern(text: str, flags: int) -> re.Pattern[str]:
    """``re.compile(text, flags)``, from the kept copy when there is one."""
    flags = int(flags)  # a RegexFlag is no int to marshal
    name = f"re-{zlib.crc32(text.encode('utf-8', 'surrogatepass')):08x}-{len(text)}-{flags}.bin"
    kept = _kept(name)
    if kept is not None and len(kept) == 3 and kept[:2] == (text, flags) and kept[2][0] == text:
        try:
            return _sre_compile(*kept[2])
        except Exception:  # refused by the engine's check of its code: compiled anew
            pass
    compiled = re.compile(text, flags)
    try:
        arguments = _engine_arguments(text, flags)
        same = _sre_compile(*arguments) == compiled  # equal: the same pattern, flags and engine code
    except Exception:  # another Python's re internals: compiled in each run
        same = False
    if same:
        _keep(name, (text, flags, arguments))
    return compiled


def _kept(name: str) -> tuple | None:
    """What ``_keep`` wrote as ``name`` for this interpreter, or None."""
    try:
        kept = marshal.loads((paths.data_dir_path() / FOLDER / name).read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        return None  # none yet, or damaged: made and written anew
    if isinstance(kept, tuple) and kept[:1] == (_TAG,):
        return kept[1:]
    return None  # another interpreter's


def _keep(name: str, payload: tuple) -> None:
    try:
        folder = paths.data_dir() / FOLDER
        folder.mkdir(exist_ok=True)
        write_cache(folder / name, marshal.dumps((_TAG, *payload)))
    except (OSError, ValueError):  # kept next time, perhaps
        pass


def _engine_arguments(text: str, flags: int) -> tuple:
    """What ``re._compiler.compile`` passes ``_sre.compile`` (Python 3.11-3.13)."""
    from re import _compiler, _parser  # type: ignore[attr-defined]

    parsed = _parser.parse(text, flags)
    code = [int(op) for op in _compiler._code(parsed, flags)]  # its opcodes are int subclasses
    groupindex = dict(parsed.state.groupdict)
    indexgroup = [None] * parsed.state.groups
    for name, index in groupindex.items():
        indexgroup[index] = name
    return (text, int(flags | parsed.state.flags), code, parsed.state.groups - 1, groupindex, tuple(indexgroup))


def _sre_compile(*arguments) -> re.Pattern[str]:
    import _sre

    return _sre.compile(*arguments)
