"""The window starts with the cyclic garbage collector off (``__main__``) and turns it on once it
has been painted, with what the start made set aside (``gc.freeze``)."""

import os
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PROBE = textwrap.dedent("""
    import gc, os, runpy, sys
    import desktop_app.gui.app as app

    collect = app.collect_cycles_from_now

    def reported():
        window = app.QApplication.activeWindow() or app.QApplication.topLevelWidgets()[0]
        print(gc.isenabled(), getattr(window, "_painted", None), flush=True)
        collect()
        print(gc.isenabled(), gc.get_freeze_count() > 0, flush=True)
        os._exit(0)

    app.collect_cycles_from_now = reported
    sys.argv = ["desktop_app", sys.argv[1]]
    runpy.run_module("desktop_app", run_name="__main__", alter_sys=True)
""")


def test_the_window_collects_cycles_from_its_first_paint_on(seed_draft, tmp_path):
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BUDGET_FORM_DATA_DIR": str(tmp_path / "data"),
           "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", PROBE, str(seed_draft)], cwd=ROOT, env=env, check=False,
                          capture_output=True, text=True, timeout=120)
    assert done.stdout.split() == ["False", "True", "True", "True"], done.stderr[-3000:]


def test_turning_the_collector_on_twice_sets_aside_once():
    import gc

    from desktop_app.gui.app import collect_cycles_from_now

    gc.disable()
    try:
        collect_cycles_from_now()
        frozen = gc.get_freeze_count()
        collect_cycles_from_now()
        assert gc.isenabled() and frozen > 0 and gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()
        gc.enable()
