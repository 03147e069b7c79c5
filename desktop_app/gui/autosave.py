"""When to save: shortly after typing pauses, at the latest a few seconds after the first
unsaved edit, and again a while after a failed save (the disk may come back).

The save itself is the window's; this only decides the moment, on the event loop, never on
the keystroke path.
"""

from __future__ import annotations

from PySide6.QtCore import QObject, QTimer

PAUSE_MS = 600          # after the last keystroke
MAX_DELAY_MS = 5_000    # a clerk who never pauses is still saved this often
RETRY_MS = 15_000       # a failed save is tried again without new edits


class Autosaver(QObject):
    def __init__(self, parent: QObject, save):
        super().__init__(parent)
        self.pause = QTimer(self, singleShot=True, interval=PAUSE_MS, timeout=save)
        self.deadline = QTimer(self, singleShot=True, interval=MAX_DELAY_MS, timeout=save)
        self.retry = QTimer(self, singleShot=True, interval=RETRY_MS, timeout=save)

    def edited(self) -> None:
        self.pause.start()
        if not self.deadline.isActive():
            self.deadline.start()

    def pending(self) -> bool:
        return self.pause.isActive() or self.deadline.isActive()

    def stop(self) -> None:
        for timer in (self.pause, self.deadline, self.retry):
            timer.stop()

    def failed(self) -> None:
        self.retry.start()
