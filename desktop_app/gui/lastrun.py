"""After a crash, the next start says so: the program stopped unexpectedly, and the log file
(where it is) holds the details.

Each running copy of the program holds a lock in ``runs/`` of the data folder for as long as it
runs and lets it go when it ends normally. A lock found free at start-up belonged to a copy that
did not end normally (it crashed, or was killed); a copy still running holds its own, so two
copies side by side say nothing of each other.
"""

from __future__ import annotations

import uuid

from PySide6.QtWidgets import QApplication, QWidget

from .. import paths
from ..core import locks
from ..logsetup import log

_held: list = []  # this copy's lock, while it runs


def _folder():
    folder = paths.data_dir() / "runs"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def stopped_runs() -> int:
    """How many earlier copies of the program ended without closing; their marks are removed."""
    count = 0
    for path in sorted(_folder().glob("*.lock")):
        if _held and path == _held[0].path:
            continue
        try:
            lock, _ = locks.try_lock(path)
        except OSError:
            continue
        if lock is not None:  # free: its copy is gone
            count += 1
            lock.release()
    return count


def mark_running() -> None:
    """Holds this copy's lock until it quits normally."""
    if _held:
        return
    lock, _ = locks.try_lock(_folder() / f"{uuid.uuid4().hex}.lock")
    if lock is not None:
        _held.append(lock)
        app = QApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(ended_normally)


def ended_normally() -> None:
    while _held:
        _held.pop().release()


def message() -> str:
    return (f"程序上次没有正常退出（意外中止），未保存为草稿的内容如能恢复，将随后询问。"
            f"详细情况已记录在日志文件中：{paths.log_path()}")


def start(window: QWidget) -> None:
    """At start-up, once the window is seen: says whether the last run stopped unexpectedly,
    then marks this one as running."""
    from . import dialogs

    try:
        stopped = stopped_runs()
        mark_running()
    except OSError as err:  # an unusable data folder must not stop the program
        log.warning("cannot tell whether the last run ended normally: %s", err)
        return
    if stopped:
        log.warning("the last run (%d) did not end normally", stopped)
        dialogs.notify(window, message())
