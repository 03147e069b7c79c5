"""The bundle's trimming rules (build_scripts/bundle_rules.py, trim_icu.py), without building."""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "build_scripts"))

import bundle_rules  # noqa: E402
import trim_icu  # noqa: E402


@pytest.mark.parametrize("dest, kept", [
    ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
    ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
    ("PySide6\\plugins\\platforms\\qwindows.dll", True),   # Windows wheel layout
    ("PySide6\\plugins\\platforms\\qdirect2d.dll", False),
    ("PySide6\\plugins\\styles\\qmodernwindowsstyle.dll", True),
    ("PySide6\\plugins\\imageformats\\qjpeg.dll", False),
    ("PySide6\\plugins\\printsupport\\windowsprintersupport.dll", True),
    ("PySide6/Qt/plugins/platforms/libqwayland.so", False),
    ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
    ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
    ("PySide6/Qt/plugins/tls/libqopensslbackend.so", False),
    ("PySide6/Qt/plugins/imageformats/libqico.so", True),
    ("PySide6/Qt/plugins/imageformats/libqjpeg.so", False),
    ("PySide6/Qt/plugins/printsupport/libcupsprintersupport.so", True),
    ("PySide6/Qt/lib/libQt6Widgets.so.6", True),
    ("PySide6/Qt/lib/libQt6Pdf.so.6", True),
    ("PySide6/Qt/lib/libQt6Quick.so.6", False),
    ("PySide6/Qt6Qml.dll", False),
    ("PySide6/Qt/lib/libQt6WaylandClient.so.6", False),
    ("PySide6\\opengl32sw.dll", False),
])
def test_qt_plugins_and_libraries(dest, kept):
    assert bundle_rules.keep_binary(dest) is kept


def test_translations_keep_only_simplified_chinese():
    assert bundle_rules.keep_data("PySide6/Qt/translations/qtbase_zh_CN.qm")
    assert not bundle_rules.keep_data("PySide6/Qt/translations/qtbase_de.qm")
    assert bundle_rules.keep_data("PySide6\\translations\\qtbase_zh_CN.qm")
    assert not bundle_rules.keep_data("PySide6\\translations\\qtbase_de.qm")
    assert not bundle_rules.keep_data("PySide6/Qt/translations/qtdeclarative_zh_CN.qm")
    assert bundle_rules.keep_data("resources/fonts/NotoSerifSC_400Regular.ttf")
    assert not bundle_rules.keep_data("reportlab/fonts/Vera.ttf")


def test_only_libraries_something_kept_links_to_stay():
    links = {
        "/src/ext.so": ["libA.so.1"],
        "/src/libA.so.1": ["libB.so.2"],
        "/src/libB.so.2": [],
        "/src/libOrphan.so.3": ["libB.so.2"],     # only a dropped plugin needed it
        "/src/qxcb.so": ["libXcb.so.1"],
        "/src/libXcb.so.1": [],
    }
    binaries = [
        ("mod/ext.so", "/src/ext.so", "EXTENSION"),
        ("libA.so.1", "/src/libA.so.1", "BINARY"),
        ("libB.so.2", "/src/libB.so.2", "BINARY"),
        ("libOrphan.so.3", "/src/libOrphan.so.3", "BINARY"),
        ("PySide6/Qt/plugins/platforms/qxcb.so", "/src/qxcb.so", "BINARY"),
        ("libXcb.so.1", "/src/libXcb.so.1", "BINARY"),
        ("libpython3.11.so.1.0", "/src/libpython", "BINARY"),
    ]
    kept = bundle_rules.reachable_only(binaries, lambda path: [(n, None) for n in links.get(path, [])])
    assert [dest for dest, _src, _kind in kept] == [
        "mod/ext.so", "libA.so.1", "libB.so.2", "PySide6/Qt/plugins/platforms/qxcb.so",
        "libXcb.so.1", "libpython3.11.so.1.0"]


def test_a_needed_symlink_keeps_the_file_it_points_to():
    binaries = [
        ("mod/ext.so", "/src/ext.so", "EXTENSION"),
        ("libfoo.so.1", "lib/libfoo.so.1.2.3", "SYMLINK"),
        ("lib/libfoo.so.1.2.3", "/src/libfoo.so.1.2.3", "BINARY"),
        ("lib/libbar.so.1.0", "/src/libbar.so.1.0", "BINARY"),
    ]
    links = {"/src/ext.so": ["libfoo.so.1"]}
    kept = bundle_rules.reachable_only(binaries, lambda path: [(n, None) for n in links.get(path, [])])
    assert [dest for dest, _src, _kind in kept] == ["mod/ext.so", "libfoo.so.1", "lib/libfoo.so.1.2.3"]


def test_symlinks_to_dropped_files_go():
    kept = [("PySide6/Qt/lib/libQt6Core.so.6", "/x", "BINARY")]
    toc = kept + [("libQt6Core.so.6", "PySide6/Qt/lib/libQt6Core.so.6", "SYMLINK"),
                  ("libQt6Svg.so.6", "PySide6/Qt/lib/libQt6Svg.so.6", "SYMLINK")]
    assert [e[0] for e in bundle_rules.without_dangling_symlinks(toc, kept)] == [
        "PySide6/Qt/lib/libQt6Core.so.6", "libQt6Core.so.6"]


def _package(items: list[tuple[str, bytes]]) -> bytes:
    header = struct.pack("<HBB", 32, 0xDA, 0x27) + b"\0" * 8 + b"CmnD" + b"\0" * 16
    return trim_icu.join_package(header, items)


def test_icu_package_round_trip_keeps_items_aligned():
    items = [("icudt73l/coll/root.res", b"r" * 17), ("icudt73l/coll/zh.res", b"z" * 40),
             ("icudt73l/lang/de.res", b"d" * 3), ("icudt73l/uprops.icu", b"u" * 16)]
    package = _package(items)
    header, parsed = trim_icu.split_package(package)
    assert [name for name, _ in parsed] == [name for name, _ in items]
    for (name, blob), (_, original) in zip(parsed, items):
        assert blob.rstrip(b"\0") == original and len(blob) % 16 == 0
        assert package.index(blob) % 16 == 0, name


@pytest.mark.parametrize("name, kept", [
    ("icudt73l/unames.icu", True),
    ("icudt73l/gb18030.cnv", True),
    ("icudt73l/zoneinfo64.res", True),
    ("icudt73l/coll/zh.res", True),
    ("icudt73l/coll/zh_Hant.res", True),
    ("icudt73l/coll/root.res", True),
    ("icudt73l/coll/ucadata.icu", True),
    ("icudt73l/coll/de.res", False),
    ("icudt73l/brkitr/line.brk", True),
    ("icudt73l/brkitr/cjdict.dict", False),
    ("icudt73l/lang/zh.res", False),
    ("icudt73l/zone/zh.res", False),
    ("icudt73l/translit/root.res", False),
])
def test_icu_items_kept(name, kept):
    assert trim_icu.kept(name) is kept


def _wheel_icu() -> Path | None:
    try:
        import PySide6
    except ImportError:
        return None
    found = sorted(Path(PySide6.__file__).parent.glob("Qt/lib/libicudata.so.*"))
    return found[0] if found else None


@pytest.mark.skipif(_wheel_icu() is None or shutil.which("ld") is None,
                    reason="Linux PySide6 wheel with ICU and binutils needed")
def test_trimmed_icu_library_holds_the_kept_items(tmp_path):
    source = _wheel_icu()
    library = trim_icu.trimmed_library(source, tmp_path)
    assert library.name == source.name and library.stat().st_size < source.stat().st_size / 2
    _symbol, package = trim_icu.read_package(library)
    _header, items = trim_icu.split_package(package)
    names = {name.split("/", 1)[1] for name, _ in items}
    assert {"coll/zh.res", "coll/root.res", "unames.icu", "gb18030.cnv"} <= names
    assert not any(name.startswith(("lang/", "curr/", "unit/")) for name in names)
    _symbol, original = trim_icu.read_package(source)
    originals = dict(trim_icu.split_package(original)[1])
    assert all(originals[name] == blob for name, blob in items)  # kept items unchanged


def test_the_eager_runtime_hooks_are_dropped_and_the_rest_of_the_scripts_kept():
    scripts = [("pyiboot01_bootstrap", "/x/pyiboot01_bootstrap.py", "PYSOURCE"),
               ("pyi_rth_inspect", "/x/pyi_rth_inspect.py", "PYSOURCE"),
               ("pyi_rth_pkgutil", "/x/pyi_rth_pkgutil.py", "PYSOURCE"),
               ("pyi_rth_multiprocessing", "/x/pyi_rth_multiprocessing.py", "PYSOURCE"),
               ("pyi_rth_pyside6", "/x/pyi_rth_pyside6.py", "PYSOURCE"),
               ("qt_plugin_path", "/y/qt_plugin_path.py", "PYSOURCE"),
               ("__main__", "/z/__main__.py", "PYSOURCE")]
    kept = bundle_rules.without_eager_hooks(scripts)
    assert [name for name, _, _ in kept] == ["pyiboot01_bootstrap", "qt_plugin_path", "__main__"]


HOOK = ROOT / "build_scripts" / "rthooks" / "qt_plugin_path.py"


@pytest.mark.parametrize("platform, parts", [("linux", ("PySide6", "Qt", "plugins")),
                                             ("win32", ("PySide6", "plugins"))])
def test_the_bundles_own_qt_hook_sets_the_plugin_path_and_imports_nothing(tmp_path, platform, parts):
    code = f"""
import json, os, sys
sys._MEIPASS = {str(tmp_path)!r}
sys.platform = {platform!r}
before = set(sys.modules)
exec(compile(open({str(HOOK)!r}, encoding="utf-8").read(), "hook", "exec"), {{"__name__": "__main__"}})
print(json.dumps([os.environ["QT_PLUGIN_PATH"], sorted(set(sys.modules) - before)]))
"""
    env = {k: v for k, v in os.environ.items() if k != "QT_PLUGIN_PATH"}
    done = subprocess.run([sys.executable, "-I", "-c", code], capture_output=True, text=True, env=env, timeout=60)
    assert done.returncode == 0, done.stderr
    path, imported = json.loads(done.stdout)
    assert path == os.path.join(str(tmp_path), *parts)
    assert imported == []


def test_the_spec_runs_the_bundles_own_hook_in_place_of_the_eager_ones():
    spec = (ROOT / "build_scripts" / "budget_form.spec").read_text(encoding="utf-8")
    assert 'runtime_hooks=[str(ROOT / "build_scripts" / "rthooks" / "qt_plugin_path.py")]' in spec
    assert "a.scripts = without_eager_hooks(a.scripts)" in spec
    assert HOOK.is_file()
