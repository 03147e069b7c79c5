"""Fixtures shared by every test folder. Qt runs offscreen; the program's data folder (logs,
crash recovery) is a fresh temporary folder per test, so no test sees another's files."""

from __future__ import annotations

import copy
import json
import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

ROOT = Path(__file__).resolve().parent.parent
if os.name == "nt":
    # Qt's offscreen platform on Windows reads fonts from a folder (PySide6 ships none) and warns
    # without one, which fails a test: the bundled font's folder serves.
    os.environ.setdefault("QT_QPA_FONTDIR", str(ROOT / "resources" / "fonts"))
SEED_PATH = ROOT / "resources" / "samples" / "seed-form.json"


def symlink_or_skip(link: Path, target) -> Path:
    """``link`` made a symbolic link to ``target``, or the test skipped where this system makes
    none a program sees as one: Windows without the privilege, and Wine (a Windows program sees
    the Unix link it makes as the file it points to)."""
    try:
        link.symlink_to(target)
    except (OSError, NotImplementedError):
        pytest.skip("this system makes no symbolic links for this user (Windows without the privilege)")
    if not link.is_symlink():
        pytest.skip("symbolic links made here are not seen as links (Wine)")
    return link


@pytest.fixture(autouse=True)
def _private_data_dir(tmp_path_factory, monkeypatch):
    monkeypatch.setenv("BUDGET_FORM_DATA_DIR", str(tmp_path_factory.mktemp("appdata")))


@pytest.fixture
def code_cache() -> Path:
    """Where the program keeps compiled code (``core.codecache``), in this test's data folder."""
    from desktop_app.core import codecache

    return Path(os.environ["BUDGET_FORM_DATA_DIR"]) / codecache.FOLDER


@pytest.fixture(scope="session")
def seed_dict() -> dict:
    return json.loads(SEED_PATH.read_text(encoding="utf-8"))


@pytest.fixture
def seed_data(seed_dict) -> dict:
    """A private deep copy of the seed's JSON, free to modify."""
    return copy.deepcopy(seed_dict)


@pytest.fixture
def seed_form():
    from desktop_app.core import jsonio

    return jsonio.load(SEED_PATH)


@pytest.fixture
def signed_form(seed_form):
    """The seed as it is when the clerk has finished: with its year and sign-off (the real copy
    has neither, so the seed itself draws warnings for them)."""
    seed_form.year = 2026
    seed_form.signoff.preparer, seed_form.signoff.phone = "王小明", "020-82110000"
    seed_form.signoff.head, seed_form.signoff.date = "李大华", "2026-01-15"
    return seed_form


@pytest.fixture
def seed_draft(tmp_path, seed_form) -> Path:
    from desktop_app.core import draftfile

    path = tmp_path / "seed.jxmb"
    draftfile.save_draft(path, seed_form)
    return path
