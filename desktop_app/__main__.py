"""``python -m desktop_app`` and the PyInstaller bundle's entry."""

import os
import sys

from desktop_app.cli import is_command, main


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
    status = main(argv)
    if is_command(argv):
        _exit_now(status)
    sys.exit(status)
