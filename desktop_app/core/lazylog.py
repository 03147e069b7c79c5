"""Loggers made when first used.

``logging`` and what it imports (traceback, string, threading…) are some 5 ms of every command,
and the program writes to its log only when something goes wrong: a ``LazyLogger`` stands for
``logging.getLogger(name)`` and imports logging the first time it is asked anything.
"""

from __future__ import annotations

_before_first_use: list = []  # set-ups of the logging tree (``when_logging``), run once
_in_use = False


def when_logging(setup) -> None:
    """Runs ``setup`` before any LazyLogger is first used (now, if one has been)."""
    if _in_use:
        setup()
    else:
        _before_first_use.append(setup)


class LazyLogger:
    """``logging.getLogger(name)`` on first use; ``quiet`` adds a NullHandler, as a library
    does, so that a caller without a log set up sees nothing on stderr."""

    def __init__(self, name: str, quiet: bool = False):
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "_quiet", quiet)
        object.__setattr__(self, "_logger", None)

    def _get(self):
        global _in_use
        logger = self._logger
        if logger is None:
            import logging

            _in_use = True
            while _before_first_use:
                _before_first_use.pop(0)()
            logger = logging.getLogger(self._name)
            if self._quiet:
                logger.addHandler(logging.NullHandler())
            object.__setattr__(self, "_logger", logger)
        return logger

    def __getattr__(self, name):
        return getattr(self._get(), name)

    def __setattr__(self, name, value):
        raise AttributeError(f"set {name} on logging.getLogger({self._name!r}), not on its stand-in")
