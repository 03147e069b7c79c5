"""The life of a window's draft: where it is bound, what is unsaved, saving, Save As, the
recovery copy. One object with one signal; the window shows ``state`` through
``window_state.window_text`` and asks the clerk what the controller cannot decide."""

from __future__ import annotations

import time
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal

from ..core import identity
from ..core.draftfile import DraftChanged, DraftError, Known, file_state, table_rows
from ..core.model import FormBase
from ..logsetup import log
from .document import FormDocument
from .session import DraftSession
from .window_state import DraftState

if TYPE_CHECKING:  # the recovery folder and the JSON reader are wanted only once a file is
    from .recovery import Recovered, RecoverySlot


class DraftController(QObject):
    stateChanged = Signal()

    def __init__(self, document: FormDocument, parent: QObject | None = None):
        super().__init__(parent)
        self.document = document
        self.session = DraftSession()
        self._slot: RecoverySlot | None = None
        self._imported_from: Path | None = None
        self._recovered = False
        self._dirty = False
        self._save_error: str | None = None
        self._conflict = False                  # the draft was changed outside since we read it
        self._recovery_copy: bool | None = None
        self._last_saved: str | None = None
        self._draft_state: list | None = None  # the draft file as this window last read or wrote it
        self._loading = False
        # Reviewing a received file: the window is bound to a working copy, the file stays as
        # received (``core.reviewing``); the content is read-only until ``unlocked``.
        self.received: Path | None = None
        self.inbox: Path | None = None
        self.unlocked = False
        document.changed.connect(self._changed)

    # -- state --------------------------------------------------------------------------

    @property
    def form(self) -> FormBase:
        return self.document.form

    @property
    def state(self) -> DraftState:
        return DraftState(
            form_title=self.form.spec.title, path=self.session.path, imported_from=self._imported_from,
            has_content=self.form != self.form.model.new(), dirty=self._dirty, recovered=self._recovered,
            read_only_reason=self.session.read_only_reason, save_warning=self.session.save_warning,
            save_error=self._save_error, conflict=self._conflict, recovery_copy=self._recovery_copy,
            last_saved=self._last_saved, reviewing=self.received, unlocked=self.unlocked)

    @property
    def read_only(self) -> bool:
        return self.session.read_only

    @property
    def save_error(self) -> str | None:
        return self._save_error

    @property
    def unsaved(self) -> bool:
        return self.state.unsaved

    @property
    def saved(self) -> bool:
        """The edits are all in the bound draft file."""
        return self.session.path is not None and not self._dirty

    def is_pristine(self) -> bool:
        """Nothing to lose: an untitled window nobody has typed into."""
        return (self.session.path is None and self._imported_from is None
                and self.form == self.form.model.new())

    @property
    def source(self) -> Path | None:
        """The file the form came from: its draft, or the JSON it was imported from."""
        return self.session.path or self._imported_from

    @property
    def loading(self) -> bool:
        """A whole form is being put in place (open, recover): not an edit."""
        return self._loading

    @property
    def content_locked(self) -> bool:
        """The content may not be typed into: a review that has not been unlocked."""
        return self.received is not None and not self.unlocked

    def _changed(self) -> None:
        if self._loading:
            return
        if self.received is None and self.form.identity.returned:
            # The clerk starts changing a copy sent back: the clerk's side's hand-over.
            self.form.identity = identity.resubmitted(self.form.identity)
        self._dirty = True
        self.stateChanged.emit()

    def replace_form(self, form: FormBase) -> None:
        self._loading = True
        try:
            self.document.replace(form)
        finally:
            self._loading = False
        self.stateChanged.emit()  # not an edit, but the title names the form, which may be another

    # -- opening ------------------------------------------------------------------------

    def open(self, path: Path) -> tuple[FormBase, list | None]:
        """Reads ``path`` (``FormError`` if it cannot be used), with the file's state before the
        read; ``bind`` then takes it over."""
        from ..core.files import load_form

        state = file_state(path)
        return load_form(path), state

    def bind(self, path: Path, form: FormBase, state: list | None = None) -> None:
        from ..core.files import is_imported_path

        self.end_session()
        if is_imported_path(path):
            self._imported_from = path
        else:
            # The writer starts from what was read: its first save writes only what changed,
            # and it notices if someone else wrote the file in between.
            self.session.attach(path, Known(table_rows(form), state) if state is not None else None)
        self._dirty = False
        self._save_error = None
        self._conflict = False
        self._recovered = False
        self._draft_state = file_state(self.session.path)
        self.replace_form(form)
        self.stateChanged.emit()

    def bind_review(self, work: Path, form: FormBase, state: list | None, received: Path,
                    inbox: Path | None = None) -> None:
        """Binds to ``work``, the working copy of the review of ``received``."""
        self.bind(work, form, state)
        self.received, self.inbox, self.unlocked = Path(received), inbox, False
        self.stateChanged.emit()

    def unlock(self) -> None:
        self.unlocked = True
        self.stateChanged.emit()

    def adopt_recovered(self, entry: Recovered, form: FormBase, draft: Path | None = None) -> None:
        """Takes over what a crashed window had typed, bound to ``draft`` (by default the draft it
        belonged to, if it is still there and free); it is written out again at once."""
        self.end_session()
        draft = draft if draft is not None else entry.original
        if draft is not None and draft.exists():
            self.session.attach(draft)
            if self.session.read_only:
                self.session.release()
        self._recovered = True
        self.replace_form(form)
        self._dirty = True
        self.save_now()
        entry.discard()
        self.stateChanged.emit()

    def end_session(self) -> None:
        self.session.release()
        self._imported_from = None
        self.received = self.inbox = None
        self.unlocked = False
        if self._slot is not None:
            self._slot.discard()
        self._recovery_copy = None

    # -- saving -------------------------------------------------------------------------

    @property
    def slot(self) -> RecoverySlot | None:
        """This window's recovery slot, made on first need; None if the data folder is unusable."""
        if self._slot is None:
            from .recovery import RecoverySlot

            try:
                self._slot = RecoverySlot()
            except OSError as err:
                log.warning("no recovery slot: %s", err)
        return self._slot

    def save_now(self) -> bool:
        """Writes pending edits: to the draft if there is one, else (or if that fails) to the
        recovery copy. True when the edits are safe in the draft file."""
        if self.read_only:
            return False
        if self.session.path is not None and self._dirty:
            try:
                identity.ensure(self.form)  # a form saved before identities gets one now
                self.session.save(self.form, self.document.take_touched())
                self._saved_to_draft()
            except DraftChanged as err:
                self._save_error, self._conflict = err.message, True
                log.warning("not saved: %s", err.message)
            except DraftError as err:
                self._save_error = err.message
                log.warning("save failed: %s", err.message)
        if self.unsaved:
            slot = self.slot
            self._recovery_copy = slot is not None and slot.write(self.form, self.session.path, self._draft_state)
        self.stateChanged.emit()
        return self.saved

    def overwrite(self) -> bool:
        """After the clerk chose the window's version over a change made outside: write it."""
        try:
            self.session.save(self.form, overwrite=True)
        except DraftError as err:
            self._save_error = err.message
            self.stateChanged.emit()
            return False
        self._saved_to_draft()
        self.stateChanged.emit()
        return True

    def _saved_to_draft(self) -> None:
        self._draft_state = file_state(self.session.path)
        self._dirty = False
        self._save_error = None
        self._conflict = False
        self._last_saved = time.strftime("%H:%M:%S")
        self._recovery_copy = None
        if self._slot is not None:
            self._slot.discard()

    def mark_dirty(self) -> None:
        """An explicit save always writes."""
        self._dirty = True

    def save_as(self, target: Path) -> None:
        """A complete copy at ``target``, then bound to it; ``DraftError`` on failure."""
        identity.ensure(self.form)
        try:
            self.session.save_as(self.form, target)
        finally:
            self.stateChanged.emit()
        self._imported_from = None
        self.received = self.inbox = None  # a copy of its own: no longer the review of a received file
        self.unlocked = False
        self._recovered = False
        self._saved_to_draft()
        self.stateChanged.emit()

    def emergency_save(self) -> None:
        """After an unexpected error: put what is typed somewhere safe, whatever else fails."""
        try:
            self._dirty = self._dirty or self.session.path is None
            self.save_now()
        except Exception:  # the hook that calls this must not fail in turn
            log.exception("emergency save failed")

    def close(self) -> None:
        self.session.release()
        if self._slot is not None:
            self._slot.close()
            self._slot = None
