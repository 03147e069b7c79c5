"""Fixtures of the robustness tests."""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest


@pytest.fixture
def tmpfs(tmp_path):
    """A private 2 MB tmpfs: real ENOSPC and a real read-only remount. Needs mount rights
    (root in a container, as in our CI); skipped otherwise."""
    mount_point = tmp_path / "disk"
    mount_point.mkdir()
    if shutil.which("mount") is None or getattr(os, "geteuid", lambda: -1)() != 0:
        pytest.skip("needs root and mount(8) for a real small/read-only file system")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(mount_point)],
                          capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode(errors='replace').strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], capture_output=True)
