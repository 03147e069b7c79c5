"""Replacing a file another program holds open, as Windows answers it (access denied, sharing
violation), simulated on every system: the rename is tried again for a short while, then the
clerk reads one line saying another program has the file open — naming it where Windows can
tell — and the file is left as it was. On Windows itself: tests/core/test_windows_only.py."""

from __future__ import annotations

import time

import pytest

from desktop_app import cli
from desktop_app.core import atomic, processes


def _windows_refusal(winerror: int):
    err = PermissionError(13, "Access is denied" if winerror == 5 else "being used by another process")
    err.winerror = winerror
    return err


class HeldFor:
    """``os.replace`` refused ``times`` times with ``winerror``, then done."""

    def __init__(self, times: float, winerror: int):
        self.times, self.winerror, self.calls = times, winerror, 0
        self.real = atomic.os.replace

    def __call__(self, src, dst):
        self.calls += 1
        if self.calls <= self.times:
            raise _windows_refusal(self.winerror)
        return self.real(src, dst)


@pytest.mark.parametrize("winerror", [5, 32])
def test_a_scan_that_lets_go_is_waited_for(tmp_path, monkeypatch, seed_draft, winerror):
    held = HeldFor(3, winerror)
    monkeypatch.setattr(atomic.os, "replace", held)
    target = tmp_path / "打印稿.pdf"
    target.write_bytes(b"%PDF old")
    assert cli.main(["render", str(seed_draft), "-o", str(target)]) == 0
    assert held.calls == 4
    assert target.read_bytes().startswith(b"%PDF-")
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["打印稿.pdf", seed_draft.name])


@pytest.mark.parametrize("winerror", [5, 32, 33])
def test_a_file_held_throughout_is_refused_in_one_line_after_the_retry(tmp_path, monkeypatch, seed_draft,
                                                                       capsys, winerror):
    monkeypatch.setattr(atomic, "HELD_RETRY_S", 0.3)
    monkeypatch.setattr(atomic.os, "replace", HeldFor(float("inf"), winerror))
    target = tmp_path / "打印稿.pdf"
    target.write_bytes(b"%PDF open in a viewer")
    started = time.monotonic()
    assert cli.main(["render", str(seed_draft), "-o", str(target)]) == 2
    assert 0.3 <= time.monotonic() - started < 3
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1
    assert "正被其他程序打开" in err and "打印稿.pdf" in err
    assert target.read_bytes() == b"%PDF open in a viewer"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["打印稿.pdf", seed_draft.name])


def test_the_holder_is_named_when_windows_can_tell(tmp_path, monkeypatch, seed_draft, capsys):
    monkeypatch.setattr(atomic, "HELD_RETRY_S", 0.1)
    monkeypatch.setattr(atomic.os, "replace", HeldFor(float("inf"), 32))
    monkeypatch.setattr(processes, "holders", lambda path: ["Adobe Acrobat Reader", "\x1b[31mWPS\n伪造的一行"])
    assert cli.main(["export", str(seed_draft), "-o", str(tmp_path / "导出.json")]) == 2
    err = capsys.readouterr().err
    assert len(err.strip().splitlines()) == 1 and "\x1b" not in err
    assert "文件正被 Adobe Acrobat Reader、" in err and "打开" in err


def test_a_read_only_target_is_not_mistaken_for_a_held_one(tmp_path, monkeypatch, seed_draft, capsys):
    monkeypatch.setattr(atomic, "HELD_RETRY_S", 0.1)
    monkeypatch.setattr(atomic.os, "replace", HeldFor(float("inf"), 5))
    real_access = atomic.os.access
    monkeypatch.setattr(atomic.os, "access", lambda path, mode: False if str(path).endswith("只读.pdf")
                        else real_access(path, mode))
    assert cli.main(["render", str(seed_draft), "-o", str(tmp_path / "只读.pdf")]) == 2
    err = capsys.readouterr().err
    assert "只读" in err and "正被" not in err


def test_a_refusal_that_is_not_windows_holding_the_file_is_not_retried(tmp_path, monkeypatch, seed_draft, capsys):
    calls = []

    def read_only_folder(src, dst):
        calls.append(dst)
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(atomic.os, "replace", read_only_folder)
    started = time.monotonic()
    assert cli.main(["render", str(seed_draft), "-o", str(tmp_path / "a.pdf")]) == 2
    assert len(calls) == 1 and time.monotonic() - started < atomic.HELD_RETRY_S
    assert "没有写入权限" in capsys.readouterr().err
