"""``--self-test`` from source: it passes on the real tree and fails when the bundled font is
missing or broken. (The frozen bundle's self-test runs in build_scripts/build_linux.sh.)"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from desktop_app.selftest import SelfTestFailure, _check_pdf

ROOT = Path(__file__).resolve().parents[2]
FONT = Path("resources", "fonts", "NotoSerifSC_400Regular.ttf")


def run_self_test(cwd: Path, data_dir: Path, scratch_parent: Path) -> subprocess.CompletedProcess:
    scratch_parent.mkdir()
    env = dict(os.environ, BUDGET_FORM_DATA_DIR=str(data_dir), QT_QPA_PLATFORM="offscreen",
               PYTHONPATH=str(cwd), TMPDIR=str(scratch_parent))
    return subprocess.run([sys.executable, "-m", "desktop_app", "--self-test"], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=180)


def copy_of_program(tmp_path: Path) -> Path:
    """The package, ui/ and resources/ in a temporary tree whose font can be spoiled."""
    tree = tmp_path / "tree"
    ignore = shutil.ignore_patterns("__pycache__")
    for part in ("desktop_app", "ui", "resources"):
        shutil.copytree(ROOT / part, tree / part, ignore=ignore)
    return tree


def test_self_test_passes_with_one_line_and_leaves_the_data_folder_alone(tmp_path):
    data = tmp_path / "appdata"
    result = run_self_test(ROOT, data, tmp_path / "tmp")
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1, result.stdout
    assert lines[0].startswith("self-test OK: window opened seed-form.json")
    assert "UI font 'Noto Serif SC' from NotoSerifSC_400Regular.ttf" in lines[0]
    assert "embeds 'Noto Serif SC' subset covering the title" in lines[0]
    # The sample was opened with a temporary data folder: no recent-files entry, no recovery.
    assert set(p.name for p in data.iterdir()) <= {"error.log"}  # the log opens only when written
    assert list((tmp_path / "tmp").iterdir()) == []  # the scratch data folder went


@pytest.mark.parametrize("spoil", ["missing", "truncated"])
def test_self_test_fails_without_a_usable_bundled_font(tmp_path, spoil):
    tree = copy_of_program(tmp_path)
    font = tree / FONT
    if spoil == "missing":
        font.unlink()
    else:
        font.write_bytes(font.read_bytes()[:4096])
    located = subprocess.run([sys.executable, "-c", "import desktop_app; print(desktop_app.__file__)"],
                             cwd=tree, env=dict(os.environ, PYTHONPATH=str(tree)),
                             capture_output=True, text=True, check=True)
    assert Path(located.stdout.strip()).is_relative_to(tree)  # the copy runs, not the checkout

    result = run_self_test(tree, tmp_path / "appdata", tmp_path / "tmp")
    assert result.returncode == 1, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert len(lines) == 1 and lines[0].startswith("self-test FAILED"), result.stdout
    assert "font" in lines[0].lower()
    # The failure is in the clerk's log, not in the scratch data folder (which the log used to
    # make anew after it was deleted, and leave behind).
    assert "self-test failed" in (tmp_path / "appdata" / "error.log").read_text(encoding="utf-8")
    assert list((tmp_path / "tmp").iterdir()) == []


def test_pdf_check_accepts_the_real_print(seed_form):
    from desktop_app.printing.render import render_pdf

    assert _check_pdf(render_pdf(seed_form), "部门整体预算绩效目标申报表") >= 1


def test_pdf_check_rejects_a_pdf_without_the_bundled_font():
    import io

    from reportlab.pdfgen.canvas import Canvas

    out = io.BytesIO()
    canvas = Canvas(out, invariant=1)
    canvas.drawString(72, 720, "Budget form")  # Helvetica: no CJK font embedded
    canvas.showPage()
    canvas.save()
    with pytest.raises(SelfTestFailure, match="no embedded NotoSerifSC subset"):
        _check_pdf(out.getvalue(), "部门")


def test_pdf_check_rejects_a_font_that_does_not_map_the_title(seed_form):
    from desktop_app.printing.render import render_pdf

    with pytest.raises(SelfTestFailure, match="does not map 龘"):
        _check_pdf(render_pdf(seed_form), "部门龘")


def test_a_hung_self_test_fails_with_exit_3_and_cleans_up(tmp_path):
    scratch_parent = tmp_path / "tmp"
    scratch_parent.mkdir()
    hang = ("import sys, time, desktop_app.selftest as st\n"
            "st.TIMEOUT_S = 1\n"
            "st._run = lambda: time.sleep(30)\n"
            "sys.exit(st.run_self_test())\n")
    env = dict(os.environ, TMPDIR=str(scratch_parent), BUDGET_FORM_DATA_DIR=str(tmp_path / "appdata"))
    result = subprocess.run([sys.executable, "-c", hang], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 3
    assert result.stdout.splitlines() == ["self-test FAILED: no result after 1 s"]
    assert list(scratch_parent.iterdir()) == []  # the temporary data folder went too
