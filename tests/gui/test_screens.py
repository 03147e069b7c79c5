"""On a real X server (Xvfb, the xcb platform) at the screens clerks have: the main window's and
the print preview's frames lie inside the screen's available geometry, at 1366×768 and at
1920×1080 with 150 % scaling; and the grid's keys work when a real keyboard presses them.
Skipped only where Xvfb (or, for the keys, the XTEST library) is not installed; CI has both."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import ROOT, SEED_PATH

DRIVER = Path(__file__).with_name("screens_driver.py")
KEYS_DRIVER = Path(__file__).with_name("keys_driver.py")


def _free_display() -> int:
    for n in range(91, 200):
        if not Path(f"/tmp/.X{n}-lock").exists() and not Path(f"/tmp/.X11-unix/X{n}").exists():
            return n
    raise RuntimeError("no free X display")


class Xvfb:
    def __init__(self, width: int, height: int):
        self.display = _free_display()
        self.process = subprocess.Popen(
            ["Xvfb", f":{self.display}", "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp", "-noreset"],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        socket = Path(f"/tmp/.X11-unix/X{self.display}")
        deadline = time.monotonic() + 20
        while not socket.exists():
            if self.process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("Xvfb did not start")
            time.sleep(0.05)

    def close(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()


def run_driver(width: int, height: int, scale: str | None, tmp_path: Path, shots: Path | None = None,
               args: list[str] | None = None) -> dict:
    server = Xvfb(width, height)
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith("QT_")}
        env.update(DISPLAY=f":{server.display}", QT_QPA_PLATFORM="xcb", PYTHONPATH=str(ROOT),
                   BUDGET_FORM_DATA_DIR=str(tmp_path / "data"), PYTHONIOENCODING="utf-8")
        if scale:
            env["QT_SCALE_FACTOR"] = scale
        if args is None:
            args = [str(DRIVER), str(SEED_PATH)] + ([str(shots)] if shots else [])
        result = subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True,
                                encoding="utf-8", timeout=180)
    finally:
        server.close()
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


def _inside(outer, inner) -> bool:
    ox, oy, ow, oh = outer
    x, y, w, h = inner
    return ox <= x and oy <= y and x + w <= ox + ow and y + h <= oy + oh


@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed")
@pytest.mark.parametrize("width, height, scale", [(1366, 768, None), (1920, 1080, "1.5")],
                         ids=["1366x768", "1920x1080@150%"])
def test_window_and_preview_frames_lie_inside_the_screen(width, height, scale, tmp_path):
    seen = run_driver(width, height, scale, tmp_path)
    available = seen["available"]
    factor = float(scale or 1)
    assert available[2] <= width / factor + 1 and available[3] <= height / factor + 1  # logical pixels
    assert _inside(available, seen["window"]), seen
    assert _inside(available, seen["preview"]), seen
    client = [0, 0, *seen["preview_client"][2:]]
    assert all(_inside(client, button) for button in seen["preview_buttons"]), seen
    assert seen["pages"].startswith("第 1 / ")


def _xtest_available() -> bool:
    import ctypes.util

    return shutil.which("Xvfb") is not None and ctypes.util.find_library("Xtst") is not None


@pytest.mark.skipif(not _xtest_available(), reason="Xvfb or libXtst is not installed")
def test_the_grid_keys_work_from_a_real_keyboard(tmp_path, seed_form):
    from desktop_app.core import draftfile

    draft = tmp_path / "draft.jxmb"
    draftfile.save_draft(draft, seed_form)
    found = run_driver(1366, 768, None, tmp_path, args=[str(KEYS_DRIVER), str(draft)])
    assert found.pop("focused")
    assert [step for step, ok in found.items() if not ok] == []
