"""Nothing typed is lost to a crash: a process editing and autosaving a draft is killed with
SIGKILL at random moments, again and again; after every kill the draft opens and holds a state
that was saved whole — the last save that returned, or the one in flight — never a mix."""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from contextlib import closing
from pathlib import Path

import pytest

from desktop_app.core import atomic, draftfile, synthetic
from desktop_app.core.draftfile import DraftError, load_draft
from desktop_app.core.fingerprint import fingerprint
from tests.forms import IDS, MODELS, shape

from .support import ROOT, sha256

WORKER = Path(__file__).with_name("autosave_worker.py")
KILLS = 40
TIME_BUDGET_S = 150 // len(MODELS)  # each form's loop stops early (with at least MIN_KILLS) rather than overrun CI
MIN_KILLS = 12

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX SIGKILL")


def _env() -> dict:
    return {**os.environ, "PYTHONPATH": str(ROOT)}


def _side_records(side: Path) -> list[tuple[str, str]]:
    """Complete lines only: the kill may land in the middle of writing one."""
    text = side.read_text("ascii") if side.exists() else ""
    lines = text.split("\n")[:-1]
    return [tuple(line.split(" ", 1)) for line in lines]


def _allowed_states(records: list[tuple[str, str]]) -> set[str]:
    last_saved = max(i for i, (tag, _) in enumerate(records) if tag == "saved")
    allowed = {records[last_saved][1]}
    if last_saved + 1 < len(records):  # killed after announcing a save that may have landed
        assert records[last_saved + 1][0] == "saving"
        allowed.add(records[last_saved + 1][1])
    return allowed


JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")


def _is_hot(journal: Path) -> bool:
    try:
        with open(journal, "rb") as fh:
            return fh.read(8) == JOURNAL_MAGIC
    except FileNotFoundError:
        return False


def _wait_for(side: Path, lines: int, proc: subprocess.Popen, limit: float = 30) -> None:
    end = time.monotonic() + limit
    while time.monotonic() < end:
        if len(_side_records(side)) >= lines:
            return
        if proc.poll() is not None:
            raise AssertionError(f"worker exited early: {proc.stderr.read().decode()}")
        time.sleep(0.002)
    raise AssertionError("worker made no progress")


@pytest.mark.slow
@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_sigkill_during_autosave_never_loses_a_saved_state(tmp_path, model):
    draft = tmp_path / "草稿.jxmb"
    draftfile.save_draft(draft, synthetic.large_form(model.spec))  # big enough that a save takes a while
    rng = random.Random(20261129)
    start = time.monotonic()
    kills = in_flight_landed = journals = hot_journals = 0
    for run in range(KILLS):
        if time.monotonic() - start > TIME_BUDGET_S and kills >= MIN_KILLS:
            break
        side = tmp_path / f"side-{run}.log"
        proc = subprocess.Popen([sys.executable, str(WORKER), str(draft), str(side), str(run)],
                                env=_env(), stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        try:
            if rng.random() < 0.3:
                _wait_for(side, 2, proc)  # inside its first save: a full rewrite
                time.sleep(rng.uniform(0, 0.03))
            else:
                _wait_for(side, 1 + 2 * rng.randint(1, 6), proc)  # among incremental saves
                time.sleep(rng.uniform(0, 0.05))
        finally:
            proc.send_signal(signal.SIGKILL)
            proc.wait(timeout=30)
            proc.stderr.close()
        kills += 1
        assert proc.returncode == -signal.SIGKILL, "the worker died by itself"
        records = _side_records(side)
        allowed = _allowed_states(records)
        journals += Path(str(draft) + "-journal").exists()
        hot_journals += _is_hot(Path(str(draft) + "-journal"))
        before = _files(draft)
        try:
            state = fingerprint(load_draft(draft))  # a hot journal is rolled back in a private copy
        except DraftError as err:
            pytest.fail(f"kill {run}: the draft no longer opens: {err.message}")
        assert state in allowed, f"kill {run}: {state} is not a state that was saved whole ({allowed})"
        in_flight_landed += state != records[max(i for i, r in enumerate(records) if r[0] == "saved")][1]
        # Reading touched neither the draft nor its journal; the next worker's save (a writer)
        # rolls a hot journal back in place before it writes.
        assert _files(draft) == before
    print(f"\n{kills} kills; {journals} left a journal, {hot_journals} of them hot (rolled back by the next save); "
          f"{in_flight_landed} landed the save in flight")
    assert kills >= MIN_KILLS
    assert journals >= 1, "no kill hit a save in progress: the test exercised nothing"


def _files(draft: Path) -> tuple:
    journal = Path(str(draft) + "-journal")
    return sha256(draft), sha256(journal) if journal.exists() else None


def _spill_without_commit(draft: Path, spec=MODELS[0].spec) -> None:
    """In another process: change many rows with a one-page cache, so SQLite writes changed
    pages into the draft before commit, and die without committing. That is exactly the file a
    power cut mid-save leaves: the draft half overwritten, and the journal beside it. (``spec``:
    the form the draft holds, the department's unless said.)"""
    sh = shape(spec)
    script = (
        "import os, sqlite3, sys\n"
        "c = sqlite3.connect(sys.argv[1], isolation_level=None)\n"
        "c.execute('PRAGMA cache_size=1')\n"
        "c.execute('BEGIN')\n"
        f"c.execute(\"UPDATE form SET {sh.text} = 'HALF'\")\n"
        f"c.execute(\"UPDATE {sh.tree} SET name = name || '改'\")\n"
        f"c.execute(\"UPDATE {sh.rows} SET {sh.column} = {sh.column} || hex(randomblob(800))\")\n"
        "os._exit(0)\n"
    )
    subprocess.run([sys.executable, "-c", script, str(draft)], check=True, timeout=60)


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_hot_journal_is_rolled_back_in_a_private_copy_on_open(tmp_path, model):
    draft = tmp_path / "draft.jxmb"
    form = synthetic.large_form(model.spec)
    draftfile.save_draft(draft, form)
    saved = sha256(draft)
    _spill_without_commit(draft, model.spec)
    journal = Path(str(draft) + "-journal")
    assert journal.exists() and sha256(draft) != saved  # the draft itself is half-written
    alone = tmp_path / "alone.jxmb"  # the draft without its journal is damaged or different
    shutil.copyfile(draft, alone)
    try:
        damaged = fingerprint(load_draft(alone)) != fingerprint(form)
    except DraftError:
        damaged = True
    assert damaged
    half = sha256(draft)
    assert fingerprint(load_draft(draft)) == fingerprint(form)
    # Reading changes nothing: the journal is played back into a private copy only.
    assert journal.exists() and sha256(draft) == half
    # The next save (the window's) rolls it back in place, then writes.
    draftfile.save_draft(draft, form)
    assert not journal.exists() and fingerprint(load_draft(draft)) == fingerprint(form)


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_hot_journal_after_crash_then_autosave_continues(tmp_path, model):
    """The window reopens the draft after a crash and goes on autosaving: nothing mixed."""
    draft = tmp_path / "draft.jxmb"
    form = synthetic.large_form(model.spec)
    draftfile.save_draft(draft, form)
    _spill_without_commit(draft, model.spec)
    reopened = load_draft(draft)
    writer = draftfile.DraftWriter(draft)
    sh = shape(model.spec)
    reopened.set(sh.text, "恢复后继续编辑")
    del reopened.rows(sh.rows)[3]
    writer.save(reopened)
    reopened.set(f"{sh.rows}[0].{sh.column}", "再改一次")
    writer.save(reopened)
    assert fingerprint(load_draft(draft)) == fingerprint(reopened)
    with sqlite3.connect(draft) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)


NEW_FILE_WORKER = """
import sys
from desktop_app.core import draftfile, synthetic
form = synthetic.large_form(tasks=120, indicators=800)
print("start", flush=True)
draftfile.save_draft(sys.argv[1], form)
print("done", flush=True)
"""


@pytest.mark.slow
def test_sigkill_while_replacing_a_file_never_leaves_it_half_written(tmp_path):
    """Saving over a file that is not a draft of ours (Save As over an export, a first save)
    goes through a temporary file and a rename: killed at any moment, the target is either
    what it was or the complete new draft. The temporary file a kill leaves behind is cleared
    by a later save once it is old."""
    target = tmp_path / "表单.jxmb"
    original = "导出的旧文件，不是草稿".encode("utf-8")
    expected = fingerprint(synthetic.large_form(tasks=120, indicators=800))
    rng = random.Random(7)
    outcomes = {"old": 0, "new": 0}
    for _ in range(12):
        target.write_bytes(original)
        proc = subprocess.Popen([sys.executable, "-c", NEW_FILE_WORKER, str(target)], env=_env(),
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
        assert proc.stdout.readline().strip() == b"start"
        time.sleep(rng.uniform(0, 0.25))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        proc.stdout.close()
        proc.stderr.close()
        if target.read_bytes() == original:
            outcomes["old"] += 1
        else:
            assert fingerprint(load_draft(target)) == expected
            outcomes["new"] += 1
    leftovers = [p for p in tmp_path.iterdir() if p.name.startswith(".~")]
    print(f"\nkilled while replacing: {outcomes}; {len(leftovers)} temporary files left behind")
    # A write in progress: of a process that lives here, or of another computer, recently.
    live = tmp_path / atomic.temp_name(target)
    elsewhere = tmp_path / f".~表单.ffff{os.getpid():x}.{'0' * 8}.tmp"
    for path in (live, elsewhere):
        path.write_bytes(b"x")
    # The next write into the folder clears what killed processes left: they held form content.
    target.write_bytes(original)
    draftfile.save_draft(target, synthetic.large_form(tasks=2, indicators=5))
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".~")) == sorted([live.name, elsewhere.name])
    os.utime(elsewhere, (time.time() - atomic.STALE_TEMP_S - 60,) * 2)  # long untouched: abandoned
    target.write_bytes(original)
    draftfile.save_draft(target, synthetic.large_form(tasks=2, indicators=5))
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".~")] == [live.name]


def test_a_full_rewrite_is_one_transaction(seed_draft, seed_form):
    """_write_all runs inside the writer's own transaction: sqlite-utils must not commit part
    of it on its own (4.x nests its own steps in savepoints; db.atomic() only exists from 4.0,
    so an older sqlite-utils is not safe here). Rolled back, it leaves the draft untouched."""
    before = sha256(seed_draft)
    seed_form.department = "不应提交"
    writer = draftfile.writer
    with closing(writer.open_rw(seed_draft)) as conn:
        conn.execute("BEGIN IMMEDIATE")
        writer.write_all(writer.database(conn), draftfile.schema_of(seed_form.spec), draftfile.table_rows(seed_form))
        assert conn.in_transaction
        conn.execute("ROLLBACK")
    assert sha256(seed_draft) == before
