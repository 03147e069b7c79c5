"""Offline by construction: no code path of the program — start-up, open, edit, autosave,
check, render, print preview, the command line — opens a network connection.

Two independent watches on one run of ``offline_driver.py``: a Python audit hook (sees any
Python socket, DNS lookup, urllib/http use) and, where available, ``strace`` on the network
system calls (sees what Qt's C++ does too). Each watch is shown to catch a canary connection,
so neither can pass by watching nothing.

Findings (Qt 6.12, Linux): with the offscreen platform (CI) the program makes no network
system call at all. With the xcb platform on a desktop, Qt connects two AF_UNIX (local,
same-machine) sockets: the X display and, when ``DBUS_SESSION_BUS_ADDRESS`` is set, the
D-Bus session bus (platform theme/accessibility). Neither is a network: they are allowed here
by path and listed; anything else fails the test. On Windows neither exists.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .support import ROOT

DRIVER = Path(__file__).with_name("offline_driver.py")
LOCAL_DISPLAY_OR_BUS = re.compile(r'sun_path=@?"(/tmp/\.X11-unix/X\d+|/run/user/\d+/bus|/var/run/dbus/|/run/dbus/|'
                                  r'/tmp/dbus-[^"]*)')


def _gui_available() -> bool:
    try:
        import PySide6.QtWidgets  # noqa: F401

        import desktop_app.gui.app  # noqa: F401
    except ImportError:
        return False
    return True


def _run(work: Path, *flags: str, prefix: tuple[str, ...] = ()) -> dict:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "QT_QPA_PLATFORM": "offscreen"}
    if not _gui_available():
        flags = (*flags, "--no-gui")
    done = subprocess.run([*prefix, sys.executable, str(DRIVER), str(work), *flags], env=env,
                          capture_output=True, timeout=240)
    assert done.returncode == 0, done.stderr.decode(errors="replace")[-3000:]
    result = json.loads(done.stdout.decode("utf-8").strip().splitlines()[-1])
    failed = [step for step in result["steps"] if step.startswith("FAILED")]
    assert not failed, failed
    return result


@pytest.mark.slow
def test_no_code_path_touches_the_network(tmp_path):
    result = _run(tmp_path)
    steps = " ".join(result["steps"])
    for done in ("import=0", "check=0", "export=0", "render=0", "draft edited"):
        assert done in steps
    if _gui_available():
        assert "window edited" in steps and "preview: " in steps and "run_gui=0" in steps, steps
    assert result["network"] == [], result["network"]


def test_the_audit_hook_catches_a_connection(tmp_path):
    result = _run(tmp_path, "--no-gui", "--canary")
    assert any(event.startswith("socket.connect") for event in result["network"]), result["network"]


def _strace(work: Path, *flags: str) -> list[str]:
    log = work / "strace.txt"
    _run(work, *flags, prefix=("strace", "-f", "-qq", "-e", "trace=%network", "-o", str(log)))
    return [line for line in log.read_text(errors="replace").splitlines() if "--- SIG" not in line]


def _network_calls(lines: list[str]) -> tuple[list[str], list[str]]:
    """(forbidden calls, local display/bus connections)."""
    forbidden, local = [], []
    for line in lines:
        call = line.split(None, 1)[-1]
        if call.startswith(("socket(", "socketpair(")):
            if "AF_UNIX" not in call and "AF_LOCAL" not in call:
                forbidden.append(call)
        elif call.startswith(("connect(", "sendto(", "sendmsg(", "bind(")) and "sa_family=" in call:
            if "sa_family=AF_UNIX" in call and LOCAL_DISPLAY_OR_BUS.search(call):
                local.append(call)
            else:
                forbidden.append(call)
    return forbidden, local


def _strace_usable() -> bool:
    if shutil.which("strace") is None:
        return False
    return subprocess.run(["strace", "-qq", "-e", "trace=none", "true"], capture_output=True).returncode == 0


needs_strace = pytest.mark.skipif(not _strace_usable(), reason="strace not installed or ptrace not permitted")


@pytest.mark.slow
@needs_strace
def test_no_network_system_calls_even_from_qt(tmp_path):
    forbidden, local = _network_calls(_strace(tmp_path))
    assert forbidden == [], forbidden
    print(f"\nlocal display/bus connections: {local or 'none'}")


@needs_strace
def test_strace_watch_catches_a_connection(tmp_path):
    forbidden, _ = _network_calls(_strace(tmp_path, "--no-gui", "--canary"))
    assert any("AF_INET" in call for call in forbidden), forbidden
