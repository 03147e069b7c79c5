"""Cells on the clipboard as Excel and WPS put them there: tab-separated text.

Qt-free (the grid's view hands it the clipboard's text). Excel's rules, which WPS and LibreOffice
follow: cells are separated by tabs and rows by CRLF; a cell that holds a tab, a line break or
a quote is written in quotes, with each quote doubled. A quote anywhere but at the start of a
cell is just a character. Text from elsewhere (Word, a web page, Notepad) follows no such rule,
so the reader is lenient: a quote that does not close a quoted cell makes the whole cell plain.
"""

from __future__ import annotations

_BREAKS = ("\r\n", "\n", "\r")


def parse_tsv(text: str) -> list[list[str]]:
    """The rows of cells in ``text``; line breaks inside cells come back as ``\\n``.

    A trailing line break (Excel ends every copy with one) adds no row; short rows are padded
    with empty cells so the block is a rectangle, as Excel pastes it.
    """
    text = text.rstrip("\x00")  # some Windows programs leave the terminator on the clipboard
    rows: list[list[str]] = []
    row: list[str] = []
    i, n = 0, len(text)
    if n == 0:
        return []
    while True:
        cell, i = _cell(text, i)
        row.append(cell)
        if i >= n:
            rows.append(row)
            break
        if text[i] == "\t":
            i += 1
            if i >= n:  # a row ending in a tab ends in an empty cell
                row.append("")
                rows.append(row)
                break
            continue
        # a row break
        i += 2 if text.startswith("\r\n", i) else 1
        rows.append(row)
        row = []
        if i >= n:
            break
    while rows and rows[-1] == [""]:
        rows.pop()  # the break after the last row, or blank lines after it
    width = max((len(r) for r in rows), default=0)
    return [r + [""] * (width - len(r)) for r in rows]


def _cell(text: str, i: int) -> tuple[str, int]:
    """The cell starting at ``i`` and where it ends (at a tab, a break or the end)."""
    if i < len(text) and text[i] == '"':
        quoted = _quoted(text, i)
        if quoted is not None:
            return quoted
    end = i
    while end < len(text) and text[end] not in "\t\r\n":
        end += 1
    return text[i:end], end


def _quoted(text: str, i: int) -> tuple[str, int] | None:
    """A quoted cell, or None when the quotes do not make one (a quote that closes nothing, or
    one followed by more text: ``"Hello" world`` is a plain cell)."""
    out = []
    j = i + 1
    n = len(text)
    while j < n:
        ch = text[j]
        if ch == '"':
            if j + 1 < n and text[j + 1] == '"':
                out.append('"')
                j += 2
                continue
            j += 1
            if j == n or text[j] in "\t\r\n":
                return _one_break("".join(out)), j
            return None
        out.append(ch)
        j += 1
    return None


def _one_break(cell: str) -> str:
    """Line breaks inside a cell as ``\\n`` (Excel writes LF, other programs CRLF)."""
    return cell.replace("\r\n", "\n").replace("\r", "\n")


def format_tsv(rows: list[list[str]]) -> str:
    """``rows`` as Excel writes them, so Excel and WPS paste back the same cells. No line break
    after the last row: a single cell pastes into any text box as just its text."""
    return "\r\n".join("\t".join(_quote(cell) for cell in row) for row in rows)


def _quote(cell: str) -> str:
    if any(ch in cell for ch in '\t\r\n"'):
        return '"' + cell.replace('"', '""') + '"'
    return cell


def is_block(text: str) -> bool:
    """Whether pasted text is more than one cell (a tab or a row break outside quotes)."""
    rows = parse_tsv(text)
    return len(rows) > 1 or (bool(rows) and len(rows[0]) > 1)
