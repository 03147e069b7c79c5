"""A reviewer's folder read on every core: ``review`` of a folder of a thousand drafts spends
nearly all its time reading, checking and fingerprinting each file, one after another, each
independent of the rest (2.8 ms a seed-sized draft on one core).

Worker processes are forked from the command line's process, which has loaded the forms and the
readers already and runs no thread (a fork copies only the calling thread; the window, whose Qt
threads could hold a lock at that moment, reads its folder on one thread of its own). Where a
process cannot be forked (Windows) or the folder is small, the files are read here, in order.
Windows stays in one process: a spawned worker starts a fresh interpreter and builds the forms
again (a pool of two took 1.3–1.7 s to be ready and 0.2 s of CPU each on a loaded Linux machine,
more on Windows), so spawning would pay only from some hundreds of drafts on two cores; one
process reads a seed-sized draft in about 2½ ms.
"""

from __future__ import annotations

import gc
import os
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

from .inbox import Entry, key_amounts, read_entry

# Below this many files starting the workers (some 10 ms each) saves nothing worth having.
PARALLEL_FROM = 64
MAX_WORKERS = 4

_root: Path | None = None  # the folder under review, for the workers (set before they fork)


def workers_for(files: int) -> int:
    """How many processes read ``files`` files here: 1 (this one) unless forking is possible,
    there is more than one core and the folder is large enough."""
    if files < PARALLEL_FROM or sys.platform == "win32" or not hasattr(os, "fork"):
        return 1
    if threading.active_count() > 1:  # a fork would copy a thread's locks, not the thread
        return 1
    return max(1, min(os.cpu_count() or 1, MAX_WORKERS))


def _read(path: Path) -> Entry:
    assert _root is not None  # read_entries sets it before the workers fork
    return read_entry(path, _root)


def read_entries(files: list[Path], root: Path) -> Iterator[Entry]:
    """The summary row of each of ``files``, in their order."""
    workers = workers_for(len(files))
    if workers == 1:
        yield from (read_entry(path, root) for path in files)
        return
    import multiprocessing

    global _root
    _root = root
    key_amounts()  # every form built now, once, not once in each worker
    yield read_entry(files[0], root)  # and the readers imported
    # The inherited objects out of the collector's sight: its passes in a worker would touch
    # (and so copy) every page of them.
    gc.freeze()
    rest = files[1:]
    chunk = max(1, len(rest) // (workers * 8))  # small enough that no worker waits at the end
    with multiprocessing.get_context("fork").Pool(workers) as pool:
        yield from pool.imap(_read, rest, chunksize=chunk)
