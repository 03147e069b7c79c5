"""Reading a rendered PDF back: the text of each grid column, the lines as drawn, page facts."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pdfplumber

from desktop_app.printing import grid
from tests.department import FORM

CELL_SIZE = grid.FONT_SIZE
GRID = grid.geometry_of(FORM)  # the department form's columns


@dataclass
class Line:
    page: int
    top: float
    x0: float
    x1: float
    text: str
    size: float


def open_pdf(data: bytes):
    return pdfplumber.open(io.BytesIO(data))


def cell_chars(page):
    """The characters drawn in the grid's cells (the grid's own type size; the title, header,
    footer, signature block and 草稿 mark are set in other sizes)."""
    return [c for c in page.chars if abs(c["size"] - CELL_SIZE) < 0.01]


def column_text(pdf, col: int, span: int = 1, geometry: grid.Geometry = GRID) -> str:
    """Everything drawn inside columns col..col+span-1 (of the department form's grid unless
    another ``geometry`` is given), page after page, top to bottom, with all blanks removed
    (text wraps, so only the sequence of characters is comparable)."""
    x0, x1 = geometry.column_x(col) - 0.5, geometry.column_x(col + span) + 0.5
    out = []
    for page in pdf.pages:
        chars = [c for c in cell_chars(page) if c["x0"] >= x0 and c["x1"] <= x1]
        chars.sort(key=lambda c: (round(c["top"], 1), c["x0"]))
        out.append("".join(c["text"] for c in chars))
    return squash("".join(out))


def squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


def drawn_lines(pdf, size: float | None = CELL_SIZE) -> list[Line]:
    """Each run of characters drawn side by side on one baseline: one line of one cell."""
    lines = []
    for number, page in enumerate(pdf.pages, 1):
        chars = [c for c in page.chars if size is None or abs(c["size"] - size) < 0.01]
        chars.sort(key=lambda c: (round(c["top"], 1), c["x0"]))
        run: list[dict] = []
        for c in chars:
            if run and (round(c["top"], 1) != round(run[-1]["top"], 1) or c["x0"] - run[-1]["x1"] > 1.0):
                lines.append(_line(number, run))
                run = []
            run.append(c)
        if run:
            lines.append(_line(number, run))
    return lines


def _line(number: int, run: list[dict]) -> Line:
    return Line(number, run[0]["top"], run[0]["x0"], run[-1]["x1"], "".join(c["text"] for c in run),
                run[0]["size"])


def page_text(page) -> str:
    return squash(page.extract_text() or "")
