"""Regular expressions kept compiled between runs, per kind of run (the window, each command).

Python parses and compiles a pattern in Python code, and the modules a run imports compile theirs
as they load: PySide6's signature support 18 patterns, 128 M instructions of every window's
start; the standard library's and reportlab's some 20 M of a render. What ``re`` hands its C
engine for each (``_sre.compile``: the pattern, its flags, the engine's code, its groups) is kept
in the data folder beside the generated code (``core.codecache``), and put in ``re``'s own cache
when the next run of that kind starts (``__main__``), so that ``re.compile`` finds it there. The
engine checks the code before it takes it, and a pattern is kept only if what is kept rebuilds the
very pattern ``re`` made.
"""

from __future__ import annotations

import re
import zlib

from .codecache import keep, read_kept

_PRIMED: dict[str, dict[tuple, tuple]] = {}  # kind -> the patterns put in re's cache, by re's key
KEPT_PATTERNS = 300  # per kind of run, the latest kept
SEEN_PATTERNS = 200  # per kind of run, the latest met once


def prime_patterns(kind: str) -> None:
    """Puts the patterns kept for runs of ``kind`` (a command's name, or the window) in ``re``'s
    cache. Does nothing where ``re`` keeps no such cache (another Python than 3.11-3.13)."""
    if not kind.replace("-", "").isalpha():
        raise ValueError(kind)  # a name in a file name
    cache = getattr(re, "_cache", None)
    kept = read_kept(f"re-{kind}.bin")
    primed = _PRIMED.setdefault(kind, {})
    if not isinstance(cache, dict) or kept is None or len(kept) != 1 or not isinstance(kept[0], list):
        return
    for entry in kept[0]:
        try:
            (kind_of_text, text, flags), arguments = entry
            key = (str if kind_of_text == "str" else bytes, text, flags)
            if not (isinstance(text, key[0]) and arguments[0] == text):
                continue
            compiled = _sre_compile(*arguments)
            # A pattern compiled before this (by a module the entry point imports) stays kept,
            # but only if it is the very one: else each run would find it new and write again.
            if key not in cache:
                cache[key] = compiled
            elif cache[key] != compiled:
                continue
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
    kept_seen = read_kept(f"re-{kind}.seen")
    seen = kept_seen[0] if kept_seen is not None and len(kept_seen) == 1 and isinstance(kept_seen[0], list) else []
    any_kept = False
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
            any_kept = True
    if any_kept:
        entries = [(("str" if key[0] is str else "bytes", key[1], key[2]), list(arguments))
                   for key, arguments in primed.items()]
        keep(f"re-{kind}.bin", (entries[-KEPT_PATTERNS:],))
    if first_time:
        keep(f"re-{kind}.seen", ([*seen, *first_time][-SEEN_PATTERNS:],))


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
