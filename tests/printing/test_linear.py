"""Printing costs grow linearly with the size of one field and with the number of rows.

Counted, not timed (timings flake on a shared machine): the work of twice the content may be at
most ``SLACK`` times the work of the content. Quadratic work (the line breaker once copied the
rest of the paragraph for every candidate break) shows as a factor near 4.
"""

from __future__ import annotations

import pytest

from desktop_app.printing import paginate
from desktop_app.printing.grid import Block, Section
from desktop_app.printing.linebreak import wrap
from desktop_app.printing.paginate import Measured, MeasuredBlock, MeasuredRow

from .readback import GRID
from .test_linebreak import width_of

SLACK = 2.2
N = 20_000


def of_length(pattern: str, n: int) -> str:
    return (pattern * (n // len(pattern) + 1))[:n]


def wrap_cost(text: str, width: float = 100.0) -> tuple[int, int]:
    """(characters that indexing and slicing the text handed out, calls of the width function)
    to wrap ``text``."""
    count = {"chars": 0, "widths": 0}

    class Counted(str):
        def __getitem__(self, key):
            part = str.__getitem__(self, key)
            count["chars"] += len(part)
            return part

        def split(self, sep=None, maxsplit=-1):
            return [Counted(p) for p in str.split(self, sep, maxsplit)]

    def char_width(ch: str) -> float:
        count["widths"] += 1
        return width_of(ch)

    wrap(Counted(text), width, char_width)
    return count["chars"], count["widths"]


SHAPES = {
    "one unbroken word": "a",
    "ideographs": "知识城项目",
    "only closing punctuation": "，",
    "only opening punctuation": "（",
    "operators": "≥",
    "prose": "推进知识城科技创新及知识产权工作，做好企业跟踪联系服务（含专项经费）。",
    "runs of blanks": "ab" + " " * 40,
    "words longer than a line after an ideograph": "中" + "x" * 150,
    "numbers and punctuation": "10000，≥4500人（020-12345678）",
    "newlines": "甲\n\n",
}


@pytest.mark.parametrize("shape", SHAPES)
def test_wrapping_twice_the_text_costs_twice_the_work(shape):
    small, large = (wrap_cost(of_length(SHAPES[shape], n)) for n in (N, 2 * N))
    assert large[0] <= SLACK * small[0], (small, large)
    assert large[1] <= 2 * N  # each character measured once


def paginate_cost(m: Measured, monkeypatch) -> int:
    """Pieces of rows built and measured while cutting ``m`` into pages."""
    count = {"pieces": 0}
    heights = paginate._heights

    def counting(m, pieces):
        count["pieces"] += len(pieces)
        return heights(m, pieces)

    with monkeypatch.context() as patch:
        patch.setattr(paginate, "_heights", counting)
        paginate.paginate([m], 700.0, 780.0, 46.0, 100.0)
    return count["pieces"]


def one_row(lines: int) -> Measured:
    return Measured(Section("总体绩效目标", [], GRID), [MeasuredRow([], lines, False)], ["总体", "绩效目标"], [])


def many_rows(rows: int) -> Measured:
    """A heading repeated on each page and two merged labels down all rows."""
    section = Section("绩效指标", [], GRID, repeat=1, blocks=[Block(1, 1, rows, "效益指标"), Block(2, 1, rows, "社会效益指标")])
    measured = [MeasuredRow([], 1, True)] + [MeasuredRow([], 1 + r % 3, False) for r in range(rows)]
    blocks = [MeasuredBlock(b, ["一级"]) for b in section.blocks]
    return Measured(section, measured, ["绩效", "指标"], blocks)


def test_paginating_a_row_twice_as_long_costs_twice_the_work(monkeypatch):
    small, large = (paginate_cost(one_row(n), monkeypatch) for n in (N, 2 * N))
    assert large <= SLACK * small, (small, large)


def test_paginating_twice_the_rows_costs_twice_the_work(monkeypatch):
    small, large = (paginate_cost(many_rows(n), monkeypatch) for n in (2_000, 4_000))
    assert large <= SLACK * small, (small, large)
