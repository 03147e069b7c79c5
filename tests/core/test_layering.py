"""The domain never imports Qt: it runs on a build server, in a script, and under test
without a display."""

import pkgutil
import subprocess
import sys

import desktop_app
from tests.conftest import ROOT

QT_FREE = ("desktop_app.core", "desktop_app.printing", "desktop_app.cli", "desktop_app.paths",
           "desktop_app.logsetup")


def test_core_printing_and_cli_do_not_import_qt():
    modules = [m.name for m in pkgutil.walk_packages(desktop_app.__path__, "desktop_app.")
               if m.name.startswith(QT_FREE)]
    assert "desktop_app.core.model" in modules
    code = ("import importlib, sys\n"
            f"for name in {modules!r}: importlib.import_module(name)\n"
            "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"


def test_the_core_does_not_import_printing_or_the_window():
    modules = [m.name for m in pkgutil.walk_packages(desktop_app.__path__, "desktop_app.")
               if m.name.startswith(("desktop_app.core", "desktop_app.forms"))]
    code = ("import importlib, sys\n"
            f"for name in {modules!r}: importlib.import_module(name)\n"
            "print(sorted(m for m in sys.modules if m.startswith(('desktop_app.printing', 'desktop_app.gui',"
            " 'reportlab'))))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
