"""A case generator for the class "text size and shape": whatever one text field may hold.

Long runs with no break opportunity, nothing but punctuation, many line ends of every kind,
mixed scripts, huge single words, characters the bundled font lacks, invisible characters and
padding blanks, in any order. ``shaped_texts(size)`` bounds each run by ``size`` characters, so a caller keeps its
examples fast or lets them overflow a page.
"""

from __future__ import annotations

from hypothesis import strategies as st

from desktop_app.core.fontcoverage import covered
from desktop_app.printing.linebreak import NO_LINE_END, NO_LINE_START

PUNCTUATION = sorted(NO_LINE_START | NO_LINE_END)
# Two of the same may not be broken apart by the rules (，，  （（) or only against them (aa 11 ≥≥).
UNBREAKABLE = ["a", "Z", "1", ".", "-", "，", "。", "（", "《", "≥", "￥", "…"]
SCRIPTS = "知识城项目 Латиница ελληνικά العربية עברית ไทย हिन्दी 한국어 かなカナ ქართული"
LACKING = "😀🀄\ue000\U000f0000ᚠ\u0378\U0001d11e𒀀ꦄ"  # private use, unassigned, scripts not in Noto Serif SC
INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u00ad\x00\x07\x1b\x7f"
BLANKS = " \t\u3000\xa0\u2003\u2028\x0b\x0c"


def _repeated(pieces: st.SearchStrategy[str], size: int) -> st.SearchStrategy[str]:
    """A piece repeated up to ``size`` characters: long runs without hypothesis drawing each one."""
    return st.builds(lambda piece, n: (piece * n)[:size], pieces, st.integers(1, size))


def shaped_texts(size: int = 1500) -> st.SearchStrategy[str]:
    lacking = st.characters(min_codepoint=0x10000, blacklist_categories=("Cf",)).filter(
        lambda ch: ord(ch) not in covered())
    shapes = st.one_of(
        _repeated(st.sampled_from(UNBREAKABLE), size),
        _repeated(st.text(st.sampled_from(PUNCTUATION), min_size=1, max_size=8), size),
        _repeated(st.sampled_from(["\n", "\r\n", "\r", "\n\n", "甲\n"]), min(size, 200)),
        _repeated(st.text(st.sampled_from(SCRIPTS), min_size=1, max_size=30), size),
        _repeated(st.text("abcdefghijklmnopqrstuvwxyz0123456789", min_size=1, max_size=12), size),  # one huge word
        st.text(st.sampled_from(LACKING) | lacking, min_size=1, max_size=20),
        st.text(st.sampled_from(INVISIBLE), min_size=1, max_size=20),
        _repeated(st.text(st.sampled_from(BLANKS), min_size=1, max_size=4), size),
        st.builds(lambda value, blank, n: value + blank * n,  # a short value the clerk padded
                  st.text(st.sampled_from(SCRIPTS), min_size=1, max_size=6), st.sampled_from(BLANKS),
                  st.integers(1, size)),
        st.text(st.characters(blacklist_categories=("Cs",)), max_size=40),
    )
    return st.lists(shapes, max_size=4).map("".join)
