"""Which characters print: the font's cmap, the stand-in, and the check's warning."""

from __future__ import annotations

import time

from desktop_app.core import checks
from desktop_app.core import fontcoverage as coverage
from desktop_app.core.fontfile import Format4
from desktop_app.printing.render import render_pdf
from tests import department as labels

from .readback import column_text, open_pdf

RARE = "\U00020BB7"  # 𠮷, in names; not in Noto Serif SC


def test_cmap_agrees_with_reportlab_and_both_subtables_agree():
    from reportlab.pdfbase.ttfonts import TTFontFile

    mine = coverage.covered()
    assert set(TTFontFile(str(coverage.font_path())).charToGlyph) == mine
    data = coverage.font_path().read_bytes()
    import struct
    tables = {data[12 + 16 * i:16 + 16 * i]: struct.unpack(">II", data[20 + 16 * i:28 + 16 * i])
              for i in range(struct.unpack(">H", data[4:6])[0])}
    offset, length = tables[b"cmap"]
    cmap = data[offset:offset + length]
    subtables = {}
    for i in range(struct.unpack(">H", cmap[2:4])[0]):
        platform, encoding, at = struct.unpack(">HHI", cmap[4 + 8 * i:12 + 8 * i])
        subtables[(platform, encoding, struct.unpack(">H", cmap[at:at + 2])[0])] = at
    bmp = Format4(cmap, subtables[(3, 1, 4)]).covered()
    assert bmp == {c for c in mine if c <= 0xFFFF}
    assert ord("中") in mine and ord(RARE) not in mine


def test_cmap_is_read_once():
    coverage.covered()
    start = time.perf_counter()
    for _ in range(1000):
        coverage.missing("中新广州知识城" + RARE)
    assert time.perf_counter() - start < 0.5
    assert coverage.covered() is coverage.covered()


def test_characters_looked_up_one_by_one_agree_with_the_whole_table():
    import random

    whole = coverage.covered()
    probe = [chr(c) for c in random.Random(26).sample(range(0x110000), 4000) if not 0xD800 <= c <= 0xDFFF]
    probe += [chr(c) for c in random.Random(27).sample(sorted(whole), 2000)] + ["\x00", "\ufffd", RARE]
    lacking = coverage._lacking("".join(probe))
    assert lacking == {ch for ch in probe if ord(ch) not in whole}
    assert coverage._lacking("".join(probe)) == lacking  # from what was learned the first time


def test_missing_and_printable():
    assert coverage.missing(f"吉{RARE}祥{RARE}") == [RARE]
    assert coverage.missing("中文 ABC，　\t\u200b") == []  # blanks and zero-width characters
    assert coverage.printable(f"吉{RARE}\r\n\u200b甲\t乙") == f"吉{coverage.STAND_IN}\n甲 乙"
    assert ord(coverage.STAND_IN) in coverage.covered()


def test_check_warns_with_field_and_characters(seed_form):
    assert not [p for p in checks.check(seed_form) if "字体" in p.message]
    seed_form.tasks[2].name = f"{RARE}先生工作室"
    seed_form.signoff.preparer = f"{RARE}某"
    found = [p for p in checks.check(seed_form) if RARE in p.message]
    assert {p.path for p in found} == {"tasks[2].name", "signoff.preparer"}
    assert all(p.severity == checks.WARNING for p in found)
    assert coverage.STAND_IN in found[0].message
    assert not checks.has_errors(checks.check(seed_form))  # a warning: the form still prints clean


def test_a_missing_character_prints_as_the_stand_in(seed_form):
    seed_form.tasks[0].name = f"吉{RARE}工作室"
    with open_pdf(render_pdf(seed_form)) as pdf:
        names = column_text(pdf, 1)
        assert f"吉{coverage.STAND_IN}工作室" in names
        assert labels.DRAFT_MARK not in "".join(p.extract_text() for p in pdf.pages)


def test_hidden_finds_every_control_and_format_character_and_nothing_else():
    import unicodedata

    from desktop_app.core import fontcoverage

    every = {chr(c) for c in range(0x110000) if unicodedata.category(chr(c)) in ("Cc", "Cf")} - set("\n\t\r")
    assert fontcoverage.hidden("".join(sorted(every)) + "正文 text\n\t\r\u3000") == every
    assert fontcoverage.hidden("正文\n第二行\t制表\u3000全角空格") == set()
    assert fontcoverage.hidden("名称\u200b") == {"\u200b"}
    assert fontcoverage.hidden("") == set()
