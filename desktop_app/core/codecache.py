"""The compiled code the program generates, kept between runs: a form's classes
(``model.build_model``) and a record class's ``__init__`` (``record``).

The same source is compiled in every run that opens or prints a form (the window's start and
every command): 7 M instructions for the seed's form's classes, and a render compiles nine
records' ``__init__`` too. The compiled code is kept beside the program's other data, as Python
keeps a module's in ``__pycache__``, and read back when the source and the interpreter are the
same (the file holds both, compared in full: nothing rests on a hash). A file that cannot be read
or written only means compiling again.

Regular expressions too (``prime_patterns``, ``keep_patterns``): Python parses and compiles a
pattern in Python code, and the modules a run imports compile theirs as they load (PySide6's
signature support, 18 patterns and 128 M instructions of every window's start; the standard
library's and reportlab's, some 40 M of a render). What ``re`` hands its C engine for each
(``_sre.compile``: the pattern, its flags, the engine's code, its groups) is kept per kind of run
when it ends, and put in ``re``'s own cache when the next run of that kind starts, so that
``re.compile`` finds it there. The engine checks the code before it takes it, and a pattern is
kept only if what is kept rebuilds the very pattern ``re`` made.
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


_PRIMED: dict[str, dict[tuple, tuple]] = {}  # kind -> the patterns put in re's cache, by re's key
KEPT_PATTERNS = 300  # per kind of run, the latest kept
SEEN_PATTERNS = 200  # per kind of run, the latest met once


def prime_patterns(kind: str) -> None:
    """Puts the patterns kept for runs of ``kind`` (a command's name, or the window) in ``re``'s
    cache. Does nothing where ``re`` keeps no such cache (another Python than 3.11-3.13)."""
    if not kind.replace("-", "").isalpha():
        raise ValueError(kind)  # a name in a file name
    cache = getattr(re, "_cache", None)
    kept = _kept(f"re-{kind}.bin")
    primed = _PRIMED.setdefault(kind, {})
    if not isinstance(cache, dict) or kept is None or len(kept) != 1 or not isinstance(kept[0], list):
        return
    for entry in kept[0]:
        try:
            (kind_of_text, text, flags), arguments = entry
            key = (str if kind_of_text == "str" else bytes, text, flags)
            if isinstance(text, key[0]) and arguments[0] == text and key not in cache:
                cache[key] = _sre_compile(*arguments)
                primed[key] = tuple(arguments)
        except Exception:  # damaged, or refused by the engine's check of its code: compiled when used
            continue


def keep_patterns(kind: str) -> None:
    """Keeps, for the next run of ``kind``, the patterns ``re`` compiled in this one that were
    not put in its cache at the start, once a run of that kind has met them before: a pattern
    made afresh in each run (reportlab joins a set of names, in an order that changes from run
    to run with Python's string hashing) is not compiled a second time to be kept for nothing."""
    cache = getattr(re, "_cache", None)
    if not isinstance(cache, dict):
        return
    primed = _PRIMED.setdefault(kind, {})
    new = [(key, compiled) for key, compiled in list(cache.items())
           if key not in primed and isinstance(key, tuple) and len(key) == 3 and key[0] in (str, bytes)]
    if not new:
        return
    kept_seen = _kept(f"re-{kind}.seen")
    seen = kept_seen[0] if kept_seen is not None and len(kept_seen) == 1 and isinstance(kept_seen[0], list) else []
    keep = False
    first_time = []
    for key, compiled in new:
        mark = f"{zlib.crc32(repr(key).encode('utf-8', 'surrogatepass')):08x}-{len(key[1])}"
        if mark not in seen:
            first_time.append(mark)
            continue
        try:
            arguments = _engine_arguments(key[1], key[2])
            same = _sre_compile(*arguments) == compiled  # equal: the same pattern, flags and engine code
        except Exception:  # another Python's re internals: compiled in each run
            continue
        if same:
            primed[key] = arguments
            keep = True
    if keep:
        entries = [(("str" if key[0] is str else "bytes", key[1], key[2]), list(arguments))
                   for key, arguments in primed.items()]
        _keep(f"re-{kind}.bin", (entries[-KEPT_PATTERNS:],))
    if first_time:
        _keep(f"re-{kind}.seen", ([*seen, *first_time][-SEEN_PATTERNS:],))


def _kept(name: str) -> tuple | None:
    """What ``_keep`` wrote as ``name`` for this interpreter, or None."""
    try:
        kept = marshal.loads((paths.data_dir_path() / FOLDER / name).read_bytes())
    except (OSError, ValueError, EOFError, TypeError, RuntimeError):  # RuntimeError: no home folder
        return None  # none yet, or damaged: made and written anew
    if isinstance(kept, tuple) and kept[:1] == (_TAG,):
        return kept[1:]
    return None  # another interpreter's


def _keep(name: str, payload: tuple) -> None:
    try:
        folder = paths.data_dir() / FOLDER
        folder.mkdir(exist_ok=True)
        write_cache(folder / name, marshal.dumps((_TAG, *payload)))
    except (OSError, ValueError, RuntimeError):  # kept next time, perhaps
        pass


def _engine_arguments(text: str | bytes, flags: int) -> tuple:
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
    import _sre  # type: ignore[import-not-found]  # (re's C engine, which has no stubs)

    return _sre.compile(*arguments)
