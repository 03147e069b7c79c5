"""The lazy font (printing.lazyfont) against reportlab's full parse of the same file: the same
cmap, widths, metrics and subset bytes, the same PDF for the same form, a fraction of the memory."""

from __future__ import annotations

import random
import tracemalloc
from contextlib import contextmanager

import pytest
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont, TTFontFace

from desktop_app.core import fontcoverage as coverage
from desktop_app.core import jsonio, synthetic
from desktop_app.printing import fonts
from desktop_app.printing.lazyfont import LazyTTFont, LazyTTFontFace
from desktop_app.printing.render import render_pdf
from tests.conftest import SEED_PATH

PATH = str(coverage.font_path())
RARE = "\U00020BB7"  # 𠮷, in names; not in Noto Serif SC
ASCII = "".join(map(chr, range(32, 127)))
CJK = "部门整体预算绩效目标申报表广州市黄埔区知识城科技创新及产权工作龘齉"
PUNCTUATION = "，。、；：？！“”‘’（）《》〈〉「」『』【】〔〕…—～·　％￥"


@pytest.fixture(scope="module")
def stock() -> TTFontFace:
    return TTFontFace(PATH)


@pytest.fixture(scope="module")
def lazy() -> LazyTTFontFace:
    return LazyTTFontFace(PATH)


def test_header_as_reportlab_reads_it(stock, lazy):
    for name in ("name", "familyName", "styleName", "fullName", "flags", "ascent", "descent", "capHeight",
                 "bbox", "italicAngle", "stemV", "unitsPerEm", "numGlyphs", "defaultWidth", "_full_font"):
        assert getattr(lazy, name) == getattr(stock, name), name


def test_cmap_widths_metrics_and_locations_as_reportlab_has_them(stock, lazy):
    assert dict(lazy.charToGlyph.items()) == stock.charToGlyph
    assert len(lazy.charToGlyph) == len(stock.charToGlyph)
    assert dict(lazy.charWidths.items()) == stock.charWidths
    assert list(lazy.hmetrics) == stock.hmetrics
    assert list(lazy.glyphPos) == stock.glyphPos
    for ch in ASCII + CJK + PUNCTUATION + RARE + "\u00a0\u200b\uffff":
        code = ord(ch)
        assert (code in lazy.charToGlyph) == (code in stock.charToGlyph), ch
        assert lazy.getCharWidth(code) == stock.getCharWidth(code), ch
    assert ord(RARE) not in lazy.charToGlyph and lazy.getCharWidth(ord(RARE)) == lazy.defaultWidth


def _python_width(font, text, size):
    """reportlab's own Python formula for a TTF string width (rl_accel's C code, used by TTFont
    when installed, adds in another order: the same width to within the last bit)."""
    width, default = font.face.charWidths.get, font.face.defaultWidth
    return 0.001 * size * sum(width(ord(ch), default) for ch in text)


def test_string_widths_as_reportlab_gives_them():
    mine, theirs = LazyTTFont("lazy-width", PATH), TTFont("stock-width", PATH)
    for text in (ASCII, CJK, PUNCTUATION, f"吉{RARE}工作室", "3,738.11 万元", ""):
        for size in (8.0, 10.5, 18.0):
            # Bit for bit the Python formula, so a line wraps where it always did.
            assert mine.stringWidth(text, size) == _python_width(theirs, text, size)
            assert mine.stringWidth(text, size) == pytest.approx(theirs.stringWidth(text, size), rel=1e-12)
    assert mine.stringWidth(CJK.encode("utf-8"), 9) == _python_width(theirs, CJK, 9)


SUBSETS = {  # as TTFont.splitString fills them: code 0 first, at most 256 codes
    "ascii, as the first subset": 32 * [0] + list(range(32, 128)),
    "cjk": [0] + [ord(c) for c in CJK],
    "punctuation": [0] + [ord(c) for c in PUNCTUATION],
    "missing characters": [0, ord(RARE), ord("中"), 0x10FFFF, ord("国")],
    "any 255 characters of the font": [0] + random.Random(15).sample(sorted(coverage.covered()), 255),
}


@pytest.mark.parametrize("name", sorted(SUBSETS))
def test_subset_bytes_as_reportlab_writes_them(stock, lazy, name):
    assert lazy.makeSubset(SUBSETS[name]) == stock.makeSubset(SUBSETS[name])


@contextmanager
def stock_font_registered():
    """reportlab's own TTFont under the program's font name, for the length of the block."""
    lazy_font = pdfmetrics.getFont(fonts.register())
    assert type(lazy_font) is LazyTTFont
    pdfmetrics._fonts[fonts.FONT] = TTFont(fonts.FONT, PATH)
    fonts.forget()
    try:
        yield
    finally:
        pdfmetrics._fonts[fonts.FONT] = lazy_font
        fonts.forget()


def test_a_characters_width_is_reportlabs_to_the_last_bit():
    font = pdfmetrics.getFont(fonts.register())
    sample = random.Random(7).sample(sorted(coverage.covered()), 300) + [0x20, 0xA0, 0x10FFFF]
    for size in (9, 10.5, 18, 160):
        for code in sample:
            assert fonts.char_width(chr(code), size) == pdfmetrics.stringWidth(chr(code), fonts.FONT, size)
            assert fonts.cell_widths(size)[chr(code)] == font.stringWidth(chr(code), size)


def _seed_with_rare_names():
    form = jsonio.load(SEED_PATH)
    form.tasks[0].name = f"吉{RARE}工作室"
    form.signoff.preparer = f"{RARE}某"
    return form


FORMS = {
    "seed": lambda: jsonio.load(SEED_PATH),
    "seed with characters the font lacks": _seed_with_rare_names,
    "large": synthetic.large_form,
    "1000 indicator rows": lambda: synthetic.large_form(tasks=20, indicators=1000),
}


@pytest.mark.parametrize("name", list(FORMS))
def test_the_pdf_is_the_one_reportlab_makes_with_its_own_font(name):
    mine = render_pdf(FORMS[name]())
    with stock_font_registered():
        theirs = render_pdf(FORMS[name]())
    assert mine == theirs


def _kept_and_peak(make_font) -> tuple[int, int]:
    """Bytes the font keeps once it has measured and subset the seed's text, and the peak."""
    text = sorted(set(jsonio.dumps(jsonio.load(SEED_PATH)) + CJK + PUNCTUATION))
    tracemalloc.start()
    try:
        before = tracemalloc.get_traced_memory()[0]
        font = make_font()
        font.stringWidth("".join(text), 10)
        font.face.makeSubset([0] + [ord(c) for c in text[:255]])
        kept, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del font
    return kept - before, peak - before


def test_the_lazy_font_keeps_no_glyph_table():
    # reportlab's own TTFont keeps 27 MB here (the 15 MB file as bytes, entries for every glyph)
    # and peaks 15 MB higher (makeSubset copies the glyf table); the peak left here is the
    # subset of 255 glyphs (0.3 MB) built a few times over by reportlab's writer.
    kept, peak = _kept_and_peak(lambda: LazyTTFont("lazy-memory", PATH))
    assert kept < 200_000 and peak < 3_000_000


def test_a_character_past_u_ffff_reads_back_as_itself():
    """The ToUnicode entry of 𬟁 (U+2C7C1) is its UTF-16 pair: copied or searched in the PDF it
    is 𬟁, not ⱼ (U+2C7C) as reportlab's own CMap made it."""
    from tests.printing.readback import open_pdf, page_text

    form = jsonio.load(SEED_PATH)
    form.department = "𬟁局\U00020087"
    assert all(ord(c) in coverage.covered() for c in "𬟁\U00020087")  # printed with the font's glyphs
    data = render_pdf(form)
    with open_pdf(data) as pdf:
        text = page_text(pdf.pages[0])
    assert "𬟁局\U00020087" in text and "ⱼ" not in text
