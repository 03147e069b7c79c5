"""``python -m desktop_app`` and the PyInstaller bundle's entry."""

import gc
import os
import sys

# The cyclic collector walks every object the imports made, again and again, and frees nothing
# of theirs: a command is a short batch run, and runs without it (10 M of a render's 545 M
# instructions, 2 s of a 20,000-row render's 12, the same peak memory: reference counting still
# frees everything as it goes); the window, which runs for hours, turns it on once it has been
# painted (``gui.app``: 20 M of its start's 1,063 M instructions).
gc.disable()

from desktop_app.cli import is_command, main, run_kind  # noqa: E402
from desktop_app.core.patterncache import keep_patterns, prime_patterns  # noqa: E402


def _exit_now(status: int) -> None:
    """End a finished command without interpreter teardown, which only frees memory the process
    is giving back anyway (30-70 ms). Its output is written (files atomically, then closed);
    the streams and the log are flushed here. If a stream cannot be flushed (a closed pipe),
    return: the usual exit then reports it as before."""
    try:
        for stream in (sys.stdout, sys.stderr):
            if stream is not None:  # a windowed bundle has no console
                stream.flush()
    except (OSError, ValueError):
        return
    if "logging" in sys.modules:  # imported only if something was logged (core.lazylog)
        sys.modules["logging"].shutdown()
    os._exit(status)


if __name__ == "__main__":
    argv = sys.argv[1:]
    if argv[:1] == ["--self-test"]:
        gc.enable()
    kind = run_kind(argv)
    kept = kind != "self-test"  # which leaves the clerk's data folder as it found it
    if kept:
        prime_patterns(kind)  # before the imports that compile patterns: see core.patterncache
    status = main(argv)
    if kept:
        keep_patterns(kind)
    if is_command(argv):
        _exit_now(status)
    sys.exit(status)
