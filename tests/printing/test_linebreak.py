"""The line breaker: widths respected, nothing lost, and the 禁则 rules kept wherever a line
can keep them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core.synthetic import _PHRASES
from desktop_app.printing import fonts
from desktop_app.printing.linebreak import (
    NO_LINE_END,
    NO_LINE_START,
    rule_ok,
    word_ok,
    wrap,
    wrap_fit,
)
from desktop_app.printing import paginate
from desktop_app.printing.grid import FONT_SIZE

REQUIRED_NO_START = "，。、；：？！）》」』】"
REQUIRED_NO_END = "（《「『【"


def width_of(ch: str) -> float:
    return 5.0 if ord(ch) < 0x2E80 and ch not in "，。、；：？！）》」』】（《「『【" else 10.0


def test_the_issue_s_punctuation_is_in_the_rule_sets():
    assert set(REQUIRED_NO_START) <= NO_LINE_START
    assert set(REQUIRED_NO_END) <= NO_LINE_END


def test_a_comma_never_starts_a_line_the_character_before_goes_down_with_it():
    # 7 ideographs fill the line exactly; the comma would begin the next one
    assert wrap("一二三四五六七，八九", 70, width_of) == ["一二三四五六", "七，八九"]
    assert wrap("一二三四五六（七）", 70, width_of) == ["一二三四五六", "（七）"]


def test_numbers_and_latin_words_stay_whole_when_they_can():
    assert wrap("展馆每年不少于10000人次", 75, width_of) == ["展馆每年不少于", "10000人次"]
    assert wrap("≥4500人", 28, width_of) == ["≥4500", "人"]


def test_forced_breaks_and_blank_lines():
    assert wrap("", 50, width_of) == [""]
    assert wrap("甲\n\n乙", 50, width_of) == ["甲", "", "乙"]
    assert wrap("x" * 25, 50, width_of) == ["x" * 10, "x" * 10, "x" * 5]


alphabet = st.sampled_from(list("一二三四五六七八九十甲乙丙丁知识城项目") + list(REQUIRED_NO_START)
                           + list(REQUIRED_NO_END) + list("abc0123456789%≥ ") + ["\n"])


@settings(max_examples=400, deadline=None)
@given(st.lists(alphabet, max_size=300).map("".join), st.integers(10, 200))
def test_wrap_properties(text, width):
    lines = wrap(text, width, width_of)
    # nothing but the blanks at a break is lost, and the order is kept
    assert "".join(lines).replace(" ", "") == text.replace("\n", "").replace(" ", "")
    assert len(lines) >= text.count("\n") + 1
    for line in lines:
        assert len(line) <= 1 or sum(map(width_of, line.rstrip(" "))) <= width
    # each break the breaker chose (not the clerk's own line ends) keeps the rules, unless no
    # break in that line could have
    for paragraph in text.split("\n"):
        lines = wrap(paragraph, width, width_of)
        for line, after in zip(lines, lines[1:]):
            if not line.strip() or not after.strip():
                continue
            if not rule_ok(line.rstrip()[-1], after.lstrip()[0]):
                joined = (line + after.lstrip()[0]).replace(" ", "")
                assert not any(rule_ok(joined[k - 1], joined[k]) for k in range(1, len(joined))), (line, after)


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(_PHRASES), min_size=1, max_size=30), st.integers(40, 300))
def test_realistic_text_always_keeps_the_rules(phrases, width):
    text = "，".join(phrases) + "。"
    lines = wrap(text, width, width_of)
    for line in lines:
        assert line[0] not in NO_LINE_START and line[-1] not in NO_LINE_END, lines


# -- the same breaks as before breaking became linear ------------------------------------------

def reference_wrap(text: str, width: float, char_width) -> list[str]:
    """``wrap`` as it was until it became linear (it copied the rest of the paragraph for every
    candidate break), kept verbatim to show that no break moved."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        lines.extend(_reference_paragraph(paragraph, width, char_width))
    return lines


def _reference_paragraph(text: str, width: float, char_width) -> list[str]:
    if not text:
        return [""]
    widths = [char_width(ch) for ch in text]
    lines = []
    start, n = 0, len(text)
    while start < n:
        end, used = start, 0.0
        while end < n and (end == start or used + widths[end] <= width or text[end] == " "):
            used += widths[end]
            end += 1
        if end < n:
            end = _reference_break_before(text, start, end)
        lines.append(text[start:end].rstrip(" ") if end < n else text[start:end])
        start = end
        while start < n and text[start] == " ":
            start += 1
    return lines


def _reference_break_before(text: str, start: int, end: int) -> int:
    for soft in (True, False):
        for k in range(end, start, -1):
            left = text[start:k].rstrip(" ")
            right = text[k:].lstrip(" ")
            if not left or not right:
                continue
            if rule_ok(left[-1], right[0]) and (not soft or word_ok(text[k - 1], text[k])):
                return k
    return end


def font_width(ch: str) -> float:
    return fonts.char_width(ch, 9.0)


# Each kind of character the rules treat apart, blanks the breaker must not mistake for " ",
# and runs long enough to overflow a line.
SINGLE = (sorted(NO_LINE_START | NO_LINE_END) + list("一二三四五六七八九十甲乙丙丁知识城项目")
          + list("≥≤<>=＞＜＝￥$+-±~～") + ["\n", "\n", "\u0301", "\u200b"])
pieces = st.one_of(
    st.sampled_from(SINGLE),
    st.text("abcXYZ0123456789.,-_/:@#&+'%", min_size=1, max_size=40),  # words, numbers, phone numbers
    st.text(" ", min_size=1, max_size=30),
    st.text(" \u3000\t\xa0\u2003\u200a", min_size=1, max_size=6),
    st.text(st.sampled_from(SINGLE), min_size=1, max_size=25),
)
widths = st.one_of(
    st.just(width_of), st.just(font_width),
    # an arbitrary table, zero widths included
    st.lists(st.sampled_from([0.0, 0.5, 2.304, 5.0, 9.0, 10.5, 40.0]), min_size=7, max_size=7)
    .map(lambda table: lambda ch: table[ord(ch) % 7]),
)


@settings(max_examples=600, deadline=None)
@given(st.lists(pieces, max_size=50).map("".join),
       st.one_of(st.integers(-1, 120), st.floats(0, 400)), widths)
def test_the_same_breaks_as_the_reference(text, width, char_width):
    assert wrap(text, width, char_width) == reference_wrap(text, width, char_width)


@settings(max_examples=400, deadline=None)
@given(st.lists(pieces, max_size=50).map("".join).map(lambda t: t.replace("\n", "")),
       st.floats(0, 400), widths, st.floats(0, 1))
def test_every_width_down_to_the_fit_breaks_at_the_same_places(text, width, char_width, where):
    lines, fit = wrap_fit(text, width, [char_width(ch) for ch in text])
    assert fit <= width or len(text) <= 1
    narrower = fit + (width - fit) * where if fit <= width else width
    assert wrap(text, narrower, char_width) == lines
    assert wrap(text, fit, char_width) == lines


def reference_wrap_label(text: str, width: float) -> list[str]:
    """``wrap_label`` as it was: narrowed half a character at a time, wrapped at every step."""
    prepared = paginate._Prepared(text, FONT_SIZE)
    lines = prepared.lines(width)
    while width > FONT_SIZE:
        narrower = prepared.lines(width - FONT_SIZE / 2)
        if len(narrower) != len(lines):
            break
        lines, width = narrower, width - FONT_SIZE / 2
    return lines


@settings(max_examples=400, deadline=None)
@given(st.lists(pieces, max_size=20).map("".join), st.floats(0, 300))
def test_a_label_narrows_as_when_it_was_wrapped_at_every_step(text, width):
    assert paginate.wrap_label(text, width) == reference_wrap_label(text, width)
