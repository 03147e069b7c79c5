"""The line breaker: widths respected, nothing lost, and the 禁则 rules kept wherever a line
can keep them."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core.synthetic import _PHRASES
from desktop_app.printing.linebreak import NO_LINE_END, NO_LINE_START, rule_ok, wrap

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
