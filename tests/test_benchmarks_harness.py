"""The benchmark harness's own helpers (no timings here: those belong to benchmarks/run.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "benchmarks"))

import run  # noqa: E402  (benchmarks/run.py, after the path is set)


def _row(**kw):
    base = {"figure": "f", "value": 1.5, "unit": "s", "floor": 0.5, "floor_label": "skeleton", "ratio": 3.0,
            "ratio_label": "×", "target": "<= 1.5x skeleton", "verdict": "MISSES", "na": None, "samples": None,
            "note": ""}
    return {**base, **kw}


@pytest.mark.parametrize("rows", [10, 1000])
def test_the_scaled_form_has_exactly_that_many_indicator_rows_and_the_seeds_other_tables(rows):
    seed = run.jsonio.load(run.SEED_JSON)
    form = run.scaled_form(rows, seed)
    assert len(form.indicators) == rows
    assert len(form.tasks) == len(seed.tasks)
    assert form.department == seed.department


def test_the_10k_form_runs_fewer_times():
    assert run.scale_runs(10_000, 3) == 2
    assert run.scale_runs(1_000, 3) == 3
    assert run.scale_runs(10_000, 1) == 1


def test_markdown_writes_the_readme_table_with_targets_and_na():
    rows = [_row(figure="cold start"), _row(figure="vs LibreOffice", ratio=8.5, ratio_label="x faster",
                                            target=">= 8x faster", verdict="meets"),
            _row(figure="bundle", na="no build (run build_scripts/build_linux.sh)", target="< 150 MB")]
    text = run.markdown(rows, "HEADER")
    lines = text.splitlines()
    assert lines[0] == "HEADER"
    assert lines[2] == "| figure | median | floor | ratio | target | verdict |"
    assert "| cold start | 1.500 s | 0.500 s (skeleton) | 3.00× | ≤ 1.5x skeleton | MISSES |" in lines
    assert "| vs LibreOffice | 1.500 s | 0.500 s (skeleton) | 8.50 × faster | ≥ 8x faster | meets |" in lines
    assert "| bundle | n/a (no build (run build_scripts/build_linux.sh)) | | | < 150 MB | n/a |" in lines


def test_the_scaling_table_in_text_and_markdown():
    entries = [
        {"rows": 10, "runs": 3, "render_s": [1.0, 2.0, 3.0], "pages": 4, "check_s": [0.001, 0.002, 0.003],
         "autosave_s": [0.004, 0.005, 0.006], "open_s": [0.4], "built_s": [0.5], "longest_turn_s": [0.3, 0.4],
         "longest_build_turn_s": [0.1, 0.2], "check_turn_s": [0.3, 0.4], "key_paint_s": [0.002], "peak_rss": [113e6]},
        {"rows": 10_000, "runs": 2, "render_s": "n/a (timed out)", "check_s": [0.08],
         "window": "n/a (probe window_large: autosave never ran)"},
    ]
    assert run.scaling_cells(entries[0]) == ["10", "2.00 s (4 p.)", "2.0 ms", "5.00 ms", "0.400 s",
                                             "0.50 s (0.150 s; check 0.350 s)", "2.00 ms", "113 MB"]
    big = run.scaling_cells(entries[1])
    assert big[:3] == ["10,000", "n/a (timed out)", "80.0 ms"]
    assert big[3] == "n/a (probe window_large: autosave never ran)"
    md = run.scaling_table(entries, markdown_form=True).splitlines()
    assert md[2].startswith("| indicator rows | render (whole process) |") and "open → painted" in md[2]
    assert md[3] == "|" + "---|" * len(run.SCALE_HEAD)
    assert md[4] == "| " + " | ".join(run.scaling_cells(entries[0])) + " |"
    assert "runs per size 10: 3, 10,000: 2" in md[0]
    text = run.scaling_table(entries).splitlines()
    assert text[1].startswith("indicator rows | render")
    # The full report carries the scaling table after the main one.
    assert run.markdown([_row()], "H", entries).rstrip().endswith(md[-1])


@pytest.mark.parametrize("how", ["", "--maximized", "--qt-enums"])
def test_the_first_paint_hook_catches_the_skeleton_however_it_is_shown(how, tmp_path):
    department = "中新广州知识城合作事务办（部门）"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BENCH_FIRST_PAINT="1", BENCH_FIRST_PAINT_FIELD="department",
               BENCH_FIRST_PAINT_TEXT=department, BENCH_FIRST_PAINT_TIMEOUT="30",
               PYTHONPATH=os.pathsep.join([str(run.FIRST_PAINT), str(ROOT)]))
    done = subprocess.run([sys.executable, run.SKELETON, str(run.FONT), department, *filter(None, [how])],
                          check=False, env=env, cwd=tmp_path, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["field_text"] == department
    assert report["shown"] == ("maximized" if how == "--maximized" else "normal")
    assert report["window"] == "QMainWindow" and report["peak_rss"] > 0


def test_a_paired_ratio_is_the_median_of_the_ratios_within_each_round_with_their_range(tmp_path):
    bench = run.Bench(3, tmp_path)
    got = {"app": [1.0, 3.0, 2.2], "floor": [0.5, 2.0, 2.0]}
    ratio = bench.paired_row("start", got, "app", "floor", "floor", limit=1.2, target="<= 1.2x floor")
    row = bench.rows[-1]
    assert ratio == pytest.approx(1.5) and row["ratio_range"] == pytest.approx([1.1, 2.0])
    assert row["value"] == 2.2 and row["floor"] == 2.0 and row["verdict"] == "MISSES"
    faster = bench.paired_row("lo", {"lo": [8.0, 9.0, 20.0], "me": [1.0, 1.0, 2.0]}, "me", "lo", "LibreOffice",
                              faster=True, limit=8.0)
    assert faster == 9.0 and bench.rows[-1]["verdict"] == "meets"
    assert run.ratio_range(row) == " (1.10-2.00)"
    assert "| 1.50× (1.10–2.00) | ≤ 1.2x floor | MISSES |" in run.markdown([row], "H")


def test_the_render_floor_sets_the_seeds_text_in_the_bundled_font(tmp_path):
    texts = run.form_texts(run.jsonio.to_dict(run.jsonio.load(run.SEED_JSON)))
    seed = run.jsonio.load(run.SEED_JSON)
    assert seed.department in texts and any("157549.62" in t for t in texts)
    (tmp_path / "text.txt").write_text("\n".join(texts), encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    done = subprocess.run([sys.executable, run.PROBES, "render_floor", str(run.FONT), str(tmp_path / "text.txt"),
                           str(tmp_path / "floor.pdf")], check=False, env=env, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    pdf = (tmp_path / "floor.pdf").read_bytes()
    assert report["pages"] >= 2 and pdf.startswith(b"%PDF") and b"/FontFile2" in pdf
    assert b"NotoSerifSC" in pdf


def test_the_program_reports_its_own_first_paint_for_the_frozen_start(tmp_path):
    """A frozen program runs no sitecustomize: the harness times the bundle (and the source, to
    pair with it) by the window's own report."""
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", BUDGET_FORM_DATA_DIR=str(tmp_path / "data"),
               BUDGET_FORM_REPORT_FIRST_PAINT="department", PYTHONPATH=str(ROOT))
    t0 = run.time.monotonic()
    done = subprocess.run([sys.executable, "-m", "desktop_app", str(run.SEED_JSON)], check=False, env=env,
                          cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["window"] == "MainWindow" and report["field_text"] == run.jsonio.load(run.SEED_JSON).department
    assert t0 < report["shown_at"] < run.time.monotonic()


@pytest.mark.parametrize("given", ["dist", "dist/budget-form", "."])
def test_the_bundle_is_found_from_its_folder_its_dist_or_the_build_folder(tmp_path, given):
    """``--bundle build/linux/dist`` took ``dist/`` itself for the bundle: it holds a
    ``budget-form`` too, a folder."""
    bundle = tmp_path / "dist" / "budget-form"
    bundle.mkdir(parents=True)
    (bundle / "budget-form").write_bytes(b"")
    assert run.find_bundle(tmp_path / given) == bundle
