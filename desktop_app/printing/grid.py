"""The printed grid of a declared form as data: sections of rows of cells, before any measuring.

The declaration's ``PrintLayout`` says what goes where; this fills it with the form's values.
Column A holds each section's label, merged down the section; in an indicator section the
tree's columns hold its two upper levels merged down their groups. Merges are not table spans: they are
``Block``s drawn over whatever part of their rows lands on a page, so a page break can fall
anywhere (reportlab's tables refuse to break inside a row span).
"""

from __future__ import annotations

from reportlab.lib.pagesizes import A4

from ..core import spec as S
from ..core.dates import parse_date, printed_date
from ..core.fieldpath import format_path
from ..core.lookup import table_of, tree_of
from ..core.model import FormBase
from ..core.record import Record, field
from ..core.spec import AUTO, CENTER, LEFT, RIGHT  # noqa: F401  (the alignments cells use)
from ..core.totals import amount_at

PAGE_WIDTH, PAGE_HEIGHT = A4
MARGIN_X = 40.0
MARGIN_TOP = 40.0
MARGIN_BOTTOM = 46.0  # the footer line sits inside it

FONT_SIZE = 9.0
LEADING = 13.0
PAD_X = 3.5
PAD_Y = 3.5


class Geometry(Record):
    """Where a form's columns are on the page."""
    widths: tuple[float, ...]

    @property
    def left(self) -> float:
        return MARGIN_X + (PAGE_WIDTH - 2 * MARGIN_X - self.width) / 2

    @property
    def width(self) -> float:
        return sum(self.widths)

    @property
    def right(self) -> float:
        return self.left + self.width

    def column_x(self, col: int) -> float:
        """Left edge of column ``col`` (0 = A) on the page."""
        return self.left + sum(self.widths[:col])

    def span_width(self, col: int, span: int) -> float:
        return sum(self.widths[col:col + span])


def geometry_of(form_spec: S.FormSpec) -> Geometry:
    return Geometry(form_spec.print_layout.column_widths)


class Cell(Record, frozen=False):
    col: int
    span: int
    text: str
    align: str = LEFT
    path: str = ""  # the value it shows (a form workbook writes that value, not its printed text)


class Row(Record, frozen=False):
    cells: list[Cell]
    heading: bool = False


class Block(Record, frozen=False):
    """A label merged down rows ``first``..``last`` (inclusive) of its section in column ``col``."""
    col: int
    first: int
    last: int
    text: str


class Section(Record, frozen=False):
    label: str
    rows: list[Row]
    geometry: Geometry
    repeat: int = 0  # heading rows printed again where the section continues on a new page
    keep_together: bool = False  # start on a new page rather than break, when it fits one
    blocks: list[Block] = field(factory=list)
    continued: str = ""  # appended to a row's first cell where the row goes on over a page


def value_text(form: FormBase, path: str, derived: dict[str, str] | None = None) -> str:
    """A field's value as printed; an empty total is printed as the sum of its parts, and an
    empty value the form's rules compute (``derived``: ``Rules.derived``) as computed."""
    f = form.spec.field_at(path)
    value = form.get(path)
    if derived and (value is None or value == "") and path in derived:
        return derived[path]
    if f is not None and f.kind.decimal:
        return f.kind.show(amount_at(form, path))
    if f is not None and f.kind == S.DATE and (date := parse_date(value)) is not None:
        return printed_date(date)
    if f is not None:
        return f.kind.printed(f, value)
    return "" if value is None else str(value)


def _cell_text(form: FormBase, c: S.Cell, derived: dict[str, str]) -> str:
    if c.derived:
        return derived.get(c.derived, "")
    return value_text(form, c.field, derived) if c.field else c.text


def _cell_rows(form: FormBase, rows: tuple[S.CellRow, ...], derived: dict[str, str]) -> list[Row]:
    return [Row([Cell(c.col, c.span, _cell_text(form, c, derived), c.align, c.field) for c in r.cells],
                heading=r.heading) for r in rows]


def _table_rows(form: FormBase, table: S.Table, placed: S.TableColumns) -> list[Row]:
    rows = [Row([Cell(col, span, table.column(key).label, CENTER) for key, col, span, _ in placed.columns],
                heading=True)]
    numbers = {c.key: c.kind for c in table.columns if c.kind.decimal}
    for index, item in enumerate(form.rows(table.key)):
        rows.append(Row([Cell(col, span, numbers[key].show(getattr(item, key)) if key in numbers else getattr(item, key),
                              align, format_path(table.key, index, key)) for key, col, span, align in placed.columns]))
    if len(rows) == 1:
        rows.append(Row([Cell(col, span, "", align) for _, col, span, align in placed.columns]))
    return rows


def _indicator_rows(form: FormBase, table: S.Table, placed: S.TableColumns,
                    derived: dict[str, str]) -> tuple[list[Row], list[Block]]:
    col1, col2 = placed.level_cols
    k1, k2 = tree_of(table).level_keys
    rows = [Row([Cell(col1, 1, table.column(k1).label, CENTER), Cell(col2, 1, table.column(k2).label, CENTER),
                 *(Cell(col, span, table.column(key).label, CENTER) for key, col, span, _ in placed.columns)],
                heading=True)]
    blocks = []
    level1_text = dict(placed.level1_text)
    numbers = {c.key: c.kind for c in table.columns if c.kind.decimal}
    for level1, slots in form.indicator_groups(table.key):
        first1 = len(rows)
        for level2, items in slots:
            first2 = len(rows)
            for index, item in items or [(None, None)]:
                rows.append(Row([Cell(col, span, _row_value(table, index, item, key, numbers.get(key), derived), align,
                                      format_path(table.key, index, key) if item else "")
                                 for key, col, span, align in placed.columns]))
            blocks.append(Block(col2, first2, len(rows) - 1, level2))
        blocks.append(Block(col1, first1, len(rows) - 1, level1_text.get(level1, level1)))
    return rows, blocks


def _row_value(table: S.Table, index: int | None, item, key: str, number: S.Kind | None,
               derived: dict[str, str]) -> str:
    if item is None:
        return ""
    value = getattr(item, key)
    if derived and (value is None or value == ""):
        return derived.get(f"{table.key}[{index}].{key}", "")
    return number.show(value) if number is not None else value


def build_sections(form: FormBase) -> list[Section]:
    """The grid, top to bottom, as the form's declaration lays it out."""
    layout = form.spec.print_layout
    geometry = Geometry(layout.column_widths)
    sections = []
    derived = form.spec.rules.derived(form)
    for placed in layout.sections:
        blocks: list[Block] = []
        continued = placed.rows.continued if isinstance(placed.rows, S.TableColumns) else ""
        if isinstance(placed.rows, S.TableColumns):
            table = table_of(form.spec, placed.rows.table)
            if table.tree is not None:
                rows, blocks = _indicator_rows(form, table, placed.rows, derived)
            else:
                rows = _table_rows(form, table, placed.rows)
        else:
            rows = _cell_rows(form, placed.rows, derived)
        sections.append(Section(placed.label, rows, geometry, repeat=placed.repeat,
                                keep_together=placed.keep_together, blocks=blocks, continued=continued))
    return sections
