"""Stack traces go to a log file in the user's data folder, never to the clerk's screen."""

from __future__ import annotations

import logging
import logging.handlers

from . import paths

log = logging.getLogger("desktop_app")


def setup_logging() -> None:
    if log.handlers:
        return
    log.setLevel(logging.INFO)
    try:
        handler = logging.handlers.RotatingFileHandler(paths.log_path(), maxBytes=1_000_000,
                                                       backupCount=2, encoding="utf-8")
    except OSError:
        handler = logging.NullHandler()  # an unwritable profile must not stop the program
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    log.addHandler(handler)
