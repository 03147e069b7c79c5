"""Recently opened files, kept in an INI file in the program's data folder (which also holds
the window's geometry, ``placement``)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings

from .. import paths as app_paths

MAX_RECENT = 8
_KEY = "recent_files"


def settings() -> QSettings:
    """The program's settings (recent files, window geometry), in its data folder."""
    return QSettings(str(app_paths.data_dir() / "settings.ini"), QSettings.Format.IniFormat)


_settings = settings


def _stored() -> list[Path]:
    value = _settings().value(_KEY, [])
    if isinstance(value, str):
        value = [value]
    return [Path(p) for p in (value or []) if p]


def paths() -> list[Path]:
    return [p for p in _stored() if p.exists()]


def add(path) -> None:
    path = str(Path(path).resolve())
    items = [str(p) for p in _stored() if str(p) != path]
    settings = _settings()
    settings.setValue(_KEY, [path, *items][:MAX_RECENT])
    settings.sync()


def last_folder() -> Path:
    for path in _stored():
        if path.parent.exists():
            return path.parent
    return Path.home()
