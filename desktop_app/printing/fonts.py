"""The bundled font, registered with reportlab once per process.

Noto Serif SC Regular (SIL Open Font License, ``resources/fonts/OFL.txt``), a 宋体-style face;
reportlab embeds only the glyphs used (subsets), read through ``lazyfont`` so that no process
parses the whole 15 MB file. The bold face is not bundled (15 MB more), so the title is set in
faux bold: the glyphs are filled and stroked.
"""

from __future__ import annotations

from functools import lru_cache

from reportlab.pdfbase import pdfmetrics

from ..core.fontcoverage import BIDI_CONTROLS, font_path
from .lazyfont import LazyTTFont

FONT = "NotoSerifSC"


@lru_cache(maxsize=None)
def register() -> str:
    """The font's reportlab name, registering it on first use."""
    pdfmetrics.registerFont(LazyTTFont(FONT, str(font_path())))
    return FONT


@lru_cache(maxsize=None)
def _face():
    return pdfmetrics.getFont(register()).face


@lru_cache(maxsize=65536)
def char_width(ch: str, size: float) -> float:
    """``pdfmetrics.stringWidth(ch, FONT, size)``, the same float, without the five calls between
    it and the font's table."""
    return _width(ch, size)


def _width(ch: str, size: float) -> float:
    """``LazyTTFont.stringWidth``'s formula for one character."""
    face = _face()
    return 0.001 * size * face.charWidths.get(ord(ch), face.defaultWidth)


class _CellWidths(dict):
    """Character -> its width in a cell at one size, filled as characters are met; the bidi
    controls take no room (they are not drawn)."""

    def __init__(self, size: float):
        super().__init__(dict.fromkeys(BIDI_CONTROLS, 0.0))
        self.size = size

    def __missing__(self, ch: str) -> float:
        self[ch] = width = _width(ch, self.size)  # not through char_width's cache: asked once here
        return width


@lru_cache(maxsize=None)
def cell_widths(size: float) -> dict[str, float]:
    """The widths of characters in a cell at ``size`` (a dict: a wrap looks up every character
    of a text in C, ``map(widths.__getitem__, text)``)."""
    return _CellWidths(size)


def forget() -> None:
    """Drops what was looked up in the registered font (a test registers another under its name)."""
    for cached in (_face, char_width, cell_widths):
        cached.cache_clear()


def text_width(text: str, size: float) -> float:
    return sum(char_width(ch, size) for ch in text)
