"""The vocabulary of a form declaration: what a form *is*, as data.

A form (``desktop_app/forms/<name>/declaration.py``) is one ``FormSpec``: its format id and
title, its members in interchange order (fields, groups of fields, row tables, an indicator
tree), its derived totals, and where each part goes on the printed grid and on screen. The model,
the JSON reader and writer and their schema, the draft file's tables, the checks, the printed copy
and the window's pages are all derived from it by the engine in ``desktop_app/core`` (and
``printing``/``gui``); a form's rules module holds only what is more than "required and valid".

Nothing here knows a particular form.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cached_property
from typing import Callable, Union

from .kinds import (  # re-exported: a declaration imports its vocabulary from here
    AMOUNT,
    AUTO,
    BOXES,
    CENTER,
    CHOICE,
    DATE,
    LEFT,
    LEVEL,
    LONG_TEXT,
    PERCENTAGE,
    RIGHT,
    SCORE,
    TEXT,
    YEAR,
    YEAR_DIGITS,
    YEAR_RANGE,
    Kind,
)
from .record import Record

# -- kinds of field: ``core.kinds``, each kind an object saying how its values behave ----------

TEXT_KINDS = (TEXT, LONG_TEXT, DATE, CHOICE, LEVEL)

ERROR = "error"
WARNING = "warning"

MAX_ROWS = 20_000           # rows of one table: the window, JSON, the schema and the draft agree

# What one field may hold, in characters, by kind. The writer and every reader share these: the
# window refuses more at input, JSON import refuses it, ``check`` reports it if a draft holds it.
DEFAULT_MAX_CHARS = {k: k.max_chars for k in (TEXT, LONG_TEXT, AMOUNT, YEAR, DATE, CHOICE, BOXES, LEVEL, PERCENTAGE,
                                              SCORE)}


class Field(Record):
    """One value: a top-level field, a field of a group, or a column of a row table."""
    key: str
    label: str
    kind: Kind = TEXT
    required: str | None = None   # ERROR or WARNING when empty, None when optional
    missing: str = ""             # what ``check`` says when it is empty (default 未填写<label>)
    max_chars: int = 0            # 0: the kind's default
    choices: tuple[str, ...] = ()
    placeholder: str = ""         # shown in an empty field on screen
    in_json: bool = True          # the key must be present in interchange JSON
    # An amount that is the sum of others (paths): left empty, it is shown and printed computed;
    # typed, it must agree with them.
    computed_from: tuple[str, ...] = ()
    # Where the value sits inside its group's JSON object when that object nests rows of
    # fields (``group.row.column``: ("row", "column")); the model and the draft keep the group
    # flat. () for a key of the group's own object.
    json_at: tuple[str, ...] = ()

    @property
    def limit(self) -> int:
        return self.max_chars or self.kind.max_chars

    @property
    def missing_message(self) -> str:
        return self.missing or f"未填写{self.label}"


class Group(Record):
    """A fixed set of fields: one JSON object, one draft table with one row."""
    key: str
    label: str
    fields: tuple[Field, ...]
    in_json: bool = True          # the object must be present in interchange JSON
    keys_in_json: bool = True     # every key must be present inside it
    class_name: str = ""          # of the generated model class

    def field(self, key: str) -> Field:
        return next(f for f in self.fields if f.key == key)

    @cached_property
    def model_keys(self) -> frozenset[str]:
        return frozenset(f.key for f in self.fields)


class Level2(Record):
    name: str
    # Other wordings of the same slot in older or newer guidance; accepted and kept as written.
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        return (self.name, *self.aliases)


class Level1(Record):
    name: str
    children: tuple[Level2, ...]


class Tree(Record):
    """The fixed upper levels of an indicator table, in print order. Rows name their slot in
    ``level_keys`` (一级, 二级); every slot is printed and shown, empty or not."""
    levels: tuple[Level1, ...]
    level_keys: tuple[str, str] = ("level1", "level2")
    # Said when a 一级 has no named row under it ({level1} is replaced); "" for no such rule.
    per_level1: str = ""
    unknown: str = "「{level1} / {level2}」不在本表的指标体系中"

    @cached_property
    def known_pairs(self) -> frozenset[tuple[str, str]]:
        """Every (一级, 二级 wording) pair the tree accepts."""
        return frozenset((l1.name, name) for l1 in self.levels for l2 in l1.children for name in l2.names)

    def find(self, level1: str, level2: str) -> Level2 | None:
        """The fixed slot that ``level2`` (any accepted wording) names under ``level1``."""
        for l1 in self.levels:
            if l1.name == level1:
                for l2 in l1.children:
                    if level2 in l2.names:
                        return l2
        return None

    @property
    def level1_names(self) -> tuple[str, ...]:
        return tuple(l1.name for l1 in self.levels)

    def slots(self) -> list[tuple[str, str]]:
        return [(l1.name, l2.name) for l1 in self.levels for l2 in l1.children]


class Table(Record):
    """Rows of the same columns: a JSON array of objects, one draft table with a position."""
    key: str
    label: str
    columns: tuple[Field, ...]
    class_name: str = ""
    empty: str = ""               # what ``check`` says when there is no row ("" for no rule)
    tree: Tree | None = None      # an indicator table
    # Columns that identify a row when two versions of a form are compared.
    match_by: tuple[str, ...] = ()
    in_json: bool = True          # the array must be present in interchange JSON

    def column(self, key: str) -> Field:
        return next(c for c in self.columns if c.key == key)

    @cached_property
    def model_keys(self) -> frozenset[str]:
        return frozenset(c.key for c in self.columns)

    @property
    def value_columns(self) -> tuple[Field, ...]:
        """The columns a clerk writes (an indicator table's level columns are its tree)."""
        skip = self.tree.level_keys if self.tree else ()
        return tuple(c for c in self.columns if c.key not in skip)


Member = Union[Field, Group, Table]


class Total(Record):
    """A derived sum, recomputed on every change: of fields (``parts``, paths) or of one column
    of a table (``column``, e.g. ``table.column``). A problem about the total itself is filed
    under ``path``: ``<group>.<key>`` when its parts are one group's fields (so it reads as part
    of that group: no field of the group may share the key), else ``totals.<key>``."""
    key: str
    label: str
    parts: tuple[str, ...] = ()
    column: str = ""

    @cached_property
    def group(self) -> str | None:
        groups = {p.partition(".")[0] for p in self.parts}
        return groups.pop() if len(groups) == 1 and all("." in p and "[" not in p for p in self.parts) else None

    @cached_property
    def path(self) -> str:
        return f"{self.group}.{self.key}" if self.group else total_path(self.key)


TOTALS = "totals"  # the member name of the derived totals in paths; no form may use it


def total_path(key: str) -> str:
    return f"{TOTALS}.{key}"


# -- the printed copy --------------------------------------------------------------------------

class Cell(Record):
    """A cell of a printed row: a fixed text, a field's value (``field``, a path), or what the
    form's rules compute (``derived``, a key of ``Rules.derived``)."""
    col: int
    span: int
    text: str = ""
    field: str = ""
    align: str = LEFT
    derived: str = ""


class CellRow(Record):
    cells: tuple[Cell, ...]
    heading: bool = False


class TableColumns(Record):
    """A row table printed one row per row: its heading row, then ``(column key, col, span,
    align)`` for each printed column. An indicator table prints its tree in the columns given
    by ``level_cols`` and merges them down their groups."""
    table: str
    columns: tuple[tuple[str, int, int, str], ...]
    level_cols: tuple[int, int] = (1, 2)
    continued: str = ""  # appended to the first column's text where a row goes on over a page
    level1_text: tuple[tuple[str, str], ...] = ()  # a 一级 printed otherwise than its name (with its 分值)

    def unprinted(self, table: "Table") -> tuple[Field, ...]:
        """The table's columns the paper leaves out (a reading the clerk may correct, say): a
        form workbook keeps them beside the printed grid, so that it holds all the form."""
        shown = {key for key, _, _, _ in self.columns}
        if table.tree is not None:
            shown |= set(table.tree.level_keys)
        return tuple(c for c in table.columns if c.key not in shown)


class PrintSection(Record):
    label: str                    # column A, merged down the section
    rows: tuple[CellRow, ...] | TableColumns
    repeat: int = 0               # heading rows printed again where the section continues
    keep_together: bool = False   # start on a new page rather than break, when it fits one


class Header(Record):
    """Above the grid: the year (at the right, or as （YYYY年度） under the title) and the unit
    that stamps the form (its name from ``unit``)."""
    year: str                     # path of the year
    year_style: str               # "right" or "subtitle"
    unit_label: str
    unit: str                     # path of the unit's name, "" to leave a line to write on


class Signature(Record):
    """The sign-off block under the grid on the last page."""
    line: tuple[str, ...]         # paths on the first line (who filled it in, how to reach them, when)
    head: str                     # path of the head of the unit
    head_label: str               # the head's caption, with （签字）
    seal: str = "（单位盖章）"
    seal_date: str = "年　　月　　日"


class PrintLayout(Record):
    column_widths: tuple[float, ...]
    header: Header
    sections: tuple[PrintSection, ...]
    signature: Signature
    draft_mark: str = "草稿"


# -- the window --------------------------------------------------------------------------------

class Fields(Record):
    """Label and input for each path, one per line."""
    paths: tuple[str, ...]
    status: str = ""              # key of a status line shown under them


class GridCell(Record):
    """One cell of a ``Grid``, at ``row`` and ``col`` (from 0), ``span`` columns wide, holding
    exactly one of: words of its own (``text``), a field's label (``label``, a path), a field's
    input (``path``; an amount's message line goes under it, in no cell of its own), a total's
    label (``heading``, a total's key), ``<its label>合计`` (``caption``), its value with the
    note the rules give it beside (``total``), or a status line of the rules (``status``)."""
    row: int
    col: int
    span: int = 1
    text: str = ""
    label: str = ""
    path: str = ""
    heading: str = ""
    caption: str = ""
    total: str = ""
    status: str = ""

    @property
    def content(self) -> tuple[tuple[str, str], ...]:
        """(what, value) of what the cell holds: one pair in a well-declared cell."""
        return tuple((name, getattr(self, name)) for name in GRID_CONTENTS if getattr(self, name))


GRID_CONTENTS = ("text", "label", "path", "heading", "caption", "total", "status")


class Grid(Record):
    """A grid of label and amount cells laid out as the paper has it, built in code (no
    Designer file): ``head`` fields above it a label and an input a line, the ``cells`` in a
    box titled with the label of the member ``group`` (every field of which it must place),
    ``below`` status lines under the box. Tab goes across each row, then to the next.
    ``core.gridcheck`` refuses a grid that names what the form lacks, overlaps or places a
    path twice, when the form is declared."""
    cells: tuple[GridCell, ...]
    group: str = ""
    head: tuple[str, ...] = ()
    below: tuple[str, ...] = ()
    stretch: tuple[int, ...] = ()   # each column's share of the width (an empty one is a gap)
    row_spacing: int = -1           # pixels between rows; -1 the style's

    @cached_property
    def paths(self) -> tuple[str, ...]:
        """The inputs it holds, in reading (tab) order: the head, then row by row."""
        placed = sorted((c.row, c.col, c.path) for c in self.cells if c.path)
        return (*self.head, *(path for _, _, path in placed))

    @property
    def statuses(self) -> tuple[str, ...]:
        return (*(c.status for c in self.cells if c.status), *self.below)


class LongText(Record):
    path: str


class Rows(Record):
    """A row table edited like a spreadsheet (an indicator table as a tree)."""
    table: str
    status: str = ""              # key of a status line shown under it


class Page(Record):
    title: str
    parts: tuple[Fields | Grid | LongText | Rows, ...]


class StatusLine(Record):
    """A line the rules module writes beside the totals: ``ok`` False shows it as a problem and
    marks the totals named in ``marks`` (only those: the one that disagrees, not the two that
    agree); None is neither good nor bad news. ``notes`` are short texts shown beside a total,
    by its key (e.g. its 差额 from the others)."""
    key: str
    text: str
    ok: bool | None = None
    marks: tuple[str, ...] = ()
    notes: tuple[tuple[str, str], ...] = ()
    # Short bars drawn beside the line: (name, value, out of), e.g. a score against its weight.
    bars: tuple[tuple[str, Decimal, Decimal], ...] = ()


# -- what a reviewer's summary lists ---------------------------------------------------------------

FIGURE_SCORE = "score"   # a decimal, two places
FIGURE_RATE = "rate"     # a fraction, shown as a percentage
FIGURE_TEXT = "text"


# -- forms that must agree with another ---------------------------------------------------------

class Agrees(Record):
    """This form's ``amount`` must equal the ``other`` amount of the form of ``family`` it is
    made from, when a reviewer holds both: the one that ``match``es it (equal values at each pair
    of a path here and a role of the family there; of several, the last modified). ``message``
    says so, with ``{here}``, ``{there}`` (amounts as printed) and ``{file}`` (the other file)."""
    family: str                                # key of the family of the other form
    match: tuple[tuple[str, str], ...]         # (path here, role there)
    amount: str                                # path here
    other: str                                 # role there
    message: str


# -- forms that add up into others -------------------------------------------------------------

class RollUp(Record):
    """This form's amount adds up into another form's: a reviewer holding a form of ``into``
    and forms of this kind that ``match`` it (equal values at each pair of paths, here and
    there: who files it and for which year) is warned when this ``amount`` over all of them
    exceeds the other's ``limit``. ``message`` says so, with ``{count}``, ``{total}``,
    ``{limit}`` (amounts as printed) and ``{unit}`` (the other form's first match value)."""
    into: str                                  # format id of the form it adds up into
    match: tuple[tuple[str, str], ...]         # (path here, path there)
    amount: str                                # path here (a total left empty counts as computed)
    limit: str                                 # path there
    message: str


# -- families of forms -------------------------------------------------------------------------

class Family(Record):
    """Forms that are one kind of form to a reviewer: a form and its editions (a regional layout
    of the same form). Every member maps each role in ``shares`` to a path of its own
    (``FormSpec.shared``); the engine reads a member through these roles wherever it treats the
    family as one: the summary's one ``key_amount`` column, who files it (``unit``), the
    cross-form check (``rolls_up``, whose ``match`` and ``amount`` name roles here), next year.
    The roles a self-evaluation starts from are declared here too (``year``, the 年度 goal and
    targets), so it can start from any member."""
    key: str                      # names the family (a format id without its version, say)
    short_title: str              # how a list of drafts names any member
    shares: tuple[str, ...]       # the roles every member maps to a path
    key_amount: str = ""          # the role of the amount a reviewer sees in a list
    unit: tuple[str, ...] = ()    # roles naming who files one (of several files, the last counts)
    rolls_up: tuple[RollUp, ...] = ()


# -- the whole form ----------------------------------------------------------------------------

class Rules(Record):
    """The form's rules: ``declared`` ones (``core.ruleset``), and its own, written against its
    declaration's keys. Each function takes the form and its totals and returns problems
    (``core.checks.Problem``); ``values`` may also give None after each row it looked at, where
    a window's check of a long table may pause; ``status`` gives the lines shown beside the
    totals on screen."""
    totals: Callable = lambda form, totals: []   # after the amounts are checked
    values: Callable = lambda form, totals: []   # after the required fields
    status: Callable = lambda form, totals: []
    # What the form computes, by path or key, as shown: in place of an empty value at that path
    # (a suggested 得分), or in a printed ``Cell`` that names the key. With ``row`` (a table's
    # key and a row index), only that row's, worked out from that row alone, as the window shows
    # them as it paints the row (there a text starting with ✗ marks an empty cell the row needs).
    derived: Callable = lambda form, row=None: {}
    # What a reviewer's summary gives of a form beyond its key amounts, by the key of a figure
    # the form declares (``FormSpec.figures``): a Decimal, or text.
    figures: Callable = lambda form: {}
    # What ``check`` reports the form's rules worked out, (path, text) each: a self-evaluation's
    # suggested 得分, 执行率, 总分 and 等级 (severity ``info`` in ``--json``).
    report: Callable = lambda form: []
    # Rules said as data (``core.ruleset``: sums, ratios, pairs, required-if, weights, bands), run
    # before the functions above of their stage; an edition inherits them with its base's paths.
    declared: tuple = ()
    # The keys of the lines ``status`` writes: what a page may place (``Grid``).
    lines: tuple[str, ...] = ()


class FormSpec(Record):
    format_id: str
    title: str
    short_title: str              # how a list of drafts names the kind of form
    members: tuple[Member, ...]   # in interchange (JSON) order
    totals: tuple[Total, ...]
    print_layout: PrintLayout
    pages: tuple[Page, ...]
    rules: Rules
    sample: str                   # the sample form, under resources/samples/
    schema_file: str              # its JSON Schema, under resources/spec/
    class_name: str = "Form"
    unit: tuple[str, ...] = ()    # paths naming who files the form (for lists of drafts)
    key_amounts: tuple[str, ...] = ()  # paths or total keys a reviewer sees in a list
    rolls_up: tuple[RollUp, ...] = ()  # amounts of this form that add up into another form's
    agrees: tuple[Agrees, ...] = ()  # amounts of this form that must equal another form's
    # Figures the rules work out that a reviewer's summary lists (``Rules.figures``): (key,
    # label, FIGURE_SCORE / FIGURE_RATE / FIGURE_TEXT).
    figures: tuple[tuple[str, str, str], ...] = ()
    # The family this form is a member of, and the path it gives each of the family's roles.
    family: Family | None = None
    shared: tuple[tuple[str, str], ...] = ()
    edition_of: str = ""          # the format id of the form this one is an edition of

    def __hash__(self) -> int:
        # A declaration is the key of the caches a file read goes through; its own hash would
        # walk its two hundred records once per process. Equal declarations share a format id.
        return hash(self.format_id)

    # -- its family ------------------------------------------------------------------------

    @cached_property
    def kin(self) -> Family:
        """The family this form is treated as one with: its declared one, or a family of its
        own (roles are then its own paths)."""
        if self.family is not None:
            return self.family
        return Family(self.format_id, self.short_title, (), unit=self.unit, rolls_up=self.rolls_up)

    def path_of(self, role: str) -> str:
        """This form's path for a role of its family (a form of its own family: the path)."""
        return self._roles.get(role, role)

    @cached_property
    def _roles(self) -> dict[str, str]:
        return dict(self.shared)

    # -- lookups ---------------------------------------------------------------------------

    def member(self, key: str) -> Member:
        for m in self.members:
            if m.key == key:
                return m
        raise KeyError(key)

    @property
    def fields(self) -> tuple[Field, ...]:
        return tuple(m for m in self.members if isinstance(m, Field))

    @property
    def groups(self) -> tuple[Group, ...]:
        return tuple(m for m in self.members if isinstance(m, Group))

    @property
    def tables(self) -> tuple[Table, ...]:
        return tuple(m for m in self.members if isinstance(m, Table))

    def scalar_paths(self):
        """(path, Field) of every value outside the row tables, in interchange order."""
        for m in self.members:
            if isinstance(m, Field):
                yield m.key, m
            elif isinstance(m, Group):
                for f in m.fields:
                    yield f"{m.key}.{f.key}", f

    def field_at(self, path: str) -> Field | None:
        """The declaration of the value at ``path`` (``group.field``, ``table[2].column``;
        ``table.column`` for a column), or None."""
        from .fieldpath import parse

        try:
            p = parse(path)
        except ValueError:
            return None
        try:
            m = self.member(p.member)
        except KeyError:
            return None
        if isinstance(m, Field):
            return m if p.key is None and p.row is None else None
        if isinstance(m, Group):
            return next((f for f in m.fields if f.key == p.key), None) if p.row is None else None
        return next((c for c in m.columns if c.key == p.key), None)

    def total(self, key: str) -> Total:
        return next(t for t in self.totals if t.key == key)

    def total_at(self, path: str) -> Total | None:
        """The total a problem's path names (``Total.path``), or None."""
        return self._totals_by_path.get(path)

    @cached_property
    def _totals_by_path(self) -> dict:
        return {t.path: t for t in self.totals}
