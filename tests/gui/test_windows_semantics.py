"""The window when Windows refuses to replace a file another program holds open (simulated)."""

from __future__ import annotations

from desktop_app.core import atomic
from desktop_app.core.files import load_form
from tests.conftest import SEED_PATH

from .conftest import commit_text, export_pdf, field


def _sharing_violation(src, dst):
    err = PermissionError(13, "being used by another process")
    err.winerror = 32
    raise err


def test_export_over_a_pdf_open_in_a_viewer(qtbot, make_window, clerk, tmp_path, monkeypatch):
    window = make_window(SEED_PATH)
    clerk.pdf_path = tmp_path / "打印稿.pdf"
    clerk.pdf_path.write_bytes(b"open in a viewer")
    monkeypatch.setattr(atomic.os, "replace", _sharing_violation)
    export_pdf(qtbot, window)
    assert clerk.warnings and "正被其他程序打开" in clerk.warnings[-1]
    assert clerk.pdf_path.read_bytes() == b"open in a viewer"
    assert [p.name for p in tmp_path.iterdir()] == ["打印稿.pdf"]  # no temporary file left


def test_save_as_over_a_draft_open_in_another_program_keeps_the_edits(make_window, clerk, tmp_path, monkeypatch,
                                                                     seed_draft):
    window = make_window(seed_draft)
    commit_text(field(window, "signoff.preparer"), "还在窗口里")
    window.save_now()
    clerk.save_path = tmp_path / "副本.jxmb"
    clerk.save_path.write_bytes(seed_draft.read_bytes())
    monkeypatch.setattr(atomic.os, "replace", _sharing_violation)
    assert not window.save_as()
    assert clerk.warnings and "正被其他程序打开" in clerk.warnings[-1]
    assert window.form.signoff.preparer == "还在窗口里"
    assert load_form(seed_draft).signoff.preparer == "还在窗口里"  # the draft itself was saved before
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".~") and p.suffix == ".tmp"]
