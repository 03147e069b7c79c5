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


# -- every writer honours the draft lock ---------------------------------------------------------

def _symlink(link: Path, target: Path) -> None:
    try:
        link.symlink_to(target)
    except (OSError, NotImplementedError):
        pytest.skip("this system makes no symbolic links for this user (Windows without the privilege)")


WRITERS = {
    "import": lambda source, folder: ["import", str(SEED_PATH)],
    "next-year": lambda source, folder: ["next-year", str(source)],
    "export": lambda source, folder: ["export", str(source)],
    "render": lambda source, folder: ["render", str(source)],
    "review -o": lambda source, folder: ["review", str(folder)],
}


@pytest.mark.parametrize("writer", WRITERS)
@pytest.mark.parametrize("through", ["its name", "a symbolic link to it"])
def test_no_command_writes_over_a_draft_a_window_holds(tmp_path, seed_draft, writer, through, capsys):
    held = tmp_path / "held" / "草稿.jxmb"
    held.parent.mkdir()
    held.write_bytes(seed_draft.read_bytes())
    other = tmp_path / "other"
    other.mkdir()
    (other / "a.jxmb").write_bytes(seed_draft.read_bytes())
    target = held
    if through != "its name":
        target = tmp_path / "link.jxmb"
        _symlink(target, held)
    window_lock = locks.acquire(held)  # what an open window holds
    assert window_lock.lock is not None
    try:
        before = sha256(held)
        assert cli.main([*WRITERS[writer](seed_draft, other), "-o", str(target)]) == 2
        err = capsys.readouterr().err
        assert "正在" in err and "没有写入" in err and err.count("\n") == 1
        assert sha256(held) == before
    finally:
        window_lock.lock.release()
    assert cli.main([*WRITERS[writer](seed_draft, other), "-o", str(target)]) == 0  # free again: written
    assert not locks.lock_path(held).exists()


# -- review reads a folder and writes nothing in it ----------------------------------------------

def _review_sources(tmp_path: Path, kind: str) -> tuple[Path, Path, list[Path]]:
    """A folder to review, the -o target, and the files that must stay as they were."""
    folder = tmp_path / "收件箱"
    (folder / "子文件夹").mkdir(parents=True)
    draft = folder / "子文件夹" / "甲单位.jxmb"
    assert cli.main(["import", str(SEED_PATH), "-o", str(draft)]) == 0
    form = folder / "乙单位.json"
    form.write_bytes(SEED_PATH.read_bytes())
    if kind == "a draft of the folder":
        return folder, draft, [draft, form]
    if kind == "a JSON form of the folder":
        return folder, form, [draft, form]
    if kind == "a symbolic link to a draft of the folder":
        _symlink(tmp_path / "汇总.xlsx", draft)
        return folder, tmp_path / "汇总.xlsx", [draft, form]
    if kind == "a hard link to a JSON form of the folder":
        os.link(form, tmp_path / "汇总.xlsx")
        return folder, tmp_path / "汇总.xlsx", [draft, form]
    if kind == "a draft reached through a linked file in the folder":
        outside = tmp_path / "外面.jxmb"
        outside.write_bytes(draft.read_bytes())
        _symlink(folder / "链接.jxmb", outside)
        return folder, outside, [draft, form, outside]
    raise AssertionError(kind)


@pytest.mark.parametrize("kind", ["a draft of the folder", "a JSON form of the folder",
                                  "a symbolic link to a draft of the folder",
                                  "a hard link to a JSON form of the folder",
                                  "a draft reached through a linked file in the folder"])
def test_review_never_writes_its_summary_over_a_file_it_reads(tmp_path, kind, capsys):
    folder, target, kept = _review_sources(tmp_path, kind)
    before = {p: sha256(p) for p in kept}
    assert cli.main(["review", str(folder), "-o", str(target)]) == 2
    err = capsys.readouterr().err
    assert "要读取的文件" in err and err.count("\n") == 1
    assert {p: sha256(p) for p in kept} == before
    beside = tmp_path / "汇总表.xlsx"  # beside the folder: written
    assert cli.main(["review", str(folder), "-o", str(beside)]) == 0 and beside.read_bytes()[:2] == b"PK"


@pytest.mark.parametrize("name", [".~草稿.jxmb.lock", ".~草稿.ab12cd.0123abcd.tmp", "草稿.jxmb-journal"])
@pytest.mark.parametrize("command", COMMANDS)
def test_the_names_of_the_program_s_own_files_are_refused(tmp_path, command, name, capsys):
    source = _source(tmp_path, command)
    assert cli.main([command, str(source), "-o", str(tmp_path / name)]) == 2
    assert "自用" in capsys.readouterr().err and not (tmp_path / name).exists()


# -- MAX_PATH on Windows: every file made for a target fits ----------------------------------------

def _path_of_length(tmp_path: Path, length: int, name: str) -> Path:
    """A path of exactly ``length`` characters ending in ``name`` (its folders need not exist)."""
    folder = str(tmp_path.absolute())
    room = length - len(folder) - 1 - len(name)
    parts = []
    while room > 0:
        step = min(room, 51) if room != 52 else 50  # each part and its separator
        parts.append("d" * (step - 1))
        room -= step
    assert room == 0
    path = Path(folder, *parts, name)
    assert len(str(path)) == length
    return path


@pytest.mark.parametrize("draft", [True, False])
def test_on_windows_every_file_written_for_a_target_fits_in_max_path(tmp_path, monkeypatch, draft):
    monkeypatch.setattr(targets, "_windows", lambda: True)
    extra = max(targets.JOURNAL_EXTRA, targets.LOCK_EXTRA) if draft else 0
    limit = targets.MAX_WINDOWS_PATH - 1  # characters, the terminating NUL aside
    long_name = "名" * 50 + (".jxmb" if draft else ".pdf")
    fits = _path_of_length(tmp_path, limit - extra, long_name)
    assert targets.check_target(fits, draft=draft) == fits
    with pytest.raises(targets.FormError, match="路径过长"):
        targets.check_target(_path_of_length(tmp_path, limit - extra + 1, long_name), draft=draft)
    # A short name still needs room for the temporary file it is first written as.
    short = "a.jxmb" if draft else "a.pdf"
    room = limit - extra - targets.TEMP_NAME_MAX + len(short)
    assert targets.check_target(_path_of_length(tmp_path, room, short), draft=draft)
    with pytest.raises(targets.FormError, match="路径过长"):
        targets.check_target(_path_of_length(tmp_path, room + 1, short), draft=draft)


def test_the_temporary_name_is_never_longer_than_the_room_kept_for_it(monkeypatch):
    from desktop_app.core import atomic

    monkeypatch.setattr(os, "getpid", lambda: 0xFFFFFFFF)
    assert len(atomic.temp_name(Path("很长的名称" * 10 + ".jxmb"))) == targets.TEMP_NAME_MAX


@pytest.mark.parametrize("command", [*COMMANDS, "next-year", "review"])
def test_no_command_writes_over_the_font_it_reads(tmp_path, command, capsys, monkeypatch):
    """The program's own files are read by its commands too (the font, by the check and the
    print): a per-user install is writable, and ``-o`` there would break every later print."""
    from desktop_app import paths

    font = tmp_path / "font.otf"
    font.write_bytes(paths.font_path().read_bytes()[:4096])
    link = tmp_path / "link.otf"
    _symlink(link, font)
    source = _source(tmp_path, "import" if command == "import" else "export")
    args = [command, str(tmp_path) if command == "review" else str(source)]
    before = sha256(font)
    monkeypatch.setattr(paths, "font_path", lambda: font)
    for target in (font, link):
        assert cli.main([*args, "-o", str(target)]) == 2
        assert "要读取的文件" in capsys.readouterr().err
    assert sha256(font) == before
