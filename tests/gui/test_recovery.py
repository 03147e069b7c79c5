"""Crash recovery never loses what was typed: a copy that cannot be read is kept aside and the
clerk told where; a typed year out of range is recovered like any other value; a draft changed by
someone else after the crash is not overwritten unless the clerk says so."""

from __future__ import annotations

from desktop_app.core import draftfile
from desktop_app.core.checks import check
from desktop_app.core.files import load_form
from desktop_app.gui import recovery
from desktop_app.gui.app import offer_recovery
from tests.department import new_form

from .conftest import field


def _crashed_copy(form, original=None, state=None) -> recovery.RecoverySlot:
    slot = recovery.RecoverySlot()
    assert slot.write(form, original, state)
    slot._lock.release()  # as if its window died
    return slot


def _crash_then_a_colleague_saves(draft):
    """The clerk's edits of ``draft`` left in a crashed recovery copy, and then a colleague's
    change saved into the draft itself."""
    typed = load_form(draft)
    typed.signoff.preparer = "崩溃前输入"
    _crashed_copy(typed, draft, recovery.file_state(draft))
    colleague = load_form(draft)
    colleague.signoff.head = "同事后来改的"
    draftfile.save_draft(draft, colleague)
    return typed, colleague


def test_a_copy_that_cannot_be_read_is_kept_aside_and_the_clerk_told(make_window, clerk):
    slot = _crashed_copy(new_form())
    slot.draft_path.write_bytes(b"not a draft any more")
    window = make_window()
    offer_recovery(window)
    kept = recovery.recovery_dir() / "unusable" / slot.draft_path.name
    assert kept.read_bytes() == b"not a draft any more"
    assert clerk.warnings and str(kept) in clerk.warnings[-1] and "没有被删除" in clerk.warnings[-1]
    assert recovery.pending() == []


def test_a_year_typed_short_survives_a_crash(qtbot, make_window, clerk):
    typed = make_window()
    edit = field(typed, "year")
    typed.focus_path("year")
    qtbot.keyClicks(edit, "26")  # the clerk meant 2026 and paused
    assert typed.form.year == 26
    typed.save_now()  # untitled: the recovery copy
    slot_path = typed.slot.draft_path
    typed.controller.slot._lock.release()  # the window dies without closing
    assert draftfile.load_draft(slot_path).year == 26
    window = make_window()
    offer_recovery(window)
    assert window.form.year == 26
    assert any(p.path == "year" and p.severity == "error" for p in check(window.form))
    clerk.unsaved_answer = "discard"


def test_a_draft_changed_after_the_crash_is_kept_and_the_copy_saved_beside_it(make_window, clerk, seed_draft,
                                                                              seed_form):
    typed, colleague = _crash_then_a_colleague_saves(seed_draft)
    window = make_window()
    offer_recovery(window)
    assert clerk.recovery_conflicts == [seed_draft.name]
    assert load_form(seed_draft) == colleague  # the colleague's work is untouched
    beside = seed_draft.with_name(f"{seed_draft.stem}（恢复的内容）.jxmb")
    assert load_form(beside) == typed
    assert window.session.path == beside.resolve() and window.form == typed


def test_replacing_the_changed_draft_is_the_clerk_s_choice(make_window, clerk, seed_draft):
    typed, colleague = _crash_then_a_colleague_saves(seed_draft)
    clerk.recovery_conflict_answer = "replace"
    window = make_window()
    offer_recovery(window)
    assert load_form(seed_draft) == typed


def test_an_unchanged_draft_takes_the_recovered_edits_without_asking(make_window, clerk, seed_draft):
    typed = load_form(seed_draft)
    typed.signoff.preparer = "崩溃前输入"
    _crashed_copy(typed, seed_draft, recovery.file_state(seed_draft))
    window = make_window()
    offer_recovery(window)
    assert clerk.recovery_conflicts == []
    assert load_form(seed_draft) == typed and window.session.path == seed_draft.resolve()
