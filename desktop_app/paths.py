"""Where the program finds its bundled resources and keeps its own files (logs, recovery).

Works both from a source checkout and from a PyInstaller bundle (``sys._MEIPASS``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from . import APP_ID

FONT_FILE = ("fonts", "NotoSerifSC_400Regular.ttf")


def resources_dir() -> Path:
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def ui_dir() -> Path:
    """The Qt Designer files of dialogs (top-level ``ui/``, bundled as ``ui/``)."""
    bundle = getattr(sys, "_MEIPASS", None)
    if bundle:
        return Path(bundle) / "ui"
    return Path(__file__).resolve().parent.parent / "ui"


def resource(*parts: str) -> Path:
    return resources_dir().joinpath(*parts)


def font_path() -> Path:
    """The bundled font (Noto Serif SC), for the window and for the printed copy."""
    return resource(*FONT_FILE)


def sample_form_path() -> Path:
    """The built-in sample: the real filled-in seed form (resources/samples)."""
    return resource("samples", "seed-form.json")


def data_dir() -> Path:
    """The user's application-data folder for logs and crash recovery; created on demand.

    ``BUDGET_FORM_DATA_DIR`` overrides it (tests, portable installs).
    """
    base = data_dir_path()
    base.mkdir(parents=True, exist_ok=True)
    return base


def data_dir_path() -> Path:
    """Where ``data_dir`` is, not created: for what is only read if it is there."""
    override = os.environ.get("BUDGET_FORM_DATA_DIR")
    if override:
        return Path(override)
    if os.name == "nt":
        return Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local") / APP_ID
    return Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share") / APP_ID


def log_path() -> Path:
    return data_dir() / "error.log"
