"""Open a form from either kind of file the program accepts: a draft or interchange JSON."""

from __future__ import annotations

from pathlib import Path

from . import atomic, draftfile
from .errors import FormError
from .fileerrors import quoted, reason
from .model import FormBase


def is_json_path(path: str | Path) -> bool:
    return Path(path).suffix.lower() == ".json"


def is_xlsx_path(path: str | Path) -> bool:
    return Path(path).suffix.lower() == ".xlsx"


def is_imported_path(path: str | Path) -> bool:
    """A file a window imports (and never saves to): JSON, or a form workbook."""
    return is_json_path(path) or is_xlsx_path(path)


def load_form(path: str | Path) -> FormBase:
    """The form in ``path``: a draft (by its SQLite header), a JSON file or a form workbook."""
    path = Path(path)
    name = quoted(path.name, 80)
    if is_xlsx_path(path):
        from .formbook import read_form_xlsx  # openpyxl loads only for a workbook

        return read_form_xlsx(path)
    if not is_json_path(path):
        try:
            # Checked before opening: opening a pipe or a device could wait for ever.
            if not path.is_file():
                raise FormError(f"找不到文件：{quoted(path, 160)}" if not path.exists() else f"{name} 不是文件")
            with open(path, "rb") as fh:
                head = fh.read(16)
        except OSError as err:
            raise FormError(f"无法读取文件 {name}：{reason(err)}") from None
        if not head:
            raise FormError(f"{name} 是空文件，不是草稿")
        if head.startswith(b"SQLite format 3"):
            return draftfile.load_draft(path)
        if not head.lstrip().startswith((b"{", b"\xef\xbb\xbf")):
            raise FormError(f"{name} 不是本程序的草稿文件")
    from . import jsonio  # a draft opens without the JSON reader

    return jsonio.load(path)


def beside(path: Path, suffix: str) -> Path:
    """A new file next to ``path``, named after it with ``suffix`` (and a number if taken)."""
    for n in range(1, 1000):
        candidate = path.with_name(f"{path.stem}{suffix}{'' if n == 1 else n}{path.suffix}")
        if not candidate.exists():
            return candidate
    raise FormError(f"无法在 {quoted(path.parent, 160)} 中找到可用的文件名")


def write_file_atomically(path: str | Path, data: bytes) -> None:
    """Write ``data`` beside ``path`` and rename it over: a full disk or a crash must not leave
    the clerk's previous file (an export, a PDF) cut in half. Under ``path``'s lock, as every
    writer of the program: a draft a window holds open is not replaced by whatever is written
    here (``locks.DraftBusy``). ``FormError`` in Chinese on failure."""
    from . import locks

    with locks.writing(Path(path)):
        try:
            atomic.write_bytes(path, data)
        except OSError as err:
            raise FormError(f"无法写入 {quoted(str(path), 160)}：{reason(err)}") from None
