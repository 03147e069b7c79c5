"""Stack traces go to a log file in the user's data folder, never to the clerk's screen.

The file is set up when the program first logs (``core.lazylog``): a command that succeeds
never imports logging.
"""

from __future__ import annotations

import os

from . import paths
from .core.lazylog import LazyLogger, when_logging

log = LazyLogger("desktop_app")
MAX_LOG_BYTES = 1_000_000
_crash_file = None  # kept open for the life of the process: faulthandler writes to its descriptor


def setup_logging() -> None:
    when_logging(_setup)


def fix_log_file() -> None:
    """The log set up now, its file in the data folder as it is at this moment (it opens only
    when something is written). The self-test swaps the data folder for a scratch one: a failure
    logged then would otherwise set the log up in the scratch folder, which is deleted (and was
    made anew by the log, left behind in the temporary folder)."""
    setup_logging()
    log.getEffectiveLevel()  # the logger's first use runs the set-up


def _setup() -> None:
    import logging

    logger = logging.getLogger("desktop_app")
    if logger.handlers:
        return
    logger.setLevel(logging.INFO)
    try:
        # A file name that is not UTF-8 (a zip from a Chinese Windows) reaches the log as lone
        # surrogates: written escaped, never a "Logging error" on the clerk's terminal.
        handler: logging.Handler = logging.FileHandler(_rotated(paths.log_path()), encoding="utf-8",
                                                       errors="backslashreplace", delay=True)
    except OSError:
        handler = logging.NullHandler()  # an unwritable profile must not stop the program
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    logger.addHandler(handler)


def _rotated(path):
    """The log, with an old one over the size limit moved aside when the process first logs.

    Rotating then rather than with logging.handlers keeps that module (and socket,
    pickle, queue, which it imports) out of every start of the program: ~20 ms.
    """
    try:
        if path.stat().st_size > MAX_LOG_BYTES:
            os.replace(path, path.with_name(path.name + ".1"))
    except OSError:
        pass  # no log yet, or it cannot be moved: keep appending
    return path


def crash_traces_to_log() -> bool:
    """A crash below Python (a segmentation fault in Qt) writes its Python stacks to the log
    file, where nothing would be left otherwise: a windowed program has no console to print
    them on. False when they go elsewhere: the log cannot be opened (the program runs on
    without), or whoever started the program already chose where."""
    import faulthandler

    global _crash_file
    if _crash_file is not None:
        return True
    if faulthandler.is_enabled():
        return False  # sent elsewhere already by whoever runs it (python -X faulthandler, pytest)
    try:
        _crash_file = open(_rotated(paths.log_path()), "a", encoding="utf-8")  # noqa: SIM115 (held open)
    except OSError:
        return False
    faulthandler.enable(_crash_file, all_threads=True)
    return True
