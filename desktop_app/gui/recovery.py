"""Crash recovery: what was typed but is not safe in a draft file lives in the data folder.

Each window owns one slot (``recovery/<id>.jxmb`` with ``<id>.json`` naming the draft it belongs
to), locked while the window lives. A slot whose lock is free at start-up belonged to a copy
of the program that did not close normally: its content is offered back to the clerk.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QLockFile

from .. import paths
from ..core import draftfile
from ..core.errors import FormError
from ..core.files import write_file_atomically
from ..core.model import FormBase
from ..logsetup import log


def recovery_dir() -> Path:
    folder = paths.data_dir() / "recovery"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class RecoverySlot:
    def __init__(self, slot_id: str | None = None):
        self.id = slot_id or uuid.uuid4().hex
        folder = recovery_dir()
        self.draft_path = folder / f"{self.id}.jxmb"
        self.meta_path = folder / f"{self.id}.json"
        self._lock = QLockFile(str(folder / f"{self.id}.lock"))
        self._lock.setStaleLockTime(0)
        self._lock.tryLock(0)
        self._writer = draftfile.DraftWriter(self.draft_path)

    def write(self, form: FormBase, original: Path | None) -> bool:
        """Keeps a copy of ``form``; False (and a log line) if even the data folder fails."""
        meta = json.dumps({"original": str(original) if original else None}, ensure_ascii=False)
        try:
            try:
                self._writer.save(form)
            except draftfile.DraftError:
                # The copy was deleted or replaced from outside (a cleaner, the clerk): the writer
                # rightly refuses to recreate a draft that vanished, but this slot is ours.
                self._writer = draftfile.DraftWriter(self.draft_path)
                self.draft_path.unlink(missing_ok=True)
                self._writer.save(form)
            write_file_atomically(self.meta_path, meta.encode("utf-8"))
            return True
        except (FormError, OSError) as err:
            log.warning("recovery copy failed: %s", getattr(err, "message", err))
            return False

    @property
    def has_copy(self) -> bool:
        return self.draft_path.exists()

    def discard(self) -> None:
        for path in (self.draft_path, self.meta_path):
            try:
                path.unlink(missing_ok=True)
            except OSError:
                pass
        self._writer = draftfile.DraftWriter(self.draft_path)

    def close(self) -> None:
        self.discard()
        self._lock.unlock()


@dataclass
class Recovered:
    slot_id: str
    draft_path: Path
    original: Path | None
    lock: QLockFile

    def load(self) -> FormBase:
        return draftfile.load_draft(self.draft_path)

    def discard(self) -> None:
        for path in (self.draft_path, self.draft_path.with_suffix(".json")):
            try:
                path.unlink(missing_ok=True)
            except OSError:
                pass
        self.lock.unlock()


def pending() -> list[Recovered]:
    """Copies left behind by windows that did not close normally (their lock is free)."""
    found = []
    for draft in sorted(recovery_dir().glob("*.jxmb"), key=lambda p: p.stat().st_mtime):
        lock = QLockFile(str(draft.with_suffix(".lock")))
        lock.setStaleLockTime(0)
        if not lock.tryLock(0):
            continue  # a running window owns it
        original = None
        try:
            meta = json.loads(draft.with_suffix(".json").read_text(encoding="utf-8"))
            original = Path(meta["original"]) if meta.get("original") else None
        except (OSError, ValueError, KeyError, TypeError):
            pass
        found.append(Recovered(draft.stem, draft, original, lock))
    return found
