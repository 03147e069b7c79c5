"""Helpers shared by the robustness tests: running the command line, and asserting that a
refusal is what the clerk should see and that the refused file was left alone."""

from __future__ import annotations

import hashlib
import os
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u4e00-\u9fff]")
PROGRAMMER_WORDS = re.compile(r"Traceback|\w*(Error|Exception)\b|sqlite3|errno|database disk image"
                              r"|\b[A-Za-z]{2,} [a-z]{2,}\b")  # English prose: an OS or SQLite message
CLI_TIMEOUT_S = 60  # far above a normal run (< 2 s); reaching it means a hang


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def folder_state(folder: Path) -> dict[str, str]:
    """Every file in ``folder`` with its digest: a refused open must change none and add none
    (no ``-journal``, no temporary file)."""
    return {p.name: sha256(p) for p in sorted(folder.iterdir()) if p.is_file()}


def assert_clerk_message(message: str) -> None:
    """One short line of Chinese, nothing a programmer would write."""
    assert len(message) < 300, f"{len(message)} characters: {message[:300]!r}…"
    assert CJK.search(message), f"no Chinese in {message!r}"
    assert not PROGRAMMER_WORDS.search(message), message
    assert "\n" not in message.strip() and "\r" not in message, f"not one line: {message!r}"


def run_cli(*args: str, timeout: float = CLI_TIMEOUT_S, env: dict | None = None) -> subprocess.CompletedProcess:
    """``python -m desktop_app ARGS`` in a fresh process, from the source tree."""
    full_env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8", **(env or {})}
    return subprocess.run([sys.executable, "-m", "desktop_app", *args], cwd=ROOT, env=full_env,
                          capture_output=True, timeout=timeout)


def assert_cli_refused(result: subprocess.CompletedProcess) -> str:
    """Exit status 2, exactly one line of Chinese on stderr, no traceback, nothing on stdout."""
    err = result.stderr.decode("utf-8")
    assert result.returncode == 2, (result.returncode, err, result.stdout[:500])
    assert "Traceback" not in err, err
    lines = err.strip("\n").split("\n")
    assert len(lines) == 1, f"stderr is {len(lines)} lines: {err!r}"
    assert_clerk_message(lines[0])
    assert result.stdout == b"", result.stdout[:500]
    return lines[0]


def remount(mount_point: Path, mode: str) -> None:
    """Remount the test's private tmpfs read-only ("ro") or writable again ("rw")."""
    subprocess.run(["mount", "-o", f"remount,{mode}", str(mount_point)], check=True, capture_output=True)
