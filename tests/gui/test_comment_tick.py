"""The clerk ticks a review comment 已处理 right after correcting the field it is about (issue 20,
item 6): the window crashed (segmentation fault) in the second or third round, because the
审核意见 panel refilled its tree — deleting the clicked item — while the tree was still inside
that item's change. Driven in a separate process as the clerk did, autosave included, so a crash
fails this test instead of ending the test run; and a crash of the Qt layer leaves its stack in
the log file."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

from desktop_app.core import jsonio
from desktop_app.core.draftfile import load_draft, save_draft
from desktop_app.core.review import Comment
from tests.conftest import ROOT, SEED_PATH

from .comment_tick_driver import COMMENTED

DRIVER = Path(__file__).with_name("comment_tick_driver.py")
ROUNDS = 20


def _env(tmp_path: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONFAULTHANDLER"}
    env.update(QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT), BUDGET_FORM_DATA_DIR=str(tmp_path / "data"),
               PYTHONIOENCODING="utf-8")
    return env


def test_ticking_a_comment_right_after_correcting_its_field_and_the_autosave_20_times(tmp_path):
    form = jsonio.load(SEED_PATH)
    form.review.verdict = "中"
    form.review.comments = [Comment(path, f"请核实{path}") for path in COMMENTED]
    draft = tmp_path / "returned.jxmb"
    save_draft(draft, form)
    done = subprocess.run([sys.executable, str(DRIVER), str(draft), str(ROUNDS)], cwd=ROOT, env=_env(tmp_path),
                          capture_output=True, text=True, encoding="utf-8", timeout=300)
    assert done.returncode == 0, f"exit {done.returncode}\n{done.stdout[-1500:]}\n{done.stderr[-3000:]}"
    seen = json.loads(done.stdout.strip().splitlines()[-1])
    rounds = seen["rounds"]
    assert len(rounds) == ROUNDS
    assert [r for r in rounds if not (r["saved"] and r["alive"] and r["ticked"] and r["shown"])] == []
    assert [r["value"] for r in rounds] == [f"{1000 + n}.5" for n in range(ROUNDS)]
    # Each comment was ticked every third round: ticked, unticked, ticked… as the file says.
    expected = [len(range(k, ROUNDS, len(COMMENTED))) % 2 == 1 for k in range(len(COMMENTED))]
    assert seen["saved"] and seen["resolved"] == expected
    saved = load_draft(draft)
    assert [c.resolved for c in saved.review.comments] == expected
    last = max(n for n in range(ROUNDS) if COMMENTED[n % len(COMMENTED)] == "budget.fiscal_appropriation")
    assert saved.get("budget.fiscal_appropriation") == Decimal(f"{1000 + last}.5")


def test_a_crash_below_python_leaves_its_stack_in_the_log_file(tmp_path):
    """The program started as the clerk starts it (``run_gui``), crashing in native code once
    its window is painted, where the offer to recover runs."""
    code = ("import ctypes, sys\n"
            "from desktop_app.gui import app\n"
            "def crash(window):\n"
            "    ctypes.string_at(0)\n"
            "app.offer_recovery = crash\n"
            "sys.exit(app.run_gui([]))\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=_env(tmp_path), capture_output=True,
                          text=True, encoding="utf-8", timeout=120)
    assert done.returncode != 0
    log = (tmp_path / "data" / "error.log").read_text(encoding="utf-8")
    assert "Fatal Python error: Segmentation fault" in log
    assert 'line 4 in crash' in log  # the Python stack of the crash, down to the line that made it
