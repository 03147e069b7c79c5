"""A TrueType font read on demand: its table directory, Unicode cmap, horizontal metrics and
glyph locations, looked up in a memory map of the file.

Reading the whole bundled font (15 MB, 30,920 glyphs) into Python lists and dicts costs every
process 50-100 ms and some 35 MB, yet a printed form uses a few hundred glyphs. Here opening the
font reads the directory, three header fields and the cmap (18 KB); a metric or a glyph's place
is a few bytes read from the map when asked for, and the operating system pages in only those.

No Qt, no reportlab: the font-coverage check reads the same cmap, and ``printing.lazyfont`` hands
the rest to reportlab.
"""

from __future__ import annotations

import mmap
import struct
import sys
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

_TRUETYPE = (0x00010000, 0x74727565)  # version 1.0 and Apple's 'true'; not 'OTTO' (CFF) nor 'ttcf'
# Unicode subtables in order of preference: every plane (format 12), else the BMP (format 4).
_FULL = ((3, 10), (0, 4), (0, 6))
_BMP = ((3, 1), (0, 3))


@lru_cache(maxsize=None)
def shared(path: str) -> FontFile:
    """The one ``FontFile`` of ``path`` in this process: the coverage check and the PDF's font
    read the same directory and cmap."""
    return FontFile(path)


class FontFile:
    """One TrueType font file, mapped read-only for the life of the object."""

    def __init__(self, path: str | Path):
        self.path = str(path)
        with open(path, "rb") as fh:
            self.data = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)
        version, count = struct.unpack_from(">IH", self.data, 0)
        if version not in _TRUETYPE:
            raise ValueError(f"{path}: not a single TrueType font (version 0x{version:08X})")
        self.tables: dict[str, tuple[int, int]] = {}  # tag -> (offset, length) in the file
        for i in range(count):
            tag, _checksum, offset, length = struct.unpack_from(">4sIII", self.data, 12 + 16 * i)
            self.tables[tag.decode("latin-1")] = (offset, length)

        head = self._offset("head")
        self.units_per_em, = struct.unpack_from(">H", self.data, head + 18)
        self.index_to_loc_format, glyph_data_format = struct.unpack_from(">hh", self.data, head + 50)
        if self.index_to_loc_format not in (0, 1) or glyph_data_format != 0:
            raise ValueError(f"{path}: unknown loca/glyf format")
        self.num_glyphs, = struct.unpack_from(">H", self.data, self._offset("maxp") + 4)
        self.number_of_hmetrics, = struct.unpack_from(">H", self.data, self._offset("hhea") + 34)
        if not 0 < self.number_of_hmetrics <= self.num_glyphs:
            raise ValueError(f"{path}: bad hhea.numberOfHMetrics")
        self._hmtx = self._offset("hmtx")
        self._loca = self._offset("loca")

        cmap = self.table("cmap")
        self.cmap_records = [struct.unpack_from(">HHI", cmap, 4 + 8 * i)
                             for i in range(struct.unpack_from(">H", cmap, 2)[0])]
        self.cmap = _read_cmap(cmap, self.cmap_records, self.path)

    def _offset(self, tag: str) -> int:
        try:
            return self.tables[tag][0]
        except KeyError:
            raise ValueError(f"{self.path} has no {tag} table") from None

    def table(self, tag: str) -> bytes:
        offset = self._offset(tag)
        return self.data[offset:offset + self.tables[tag][1]]

    def hmetric(self, glyph: int) -> tuple[int, int]:
        """(advance width, left side bearing) in font units. Glyphs past the last full metric
        share its advance; their bearings follow it in hmtx."""
        if not 0 <= glyph < self.num_glyphs:
            raise IndexError(glyph)
        last = self.number_of_hmetrics - 1
        if glyph <= last:
            return struct.unpack_from(">Hh", self.data, self._hmtx + 4 * glyph)
        advance, = struct.unpack_from(">H", self.data, self._hmtx + 4 * last)
        lsb, = struct.unpack_from(">h", self.data, self._hmtx + 4 * (last + 1) + 2 * (glyph - last - 1))
        return advance, lsb

    def glyph_offset(self, index: int) -> int:
        """loca[index]: where glyph ``index`` starts in the glyf table (index == num_glyphs: its
        end). A glyph ends where the next begins; an empty one (the space) has no bytes."""
        if not 0 <= index <= self.num_glyphs:
            raise IndexError(index)
        if self.index_to_loc_format == 0:
            return struct.unpack_from(">H", self.data, self._loca + 2 * index)[0] * 2
        return struct.unpack_from(">I", self.data, self._loca + 4 * index)[0]


def _read_cmap(cmap: bytes, records: list[tuple[int, int, int]], path: str) -> Format4 | Format12:
    full = bmp = None
    for platform, encoding, offset in records:
        fmt, = struct.unpack_from(">H", cmap, offset)
        if fmt == 12 and (platform, encoding) in _FULL and full is None:
            full = Format12(cmap, offset)
        elif fmt == 4 and (platform, encoding) in _BMP and bmp is None:
            bmp = Format4(cmap, offset)
    found = full or bmp
    if found:
        return found
    raise ValueError(f"{path}: no Unicode cmap subtable of format 4 or 12")


class _Subtable:
    """A Unicode cmap subtable: ``glyph(code)`` remembers what it found, as a form asks about
    the same few hundred characters many times (the check's coverage, each width, each glyph
    drawn) and a search of the table is a dozen steps in Python."""

    REMEMBERED = 2048  # characters, some 200 KB: a form uses a few hundred

    def __init__(self) -> None:
        self._found: dict[int, int | None] = {}

    def glyph(self, code: int) -> int | None:
        """The glyph of ``code``; None if the subtable maps it to none (0 would be .notdef)."""
        try:
            return self._found[code]
        except KeyError:
            glyph = self._search(code)
            if len(self._found) < self.REMEMBERED:
                self._found[code] = glyph
            return glyph

    def _search(self, code: int) -> int | None:
        raise NotImplementedError


class Format12(_Subtable):
    """A cmap subtable of sequential groups (all of Unicode): a group maps start..end to
    consecutive glyphs. Only the group table is kept, a few KB."""

    def __init__(self, cmap: bytes, offset: int):
        super().__init__()
        self.offset = offset  # in the cmap table
        count, = struct.unpack_from(">I", cmap, offset + 12)
        table = cmap[offset + 16:offset + 16 + 12 * count]
        if len(table) != 12 * count:
            raise ValueError("cmap: a format 12 subtable cut short")
        groups = array("I", table)  # read in C, not group by group
        if sys.byteorder == "little":
            groups.byteswap()  # the font's numbers are big-endian
        self._starts, self._ends, self._glyphs = groups[0::3], groups[1::3], groups[2::3]

    def _search(self, code: int) -> int | None:
        g = bisect_right(self._starts, code) - 1
        if g < 0 or code > self._ends[g]:
            return None
        return self._glyphs[g] + code - self._starts[g]

    def items(self) -> Iterator[tuple[int, int]]:
        """Every (code point, glyph) the subtable holds, in code order."""
        for start, end, glyph in zip(self._starts, self._ends, self._glyphs):
            for code in range(start, end + 1):
                yield code, glyph + code - start

    def count(self) -> int:
        return _pairs(self._starts, self._ends)

    def covered(self) -> set[int]:
        """The code points mapped to a glyph other than .notdef (whole groups at a time: this is
        on the way to the check's first answer)."""
        out: set[int] = set()
        for start, end, glyph in zip(self._starts, self._ends, self._glyphs):
            out.update(range(start + (glyph == 0), end + 1))
        return out


class Format4(_Subtable):
    """A cmap subtable of segments (the BMP): each maps start..end by a delta or through an
    array of glyph ids."""

    def __init__(self, cmap: bytes, offset: int):
        super().__init__()
        self.offset = offset
        self._cmap = cmap
        length, = struct.unpack_from(">H", cmap, offset + 2)
        self._end_of_subtable = offset + length
        segs = struct.unpack_from(">H", cmap, offset + 6)[0] // 2
        ends_at = offset + 14
        starts_at = ends_at + 2 * segs + 2
        self._ends = array("L", struct.unpack_from(f">{segs}H", cmap, ends_at))
        self._starts = array("L", struct.unpack_from(f">{segs}H", cmap, starts_at))
        self._deltas = array("l", struct.unpack_from(f">{segs}h", cmap, starts_at + 2 * segs))
        self._ranges_at = starts_at + 4 * segs
        self._range_offsets = array("L", struct.unpack_from(f">{segs}H", cmap, self._ranges_at))

    def _search(self, code: int) -> int | None:
        s = bisect_left(self._ends, code)
        if s == len(self._ends) or code < self._starts[s]:
            return None
        return self._glyph(s, code)

    def _glyph(self, s: int, code: int) -> int:
        if self._range_offsets[s] == 0:
            return (code + self._deltas[s]) & 0xFFFF
        at = self._ranges_at + 2 * s + self._range_offsets[s] + 2 * (code - self._starts[s])
        if at + 2 > self._end_of_subtable:
            return 0  # a broken font pointing past its subtable: nothing printable
        glyph, = struct.unpack_from(">H", self._cmap, at)
        return (glyph + self._deltas[s]) & 0xFFFF if glyph else 0

    def items(self) -> Iterator[tuple[int, int]]:
        for s, (start, end) in enumerate(zip(self._starts, self._ends)):
            for code in range(start, end + 1):
                yield code, self._glyph(s, code)

    def count(self) -> int:
        return _pairs(self._starts, self._ends)

    def covered(self) -> set[int]:
        return {code for code, glyph in self.items() if glyph}


def _pairs(starts, ends) -> int:
    """How many (code point, glyph) pairs ``items`` gives for ranges start..end, without giving them."""
    return sum(ends) - sum(starts) + len(starts)
