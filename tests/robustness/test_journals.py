"""Journals beside a draft: a generator of the journals a clerk's folder can hold — the draft's
own, left by a crash in the middle of a save; another draft's of the same name (the clerk deleted
it and saved an e-mail attachment in its place); one cut short; garbage. Reading (check, export,
render, opening the window) never changes the draft or the journal and never shows another
draft's content; a save plays back only a journal that fits the draft and puts any other aside."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app import cli, paths
from desktop_app.core import draftfile, jsonio
from desktop_app.core.draftfile import load_draft
from desktop_app.core.fingerprint import fingerprint
from tests.conftest import SEED_PATH, symlink_or_skip

from .support import ROOT, sha256

# In another process: change many rows with a one-page cache, so SQLite writes changed pages into
# the draft before the commit, then die: the draft is half-written and its journal is hot.
_CRASH_MID_SAVE = (
    "import os, sqlite3, sys\n"
    "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
    "c.execute('PRAGMA cache_size=1')\n"
    "c.execute('BEGIN')\n"
    "c.execute(\"UPDATE form SET department = 'HALF'\")\n"
    "c.execute(\"UPDATE indicators SET name = name || '改'\")\n"
    "c.execute(\"UPDATE tasks SET content = content || hex(randomblob(800))\")\n"
    "os._exit(0)\n"
)


def _crash_mid_save(draft: Path) -> None:
    subprocess.run([sys.executable, "-c", _CRASH_MID_SAVE, str(draft)], check=True, timeout=60, cwd=ROOT)


@pytest.fixture(scope="module")
def crashed(tmp_path_factory):
    """A large draft (A) whose save was interrupted: (draft, its journal, its last whole form)."""
    from desktop_app.core import synthetic

    folder = tmp_path_factory.mktemp("crashed")
    draft = folder / "草稿.jxmb"
    form = synthetic.large_form(tasks=30, indicators=200)
    draftfile.save_draft(draft, form)
    _crash_mid_save(draft)
    journal = Path(str(draft) + "-journal")
    assert journal.exists()
    return draft, journal.read_bytes(), form


def _files(draft: Path):
    journal = Path(str(draft) + "-journal")
    return sha256(draft), sha256(journal) if journal.exists() else None


def _read_everyway(draft: Path, tmp: Path, capsys) -> str:
    """What check, export and render and a load make of ``draft``: its fingerprint (all agree)."""
    before = _files(draft)
    state = fingerprint(load_draft(draft))
    assert cli.main(["check", str(draft)]) in (0, 1)
    assert state in capsys.readouterr().out
    assert cli.main(["export", str(draft), "-o", str(tmp / "out.json")]) == 0
    assert fingerprint(jsonio.load(tmp / "out.json")) == state
    assert cli.main(["render", str(draft), "-o", str(tmp / "out.pdf")]) == 0
    assert _files(draft) == before, "a read-only command changed the draft or its journal"
    return state


def test_the_draft_s_own_journal_gives_its_last_whole_save(crashed, tmp_path, capsys):
    source, journal, form = crashed
    draft = tmp_path / source.name
    shutil.copyfile(source, draft)
    Path(str(draft) + "-journal").write_bytes(journal)
    assert _read_everyway(draft, tmp_path, capsys) == fingerprint(form)
    form.department = "恢复后继续"
    draftfile.DraftWriter(draft).save(form)  # the window's next save: the journal is rolled back first
    assert not Path(str(draft) + "-journal").exists()
    assert fingerprint(load_draft(draft)) == fingerprint(form)


def test_another_draft_s_journal_is_never_played_into_this_one(crashed, tmp_path, capsys):
    _source, journal, _form = crashed
    draft = tmp_path / "草稿.jxmb"  # B: an e-mail attachment saved under A's name
    assert cli.main(["import", str(SEED_PATH), "-o", str(draft)]) == 0
    seed = jsonio.load(SEED_PATH)
    Path(str(draft) + "-journal").write_bytes(journal)  # A's journal, left by its crash
    assert _read_everyway(draft, tmp_path, capsys) == fingerprint(seed)
    seed.signoff.preparer = "乙"
    draftfile.DraftWriter(draft).save(seed)  # a save sets the journal aside rather than play it
    assert not Path(str(draft) + "-journal").exists()
    assert fingerprint(load_draft(draft)) == fingerprint(seed)
    kept = list((paths.data_dir() / "stale-journals").iterdir())
    assert len(kept) == 1 and kept[0].read_bytes() == journal  # kept out of the way, not deleted


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_journal_beside_a_draft(crashed, tmp_path_factory, data):
    """Whatever lies beside the seed's draft — A's journal cut anywhere, bytes of it flipped,
    garbage — the seed's draft reads as itself or is refused, and nothing is changed."""
    _source, journal, _form = crashed
    tmp = tmp_path_factory.mktemp("any")
    draft = tmp / "草稿.jxmb"
    assert cli.main(["import", str(SEED_PATH), "-o", str(draft)]) == 0
    kind = data.draw(st.sampled_from(["cut", "flipped", "garbage", "empty"]))
    if kind == "cut":
        content = journal[:data.draw(st.integers(0, len(journal)))]
    elif kind == "flipped":
        at = data.draw(st.integers(0, min(len(journal), 5000) - 1))
        content = journal[:at] + bytes([journal[at] ^ 0xFF]) + journal[at + 1:]
    elif kind == "garbage":
        content = data.draw(st.binary(min_size=1, max_size=9000))
    else:
        content = b""
    Path(str(draft) + "-journal").write_bytes(content)
    before = _files(draft)
    try:
        state = fingerprint(load_draft(draft))
    except draftfile.DraftError:
        state = None
    assert state in (None, fingerprint(jsonio.load(SEED_PATH)))
    assert _files(draft) == before


@pytest.mark.parametrize("victim_bytes", [b"", b"the clerk's notes"])
@pytest.mark.parametrize("kind", ["symbolic link", "hard link"])
def test_a_save_never_writes_its_journal_through_a_planted_link(tmp_path, seed_form, kind, victim_bytes):
    """SQLite writes a save's journal under the draft's name + "-journal", following a link
    there: whatever holds that name is put aside first, and the file it leads to is untouched."""
    draft = tmp_path / "d.jxmb"
    draftfile.save_draft(draft, seed_form)
    victim = tmp_path / "笔记.txt"
    victim.write_bytes(victim_bytes)
    journal = draft.with_name(draft.name + "-journal")
    try:
        journal.symlink_to(victim) if kind == "symbolic link" else journal.hardlink_to(victim)
    except (OSError, NotImplementedError):
        pytest.skip(f"no {kind} here for this user")
    seed_form.department = "改过"
    for save in (lambda: draftfile.save_draft(draft, seed_form),
                 lambda: cli.main(["import", str(SEED_PATH), "-o", str(draft)])):
        save()
        assert victim.read_bytes() == victim_bytes
        assert not journal.exists() and not journal.is_symlink()
        if kind == "symbolic link":
            journal.symlink_to(victim)
        else:
            journal.hardlink_to(victim)
    assert load_draft(draft) is not None


def test_a_planted_lock_in_the_recovery_folder_is_neither_offered_nor_followed(tmp_path):
    """Whatever sits under a recovery copy's lock name that is not a lock of ours (a link to
    a file of the clerk's here) makes that copy not offered, and the file behind it untouched."""
    from desktop_app.gui import recovery

    folder = recovery.recovery_dir()
    (folder / "abc.jxmb").write_bytes(b"")
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me", encoding="utf-8")
    symlink_or_skip(folder / "abc.lock", victim)
    assert recovery.pending() == []
    assert victim.read_text(encoding="utf-8") == "keep me"
    assert (folder / "abc.lock").is_symlink()
