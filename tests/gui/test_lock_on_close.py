"""A window that closes its draft lets go of the draft's lock and removes the lock file (issue
21: Windows refused to delete a lock file its own handle still held, and the file stayed, so
another computer on the shared folder was told the draft was held). Runs under Wine too
(build_scripts/wine_check.sh)."""

from __future__ import annotations

from desktop_app.core import locks


def test_closing_the_window_removes_the_drafts_lock(qtbot, make_window, seed_draft):
    window = make_window(seed_draft)
    assert locks.lock_path(seed_draft).exists()
    assert window.close()
    assert not locks.lock_path(seed_draft).exists()
    # Another copy of the program (here: this one) may edit it at once.
    again = locks.acquire(seed_draft)
    assert again.lock is not None and again.read_only_reason is None
    again.lock.release()
    assert not locks.lock_path(seed_draft).exists()


def test_opening_another_draft_removes_the_first_ones_lock(qtbot, make_window, seed_draft, tmp_path, seed_form):
    from desktop_app.core import draftfile

    other = tmp_path / "其他.jxmb"
    draftfile.save_draft(other, seed_form)
    window = make_window(seed_draft)
    assert window.open_path(other)
    assert not locks.lock_path(seed_draft).exists()
    assert locks.lock_path(other).exists()
    assert window.close()
    assert not locks.lock_path(other).exists()
