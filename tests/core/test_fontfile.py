"""The font read on demand (core.fontfile), checked against the file's own structure. Agreement
with reportlab's full parse is in tests/printing/test_lazyfont.py."""

from __future__ import annotations

import mmap
import tracemalloc

import pytest

from desktop_app import paths
from desktop_app.core.fontfile import FontFile, Format4, Format12

FONT = paths.resource("fonts", "NotoSerifSC_400Regular.ttf")
RARE = 0x20BB7  # 𠮷, in names; not in Noto Serif SC


@pytest.fixture(scope="module")
def font() -> FontFile:
    return FontFile(FONT)


def test_directory_and_header(font):
    size = FONT.stat().st_size
    assert {"cmap", "glyf", "head", "hhea", "hmtx", "loca", "maxp", "name", "OS/2", "post"} <= set(font.tables)
    assert all(offset + length <= size for offset, length in font.tables.values())
    assert len(font.table("head")) == 54
    assert (font.units_per_em, font.num_glyphs) == (1000, 30920)


def test_the_full_unicode_subtable_is_read_and_agrees_with_the_bmp_one(font):
    assert isinstance(font.cmap, Format12)
    bmp_offset = next(o for p, e, o in font.cmap_records if (p, e) == (3, 1))
    bmp = Format4(font.table("cmap"), bmp_offset)
    assert dict(bmp.items()) == {c: g for c, g in font.cmap.items() if c <= 0xFFFF} | {0xFFFF: 0}
    assert font.cmap.covered() == {c for c, g in font.cmap.items() if g}
    assert bmp.covered() == {c for c in font.cmap.covered() if c <= 0xFFFF}
    for ch in "A 中，。□\u3000":
        assert font.cmap.glyph(ord(ch)) == bmp.glyph(ord(ch)) != 0
    assert font.cmap.glyph(RARE) is None and font.cmap.glyph(0x10FFFF) is None
    assert bmp.glyph(RARE) is None


def test_metrics_and_glyph_locations(font):
    assert font.hmetric(0)[0] == font.units_per_em
    assert font.hmetric(font.cmap.glyph(ord("中")))[0] == font.units_per_em  # ideographs are full width
    assert font.hmetric(font.cmap.glyph(ord("A")))[0] < font.units_per_em
    # glyphs past the last full metric share its advance
    last = font.number_of_hmetrics - 1
    assert font.hmetric(font.num_glyphs - 1)[0] == font.hmetric(last)[0]
    offsets = [font.glyph_offset(i) for i in range(font.num_glyphs + 1)]
    assert offsets == sorted(offsets) and offsets[-1] <= font.tables["glyf"][1]
    space = font.cmap.glyph(ord(" "))
    assert font.glyph_offset(space) == font.glyph_offset(space + 1)  # the space has no outline
    for bad in (-1, font.num_glyphs):
        with pytest.raises(IndexError):
            font.hmetric(bad)
    with pytest.raises(IndexError):
        font.glyph_offset(font.num_glyphs + 1)


def test_keeps_a_map_of_the_file_not_its_glyphs():
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        font = FontFile(FONT)
        for code in range(0x4E00, 0x9FA6):  # every common ideograph: cmap, hmtx and loca looked up
            glyph = font.cmap.glyph(code)
            font.hmetric(glyph), font.glyph_offset(glyph)
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert isinstance(font.data, mmap.mmap)
    # the cmap table (18 KB) and its group index, and the glyphs of the first characters asked
    # about (at most 2,048); the file is 15 MB, its glyf table 14 MB
    assert len(font.cmap._found) == font.cmap.REMEMBERED
    assert kept - before < 350_000 and peak - before < 450_000


def test_what_is_not_a_truetype_font_is_refused(tmp_path):
    for name, data in {"text.ttf": b"not a font at all", "collection.ttc": b"ttcf\0\1\0\0" + bytes(8),
                       "cff.otf": b"OTTO" + bytes(12)}.items():
        (tmp_path / name).write_bytes(data)
        with pytest.raises(ValueError):
            FontFile(tmp_path / name)
