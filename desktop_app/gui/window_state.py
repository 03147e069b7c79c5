"""What the window says about its draft — title, banner, status line — as a pure function of
the draft's state, so every combination can be tested without a window and nothing branches
on the wording of a message."""

from __future__ import annotations

from pathlib import Path

from ..core.record import Record

UNTITLED = "未命名"
SAVE_ELSEWHERE = "请用“另存为”保存到其他位置。"


class DraftState(Record):
    form_title: str
    path: Path | None = None            # the draft the window is bound to
    imported_from: Path | None = None   # the JSON file it was opened from, never written back
    has_content: bool = False           # anything typed at all
    dirty: bool = False                 # edits not yet in the bound draft
    recovered: bool = False             # taken over from a window that crashed
    read_only_reason: str | None = None
    save_warning: str | None = None     # known before any save that this place will fail
    save_error: str | None = None       # why the last save failed
    conflict: bool = False              # it failed because someone else changed the draft
    recovery_copy: bool | None = None   # whether the unsaved edits are in the recovery copy
    last_saved: str | None = None       # time of the last save, HH:MM:SS
    reviewing: Path | None = None       # the received file under review (saved to a working copy)
    unlocked: bool = False              # the reviewer chose to change the content

    @property
    def unsaved(self) -> bool:
        """Edits that exist nowhere but in this window (and its recovery copy)."""
        if self.path is None:
            return self.has_content if (self.imported_from is None or self.recovered) else self.dirty
        return self.dirty


class WindowText(Record):
    title: str
    modified: bool
    banner: str          # "" for none
    status: str          # "" for none
    offer_overwrite: bool = False  # the banner offers to write the window's version over the file


def display_name(state: DraftState) -> str:
    if state.reviewing is not None:
        return f"{state.reviewing.name}（审核）"
    if state.path is not None:
        return state.path.name
    if state.imported_from is not None:
        return f"{state.imported_from.name}（导入）"
    return UNTITLED


def unit_stem(form) -> str:
    """A file name for a form from the fields that name who files it (its declaration's ``unit``),
    "" while they are empty."""
    return " ".join(str(form.get(p) or "") for p in form.spec.unit).strip()[:40]


def window_text(state: DraftState) -> WindowText:
    if state.read_only_reason:
        word = "只读"
    elif state.save_error:
        word = "未能保存"
    elif state.path is None:
        word = "未保存为草稿" if state.has_content else ""
    elif state.dirty:
        word = "未保存"
    else:
        word = "已保存"
    if state.recovered:
        word = "已恢复" + (f"，{word}" if word else "")
    title = f"{display_name(state)}[*]{f'（{word}）' if word else ''} — {state.form_title}"
    banner = state.read_only_reason or ""
    if state.save_error:
        where = ("填写的内容仍在窗口中，并已另存一份恢复副本，没有丢失" if state.recovery_copy
                 else "填写的内容目前只在窗口中，尚未保存到任何文件，请不要关闭窗口")
        todo = "请用“另存为”保存一份，或选择“用窗口中的内容覆盖”。" if state.conflict else SAVE_ELSEWHERE
        banner = f"{state.save_error.rstrip('。')}。{where}；{todo}"
    elif not banner and state.save_warning:
        banner = state.save_warning
    elif not banner and state.reviewing is not None:
        banner = (f"审核模式：收到的文件 {state.reviewing.name} 保持原样；"
                  + ("内容已解锁，所作修改只在审核副本中，退回时一并退回。" if state.unlocked
                     else "内容只读，审核意见和结论随时自动保存在审核副本中。"))
    status = ""
    if state.last_saved and not state.dirty and state.reviewing is not None:
        status = f"审核意见已自动保存（{state.last_saved}）"
    elif state.last_saved and not state.dirty and state.path is not None:
        status = f"已自动保存到 {state.path}（{state.last_saved}）"
    return WindowText(title, state.unsaved, banner, status, offer_overwrite=bool(state.save_error and state.conflict))
