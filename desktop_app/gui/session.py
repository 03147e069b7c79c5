"""The draft a window is bound to: where it lives, who may write it, and saving it.

Autosave writes through the core's ``DraftWriter`` (only what changed since the last save).
A failed save never touches the form in memory: the caller keeps the edits, says why in
Chinese and offers Save As.
"""

from __future__ import annotations

from pathlib import Path

from ..core import draftfile, locks
from ..core.draftfile import DraftError
from ..core.model import FormBase
from ..core.targets import check_target


class DraftSession:
    def __init__(self):
        self.path: Path | None = None
        self.read_only_reason: str | None = None
        self.save_warning: str | None = None   # known before any save that this place will fail
        self._lock: locks.Lock | None = None
        self._writer: draftfile.DraftWriter | None = None

    @property
    def read_only(self) -> bool:
        return self.read_only_reason is not None

    def attach(self, path: Path, known: draftfile.Known | None = None) -> None:
        """Binds to the draft at ``path`` (existing or about to be written) and takes its lock;
        ``known``: what it holds, as just read or written."""
        self.release()
        self.path = Path(path).resolve()
        result = locks.acquire(self.path)
        self._lock = result.lock
        self.read_only_reason = result.read_only_reason
        self.save_warning = result.save_warning
        self._writer = draftfile.DraftWriter(self.path, known)

    def heartbeat(self) -> None:
        if self._lock is not None:
            self._lock.heartbeat()

    def release(self) -> None:
        if self._lock is not None:
            self._lock.release()
        if self._writer is not None:
            self._writer.close()
        self._lock = None
        self.path = None
        self.read_only_reason = None
        self.save_warning = None
        self._writer = None

    def save(self, form: FormBase, touched: draftfile.Touched | None = None, overwrite: bool = False) -> None:
        """Writes the form to the bound draft; ``DraftError`` (a Chinese message) on failure,
        ``DraftChanged`` if someone else changed the file since (unless ``overwrite``)."""
        if self.path is None or self._writer is None:
            raise DraftError("尚未选择保存位置")
        if self.read_only:
            raise DraftError(self.read_only_reason)
        self._writer.save(form, touched, overwrite)
        self.save_warning = None  # it did take the save after all

    def save_as(self, form: FormBase, target: Path) -> None:
        """A complete, self-contained copy at ``target`` (a fresh file, so no old pages of an
        earlier file travel along when it is e-mailed), then binds to it."""
        target = Path(target)
        if target.suffix.lower() != draftfile.EXTENSION:
            target = target.with_name(target.name + draftfile.EXTENSION)
        target = check_target(target, draft=True).resolve()
        if target != self.path:
            probe = locks.acquire(target)
            if probe.read_only_reason:
                raise DraftError(probe.read_only_reason)
            if probe.lock is not None:
                probe.lock.release()
        draftfile.write_fresh_draft(target, form)
        self.attach(target, draftfile.Known(draftfile.table_rows(form), draftfile.file_state(target)))
