"""Measuring the grid and cutting it into pages.

A row may break between any two of its lines, leaving at least ``MIN_LINES`` on each side when
it has enough of them; a continued section repeats its heading rows; a merged label (column A,
or the indicator tree's levels) needs as much height as its own lines on every page it reaches, and the last row
of its part on that page grows to give it that height. Nothing is ever dropped: a page takes the
longest run of lines that fits and the rest goes on.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import cached_property

from ..core.fontcoverage import needs_bidi, printable, visual_line
from ..core.record import Record, field
from . import fonts
from .grid import FONT_SIZE, LEADING, PAD_X, PAD_Y, Block, Cell, Section
from .linebreak import NO_LINE_START, rule_ok, word_ok, wrap_fit

MIN_LINES = 2
KEEP_WHOLE = 6  # a row of up to this many lines is never broken: it goes to the next page whole


def wrap_cell(text: str, width: float, size: float = FONT_SIZE) -> list[str]:
    """``text`` as the lines drawn, each in the order it is seen (broken in reading order, then
    reordered line by line where right-to-left text or a bidi control asks for it, as the window
    does). Blanks that end a paragraph hang past the width; they are not drawn, so a centred
    value or an underline measures only what shows."""
    return _Prepared(text, size).lines(width)


class _Prepared:
    """A cell's text made ready to wrap at any width: printable, cut into paragraphs, each
    character's width looked up once (a label is wrapped at several widths)."""

    def __init__(self, text: str, size: float):
        self.widths = fonts.cell_widths(size)
        text = printable(text, keep_bidi=True)
        self.bidi = needs_bidi(text)
        self.paragraphs = [(p, list(map(self.widths.__getitem__, p))) for p in text.split("\n")]

    def lines(self, width: float) -> list[str]:
        return self.lines_fit(width)[0]

    def lines_fit(self, width: float) -> tuple[list[str], float]:
        """``lines(width)``, and the least width with as many (``linebreak.wrap_fit``'s)."""
        lines: list[str] = []
        fit = 0.0
        for paragraph, widths in self.paragraphs:
            broken, paragraph_fit = wrap_fit(paragraph, width, widths)
            lines += _without_orphan(broken, width, self.widths.__getitem__)
            fit = max(fit, paragraph_fit)
        if self.bidi:
            lines = [visual_line(line) for line in lines]
        return [line.rstrip(" ") for line in lines], fit


def _without_orphan(lines: list[str], width: float, width_of) -> list[str]:
    """A paragraph does not end in a line of one character (…品牌推 / 广): the line before gives
    it one more, where the rules of line breaking allow."""
    alone = lines[-1].strip() if len(lines) >= 2 else ""
    if len(alone.rstrip("".join(NO_LINE_START))) != 1 or len(lines[-2].rstrip(" ")) < 3:
        return lines  # (one character with its closing punctuation, 平。, is alone too)
    before = lines[-2].rstrip(" ")
    last = before[-1] + lines[-1]
    if not (rule_ok(before[-2], last[0]) and word_ok(before[-2], last[0])) or sum(map(width_of, last)) > width:
        return lines  # no break there (…至少1 / 7宗 would split a number)
    return [*lines[:-2], before[:-1], last]


def wrap_label(text: str, width: float) -> list[str]:
    """A merged label wrapped into lines of even length (年度重点 / 工作任务, not 年度重点工作 / 任务)."""
    prepared = _Prepared(text, FONT_SIZE)
    lines, fit = prepared.lines_fit(width)
    count, wrapped_at = len(lines), width
    while width > FONT_SIZE:
        if width - FONT_SIZE / 2 >= fit:  # breaks where it broke at ``width``: as many lines
            width -= FONT_SIZE / 2
            continue
        narrower, narrower_fit = prepared.lines_fit(width - FONT_SIZE / 2)
        if len(narrower) != count:
            break
        lines, fit, width = narrower, narrower_fit, width - FONT_SIZE / 2
        wrapped_at = width
    # (the rule against a last line of one character looks at the width: wrapped again at the last)
    return lines if wrapped_at == width else prepared.lines(width)


CONTINUED_LINES = 2  # a continued row's name, repeated on the next page: at most this tall


def _continued(name: str, mark: str, width: float) -> list[str]:
    """``name`` and the mark （续）, cut short (…) so as not to pass ``CONTINUED_LINES``."""
    lines = wrap_cell(name + mark, width)
    if len(lines) <= CONTINUED_LINES:
        return lines
    low, high = 0, len(name)  # the longest beginning of the name that still fits
    while low < high:
        mid = (low + high + 1) // 2
        if len(wrap_cell(name[:mid] + "…" + mark, width)) <= CONTINUED_LINES:
            low = mid
        else:
            high = mid - 1
    return wrap_cell(name[:low] + "…" + mark, width)


def box_height(lines: int) -> float:
    return lines * LEADING + 2 * PAD_Y


class MeasuredRow(Record, frozen=False):
    cells: list[tuple[Cell, list[str]]]
    lines: int
    heading: bool
    # Where a row goes on over a page after its first cell has ended, that cell there: its text
    # again, marked （续）: (the text, the mark, the width), wrapped only for a row that does.
    continues: tuple[str, str, float] | None = None

    @cached_property
    def continued(self) -> list[str] | None:
        return _continued(*self.continues) if self.continues else None

    def repeats_first_cell(self, start: int) -> bool:
        """Whether a piece of this row from line ``start`` shows ``continued``."""
        return bool(start and self.continues and start >= len(self.cells[0][1]))


class MeasuredBlock(Record, frozen=False):
    block: Block
    lines: list[str]

    @property
    def height(self) -> float:
        return box_height(len(self.lines))


class Measured(Record, frozen=False):
    section: Section
    rows: list[MeasuredRow]
    label: list[str]
    blocks: list[MeasuredBlock]  # innermost column first, so stretching works outwards

    @property
    def label_height(self) -> float:
        return box_height(len(self.label))


def measure(section: Section) -> Measured:
    geometry = section.geometry
    rows = []
    for row in section.rows:
        fit = wrap_label if row.heading else wrap_cell
        cells = [(cell, fit(cell.text, geometry.span_width(cell.col, cell.span) - 2 * PAD_X)) for cell in row.cells]
        continues = None
        if section.continued and not row.heading and cells and cells[0][0].text.strip():
            first = cells[0][0]
            continues = (first.text.strip(), section.continued, geometry.span_width(first.col, first.span) - 2 * PAD_X)
        rows.append(MeasuredRow(cells, max([len(lines) for _, lines in cells] + [1]), row.heading, continues))
    blocks = [MeasuredBlock(b, wrap_label(b.text, geometry.widths[b.col] - 2 * PAD_X))
              for b in sorted(section.blocks, key=lambda b: -b.col)]
    return Measured(section, rows, wrap_label(section.label, geometry.widths[0] - 2 * PAD_X), blocks)


class Piece(Record, frozen=False):
    """Lines ``start``..``stop`` of row ``row``, drawn ``height`` tall."""
    row: int
    start: int
    stop: int
    height: float = 0.0
    whole: bool = True  # the entire row (centred vertically) rather than part of a broken one


class Fragment(Record, frozen=False):
    """The part of one section on one page."""
    section: int
    pieces: list[Piece]
    continued: bool  # the section began on an earlier page

    @property
    def height(self) -> float:
        return sum(p.height for p in self.pieces)


class Page(Record, frozen=False):
    top: float  # where the grid starts on this page
    fragments: list[Fragment] = field(factory=list)
    signature: bool = False

    @property
    def bottom(self) -> float:
        return self.top - sum(f.height for f in self.fragments)


# A candidate piece before it is chosen: (row, start, stop, whole), as a Piece's fields.
_Spec = tuple[int, int, int, bool]


def _heights(m: Measured, pieces: list[_Spec]) -> tuple[list[float], float]:
    """Each piece's height (merged labels included) and their total."""
    heights = []
    for r, start, stop, _whole in pieces:
        row = m.rows[r]
        lines = stop - start
        heights.append(box_height(max(lines, len(row.continued or ())) if row.repeats_first_cell(start) else lines))
    rows = [p[0] for p in pieces]  # in order down the page, so a block's pieces are one slice
    for mb in m.blocks:
        low, high = bisect_left(rows, mb.block.first), bisect_right(rows, mb.block.last)
        if low < high:
            heights[high - 1] += max(0.0, mb.height - sum(heights[low:high]))
    total = sum(heights)
    if pieces and total < m.label_height:
        heights[-1] += m.label_height - total
        total = m.label_height
    return heights, total


def _candidates(m: Measured, row: int, line: int):
    """Every place the fragment starting at (row, line) could end, nearest first, as
    (pieces, next row, next line)."""
    pieces: list[_Spec] = []
    for r in range(row, len(m.rows)):
        start = line if r == row else 0
        total = m.rows[r].lines
        for stop in range(start + MIN_LINES, total - MIN_LINES + 1 if total > KEEP_WHOLE else 0):
            yield pieces + [(r, start, stop, False)], r, stop
        pieces = pieces + [(r, start, total, start == 0)]
        yield pieces, r + 1, 0


def next_fragment(m: Measured, index: int, row: int, line: int, continued: bool, room: float,
                  force: bool, tail: float = 0.0) -> tuple[Fragment, int, int] | None:
    """The longest fragment from (row, line) that fits ``room``; with ``force``, at least the
    shortest acceptable one even if it does not fit (a fresh page that cannot hold it). A
    fragment that ends the section must leave ``tail`` free as well (the signature block, which
    must not stand alone on a page of its own)."""
    repeat = m.section.repeat
    head: list[_Spec] = [(r, 0, m.rows[r].lines, True) for r in range(repeat)] if continued else []
    best = None  # candidates are measured as tuples; only the one chosen becomes Pieces
    for pieces, next_row, next_line in _candidates(m, row, line):
        if repeat and all(p[0] < repeat for p in pieces) and next_row < len(m.rows):
            continue  # never leave a heading alone at the foot of a page
        candidate = head + pieces
        heights, height = _heights(m, candidate)
        if height > room + 1e-6:
            if best is None and force:
                best = (candidate, heights, next_row, next_line)
            break
        if next_row == len(m.rows) and height + tail > room + 1e-6:
            if best is None and force:
                best = (candidate, heights, next_row, next_line)
            break
        best = (candidate, heights, next_row, next_line)
    if best is None:
        return None
    candidate, heights, next_row, next_line = best
    chosen = [Piece(r, start, stop, height, whole) for (r, start, stop, whole), height in zip(candidate, heights)]
    return Fragment(index, chosen, continued), next_row, next_line


def whole_height(m: Measured) -> float:
    return _heights(m, [(r, 0, row.lines, True) for r, row in enumerate(m.rows)])[1]


def paginate(sections: list[Measured], first_top: float, top: float, bottom: float,
             signature_height: float) -> list[Page]:
    pages = [Page(first_top)]
    for index, m in enumerate(sections):
        row, line, continued = 0, 0, False
        while row < len(m.rows):
            page = pages[-1]
            room = page.bottom - bottom
            if (m.section.keep_together and not continued and page.fragments
                    and room < whole_height(m) <= top - bottom):
                pages.append(Page(top))
                continue
            tail = signature_height if index == len(sections) - 1 else 0.0
            found = next_fragment(m, index, row, line, continued, room, force=not page.fragments, tail=tail)
            if found is None:
                pages.append(Page(top))
                continue
            fragment, row, line = found
            page.fragments.append(fragment)
            continued = True
            if row < len(m.rows):
                pages.append(Page(top))
    if pages[-1].bottom - bottom < signature_height:
        pages.append(Page(top))
    pages[-1].signature = True
    return pages
