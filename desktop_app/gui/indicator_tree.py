"""An indicator table as a tree: the fixed two upper levels of its declaration, the rows the
clerk writes (the third level) below.

The form keeps the rows as one flat list; ``indicator_groups()`` (core) says where each row
sits in the fixed tree, so this model only mirrors that grouping.
"""

from __future__ import annotations

from bisect import bisect_left
from operator import itemgetter

from PySide6.QtCore import QAbstractItemModel, QModelIndex, Qt
from PySide6.QtGui import QFont

from ..core import spec as S
from ..core.fieldpath import format_path, parse
from ..core.record import Record, field
from .document import FormDocument
from .grid.cells import cell_data, value_from_text

LEVEL1, LEVEL2, LEAF = "level1", "level2", "leaf"
# Worked out once: Qt asks the flags of every row it lays out (twice a row, 20,000 rows when a
# large tree opens), and or-ing Qt's flags in Python costs more than the rest of the answer. A
# row the clerk writes never has rows below it: Qt need not ask (``rowCount``) to know.
_HEADING_FLAGS = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
_ROW_FLAGS = _HEADING_FLAGS | Qt.ItemFlag.ItemNeverHasChildren
_EDITABLE_ROW_FLAGS = _ROW_FLAGS | Qt.ItemFlag.ItemIsEditable


class _Node(Record, frozen=False):
    kind: str
    parent: int  # node id, -1 for a first-level node
    row: int
    level1: str
    level2: str = ""
    indicator: int = -1  # index in the table's rows, for a row the clerk writes
    children: list[int] | range = field(factory=list)  # a second level's rows: a range of ids


class IndicatorTreeModel(QAbstractItemModel):
    is_tree = True

    def __init__(self, doc: FormDocument, table: S.Table, parent=None):
        super().__init__(parent)
        self.doc = doc
        self.table = table
        # Tree column -> the row's key edited there (column 0 shows the level names, then the rows' names).
        self.columns = table.value_columns
        self.keys = [c.key for c in self.columns]
        self._width = len(self.keys)
        self.read_only = False
        self._nodes: list[_Node | None] = []
        self._roots: list[int] = []
        self._leaf_of: dict[int, int] = {}
        # The rows of a second level, (index, row) each, by its node, until their nodes are made:
        # when Qt first asks for one (as the level opens), or when anything needs every row.
        self._unmade: dict[int, list] = {}
        # What the form's rules work out for each row (``Rules.derived``), by row index, as rows
        # are painted; a row's entry is dropped when one of its values changes.
        self._derived: dict[int, dict[str, str]] = {}
        self._build()
        doc.rowsChanged.connect(self._rows_changed)
        doc.formReplaced.connect(self._reset)
        doc.valueChanged.connect(self._value_changed)

    def _build(self) -> None:
        """The headings now; a node for each row as it is needed (``_make``). The ids are given
        now, in the order shown: the rows of a second level follow it."""
        self._nodes, self._roots, self._leaf_of, self._unmade = [], [], {}, {}
        for r1, (level1, slots) in enumerate(self.doc.form.indicator_groups(self.table.key)):
            n1 = self._add(_Node(LEVEL1, -1, r1, level1))
            self._roots.append(n1)
            for r2, (wording, rows) in enumerate(slots):
                n2 = self._add(_Node(LEVEL2, n1, r2, level1, wording, children=range(0)))
                self._nodes[n1].children.append(n2)
                if rows:
                    self._nodes[n2].children = range(n2 + 1, n2 + 1 + len(rows))
                    self._nodes.extend([None] * len(rows))
                    self._unmade[n2] = rows

    def _make(self, slot: int) -> None:
        """The nodes of the rows of the second level ``slot`` (some 2,000 of 20,000 rows)."""
        rows = self._unmade.pop(slot, None)
        if rows is None:
            return
        heading, nodes, leaf_of = self._nodes[slot], self._nodes, self._leaf_of
        level1, wording = heading.level1, heading.level2
        for r3, (leaf, (index, _)) in enumerate(zip(heading.children, rows)):
            nodes[leaf] = _Node(LEAF, slot, r3, level1, wording, index)
            leaf_of[index] = leaf

    def _leaf(self, indicator: int) -> int | None:
        """The node of row ``indicator`` (made with its level's if need be), None if not shown."""
        leaf = self._leaf_of.get(indicator)
        if leaf is None and self._unmade:
            for slot, rows in self._unmade.items():  # each level's rows in the table's order
                at = bisect_left(rows, indicator, key=itemgetter(0))
                if at < len(rows) and rows[at][0] == indicator:
                    self._make(slot)
                    return self._leaf_of[indicator]
        return leaf

    def _make_all(self) -> None:
        """Every row's node, for what looks at every row or finds one by its index."""
        while self._unmade:
            self._make(next(iter(self._unmade)))

    def _add(self, node: _Node) -> int:
        self._nodes.append(node)
        return len(self._nodes) - 1

    def _reset(self) -> None:
        self.beginResetModel()
        self._derived.clear()
        self._build()
        self.endResetModel()

    def _rows_changed(self, rows: str) -> None:
        if rows == self.table.key:
            self._reset()

    def _value_changed(self, path: str) -> None:
        if not path.startswith(self.table.key + "["):
            return
        p = parse(path)
        if p.key in self.table.tree.level_keys:
            # A row's 一级/二级 place it in the tree: changed without any row moving in the list
            # (moved to an empty heading next to its own), the tree must still be built anew.
            if not self._placed_as_held(p.row):
                self._reset()
            return
        index = self.index_for_path(path)
        if index.isValid():
            # What the rules work out for the row may have changed with it (its 得分).
            had = self._derived.pop(self.node(index).indicator, None)
            if had is not None and not had and not self.derived(self.node(index).indicator):
                self.dataChanged.emit(index, index)
            else:
                self.dataChanged.emit(index.siblingAtColumn(0), index.siblingAtColumn(len(self.keys) - 1))

    def _placed_as_held(self, indicator: int) -> bool:
        """Whether the tree shows row ``indicator`` under the headings the form gives it."""
        rows = self.doc.form.rows(self.table.key)
        if not 0 <= indicator < len(rows):
            return False
        k1, k2 = self.table.tree.level_keys
        level1, level2 = getattr(rows[indicator], k1), getattr(rows[indicator], k2)
        leaf = self._leaf(indicator)
        if leaf is None:
            return self.table.tree.find(level1, level2) is None  # outside the tree, and not shown
        return (self._nodes[leaf].level1, self._nodes[leaf].level2) == (level1, level2)

    def derived(self, row: int) -> dict[str, str]:
        found = self._derived.get(row)
        if found is None:
            form = self.doc.form
            found = self._derived[row] = form.spec.rules.derived(form, (self.table.key, row))
        return found

    # -- Qt model -----------------------------------------------------------------------

    def node(self, index: QModelIndex) -> _Node | None:
        return self._nodes[index.internalId()] if index.isValid() else None

    def index(self, row, column, parent=QModelIndex()):
        # (Asked twice for every row of a level as it opens: kept short.)
        if parent.isValid():
            above = parent.internalId()
            if above in self._unmade:
                self._make(above)
            children = self._nodes[above].children
        else:
            children = self._roots
        if 0 <= row < len(children) and 0 <= column < self._width:
            return self.createIndex(row, column, children[row])
        return QModelIndex()

    def parent(self, index):
        if not index.isValid():
            return QModelIndex()
        node = self._nodes[index.internalId()]
        if node.parent < 0:
            return QModelIndex()
        return self.createIndex(self._nodes[node.parent].row, 0, node.parent)

    def rowCount(self, parent=QModelIndex()) -> int:
        if not parent.isValid():
            return len(self._roots)
        if parent.column() != 0:
            return 0
        return len(self._nodes[parent.internalId()].children)

    def columnCount(self, parent=QModelIndex()) -> int:
        return len(self.keys)

    def headerData(self, section, orientation, role=Qt.ItemDataRole.DisplayRole):
        if orientation == Qt.Orientation.Horizontal and role == Qt.ItemDataRole.DisplayRole:
            if section == 0:
                levels = [self.table.column(k).label for k in self.table.tree.level_keys]
                return " / ".join([*levels, self.columns[0].label])
            return self.columns[section].label
        return None

    def flags(self, index):
        if not index.isValid() or self._nodes[index.internalId()].kind != LEAF:
            return _HEADING_FLAGS
        return _ROW_FLAGS if self.read_only else _EDITABLE_ROW_FLAGS

    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        node = self.node(index)
        if node is None:
            return None
        if node.kind != LEAF:
            if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole) and index.column() == 0:
                return node.level1 if node.kind == LEVEL1 else node.level2
            if role == Qt.ItemDataRole.FontRole:
                font = QFont()
                font.setBold(node.kind == LEVEL1)
                return font
            return None
        row = self.doc.form.rows(self.table.key)[node.indicator]
        column = self.columns[index.column()]
        derived = self.derived(node.indicator).get(format_path(self.table.key, node.indicator, column.key), "")
        return cell_data(column, getattr(row, column.key), role,
                         self.doc.label(self.path(index)) if role == Qt.ItemDataRole.AccessibleTextRole else "",
                         derived)

    def setData(self, index, value, role=Qt.ItemDataRole.EditRole):
        node = self.node(index)
        if role != Qt.ItemDataRole.EditRole or node is None or node.kind != LEAF or self.read_only:
            return False
        text = "" if value is None else str(value)
        self.doc.set_value(self.path(index), value_from_text(self.field(index), text))
        return True

    def field(self, index) -> S.Field:
        return self.columns[index.column()]

    # -- paths and structure --------------------------------------------------------------

    def path(self, index: QModelIndex) -> str:
        node = self.node(index)
        return format_path(self.table.key, node.indicator, self.keys[index.column()])

    def index_for_indicator(self, indicator: int, column: int = 0) -> QModelIndex:
        leaf = self._leaf(indicator)
        if leaf is None:
            return QModelIndex()
        return self.createIndex(self._nodes[leaf].row, column, leaf)

    def index_for_path(self, path: str) -> QModelIndex:
        p = parse(path)
        if p.row is None:
            return QModelIndex()
        col = self.keys.index(p.key) if p.key in self.keys else 0
        return self.index_for_indicator(p.row, col)

    def slot_of(self, index: QModelIndex) -> tuple[str, str] | None:
        """(level 1, level 2 wording) that a selection points into; a level 1 points to its first slot."""
        node = self.node(index)
        if node is None:
            return None
        if node.kind == LEVEL1:
            first = self._nodes[node.children[0]]
            return first.level1, first.level2
        return node.level1, node.level2

    def insert_position(self, index: QModelIndex):
        """Where a new row goes for the current selection, and the new row itself."""
        slot = self.slot_of(index)
        if slot is None:
            return None
        self._make_all()
        node = self.node(index)
        new = self.doc.form.model.row(self.table.key, **dict(zip(self.table.tree.level_keys, slot)))
        if node.kind == LEAF:
            return node.indicator + 1, new
        slot_node = self._nodes[node.children[0]] if node.kind == LEVEL1 else node
        if slot_node.children:
            return self._nodes[slot_node.children[-1]].indicator + 1, new
        # An empty slot: before the first indicator of any later slot, keeping print order.
        later = [n.indicator for n in self._nodes
                 if n.kind == LEAF and self._slot_order(n) > self._slot_order(slot_node)]
        return (min(later) if later else len(self.doc.form.rows(self.table.key))), new

    def _slot_order(self, node: _Node) -> tuple[int, int]:
        slot = self._nodes[node.parent] if node.kind == LEAF else node
        return self._nodes[slot.parent].row, slot.row

    def sibling_indicator(self, index: QModelIndex, step: int) -> int | None:
        """The flat index of the row ``step`` rows above/below in the same slot."""
        node = self.node(index)
        if node is None or node.kind != LEAF:
            return None
        siblings = self._nodes[node.parent].children
        row = node.row + step
        if 0 <= row < len(siblings):
            return self._nodes[siblings[row]].indicator
        return None

    def leaf_indicator(self, index: QModelIndex) -> int | None:
        node = self.node(index)
        return node.indicator if node is not None and node.kind == LEAF else None

    # -- the grid's questions -----------------------------------------------------------

    def row_of(self, index: QModelIndex) -> int | None:
        """The table row a cell shows, None for a heading."""
        return self.leaf_indicator(index)

    def index_for_row(self, row: int, column: int = 0) -> QModelIndex:
        return self.index_for_indicator(row, column)

    def kind_of(self, index: QModelIndex) -> str | None:
        node = self.node(index)
        return node.kind if node is not None else None

    def rows_in_order(self) -> list[int]:
        """The table rows as the tree shows them (print order), whatever their order in the list."""
        self._make_all()
        return [n.indicator for n in self._nodes if n.kind == LEAF]

    def order_key(self, index: QModelIndex) -> int:
        """Where a cell's row comes in the order shown (nodes are built in that order)."""
        return index.internalId()

    def next_row(self, index: QModelIndex, step: int) -> int | None:
        """The table row ``step`` (±1) from ``index`` in the order shown, skipping headings;
        None past the edge."""
        here = index.internalId() if index.isValid() else (-1 if step > 0 else len(self._nodes))
        ids = range(here + 1, len(self._nodes)) if step > 0 else range(here - 1, -1, -1)
        for i in ids:
            if self._nodes[i] is None:  # a row whose node is not made yet (the window's first cell)
                self._make(next(slot for slot, rows in self._unmade.items() if i in self._nodes[slot].children))
            if self._nodes[i].kind == LEAF:
                return self._nodes[i].indicator
        return None

    def headings(self):
        """(row, parent index) of every heading, for the view to span them across the columns."""
        for r1, n1 in enumerate(self._roots):
            yield r1, QModelIndex()
            parent = self.createIndex(r1, 0, n1)
            for r2 in range(len(self._nodes[n1].children)):
                yield r2, parent

    def siblings(self, row: int) -> list[int]:
        """The rows ``row`` moves among: those of its slot, in the order shown."""
        leaf = self._leaf(row)
        if leaf is None:
            return []
        return [self._nodes[c].indicator for c in self._nodes[self._nodes[leaf].parent].children]

    def slot_rows(self, index: QModelIndex) -> list[int] | None:
        """The rows of the slot a leaf or a 2nd-level heading is in; None for a 1st-level heading."""
        node = self.node(index)
        if node is None or node.kind == LEVEL1:
            return None
        slot = node if node.kind == LEVEL2 else self._nodes[node.parent]
        self._make(index.internalId() if node.kind == LEVEL2 else node.parent)
        return [self._nodes[c].indicator for c in slot.children]

    def append_position(self, index: QModelIndex):
        """Where rows pasted beyond the last of a slot go: at the end of that slot."""
        node = self.node(index)
        if node is None or node.kind == LEVEL1:
            return None
        slot_id = index.internalId() if node.kind == LEVEL2 else node.parent
        return self.insert_position(self.createIndex(self._nodes[slot_id].row, 0, slot_id))

    def slots(self) -> list[tuple[str, str]]:
        """Every slot a row can be moved to: (1st level, 2nd level), in print order."""
        return self.table.tree.slots()

    def move_target(self, slot: tuple[str, str]) -> int:
        """Where rows moved into ``slot`` go in the flat list: after its rows, or where its
        first row would be inserted, so the list stays in print order."""
        self._make_all()
        for node_id, n in enumerate(self._nodes):
            if n.kind == LEVEL2 and (n.level1, self.table.tree.find(n.level1, n.level2).name) == slot:
                return self.insert_position(self.createIndex(n.row, 0, node_id))[0]
        return len(self.doc.form.rows(self.table.key))
