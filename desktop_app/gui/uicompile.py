"""The Designer files as Python, compiled by Qt's ``uic`` and kept under a name made of the
``.ui`` file's content: the largest hand-laid section is built by compiled code in some 5 ms,
where QUiLoader, parsing the XML at every start, takes 40 to 50.

The ``.ui`` stays the only source: an edited file has another key and is compiled again, so a
compiled module can never be stale. A bundle carries its modules compiled at build time
(``ui/compiled``, see ``compile_folder``); a run from source compiles into the data folder on
first need. Where neither works (no uic, a data folder that cannot be written) the caller falls
back to QUiLoader.

No Qt here: the build script imports this module without a display.
"""

from __future__ import annotations

import importlib.util
import sys
import zlib
from pathlib import Path

from ..core.atomic import write_cache

# Part of every key: a change to what is done to uic's output recompiles everything.
GENERATOR = "1"
CACHE_FOLDER = "ui-cache"
_loaded: dict[str, type] = {}  # module name -> its Ui_ class


class UicUnavailable(RuntimeError):
    pass


def _pyside_version() -> str:
    import PySide6

    return PySide6.__version__


def key(data: bytes) -> str:
    """The name part of the module compiled from ``.ui`` content ``data``."""
    # Two checksums of zlib, not hashlib: loading OpenSSL is 3 ms of the window's start, and
    # the files are the program's own (no one crafts a collision); their name is in the key.
    salted = f"{_pyside_version()}\0{GENERATOR}\0".encode() + data
    return f"{zlib.crc32(salted):08x}{zlib.adler32(salted):08x}"


def module_name(ui: Path, data: bytes) -> str:
    return f"{ui.stem}-{key(data)}.py"


def uic_command() -> list[str] | None:
    """Qt's uic as PySide6 ships it (the binary, or the ``pyside6-uic`` wrapper)."""
    import shutil

    import PySide6

    base = Path(PySide6.__file__).parent
    for folder in (base / "Qt" / "libexec", base):
        for name in ("uic", "uic.exe"):
            if (folder / name).is_file():
                return [str(folder / name), "-g", "python"]
    wrapper = shutil.which("pyside6-uic")
    return [wrapper] if wrapper else None


def compile_ui(ui: Path) -> str:
    """uic's Python for ``ui``, importing only the Qt names it uses: each name taken from a
    PySide6 module creates its type, and uic's fixed list (gradients, palettes, images) costs
    more than building the section."""
    import ast
    import subprocess

    command = uic_command()
    if command is None:
        raise UicUnavailable("uic not found")
    try:
        done = subprocess.run([*command, str(ui)], capture_output=True, check=False, timeout=120,
                              creationflags=getattr(subprocess, "CREATE_NO_WINDOW", 0))  # no console flashing up
    except subprocess.SubprocessError as err:  # OSError (cannot run it) passes as it is
        raise RuntimeError(f"uic failed on {ui.name}: {err}") from err
    if done.returncode != 0:
        raise RuntimeError(f"uic failed on {ui.name}: {done.stderr.decode(errors='replace')[-500:]}")
    tree = ast.parse(done.stdout.decode("utf-8"))
    used = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
    body = []
    for node in tree.body:
        if isinstance(node, ast.ImportFrom):
            node.names = [alias for alias in node.names if (alias.asname or alias.name) in used]
            if not node.names:
                continue
        body.append(node)
    tree.body = body
    return f"# Compiled by uic from {ui.name}; the .ui is the source, do not edit.\n{ast.unparse(tree)}\n"


def _write(target: Path, source: str) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    write_cache(target, source.encode("utf-8"))  # another copy of the program may be compiling it too


def compile_folder(ui_folder: Path, target: Path) -> Path:
    """Every ``.ui`` of ``ui_folder`` compiled into ``target`` (the build bundles that folder)."""
    for ui in sorted(ui_folder.glob("*.ui")):
        _write(target / module_name(ui, ui.read_bytes()), compile_ui(ui))
    return target


def find_or_compile(ui: Path, bundled: Path, cache: Path) -> Path:
    """The module compiled from ``ui`` as it is now: the bundle's, else the data folder's, else
    compiled into the data folder (``UicUnavailable``, ``OSError`` when it cannot be)."""
    name = module_name(ui, ui.read_bytes())
    for folder in (bundled, cache):
        if (folder / name).is_file():
            return folder / name
    _write(cache / name, compile_ui(ui))
    for old in cache.glob(f"{ui.stem}-*.py"):  # compiled from what the file used to say
        if old.name != name and len(old.stem) == len(ui.stem) + 17:
            old.unlink(missing_ok=True)
    return cache / name


def ui_class(ui: Path, bundled: Path, cache: Path) -> type:
    """The ``Ui_…`` class compiled from ``ui`` as it is now (``find_or_compile``), imported once
    per process for each content of the file."""
    name = module_name(ui, ui.read_bytes())
    if name not in _loaded:
        path = find_or_compile(ui, bundled, cache)
        spec = importlib.util.spec_from_file_location(f"desktop_app.gui._ui_{path.stem.replace('-', '_')}", path)
        module = importlib.util.module_from_spec(spec)
        sys.modules[spec.name] = module
        spec.loader.exec_module(module)
        found = [value for attr, value in vars(module).items() if attr.startswith("Ui_")]
        if not found:
            raise RuntimeError(f"{path.name} holds no Ui_ class")
        _loaded[name] = found[0]
    return _loaded[name]
