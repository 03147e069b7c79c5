"""Windows' own behaviour, simulated (no Windows machine runs these tests): replacing a file that
another program holds open fails with a sharing violation. The clerk is told in one line, the
edits stay in the window, no temporary file is left behind."""

from __future__ import annotations

from desktop_app.core import atomic


def _sharing_violation(src, dst):
    err = PermissionError(13, "The process cannot access the file because it is being used by another process")
    err.winerror = 32
    raise err


def test_a_pdf_open_in_a_viewer_is_not_replaced_and_the_clerk_is_told(tmp_path, monkeypatch, seed_draft):
    from desktop_app import cli

    target = tmp_path / "打印稿.pdf"
    target.write_bytes(b"%PDF open in a viewer")
    monkeypatch.setattr(atomic.os, "replace", _sharing_violation)
    assert cli.main(["render", str(seed_draft), "-o", str(target)]) == 2
    assert target.read_bytes() == b"%PDF open in a viewer"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["打印稿.pdf", seed_draft.name])


def test_the_message_says_another_program_has_it_open(tmp_path, monkeypatch, seed_draft, capsys):
    from desktop_app import cli

    monkeypatch.setattr(atomic.os, "replace", _sharing_violation)
    assert cli.main(["export", str(seed_draft), "-o", str(tmp_path / "导出.json")]) == 2
    assert "正被其他程序打开" in capsys.readouterr().err
