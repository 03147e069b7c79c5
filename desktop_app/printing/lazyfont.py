"""reportlab's ``TTFont`` over ``core.fontfile``: the bundled font without reading all of it.

reportlab's ``TTFontFile`` keeps the whole file as bytes and builds a dict of every character and
lists of every glyph's metrics and location (30,920 each) in every process, then ``makeSubset``
copies the whole glyf table (14 MB) once per subset of 256 characters. Here reportlab still
parses the header tables itself (``extractInfo(charInfo=0)``: name, head, OS/2, post, hhea,
maxp) and still writes the subsets with its own ``makeSubset``, so the PDF is byte for byte the
stock one; only the per-character and per-glyph data it asks for (``charToGlyph``,
``charWidths``, ``hmetrics``, ``glyphPos``, the glyf table) are views that look each entry up in
the memory-mapped file.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import overload
from weakref import WeakKeyDictionary

from reportlab import rl_config
from reportlab.pdfbase import pdfmetrics, ttfonts
from reportlab.pdfbase.ttfonts import (
    TTEncoding,
    TTFError,
    TTFont,
    TTFontFace,
    TTFontFile,
)

from ..core.fontfile import FontFile, shared

_stock_to_unicode_cmap = ttfonts.makeToUnicodeCMap


def _to_unicode_cmap(fontname: str, subset) -> str:
    """reportlab's ToUnicode CMap, with a character past U+FFFF written as its UTF-16 pair, as
    the CMap format requires. reportlab writes the code point's hex (``<2C7C1>``), which readers
    take as U+2C7C and a stray digit: the paper showed 𬟁, but copying or searching the PDF gave
    ⱼ. Every other entry, and so every PDF without such a character, is unchanged."""
    text = _stock_to_unicode_cmap(fontname, subset)
    for i, code in enumerate(subset):
        if code > 0xFFFF:
            high, low = divmod(code - 0x10000, 0x400)
            text = text.replace(f"\n<{i:02X}> <{code:04X}>\n", f"\n<{i:02X}> <{0xD800 + high:04X}{0xDC00 + low:04X}>\n")
    return text


# addObjects (reportlab's, unchanged) looks the function up in its module.
ttfonts.makeToUnicodeCMap = _to_unicode_cmap


class LazyTTFont(TTFont):
    """A ``TTFont`` whose face is a ``LazyTTFontFace``; subsetting and PDF objects are reportlab's."""

    def __init__(self, name: str, filename: str):
        # TTFont.__init__ without its TTFontFace (which would parse the whole file).
        self.fontName = name
        self.face = LazyTTFontFace(filename)
        self.encoding = TTEncoding()
        self.state: WeakKeyDictionary[object, object] = WeakKeyDictionary()
        self._asciiReadable = rl_config.ttfAsciiReadable
        # Shaping (uharfbuzz) would want the whole font as one blob; the form never asks for it.
        self.shapable = False

    def stringWidth(self, text: str, size: float, encoding: str = "utf8") -> float:
        # TTFont's is rl_accel's, C code when that optional package is installed and not written
        # for views like charWidths; this is its Python formula, so every width is the same float.
        if isinstance(text, bytes):
            text = text.decode(encoding or "utf8")
        try:  # every character measured before (nearly always): looked up in C, the same sum
            return 0.001 * size * sum(map(self.face.charWidths.known.__getitem__, map(ord, text)))
        except KeyError:
            pass
        width, default = self.face.charWidths.get, self.face.defaultWidth
        return 0.001 * size * sum(width(ord(ch), default) for ch in text)


class LazyTTFontFace(TTFontFace):
    """A ``TTFontFace`` with reportlab's header fields, its per-glyph tables read on demand."""

    def __init__(self, filename: str):
        pdfmetrics.TypeFace.__init__(self, None)
        self.font = shared(filename)
        # TTFontParser.readFile keeps a _ttf_data it finds: the map, which slices like bytes.
        self._ttf_data, self.filename = self.font.data, filename
        TTFontFile.__init__(self, filename, charInfo=0)
        if _reportlab_cmap_offset(self.font.cmap_records) != self.font.cmap.offset:
            raise TTFError(f"{filename}: reportlab would read another cmap subtable than fontfile")
        self.charToGlyph = _CharToGlyph(self.font.cmap)
        self.hmetrics = _HMetrics(self.font, self._pdfScale)
        self.glyphPos = _Loca(self.font)
        self.defaultWidth = self._pdfScale(self.font.hmetric(0)[0])
        self.charWidths = _CharWidths(self.charToGlyph, self.font, self._pdfScale)

    def get_table(self, tag: str):
        if tag == "glyf":  # makeSubset only slices single glyphs out of it: copy just those
            return _Glyf(self._ttf_data, self.get_table_pos(tag)[0])
        return super().get_table(tag)


def _reportlab_cmap_offset(records) -> int | None:
    """The subtable TTFontFile.extractInfo reads: the last that fits its rule."""
    chosen, kind = None, 0
    for platform, encoding, offset in records:
        if platform == 3 or (platform == 1 and encoding == 1) or (platform == 0 and encoding != 5):
            chosen, kind = offset, 1
        elif platform == 1 and encoding == 0 and kind != 1:
            chosen, kind = offset, 2
    return chosen


class _CharToGlyph(Mapping):
    """``charToGlyph`` as reportlab's dict holds it: every code of the cmap subtable, glyph 0
    included, and U+00A0 printed with the space's glyph (or the space with U+00A0's)."""

    def __init__(self, cmap):
        self._cmap = cmap
        space, nbsp = cmap.glyph(0x20), cmap.glyph(0xA0)
        self._alias = {0xA0: space} if space is not None else {0x20: nbsp} if nbsp is not None else {}

    def __getitem__(self, code: int) -> int:
        glyph = self._alias.get(code)
        if glyph is None:
            glyph = self._cmap.glyph(code)
            if glyph is None:
                raise KeyError(code)
        return glyph

    def __contains__(self, code) -> bool:
        return code in self._alias or self._cmap.glyph(code) is not None

    def __iter__(self):
        for code, _glyph in self._cmap.items():
            yield code
        yield from (code for code in self._alias if self._cmap.glyph(code) is None)

    def __len__(self) -> int:  # reportlab asks it of every font it sets up (``if charToGlyph:``)
        return self._cmap.count() + sum(1 for code in self._alias if self._cmap.glyph(code) is None)


class _CharWidths(Mapping):
    """``charWidths``: a character's advance in 1/1000 em, remembered once asked (a form uses a
    few hundred characters)."""

    def __init__(self, char_to_glyph: _CharToGlyph, font: FontFile, scale):
        self._char_to_glyph, self._font, self._scale = char_to_glyph, font, scale
        self.known: dict[int, float] = {}  # the characters asked for so far

    def __getitem__(self, code: int) -> float:
        width = self.known.get(code)
        if width is None:
            width = self.known[code] = self._scale(self._font.hmetric(self._char_to_glyph[code])[0])
        return width

    def get(self, code: int, default=None):
        # Mapping.get is Python calling __getitem__ inside a try: every character measured took
        # that detour (stringWidth asks once per character of every string drawn or wrapped).
        width = self.known.get(code)
        if width is None:
            try:
                width = self[code]
            except KeyError:
                return default
        return width

    def __iter__(self):
        return iter(self._char_to_glyph)

    def __len__(self) -> int:
        return len(self._char_to_glyph)


class _HMetrics(Sequence[tuple[float, int]]):
    """``hmetrics`` as extractInfo lists them: (advance, bearing) per glyph, the bearing read
    unsigned (makeSubset packs it as such) and, past numberOfHMetrics, the shared advance
    already scaled to 1/1000 em, as extractInfo leaves it."""

    def __init__(self, font: FontFile, scale):
        self._font, self._scale = font, scale

    @overload
    def __getitem__(self, glyph: int) -> tuple[float, int]: ...
    @overload
    def __getitem__(self, glyph: slice) -> list[tuple[float, int]]: ...
    def __getitem__(self, glyph: int | slice) -> tuple[float, int] | list[tuple[float, int]]:
        if isinstance(glyph, slice):  # a Sequence takes one; reportlab reads a glyph at a time
            return [self[i] for i in range(*glyph.indices(len(self)))]
        advance, lsb = self._font.hmetric(glyph)
        if glyph >= self._font.number_of_hmetrics:
            advance = self._scale(advance)
        return advance, lsb & 0xFFFF

    def __len__(self) -> int:
        return self._font.num_glyphs


class _Loca(Sequence[int]):
    """``glyphPos``: loca, num_glyphs + 1 offsets into glyf."""

    def __init__(self, font: FontFile):
        self._font = font

    @overload
    def __getitem__(self, index: int) -> int: ...
    @overload
    def __getitem__(self, index: slice) -> list[int]: ...
    def __getitem__(self, index: int | slice) -> int | list[int]:
        if isinstance(index, slice):  # a Sequence takes one; reportlab reads an offset at a time
            return [self[i] for i in range(*index.indices(len(self)))]
        return self._font.glyph_offset(index)

    def __len__(self) -> int:
        return self._font.num_glyphs + 1


class _Glyf:
    """The glyf table for makeSubset's ``data[start:end]``: each slice reads just those bytes."""

    def __init__(self, data, offset: int):
        self._data, self._offset = data, offset

    def __getitem__(self, part: slice) -> bytes:
        return self._data[self._offset + part.start:self._offset + part.stop]
