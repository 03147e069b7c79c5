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



def _imports(source: str, package: str) -> list[str]:
    """Every module an import statement of ``source`` (a module of ``package``) names, those
    inside functions too, as absolute names."""
    import ast

    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [a.name for a in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            if node.level:
                base = base[:len(base) - node.level + 1]
            module = ".".join([*base, node.module] if node.level and node.module else
                              base if node.level else [node.module or ""])
            found.append(module)
            found += [f"{module}.{a.name}" for a in node.names]
    return found


def test_the_engine_is_handed_its_forms_and_never_imports_them():
    engine = [p for d in ("core", "printing") for p in (ROOT / "desktop_app" / d).rglob("*.py")]
    assert len(engine) > 20
    reaching = sorted({(p.relative_to(ROOT).as_posix(), m) for p in engine
                       for m in _imports(p.read_text(encoding="utf-8"),
                                         ".".join(p.relative_to(ROOT).with_suffix("").parts[:-1]))
                       if m == "desktop_app.forms" or m.startswith("desktop_app.forms.")})
    assert reaching == []


def test_the_import_reader_sees_imports_inside_functions():
    source = "def f():\n    from ..forms import MODELS\n    import desktop_app.forms.project\n"
    found = set(_imports(source, "desktop_app.core"))
    assert {"desktop_app.forms", "desktop_app.forms.MODELS", "desktop_app.forms.project"} <= found
    assert "desktop_app.forms" not in _imports("from .forms_of import x\n", "desktop_app.core")
