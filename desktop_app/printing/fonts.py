"""The bundled font, registered with reportlab once per process.

Noto Serif SC Regular (SIL Open Font License, ``resources/fonts/OFL.txt``), a 宋体-style face;
reportlab embeds only the glyphs used (subsets), read through ``lazyfont`` so that no process
parses the whole 15 MB file. The bold face is not bundled (15 MB more), so the title is set in
faux bold: the glyphs are filled and stroked.
"""

from __future__ import annotations

from functools import lru_cache

from reportlab.pdfbase import pdfmetrics

from ..core.fontcoverage import font_path
from .lazyfont import LazyTTFont

FONT = "NotoSerifSC"


@lru_cache(maxsize=None)
def register() -> str:
    """The font's reportlab name, registering it on first use."""
    pdfmetrics.registerFont(LazyTTFont(FONT, str(font_path())))
    return FONT


@lru_cache(maxsize=65536)
def char_width(ch: str, size: float) -> float:
    return pdfmetrics.stringWidth(ch, register(), size)


def text_width(text: str, size: float) -> float:
    return sum(char_width(ch, size) for ch in text)
