"""Line breaking for Chinese text in a fixed width (the 禁则 of Chinese typesetting).

No line begins with closing punctuation (，。、；：？！）》」』】 …) and none ends with opening
punctuation (（《「『【 …). reportlab's own CJK wrapping misses several of these, so the cells
are broken here and drawn line by line. A break that would violate a rule is moved earlier (the
previous character goes down with the punctuation). Runs of Latin letters and digits
(``10000``, ``NCS``, ``020-12345678``) and an operator with its number (``≥4500``) are kept
together where the width allows; the punctuation rules win over that, and only a line made of
nothing but such punctuation can break against them.
"""

from __future__ import annotations

from typing import Callable

NO_LINE_START = frozenset(
    "，。、；：？！）》」』】〉〕〗〙〛｝］｠’”…‥·・ー々〻" ",.;:?!)]}%‰℃"
)
NO_LINE_END = frozenset("（《「『【〈〔〖〘〚｛［｟‘“" "([{")

_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,-_/:@#&+'%")
_PREFIX = frozenset("≥≤<>=＞＜＝￥$+-±~～")


def rule_ok(left: str, right: str) -> bool:
    """May a line end with ``left`` and the next begin with ``right``?"""
    return right not in NO_LINE_START and left not in NO_LINE_END


def word_ok(left: str, right: str) -> bool:
    """May a line end with ``left`` without splitting a word, a number or an operator from it?"""
    if left in _WORD and right in _WORD:
        return False
    return left not in _PREFIX or right.isspace()


def wrap(text: str, width: float, char_width: Callable[[str], float]) -> list[str]:
    """``text`` broken into lines no wider than ``width``; ``\\n`` forces a break.

    Always at least one line (``""`` for empty text). Each line holds at least one character.
    """
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(wrap_widths(paragraph, width, [char_width(ch) for ch in paragraph]))
    return lines


def wrap_widths(text: str, width: float, widths: list[float]) -> list[str]:
    """One paragraph (no ``\n``) broken as ``wrap`` breaks it, ``widths[i]`` the width of ``text[i]``."""
    return wrap_fit(text, width, widths)[0]


def wrap_fit(text: str, width: float, widths: list[float]) -> tuple[list[str], float]:
    """``wrap_widths``, and the least width that breaks the paragraph at the same places: every
    width from it up to ``width`` fits the same characters on each line (a label narrowed step
    by step needs no new wrap until its width falls below it)."""
    # Linear in len(text): whether a break is allowed does not depend on where its line began,
    # so a line never lands on a break an earlier line refused, each character is looked at by
    # at most three lines, and a line's walk back is no longer than the line.
    if not text:
        return [""], 0.0
    lines = []
    fit = 0.0  # the widest test ``used + widths[end] <= width`` passed, over the lines
    start, n = 0, len(text)
    while start < n:
        end, used = start, 0.0
        while end < n and (end == start or used + widths[end] <= width or text[end] == " "):
            used += widths[end]
            end += 1
        if end - start > 1:
            if text[end - 1] == " ":  # blanks are taken whatever the width: the test is the last
                used, last = 0.0, end - 1  # visible character's, its sum made again as above
                while last > start and text[last] == " ":
                    last -= 1
                for i in range(start, last + 1):
                    used += widths[i]
                if last == start:
                    used = 0.0  # the line's first character is taken untested
            fit = max(fit, used)
        if end < n:
            end = _break_before(text, start, end)
        lines.append(text[start:end].rstrip(" ") if end < n else text[start:end])
        start = end
        while start < n and text[start] == " ":  # a break eats the blanks after it
            start += 1
    return lines, fit


def _break_before(text: str, start: int, end: int) -> int:
    """The best break at or before ``end`` (exclusive end of the longest line that fits): the
    latest that keeps every rule, else the latest that keeps the punctuation rules, else ``end``
    (nothing but punctuation that may neither start nor end a line).

    Blanks at a break vanish, so the rules look at the visible characters on either side. One
    walk back that copies nothing keeps a paragraph linear: the breaks in a run of blanks all see
    the same two characters and split no word, so a run is decided at once. ``text[end]`` is
    visible, as the fitting loop takes every blank.
    """
    hard = None
    k, right = end, text[end]
    while k > start:
        j = k - 1  # the last visible character before k
        while j >= start and text[j] == " ":
            j -= 1
        if j < start:
            break  # only blanks before k: no line to end
        if rule_ok(text[j], right):
            if word_ok(text[k - 1], text[k]):
                return k
            if hard is None:
                hard = k
        k, right = j, text[j]
    return end if hard is None else hard
