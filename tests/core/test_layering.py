"""The domain never imports Qt: it runs on a build server, in a script, and under test
without a display."""

import ast
import pkgutil
import subprocess
import sys

import pytest

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


# -- statically: every import statement, at the top or inside a function --------------------------
# A function's import runs only when it is called, so the checks above cannot see one that a
# command or a rare path runs. The source can: every import statement and every
# ``importlib.import_module`` / ``__import__`` of a literal name.

PACKAGE = ROOT / "desktop_app"
QT = ("PySide6", "shiboken6", "PyQt5", "PyQt6", "desktop_app.gui", "gui")
# Who may not import what. The engine is handed its forms (``core.registry``): it never imports
# ``desktop_app.forms``, not even inside a function.
FORBIDDEN = {
    "desktop_app.core": QT + ("desktop_app.printing", "reportlab", "desktop_app.forms"),
    "desktop_app.forms": QT + ("desktop_app.printing", "reportlab"),
    "desktop_app.printing": QT + ("desktop_app.forms",),
    "desktop_app.cli": QT,
    "desktop_app.paths": QT,
    "desktop_app.logsetup": QT,
}


# The one sanctioned crossing: with no command, the command line's ``main`` starts the window.
ALLOWED = {("desktop_app.cli", "main"): ("desktop_app.gui.app",)}


def _module_name(path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported(source: str, module: str, is_package: bool = False) -> list[tuple[int, str]]:
    """Every module ``source`` (the module ``module``) imports, with its line: absolute names,
    relative ones resolved, ``from x import y`` counted as ``x.y`` too (y may be a module)."""
    package = module.split(".") if is_package else module.split(".")[:-1]
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package[:len(package) - node.level + 1] if node.level else []
            stem = ".".join(base + ([node.module] if node.module else []))
            found.append((node.lineno, stem))
            found += [(node.lineno, f"{stem}.{alias.name}") for alias in node.names]
        elif (isinstance(node, ast.Call) and node.args and isinstance(node.args[0], ast.Constant)
              and isinstance(node.args[0].value, str)
              and ((isinstance(node.func, ast.Name) and node.func.id in ("__import__", "import_module"))
                   or (isinstance(node.func, ast.Attribute) and node.func.attr == "import_module"))):
            found.append((node.lineno, node.args[0].value))
    return found


def _allowed(source: str, module: str) -> list[tuple[range, tuple[str, ...]]]:
    return [(range(node.lineno, node.end_lineno + 1), names)
            for node in ast.walk(ast.parse(source)) if isinstance(node, ast.FunctionDef)
            for (where, function), names in ALLOWED.items() if where == module and node.name == function]


def _within(name: str, prefixes) -> bool:
    return any(name == b or name.startswith(b + ".") for b in prefixes)


def _violations(source: str, module: str, is_package: bool = False) -> list[str]:
    out = []
    allowed = _allowed(source, module)
    for owner, banned in FORBIDDEN.items():
        if module == owner or module.startswith(owner + "."):
            for line, name in imported(source, module, is_package):
                if _within(name, banned) and not any(line in lines and _within(name, names) for lines, names in allowed):
                    out.append(f"{module}:{line} imports {name}")
    return out


def test_no_module_of_the_domain_imports_qt_the_window_or_printing_anywhere_in_its_source():
    files = sorted(PACKAGE.rglob("*.py"))
    checked = [f for f in files if any(_module_name(f) == o or _module_name(f).startswith(o + ".") for o in FORBIDDEN)]
    assert len(checked) > 40 and any(f.name == "cli.py" for f in checked)
    problems = [v for f in checked
                for v in _violations(f.read_text(encoding="utf-8"), _module_name(f), f.name == "__init__.py")]
    assert problems == []


@pytest.mark.parametrize("source, module", [
    ("def f():\n    import gui.main_window\n", "desktop_app.core.checks"),
    ("def f():\n    from ..gui import main_window\n", "desktop_app.core.checks"),
    ("def f():\n    from .. import gui\n", "desktop_app.core.checks"),
    ("class A:\n    def f(self):\n        from PySide6.QtCore import Qt\n", "desktop_app.cli"),
    ("def f():\n    from ...printing import render\n", "desktop_app.core.draftfile.rows"),
    ("import importlib\nimportlib.import_module('PySide6.QtWidgets')\n", "desktop_app.printing.grid"),
    ("__import__('shiboken6')\n", "desktop_app.logsetup"),
    ("def cmd_check(args):\n    from .gui.app import run_gui\n", "desktop_app.cli"),
    ("def main():\n    from .gui.main_window import MainWindow\n", "desktop_app.cli"),
    ("from .. import printing\n", "desktop_app.core.inbox"),
    ("def model_of(data):\n    from ..forms import MODELS, model_for\n", "desktop_app.core.jsonio"),
    ("def _model_named(conn):\n    from ...forms import model_for\n", "desktop_app.core.draftfile.container"),
    ("def f():\n    from .. import forms\n", "desktop_app.printing.grid"),
])
def test_the_static_check_finds_an_import_hidden_in_a_function(source, module):
    assert _violations(source, module)


def test_the_static_check_resolves_a_package_s_own_relative_imports():
    assert not _violations("from . import forms\n", "desktop_app.core", is_package=True)
    assert _violations("from ..gui import app\n", "desktop_app.core", is_package=True)
    assert not _violations("from ..core import spec\n", "desktop_app.printing.grid")


# -- the window and the reviewer's desk meet only at their seam ----------------------------------
# ``gui/seam.py`` is all each knows of the other; ``gui/__init__.py`` wires them at start-up (its
# imports are not followed: every module of the package runs it, and it is the one place that may
# name both).

WINDOW, DESK, WIRING = "desktop_app.gui.main_window", "desktop_app.gui.desk", "desktop_app.gui"


def _gui_imports(sources: dict[str, tuple[str, bool]]) -> dict[str, set[str]]:
    """Module -> the modules of ``sources`` it imports anywhere in its source (not the wiring)."""
    graph = {}
    for module, (source, is_package) in sources.items():
        names = {name for _, name in imported(source, module, is_package)}
        graph[module] = {m for m in sources for name in names if m != WIRING and _within(name, (m,))}
    return graph


def _reaches(graph: dict[str, set[str]], start: str, target: str) -> list[str] | None:
    """A chain of imports from ``start`` to a module within ``target``, or None."""
    seen, paths = {start}, [[start]]
    while paths:
        path = paths.pop()
        for nxt in sorted(graph.get(path[-1], ())):
            if _within(nxt, (target,)):
                return path + [nxt]
            if nxt not in seen:
                seen.add(nxt)
                paths.append(path + [nxt])
    return None


def _seam_violations(sources: dict[str, tuple[str, bool]]) -> list[str]:
    graph = _gui_imports(sources)
    out = []
    for module in graph:
        for owner, other in ((WINDOW, DESK), (DESK, WINDOW)):
            if _within(module, (owner,)):
                chain = _reaches(graph, module, other)
                if chain is not None:
                    out.append(" -> ".join(chain))
    return out


def _gui_sources() -> dict[str, tuple[str, bool]]:
    return {_module_name(f): (f.read_text(encoding="utf-8"), f.name == "__init__.py")
            for f in sorted((PACKAGE / "gui").rglob("*.py"))}


def test_the_window_and_the_desk_do_not_import_each_other_even_through_another_module():
    sources = _gui_sources()
    assert WINDOW in sources and "desktop_app.gui.desk.hooks" in sources and "desktop_app.gui.seam" in sources
    assert _seam_violations(sources) == []


@pytest.mark.parametrize("module, source", [
    ("desktop_app.gui.main_window", "def f():\n    from .desk.hooks import install\n"),
    ("desktop_app.gui.main_window", "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .desk import hooks\n"),
    ("desktop_app.gui.desk.hooks", "def _open():\n    from ..main_window import MainWindow, show_new_window\n"),
    ("desktop_app.gui.desk.folder", "from .. import main_window\n"),
    # through a third module: the desk imports office, which imports the window
    ("desktop_app.gui.desk.compare", "from ..office import quit_all\n"),
])
def test_the_seam_check_finds_the_circle_coming_back(module, source):
    sources = _gui_sources()
    assert sources[module][0] != source
    sources[module] = (source, sources[module][1])
    assert _seam_violations(sources) != []
