"""Where the program may write a file the clerk named (a draft, an export, a PDF): checked
before anything is written, so a bad name ends in one message and nothing else.

Refused: the file being read (also through a link); anything but a regular file or a new name
(a folder, a pipe, a device); names Windows reserves (CON, PRN, AUX, NUL, COM1–COM9, LPT1–LPT9,
with any extension) — drafts travel to Windows computers by e-mail, so they are refused
everywhere; the names of the program's own lock, temporary and journal files; a draft name too
long for the files that travel beside it (its journal and its lock); and on Windows, a path
where any file made for the target would not fit in MAX_PATH.

MAX_PATH: the manifest declares the program long-path aware, but Windows honours that only where
an administrator enabled long paths, and Explorer, WPS and a colleague's machine may not. So a
target is refused on Windows unless every file written for it stays under 260 characters
(the terminating NUL counts): the target itself, the temporary file it is written as
(``atomic.TEMP_NAME_MAX``) and, for a draft, the journals of both (+8, ``-journal``) and its
lock (+7, ``.~`` and ``.lock``).
"""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

from .atomic import TEMP_NAME_MAX
from .errors import FormError
from .fileerrors import quoted
from .lazyre import lazy

_RESERVED = lazy(r"(con|prn|aux|nul|com[1-9]|lpt[1-9])(\..*)?", re.IGNORECASE)
MAX_WINDOWS_PATH = 260
MAX_NAME_BYTES = 255
# A draft's journal is its name + "-journal", its lock ".~" + name + ".lock": both must fit.
MAX_DRAFT_NAME_BYTES = MAX_NAME_BYTES - len("-journal")
JOURNAL_EXTRA, LOCK_EXTRA = len("-journal"), len(".~.lock")
# Names the program gives its own files beside a target: a lock, a temporary file, a journal.
_OWN_FILE = lazy(r"\.~.*\.(lock|tmp)|.*-journal", re.IGNORECASE | re.DOTALL)


def longest_path(target: Path, draft: bool) -> int:
    """The length of the longest path the program writes for ``target``, in characters."""
    folder = os.path.dirname(os.path.abspath(target))
    name = max(len(target.name), TEMP_NAME_MAX)
    extra = max(JOURNAL_EXTRA, LOCK_EXTRA) if draft else 0
    return len(os.path.join(folder, "x")) - 1 + name + extra


def _windows() -> bool:
    return os.name == "nt"


def check_target(target: str | Path, sources=(), draft: bool = False) -> Path:
    """``target`` as it will be written (links followed), or ``FormError`` saying why not."""
    target = Path(target)
    shown = quoted(target.name or str(target), 80)
    stem = target.name.rstrip(" .")
    if _RESERVED.fullmatch(stem) or _RESERVED.fullmatch(stem.split(".")[0]):
        raise FormError(f"「{shown}」是 Windows 保留的设备名，不能用作文件名，请换一个名称")
    if len(os.fsencode(target.name)) > (MAX_DRAFT_NAME_BYTES if draft else MAX_NAME_BYTES):
        raise FormError(f"文件名「{shown}」过长，请换一个较短的名称")
    if _OWN_FILE.fullmatch(target.name):
        raise FormError(f"「{shown}」是本程序自用的锁文件、临时文件或日志文件的名称，不能写入，请换一个名称")
    if _windows() and longest_path(target, draft) >= MAX_WINDOWS_PATH:
        raise FormError(f"路径过长（连同保存时的临时文件，超过 Windows 的 {MAX_WINDOWS_PATH} 个字符）："
                        f"{quoted(target, 160)}，请保存到较短的路径")
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
            same = os.path.samestat(os.stat(source), st)
        except OSError:
            continue
        if same:
            raise FormError(f"输出文件 {shown} 就是要读取的文件，不能覆盖它；请写到另一个文件")
    return Path(os.path.realpath(target))
