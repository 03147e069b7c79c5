"""Where the program may write a file the clerk named (a draft, an export, a PDF): checked
before anything is written, so a bad name ends in one message and nothing else.

Refused: the file being read (also through a link); anything but a regular file or a new name
(a folder, a pipe, a device); names Windows reserves (CON, PRN, AUX, NUL, COM1–COM9, LPT1–LPT9,
with any extension) — drafts travel to Windows computers by e-mail, so they are refused
everywhere; on Windows, paths over 260 characters; and a draft name too long for the files that
travel beside it (its journal and its lock).
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from .errors import FormError
from .fileerrors import quoted

_RESERVED = re.compile(r"(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?", re.IGNORECASE)
MAX_WINDOWS_PATH = 260
MAX_NAME_BYTES = 255
# A draft's journal is its name + "-journal", its lock ".~" + name + ".lock": both must fit.
MAX_DRAFT_NAME_BYTES = MAX_NAME_BYTES - len("-journal")


def _windows() -> bool:
    return os.name == "nt"


def check_target(target: str | Path, sources=(), draft: bool = False) -> Path:
    """``target`` as it will be written (links followed), or ``FormError`` saying why not."""
    target = Path(target)
    shown = quoted(target.name or str(target), 80)
    stem = target.name.rstrip(" .")
    if _RESERVED.fullmatch(stem) or _RESERVED.fullmatch(stem.split(".")[0]):
        raise FormError(f"「{shown}」是 Windows 保留的设备名，不能用作文件名，请换一个名称")
    if len(target.name.encode("utf-8")) > (MAX_DRAFT_NAME_BYTES if draft else MAX_NAME_BYTES):
        raise FormError(f"文件名「{shown}」过长，请换一个较短的名称")
    if _windows() and len(str(target.absolute())) > MAX_WINDOWS_PATH:
        raise FormError(f"路径过长（超过 {MAX_WINDOWS_PATH} 个字符）：{quoted(target, 160)}，请保存到较短的路径")
    try:
        st = os.stat(target)  # follows links: what would be replaced is what they point to
    except FileNotFoundError:
        return target
    except OSError as err:
        raise FormError(f"无法写入 {quoted(target, 160)}：{err.strerror or err}") from None
    if not stat.S_ISREG(st.st_mode):
        what = "文件夹" if stat.S_ISDIR(st.st_mode) else "设备或管道"
        raise FormError(f"{quoted(target, 160)} 是{what}，不是普通文件，不能写入")
    for source in sources:
        try:
            if os.path.samefile(source, target):
                raise FormError(f"输出文件 {shown} 就是要读取的文件，不能覆盖它；请写到另一个文件")
        except OSError:
            continue
    return Path(os.path.realpath(target))
