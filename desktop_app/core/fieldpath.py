"""The one grammar of paths to a form's values, shared by JSON messages, checks, the draft
file, the window's widget names and review comments:

    year   group.field   table   table[2]   table[2].column

A member (a top-level field, a group or a table), then a row index for a table, then the key of
a field inside the group or of a column of the row.
"""

from __future__ import annotations

from typing import NamedTuple
from .lazyre import lazy

# ASCII only: the same grammar in Python and in the JSON Schema's ECMA-262 regex (``PATH_PATTERN``).
_GRAMMAR = r"([a-z_][a-z0-9_]*)(?:\[([0-9]{1,9})\])?(?:\.([a-z_][a-z0-9_]*))?"
_PATH = lazy(_GRAMMAR)
# Ends with "nothing follows" rather than ``$``, which in Python also matches before a final newline.
PATH_PATTERN = f"^{_GRAMMAR}(?![\\s\\S])"


class Path(NamedTuple):
    member: str
    row: int | None = None
    key: str | None = None

    def __str__(self) -> str:
        return format_path(self.member, self.row, self.key)


def parse(path: str) -> Path:
    """``table[2].column`` -> Path("table", 2, "column"); ValueError if it is not a path."""
    m = _PATH.fullmatch(path) if isinstance(path, str) else None
    if m is None:
        raise ValueError(f"not a path: {path!r}")
    return Path(m.group(1), int(m.group(2)) if m.group(2) is not None else None, m.group(3))


def format_path(member: str, row: int | None = None, key: str | None = None) -> str:
    return member + (f"[{row}]" if row is not None else "") + (f".{key}" if key is not None else "")


def is_path(text: object) -> bool:
    return isinstance(text, str) and _PATH.fullmatch(text) is not None
