"""Which characters the bundled font can print, read from its cmap table once per process.

Only the table directory and the cmap table are read (``core.fontfile``, the reader the PDF uses;
18 KB of a 15 MB file), so the checks can ask on every keystroke without loading reportlab.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from pathlib import Path

from .. import paths
from . import fontfile
from .lazyre import lazy

# What a character the font lacks prints as: the customary 缺字 mark of Chinese typesetting, so
# the clerk sees a gap to write in by hand (the check names the missing characters).
STAND_IN = "□"


def font_path() -> Path:
    return paths.font_path()


@lru_cache(maxsize=None)
def _cmap() -> fontfile.Format4 | fontfile.Format12:
    return fontfile.shared(str(font_path())).cmap


# Characters already looked up in the cmap: a form uses a few hundred of the font's 30,000, and
# a render or the first check asks about those only (the whole set took 20 M instructions).
_HAVE: set[str] = set()
_LACK: set[str] = set()


def _lacking(text: str) -> set[str]:
    """The distinct characters of ``text`` the font maps to no glyph (blanks and invisible
    characters among them: the callers tell those apart)."""
    new = set(text).difference(_HAVE)  # in C: nearly always empty once the form's text is known
    if not new:
        return new
    cmap = _cmap()
    for ch in new.difference(_LACK):
        (_HAVE if cmap.glyph(ord(ch)) else _LACK).add(ch)  # None (no glyph) and 0 (.notdef) alike
    return new.intersection(_LACK)


@lru_cache(maxsize=None)
def covered() -> frozenset[int]:
    """Every code point the bundled font maps to a glyph (the whole table: for tests and tools;
    the program looks up only the characters it meets, in ``_lacking``)."""
    return frozenset(read_cmap(font_path()))


def read_cmap(path: Path) -> set[int]:
    """The code points the font at ``path`` maps to a glyph other than .notdef."""
    return fontfile.FontFile(path).cmap.covered()


def invisible(ch: str) -> bool:
    """Control and format characters (zero-width spaces and the like): never printed, never missed."""
    return unicodedata.category(ch) in ("Cc", "Cf")


def missing(text: str) -> list[str]:
    """The characters of ``text`` the font cannot print, each once, in order of appearance.

    Blanks of any kind print as a space and invisible characters are dropped, so neither counts.
    """
    lacking = [ch for ch in _lacking(text) if not ch.isspace() and not invisible(ch)] if text else []
    return sorted(lacking, key=text.index) if len(lacking) > 1 else lacking


def hidden(text: str) -> set[str]:
    """The characters of ``text`` nobody sees (controls and format characters), line ends and
    tabs apart."""
    # ``isprintable`` (in C) is true of almost every field, and no control or format character
    # is printable; the rest is looked at one distinct character at a time. (A table of every
    # hidden code point took the first check of each process half a second to build.)
    if not text or text.isprintable():
        return set()
    return {ch for ch in set(text) if ch not in "\n\t\r" and invisible(ch)}


# Controls of the Unicode bidirectional algorithm: invisible, but they reorder what follows.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Lines that need the bidirectional algorithm at all: right-to-left scripts or its controls.
_NEEDS_BIDI = lazy("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefe\U00010800-\U00010fff\U0001e800-\U0001efff"
                   + "".join(sorted(BIDI_CONTROLS)) + "]")


def printable(text: str, keep_bidi: bool = False) -> str:
    """``text`` as it is printed: line ends unified, tabs and odd blanks as spaces, invisible
    characters dropped (bidi controls kept with ``keep_bidi``, for ``visual_line``), and every
    character the font lacks — a lone surrogate too — replaced by ``STAND_IN``."""
    # Nearly every text: no line end, no blank but the space, nothing invisible (none of those
    # is printable), every character in the font. Printed as it is, without a look at each.
    lacking = _lacking(text)
    if not lacking and text.isprintable():
        return text
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    out = []
    for ch in text:
        if ch == "\n":
            out.append(ch)
        elif ch.isspace():
            out.append(" " if ch != "\u3000" else ch)
        elif keep_bidi and ch in BIDI_CONTROLS:
            out.append(ch)
        elif invisible(ch):
            continue
        elif ch in lacking:
            out.append(STAND_IN)
        else:
            out.append(ch)
    return "".join(out)


def needs_bidi(text: str) -> bool:
    """Whether ``text`` holds right-to-left script or a bidi control (``visual_line`` reorders it)."""
    return _NEEDS_BIDI.search(text) is not None


def visual_line(line: str) -> str:
    """One printed line (from ``printable(…, keep_bidi=True)``) in the order it is seen: the
    Unicode bidirectional algorithm applied as the window applies it, so a right-to-left override
    reorders the printed copy exactly as it reorders the screen; then its controls dropped."""
    if not _NEEDS_BIDI.search(line):
        return line
    from bidi import get_display  # python-bidi: the Unicode bidirectional algorithm

    return "".join(ch for ch in get_display(line) if ch not in BIDI_CONTROLS)
