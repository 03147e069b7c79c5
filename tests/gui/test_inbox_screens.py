"""The reviewer's inbox on a real X server (Xvfb with openbox, the xcb platform), driven by a real
keyboard (XTEST) at 1366×768: the whole review → 退回 → resubmission → comparison cycle; and the
folder window maximised at 1366×768 and at 1920×1080 with 150 % scaling, its decision columns in
view without scrolling. Screenshots of each are left in the test's folder (and made for the
README by ``build_scripts/screenshots.py``)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.core import identity, jsonio
from desktop_app.core.draftfile import save_draft
from desktop_app.forms import department, project
from tests.conftest import ROOT
from tests.forms import sample_dict

from .test_screens import Xvfb, _xtest_available

DRIVER = Path(__file__).with_name("inbox_driver.py")


def make_inbox(root: Path) -> Path:
    """Twelve drafts of both forms, as a reviewer receives them."""
    box = root / "收件"
    box.mkdir(parents=True)
    for i in range(6):
        dept = jsonio.loads(json.dumps(sample_dict(department.FORM), ensure_ascii=False))
        dept.department = f"部门{i}"
        dept.budget.basic_expenditure = Decimal(1000 + 10 * i)
        proj = jsonio.loads(json.dumps(sample_dict(project.FORM), ensure_ascii=False))
        proj.project_name, proj.department = f"项目{i}", f"部门{i}"
        for name, form in ((f"部门{i}.jxmb", dept), (f"项目{i}.jxmb", proj)):
            form.identity = identity.created()
            save_draft(box / name, form)
    return box


def run_inbox_driver(width: int, height: int, scale: str | None, root: Path, shots: Path, cycle: bool) -> dict:
    box = make_inbox(root)
    shots.mkdir(parents=True, exist_ok=True)
    server = Xvfb(width, height)
    wm = None
    try:
        env = {k: v for k, v in os.environ.items() if not k.startswith("QT_")}
        env.update(DISPLAY=f":{server.display}", QT_QPA_PLATFORM="xcb", PYTHONPATH=str(ROOT),
                   BUDGET_FORM_DATA_DIR=str(root / "data"), PYTHONIOENCODING="utf-8")
        if scale:
            env["QT_SCALE_FACTOR"] = scale
        if shutil.which("openbox"):
            wm = subprocess.Popen(["openbox"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        args = [sys.executable, str(DRIVER), str(box), str(shots)] + (["--cycle"] if cycle else [])
        result = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, encoding="utf-8",
                                timeout=240)
    finally:
        if wm is not None:
            wm.terminate()
            wm.wait(10)
        server.close()
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.skipif(not _xtest_available(), reason="Xvfb or libXtst is not installed")
def test_the_whole_cycle_by_the_keyboard_at_1366x768(tmp_path):
    found = run_inbox_driver(1366, 768, None, tmp_path, tmp_path / "shots", cycle=True)
    assert found.pop("decision_columns_end") <= found.pop("table_width")
    assert found.pop("rows") == 12 and found.pop("screen")
    assert [step for step, ok in found.items() if ok is not True] == []
    assert {p.name for p in (tmp_path / "shots").iterdir()} >= {"folder.png", "draft-under-review.png",
                                                               "folder-resubmission.png", "comparison.png"}


@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="Xvfb is not installed")
def test_the_decision_columns_fit_at_1920x1080_with_150_percent(tmp_path):
    found = run_inbox_driver(1920, 1080, "1.5", tmp_path, tmp_path / "shots", cycle=False)
    assert found["decision_columns_first"] and found["rows"] == 12
    assert found["screen"][0] <= 1920 / 1.5 + 1
    assert found["decision_columns_end"] <= found["table_width"]
