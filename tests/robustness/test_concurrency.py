"""The same draft used by two processes at once (the window still open while a command-line
check runs, a second window): a reader never sees half of one save and half of another, two
writers never mix their rows, and a file held locked gives a clear Chinese refusal."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from desktop_app.core import draftfile
from desktop_app.core.draftfile import DraftError, DraftWriter, load_draft
from desktop_app.core.fingerprint import fingerprint

from .support import ROOT, assert_clerk_message, assert_cli_refused, run_cli, sha256

BUSY_WORDS = "正被其他程序使用"

# Two states that differ in every table, so a read taken half from each is recognisable.
STATES = """
import copy
from desktop_app.core import synthetic
def states(tag):
    a = synthetic.large_form(tasks=30, indicators=120, seed=1)
    b = copy.deepcopy(a)
    b.department = tag + "部门"
    b.overall_goal = tag + a.overall_goal[::-1]
    b.tasks.reverse()
    del b.indicators[::7]
    b.budget.other_funds = None
    b.signoff.head = tag
    a.department = tag + a.department
    return a, b
"""

WRITER = STATES + """
import sys, time
from desktop_app.core.draftfile import DraftWriter, DraftError
a, b = states(sys.argv[2])
writer = DraftWriter(sys.argv[1])
end = time.monotonic() + float(sys.argv[3])
saves = busy = 0
while time.monotonic() < end:
    try:
        writer.save(a if saves % 2 else b)
        saves += 1
    except DraftError as err:
        # Busy, or the other writer changed the draft since: this one then refuses to write
        # over it rather than mix its rows into the other's.
        assert "正被其他程序使用" in err.message or "被修改过" in err.message, err.message
        busy += 1
print(saves, busy)
"""


def _states(tag: str):
    namespace: dict = {}
    exec(STATES, namespace)
    return namespace["states"](tag)


def _writer(draft: Path, tag: str, seconds: float) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-c", WRITER, str(draft), tag, str(seconds)],
                            env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def _read_while(draft: Path, procs: list[subprocess.Popen], allowed: set[str]) -> tuple[set, int]:
    seen, busy = set(), 0
    while any(p.poll() is None for p in procs):
        try:
            state = fingerprint(load_draft(draft))
        except DraftError as err:
            assert BUSY_WORDS in err.message, err.message
            busy += 1
            continue
        assert state in allowed, "a read saw a state no writer ever saved: half of two saves"
        seen.add(state)
    for p in procs:
        out, err = p.communicate(timeout=30)
        assert p.returncode == 0, err.decode()
    return seen, busy


@pytest.mark.slow
def test_reader_never_sees_half_a_save(tmp_path):
    draft = tmp_path / "draft.jxmb"
    a, b = _states("甲")
    draftfile.save_draft(draft, a)
    writer = _writer(draft, "甲", 4)
    seen, busy = _read_while(draft, [writer], {fingerprint(a), fingerprint(b)})
    assert len(seen) == 2, "the reads did not overlap the saves: the test exercised nothing"
    assert fingerprint(load_draft(draft)) in {fingerprint(a), fingerprint(b)}


@pytest.mark.slow
def test_two_writers_never_mix_their_rows(tmp_path):
    """The window should let only one process write (issue: the second is read-only), but if
    two do, each save is still one whole state of one of them."""
    draft = tmp_path / "draft.jxmb"
    first, second = _states("甲"), _states("乙")
    draftfile.save_draft(draft, first[0])
    allowed = {fingerprint(f) for f in (*first, *second)}
    procs = [_writer(draft, "甲", 4), _writer(draft, "乙", 4)]
    seen, _ = _read_while(draft, procs, allowed)
    assert len(seen) >= 2
    assert fingerprint(load_draft(draft)) in allowed


LOCKER = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
time.sleep(60)
"""


@pytest.fixture
def locked_draft(seed_draft):
    """The draft held with an exclusive lock by another process (a save that hangs, or some
    SQLite tool with a write open)."""
    proc = subprocess.Popen([sys.executable, "-c", LOCKER, str(seed_draft)], stdout=subprocess.PIPE)
    try:
        assert proc.stdout.readline().strip() == b"locked"
        yield seed_draft
    finally:
        proc.kill()
        proc.wait()
        proc.stdout.close()


def test_busy_draft_is_a_clear_refusal(locked_draft, seed_form, monkeypatch):
    monkeypatch.setattr(draftfile.container, "BUSY_TIMEOUT_S", 0.3)
    saved = sha256(locked_draft)
    with pytest.raises(DraftError) as info:
        load_draft(locked_draft)
    assert_clerk_message(info.value.message)
    assert BUSY_WORDS in info.value.message
    writer = DraftWriter(locked_draft)
    seed_form.department = "被锁时的修改"
    start = time.monotonic()
    with pytest.raises(DraftError) as info:
        writer.save(seed_form)
    assert time.monotonic() - start < 5
    assert_clerk_message(info.value.message)
    assert BUSY_WORDS in info.value.message
    assert sha256(locked_draft) == saved


def test_busy_draft_on_the_command_line(locked_draft):
    start = time.monotonic()
    message = assert_cli_refused(run_cli("check", str(locked_draft), timeout=30))
    assert BUSY_WORDS in message
    assert time.monotonic() - start < 20  # the busy timeout, not a hang
