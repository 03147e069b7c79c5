"""A review of a received draft, kept apart from it: what the clerk sent stays as it was sent.

The reviewer's comments and verdict are saved, while the review goes on, in a working copy in
the program's data folder (``working_copy``: one per received file, by its bytes, so opening
the same file again goes on with the same review). 退回 writes the returned copy — the content,
the comments and verdict, the identity advanced (``identity.handed_back``) — to the return
folder (``default_return_folder``: 已退回 beside the inbox), under the received file's name.
When the resubmission comes back, ``find_returned`` finds the copy it answers.
"""

from __future__ import annotations

import copy
import hashlib
from pathlib import Path

from . import identity
from .errors import FormError
from .fileerrors import quoted, reason
from .model import FormBase

RETURN_FOLDER_NAME = "已退回"
WORKING_FOLDER_NAME = "reviewing"
_CHUNK = 1 << 20


def default_return_folder(inbox: Path) -> Path:
    """已退回 beside the inbox (not in it: the inbox lists its subfolders too)."""
    inbox = Path(inbox)
    return inbox.parent / RETURN_FOLDER_NAME


def file_key(path: Path) -> str:
    """What names a received file's review: a digest of its bytes (a file renamed or copied
    is the same file; one the clerk sent again with any change is a new one)."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as fh:
            for chunk in iter(lambda: fh.read(_CHUNK), b""):
                digest.update(chunk)
    except OSError as err:
        raise FormError(f"无法读取文件 {quoted(Path(path).name, 80)}：{reason(err)}") from None
    return digest.hexdigest()[:32]


def working_copy(data_dir: Path, received: Path) -> Path:
    """Where the review of ``received`` is saved while it goes on."""
    return Path(data_dir) / WORKING_FOLDER_NAME / f"{file_key(received)}.jxmb"


def returned_form(form: FormBase) -> FormBase:
    """The copy that goes back: the form as it is in the review, its identity handed back."""
    back = copy.deepcopy(form)
    back.identity = identity.handed_back(form.identity)
    return back


def return_target(folder: Path, received_name: str, form: FormBase) -> Path:
    """The returned copy's file in ``folder``: the received file's name, as a draft. A file of
    that name already there is replaced only if it is a copy of the same form (returned
    before); otherwise the copy gets a name of its own beside it."""
    from .files import beside, load_form

    name = Path(received_name)
    target = Path(folder) / (name.stem + ".jxmb")
    if not target.exists():
        return target
    try:
        there = load_form(target)
        if form.identity.form_id and there.identity.form_id == form.identity.form_id:
            return target
    except FormError:
        pass
    return beside(target, "（退回）")


def find_returned(folder: Path, form_id: str, before_revision: int) -> Path | None:
    """In ``folder``, the returned copy a file of ``form_id`` at ``before_revision`` answers:
    the copy of that form of the highest revision below it; None if there is none."""
    from . import inbox

    if not form_id or not Path(folder).is_dir():
        return None
    best: tuple[int, float, Path] | None = None
    try:
        files, _ = inbox.list_files(Path(folder))
    except FormError:
        return None
    for path in files:
        entry = inbox.read_entry(path, Path(folder))
        if entry.status != inbox.OK or entry.form_id != form_id or entry.revision >= before_revision:
            continue
        key = (entry.revision, entry.modified or 0, path)
        if best is None or key[:2] > best[:2]:
            best = key
    return best[2] if best is not None else None
