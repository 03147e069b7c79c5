"""Where ``-o`` may write: a generator of output targets for every command that writes — the
input itself (also through a hard or symbolic link), a folder, a pipe, a device, names Windows
reserves, names too long for a draft's journal, paths too long for Windows — each refused with
exit 2 before anything is written, and both files untouched; a draft another program is editing
is not written either."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from desktop_app import cli
from desktop_app.core import locks, targets
from tests.conftest import SEED_PATH

from .support import sha256

COMMANDS = ("import", "export", "render")


def _make(kind: str, tmp: Path, source: Path) -> Path:
    if kind == "input itself":
        return source
    if kind == "hard link to the input":
        os.link(source, tmp / "link")
        return tmp / "link"
    if kind == "symbolic link to the input":
        (tmp / "slink").symlink_to(source)
        return tmp / "slink"
    if kind == "folder":
        (tmp / "folder").mkdir()
        return tmp / "folder"
    if kind == "pipe":
        os.mkfifo(tmp / "pipe")
        return tmp / "pipe"
    if kind == "device":
        return Path(os.devnull)
    if kind == "symbolic link to a pipe":
        os.mkfifo(tmp / "pipe2")
        (tmp / "to-pipe").symlink_to(tmp / "pipe2")
        return tmp / "to-pipe"
    if kind.startswith("reserved "):
        return tmp / kind[len("reserved "):]
    if kind == "name of 255 bytes for a draft":
        return tmp / ("表" * 83 + "x.jxmb")  # 249 + 6 bytes: no room for "-journal"
    raise AssertionError(kind)


REFUSED = ["input itself", "hard link to the input", "symbolic link to the input", "folder", "pipe", "device",
           "symbolic link to a pipe", "reserved CON", "reserved con.pdf", "reserved NUL.json", "reserved COM1.jxmb",
           "reserved lpt9.tar.gz", "reserved Aux"]


def _source(tmp: Path, command: str) -> Path:
    if command == "import":
        source = tmp / "in.json"
        source.write_bytes(SEED_PATH.read_bytes())
    else:
        source = tmp / "in.jxmb"
        assert cli.main(["import", str(SEED_PATH), "-o", str(source)]) == 0
    return source


def _state(path: Path):
    try:
        return sha256(path) if path.is_file() else path.stat().st_mode
    except OSError:
        return None


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize("kind", REFUSED)
def test_a_target_that_is_not_a_new_or_ordinary_file_is_refused(tmp_path, command, kind, capsys):
    source = _source(tmp_path, command)
    target = _make(kind, tmp_path, source)
    before = (_state(source), _state(target), sorted(p.name for p in tmp_path.iterdir()))
    assert cli.main([command, str(source), "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert (_state(source), _state(target), sorted(p.name for p in tmp_path.iterdir())) == before


def test_a_draft_name_with_no_room_for_its_journal_is_refused(tmp_path, capsys):
    target = _make("name of 255 bytes for a draft", tmp_path, SEED_PATH)
    assert len(target.name.encode()) == 255
    assert cli.main(["import", str(SEED_PATH), "-o", str(target)]) == 2
    assert "过长" in capsys.readouterr().err and not target.exists()
    # A PDF may use every byte the system allows: its temporary file's name is short.
    pdf = tmp_path / ("表" * 83 + "x.pdf")
    assert cli.main(["render", str(SEED_PATH), "-o", str(pdf)]) == 0 and pdf.read_bytes().startswith(b"%PDF")


def test_on_windows_a_path_over_260_characters_is_refused(tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(targets, "_windows", lambda: True)
    deep = tmp_path / ("子目录" * 20) / ("子目录" * 20) / ("子目录" * 20)
    deep.mkdir(parents=True)
    target = deep / ("名称" * 30 + ".pdf")
    assert len(str(target)) > 260
    assert cli.main(["render", str(SEED_PATH), "-o", str(target)]) == 2
    assert "路径过长" in capsys.readouterr().err and not target.exists()


def test_a_symbolic_link_to_an_ordinary_file_is_written_through(tmp_path):
    real = tmp_path / "real.pdf"
    real.write_bytes(b"old")
    (tmp_path / "link.pdf").symlink_to(real)
    assert cli.main(["render", str(SEED_PATH), "-o", str(tmp_path / "link.pdf")]) == 0
    assert (tmp_path / "link.pdf").is_symlink() and real.read_bytes().startswith(b"%PDF")


def test_import_onto_a_draft_a_window_is_editing_is_refused(tmp_path, seed_draft, capsys):
    window_lock = locks.acquire(seed_draft)  # what an open window holds
    assert window_lock.lock is not None
    try:
        before = sha256(seed_draft)
        assert cli.main(["import", str(SEED_PATH), "-o", str(seed_draft)]) == 2
        err = capsys.readouterr().err
        assert "正在" in err and "没有写入" in err
        assert sha256(seed_draft) == before
    finally:
        window_lock.lock.release()
    assert cli.main(["import", str(SEED_PATH), "-o", str(seed_draft)]) == 0  # free again: written
    assert not locks.lock_path(seed_draft).exists()  # and the command's own lock is gone
