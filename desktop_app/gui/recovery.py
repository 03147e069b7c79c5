"""Crash recovery: what was typed but is not safe in a draft file lives in the data folder.

Each window owns one slot (``recovery/<id>.jxmb`` with ``<id>.json`` naming the draft it belongs
to and the state that draft was in when the window last wrote or read it), locked while the
window lives. A slot whose lock is free at start-up belonged to a copy of the program that did
not close normally: its content is offered back to the clerk. A copy that cannot be read is
never deleted: it is moved to ``recovery/unusable/`` and the clerk is told where.
"""

from __future__ import annotations

import json
import shutil
import uuid
from pathlib import Path

from .. import paths
from ..core import draftfile, locks
from ..core.draftfile import file_state
from ..core.errors import FormError
from ..core.files import write_file_atomically
from ..core.model import FormBase
from ..core.record import Record
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
        try:
            self._lock, _ = locks.try_lock(folder / f"{self.id}.lock")
        except (OSError, locks.NotALock) as err:
            # The copy is still kept; only another window could take its slot as abandoned.
            log.warning("recovery slot %s has no lock: %s", self.id, err)
            self._lock = None
        self._writer = draftfile.DraftWriter(self.draft_path)

    def write(self, form: FormBase, original: Path | None, original_state: list | None = None) -> bool:
        """Keeps a copy of ``form``; False (and a log line) if even the data folder fails.
        ``original_state``: the draft's ``file_state`` when its content was last known to this
        window, so a recovery can tell whether someone changed it since."""
        meta = json.dumps({"original": str(original) if original else None, "original_state": original_state},
                          ensure_ascii=False)
        try:
            try:
                self._writer.save(form)
            except draftfile.DraftError:
                # The copy was deleted or replaced from outside (a cleaner, the clerk): the writer
                # rightly refuses to recreate a draft that vanished, but this slot is ours.
                self._writer.close()
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
        self._writer.close()
        for path in (self.draft_path, self.meta_path):
            try:
                path.unlink(missing_ok=True)
            except OSError:
                pass
        self._writer = draftfile.DraftWriter(self.draft_path)

    def close(self) -> None:
        self.discard()
        if self._lock is not None:
            self._lock.release()


class Recovered(Record, frozen=False):
    slot_id: str
    draft_path: Path
    original: Path | None
    original_state: list | None
    lock: locks.Lock

    def load(self) -> FormBase:
        return draftfile.load_draft(self.draft_path)

    def original_changed(self) -> bool:
        """Whether the draft this copy belongs to was changed (or replaced) since the crashed
        window last read or wrote it."""
        return self.original is not None and file_state(self.original) != self.original_state

    def discard(self) -> None:
        for path in (self.draft_path, self.draft_path.with_suffix(".json")):
            try:
                path.unlink(missing_ok=True)
            except OSError:
                pass
        self.lock.release()

    def keep_aside(self) -> Path:
        """Moves a copy that cannot be used out of the way, never deleting it; where it went."""
        folder = recovery_dir() / "unusable"
        folder.mkdir(exist_ok=True)
        target = folder / self.draft_path.name
        for path in (self.draft_path, self.draft_path.with_suffix(".json")):
            try:
                shutil.move(str(path), str(folder / path.name))
            except OSError as err:
                log.warning("could not move %s aside: %s", path, err)
        self.lock.release()
        return target


def pending() -> list[Recovered]:
    """Copies left behind by windows that did not close normally (their lock is free)."""
    found = []
    for draft in sorted(recovery_dir().glob("*.jxmb"), key=lambda p: p.stat().st_mtime):
        try:
            lock, _holder = locks.try_lock(draft.with_suffix(".lock"))
        except (OSError, locks.NotALock) as err:  # not ours to take: left alone, never offered
            log.warning("recovery copy %s not offered: %s", draft.name, err)
            continue
        if lock is None:
            continue  # a running window owns it
        original, state = None, None
        try:
            meta = json.loads(draft.with_suffix(".json").read_text(encoding="utf-8"))
            original = Path(meta["original"]) if meta.get("original") else None
            state = meta.get("original_state")
        except (OSError, ValueError, KeyError, TypeError):
            pass
        found.append(Recovered(draft.stem, draft, original, state, lock))
    return found
