"""Fitting a pasted block to a row table's columns, before anything is written. Qt-free.

The view decides where the rows go (its current cell, new rows at the end, a tree's slot);
this says what goes into each cell: the block must not be wider than the columns from the
first one, a single-line field gets its line breaks as spaces, and no cell may hold more than
its field's limit (``spec.Field.limit``) — more is cut there, and the clerk is told which field
and what the limit is. Amounts stay text here: the model parses them as it parses typing.
"""

from __future__ import annotations

from ...core import spec as S
from ...core.record import Record



class PasteRefused(Exception):
    """Nothing was pasted; ``message`` says why, in one line."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class Fitted(Record):
    rows: list[list[str]]          # the block's cells, each ready for its column
    first_column: int              # the column the block's first cell goes into
    notice: str = ""               # what was cut, or ""


def fit_block(block: list[list[str]], columns: tuple[S.Field, ...], first_column: int) -> Fitted:
    """``block`` fitted to ``columns`` from ``first_column``; PasteRefused if it is too wide."""
    if not block:
        raise PasteRefused("剪贴板中没有可粘贴的内容")
    width = max(len(r) for r in block)
    room = len(columns) - first_column
    if width > room:
        if first_column == 0:
            raise PasteRefused(f"粘贴的内容有 {width} 列，本表只有 {len(columns)} 列可填，没有粘贴")
        raise PasteRefused(f"粘贴的内容有 {width} 列，从「{columns[first_column].label}」起只有 {room} 列可填，"
                           f"没有粘贴")
    cut: dict[str, int] = {}
    rows = []
    for row in block:
        out = []
        for offset, text in enumerate(row):
            field = columns[first_column + offset]
            text, was_cut = fit_text(field, text)
            if was_cut:
                cut[field.label] = field.limit
            out.append(text)
        rows.append(out)
    return Fitted(rows, first_column, cut_notice(cut))


def fit_text(field: S.Field, text: str) -> tuple[str, bool]:
    """``text`` as ``field`` can hold it, and whether it had to be cut to the field's limit."""
    if not field.kind.multiline:
        text = text.replace("\r\n", " ").replace("\n", " ").replace("\r", " ")
    if len(text) > field.limit:
        return text[:field.limit], True
    return text, False


def cut_notice(cut: dict[str, int]) -> str:
    """One line naming each field whose text was cut, and its limit."""
    if not cut:
        return ""
    parts = [f"「{label}」最多 {limit:,} 字" for label, limit in cut.items()]
    return "；".join(parts) + "，超出的部分没有粘贴"
