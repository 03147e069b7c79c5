"""What the frozen program ships, and what it leaves out, for the PyInstaller spec.

PyInstaller's Qt hooks collect every plugin of a used plugin type and every translation of a
used Qt module, then pull in their libraries. The program needs a widgets window (xcb on Linux,
windows on Windows, offscreen for the self-test), printing and QtPdf; nothing here talks to the
network, runs QML or draws with Wayland/EGL. Everything else is dropped by name after analysis;
on Linux, ``reachable_only`` then drops every library that nothing kept links to, and
build_linux.sh proves with ``ldd`` that no kept library misses one that was dropped.
"""

from __future__ import annotations

import re

# Python modules that are installed in the build environment (test tools, optional imports of
# reportlab and sqlite-utils) but never run in the program.
EXCLUDED_MODULES = [
    "ssl", "_ssl", "_hashlib",  # no network; hashlib falls back to its built-in SHA-256
    "tkinter", "_tkinter", "unittest", "pydoc", "doctest", "pdb", "lib2to3", "test",
    "xmlrpc", "http.server", "ftplib", "imaplib", "smtplib", "poplib", "telnetlib", "nntplib",
    "curses", "readline", "idlelib", "turtle", "turtledemo", "ensurepip", "venv", "distutils",
    "setuptools", "pkg_resources", "pip", "wheel", "PyInstaller",
    # reportlab imports PIL.Image unconditionally; the form draws no images, so only the core
    # of Pillow ships, not its font, colour-management, WebP/AVIF and Tk parts.
    "PIL._avif", "PIL._webp", "PIL._imagingcms", "PIL._imagingft", "PIL._imagingtk",
    "PIL.ImageQt", "PIL.ImageTk", "PIL.ImageCms", "PIL.ImageFont",
    "numpy", "cryptography", "pdfminer", "pdfplumber", "pypdfium2", "pypdfium2_raw",
    "pytest", "_pytest", "pytestqt", "hypothesis", "pygments", "jsonschema", "IPython",
    "reportlab.graphics", "reportlab.graphics.renderPM", "rlPyCairo", "_rl_renderPM",
    # Qt modules the program never imports (QtNetwork's library stays: libQt6Pdf links it).
    "PySide6.QtNetwork", "PySide6.QtQml", "PySide6.QtQuick", "PySide6.QtQuickWidgets",
    "PySide6.QtOpenGL", "PySide6.QtDBus", "PySide6.QtSql", "PySide6.QtTest", "PySide6.QtXml",
    "PySide6.QtConcurrent", "PySide6.QtHelp", "PySide6.QtDesigner", "PySide6.QtSvg",
    "PySide6.QtSvgWidgets", "PySide6.QtStateMachine",
]

# PyInstaller's runtime hooks that import modules before the program's first line, whatever
# the command (``render`` in the bundle took 1.7 times as long as from source): pyi_rth_pyside6
# loads QtCore (Qt, ICU, shiboken's signature loader) to register a qt.conf that PySide6 registers
# itself; pyi_rth_inspect imports inspect and reads base_library.zip for source lookups the
# program never makes; pyi_rth_pkgutil and pyi_rth_multiprocessing patch modules the program
# does not use. build_scripts/rthooks/qt_plugin_path.py keeps the one thing Qt needs of them.
EAGER_RUNTIME_HOOKS = frozenset({"pyi_rth_pyside6", "pyi_rth_inspect", "pyi_rth_pkgutil",
                                 "pyi_rth_multiprocessing"})


def without_eager_hooks(scripts: list) -> list:
    """``Analysis.scripts`` (the bootstrap, the runtime hooks, the program) without
    ``EAGER_RUNTIME_HOOKS``."""
    return [entry for entry in scripts if entry[0] not in EAGER_RUNTIME_HOOKS]


# Qt plugins kept, by "<type>/<name without lib prefix and suffix>". Types not listed go whole.
_KEPT_PLUGINS = {
    "platforms": {"qxcb", "qoffscreen", "qwindows", "qminimal"},
    "xcbglintegrations": None,          # None: every plugin of the type (small; xcb uses them)
    "platforminputcontexts": {"composeplatforminputcontextplugin",
                              "ibusplatforminputcontextplugin"},  # Chinese input on Linux
    "imageformats": {"qico"},           # PNG is built into QtGui; .ico icons need this
    "printsupport": None,               # CUPS on Linux, the Windows spooler on Windows
    "styles": None,                     # the native Windows look (qmodernwindowsstyle)
}

# Shared libraries that only the dropped plugins or Qt modules need.
_DROPPED_LIBRARIES = re.compile(
    r"(Qt6(Qml|Quick|Wayland|WlShell|EglFS|Designer|Labs|Lottie|VirtualKeyboard|Svg|Sql|Test"
    r"|Help|Xml|Concurrent|ShaderTools|Multimedia|WebEngine)"
    r"|libwayland-|libgtk-|libgdk-|libatk|libcairo|libpango|libgdk_pixbuf|libepoxy"
    r"|opengl32sw)",  # Windows' software OpenGL: nothing here draws with OpenGL
    re.IGNORECASE,
)

# Qt's own translations: only the Chinese ones the clerks' dialogs use.
_KEPT_TRANSLATION = re.compile(r"^qt(base)?_zh_CN\.qm$")

# reportlab's font files are for its own demos and bitmap renderer; the form uses our font.
_DROPPED_DATA = re.compile(r"(^|/)reportlab/fonts/")


def _norm(path: str) -> str:
    return path.replace("\\", "/")


def _plugin_kept(dest: str) -> bool | None:
    """True/False for a Qt plugin destination path, None if ``dest`` is not a Qt plugin."""
    # PySide6/Qt/plugins/<type>/lib<name>.so on Linux, PySide6/plugins/<type>/<name>.dll on Windows
    m = re.search(r"(?:^|/)PySide6/(?:Qt/)?plugins/([^/]+)/(?:lib)?([^/.]+)[^/]*$", dest)
    if not m:
        return None
    kind, name = m.groups()
    if kind not in _KEPT_PLUGINS:
        return False
    wanted = _KEPT_PLUGINS[kind]
    return wanted is None or name in wanted


def keep_binary(dest: str) -> bool:
    dest = _norm(dest)
    plugin = _plugin_kept(dest)
    if plugin is not None:
        return plugin
    return not _DROPPED_LIBRARIES.search(dest.rsplit("/", 1)[-1])


def keep_data(dest: str) -> bool:
    dest = _norm(dest)
    if re.search(r"(?:^|/)PySide6/(?:Qt/)?translations/", dest):
        return bool(_KEPT_TRANSLATION.match(dest.rsplit("/", 1)[-1]))
    if _plugin_kept(dest) is False:
        return False
    return not _DROPPED_DATA.search(dest)


def _lib_key(name: str) -> str:
    name = _norm(name).rsplit("/", 1)[-1]
    return name.lower() if name.lower().endswith(".dll") else name


def reachable_only(binaries: list, get_imports) -> list:
    """``binaries`` without the shared libraries that nothing kept links to.

    Roots are what Python or Qt load at run time (extension modules, Qt plugins, libpython);
    every other library stays only if a root needs it, directly or through another library.
    ``get_imports(path)`` gives the names a binary links against.
    """
    by_name = {}
    for entry in binaries:
        by_name.setdefault(_lib_key(entry[0]), []).append(entry)

    def is_root(entry) -> bool:
        dest, _src, typecode = entry
        return (typecode == "EXTENSION" or "/plugins/" in _norm(dest)
                or _lib_key(dest).startswith(("libpython", "python3")))

    by_dest = {_norm(entry[0]): entry for entry in binaries}
    todo = [entry for entry in binaries if is_root(entry)]
    kept = {id(entry) for entry in todo}

    def keep(entry) -> None:
        if id(entry) not in kept:
            kept.add(id(entry))
            todo.append(entry)

    while todo:
        entry = todo.pop()
        if entry[2] == "SYMLINK":  # a link needs the file it points to, whatever its name
            target = by_dest.get(_symlink_target(entry))
            if target is not None:
                keep(target)
            continue
        for name, _path in get_imports(entry[1]):
            for dep in by_name.get(_lib_key(name), ()):
                keep(dep)
    return [entry for entry in binaries if id(entry) in kept]


def _symlink_target(entry) -> str:
    import posixpath

    dest, src, _kind = entry
    return posixpath.normpath(posixpath.join(posixpath.dirname(_norm(dest)), _norm(src)))


def without_dangling_symlinks(toc: list, kept: list) -> list:
    """``toc`` without the SYMLINK entries whose target is no longer in ``kept``."""
    dests = {_norm(entry[0]) for entry in kept}
    return [entry for entry in toc if entry[2] != "SYMLINK" or _symlink_target(entry) in dests]
