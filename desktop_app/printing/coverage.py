"""Which characters the bundled font can print, read from its cmap table once per process.

Only the table directory and the cmap table are read (a few hundred KB of a 15 MB file), so the
checks can ask on every keystroke without loading the font into reportlab.
"""

from __future__ import annotations

import struct
import unicodedata
from functools import lru_cache
from pathlib import Path

from .. import paths

# What a character the font lacks prints as: the customary 缺字 mark of Chinese typesetting, so
# the clerk sees a gap to write in by hand (the check names the missing characters).
STAND_IN = "□"


def font_path() -> Path:
    return paths.font_path()


@lru_cache(maxsize=None)
def covered() -> frozenset[int]:
    """Every code point the bundled font maps to a glyph."""
    return frozenset(read_cmap(font_path()))


def read_cmap(path: Path) -> set[int]:
    with open(path, "rb") as fh:
        head = fh.read(12)
        num_tables = struct.unpack(">H", head[4:6])[0]
        directory = fh.read(16 * num_tables)
        for i in range(num_tables):
            tag, _checksum, offset, length = struct.unpack(">4sIII", directory[16 * i:16 * i + 16])
            if tag == b"cmap":
                fh.seek(offset)
                return _parse_cmap(fh.read(length))
    raise ValueError(f"{path} has no cmap table")


def _parse_cmap(data: bytes) -> set[int]:
    count = struct.unpack(">H", data[2:4])[0]
    best = None  # prefer the full-Unicode subtable (format 12) over the BMP one (format 4)
    for i in range(count):
        platform, encoding, offset = struct.unpack(">HHI", data[4 + 8 * i:12 + 8 * i])
        fmt = struct.unpack(">H", data[offset:offset + 2])[0]
        if (platform, encoding) in ((3, 10), (0, 4), (0, 6)) and fmt == 12:
            best = (12, offset)
            break
        if (platform, encoding) in ((3, 1), (0, 3)) and fmt == 4 and best is None:
            best = (4, offset)
    if best is None:
        raise ValueError("no Unicode cmap subtable")
    fmt, offset = best
    return _format12(data, offset) if fmt == 12 else _format4(data, offset)


def _format12(data: bytes, offset: int) -> set[int]:
    groups = struct.unpack(">I", data[offset + 12:offset + 16])[0]
    out: set[int] = set()
    for g in range(groups):
        start, end, glyph = struct.unpack(">III", data[offset + 16 + 12 * g:offset + 28 + 12 * g])
        if glyph == 0:
            start += 1
        out.update(range(start, end + 1))
    return out


def _format4(data: bytes, offset: int) -> set[int]:
    segs = struct.unpack(">H", data[offset + 6:offset + 8])[0] // 2
    ends_at = offset + 14
    starts_at = ends_at + 2 * segs + 2
    deltas_at = starts_at + 2 * segs
    ranges_at = deltas_at + 2 * segs
    out: set[int] = set()
    for s in range(segs):
        end, = struct.unpack(">H", data[ends_at + 2 * s:ends_at + 2 * s + 2])
        start, = struct.unpack(">H", data[starts_at + 2 * s:starts_at + 2 * s + 2])
        delta, = struct.unpack(">h", data[deltas_at + 2 * s:deltas_at + 2 * s + 2])
        range_offset, = struct.unpack(">H", data[ranges_at + 2 * s:ranges_at + 2 * s + 2])
        for code in range(start, end + 1):
            if code == 0xFFFF:
                continue
            if range_offset == 0:
                glyph = (code + delta) & 0xFFFF
            else:
                at = ranges_at + 2 * s + range_offset + 2 * (code - start)
                glyph, = struct.unpack(">H", data[at:at + 2])
                if glyph:
                    glyph = (glyph + delta) & 0xFFFF
            if glyph:
                out.add(code)
    return out


def invisible(ch: str) -> bool:
    """Control and format characters (zero-width spaces and the like): never printed, never missed."""
    return unicodedata.category(ch) in ("Cc", "Cf")


def missing(text: str) -> list[str]:
    """The characters of ``text`` the font cannot print, each once, in order of appearance.

    Blanks of any kind print as a space and invisible characters are dropped, so neither counts.
    """
    if not text:
        return []
    have = covered()
    out: dict[str, None] = {}
    for ch in text:
        if ord(ch) not in have and not ch.isspace() and not invisible(ch):
            out.setdefault(ch, None)
    return list(out)


def printable(text: str) -> str:
    """``text`` as it is printed: line ends unified, tabs and odd blanks as spaces, invisible
    characters dropped, and every character the font lacks replaced by ``STAND_IN``."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    have = covered()
    out = []
    for ch in text:
        if ch == "\n":
            out.append(ch)
        elif ch.isspace():
            out.append(" " if ch != "\u3000" else ch)
        elif invisible(ch):
            continue
        elif ord(ch) in have:
            out.append(ch)
        else:
            out.append(STAND_IN)
    return "".join(out)
