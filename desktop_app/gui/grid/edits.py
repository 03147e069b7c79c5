"""What the grid's commands do to the form: paste a block, clear cells, add, remove and move
rows, move a tree's rows to another slot. Each is one undo step (``FormDocument.batch``) and
goes through the model's questions (``row_of``, ``siblings``, ``insert_position``…), so the
same code serves a flat table and an indicator tree."""

from __future__ import annotations

from ...core import spec as S
from ...core.fieldpath import format_path
from ...core.record import Record
from .cells import shown, value_from_text
from .paste import PasteRefused, cut_notice, fit_block  # noqa: F401  (PasteRefused: raised from here)


class Pasted(Record):
    rows: list[int]         # the table rows written, in block order
    first_column: int
    columns: int
    notice: str             # what was cut to a limit, or ""


def paste(model, anchor, block: list[list[str]]) -> Pasted:
    """Writes ``block`` from the cell ``anchor``, adding rows as needed; PasteRefused if it
    cannot go there. In a tree, a block pasted on a leaf fills the leaves of its slot from
    there and adds the rest at the end of that slot; on a slot's heading it adds them all."""
    doc, table = model.doc, model.table
    row = model.row_of(anchor) if anchor.isValid() else None
    if model.is_tree:
        slot = model.slot_rows(anchor) if anchor.isValid() else None
        if slot is None:
            level2 = table.column(table.tree.level_keys[1]).label
            raise PasteRefused(f"请先选中一个{level2}或其下的一行，再粘贴")
        targets = slot[slot.index(row):] if row is not None else []
        first_column = anchor.column() if row is not None else 0
    else:
        count = model.rowCount()
        start = row if row is not None else count
        targets = list(range(start, count))
        first_column = anchor.column() if row is not None else 0
    fitted = fit_block(block, model.columns, first_column)
    _room_for(model, len(fitted.rows) - len(targets), "粘贴")
    written = []
    with doc.batch("粘贴"):
        for cells, target in zip(fitted.rows, targets):
            _write(model, target, first_column, cells)
            written.append(target)
        extra = fitted.rows[len(targets):]
        if extra:
            position, item = model.append_position(anchor)
            for offset, cells in enumerate(extra):
                doc.insert_row(table.key, position + offset, item)
                _write(model, position + offset, first_column, cells)
                written.append(position + offset)
    return Pasted(written, first_column, len(fitted.rows[0]), fitted.notice)


def fill(model, indexes, text: str) -> str:
    """One pasted value into every selected cell (Excel's paste of one cell on a range)."""
    cells = [i for i in indexes if model.row_of(i) is not None]
    cut = {}
    with model.doc.batch("粘贴"):
        for index in cells:
            field = model.field(index)
            fitted = fit_block([[text]], (field,), 0)
            if fitted.notice:
                cut[field.label] = field.limit
            model.doc.set_value(model.path(index), value_from_text(field, fitted.rows[0][0]))
    return cut_notice(cut)


def _write(model, row: int, first_column: int, cells: list[str]) -> None:
    for offset, text in enumerate(cells):
        field = model.columns[first_column + offset]
        model.doc.set_value(format_path(model.table.key, row, field.key), value_from_text(field, text))


def clear(model, indexes) -> None:
    with model.doc.batch("清除内容"):
        for index in indexes:
            if model.row_of(index) is not None:
                model.doc.set_value(model.path(index), value_from_text(model.field(index), ""))


def copied(model, indexes) -> list[list[str]]:
    """The selected cells of table rows as a rectangle of text, in the order shown (cells in
    the rectangle that are not selected are empty, as are headings of a tree)."""
    cells = [i for i in indexes if model.row_of(i) is not None]
    if not cells:
        return []
    order = {row: n for n, row in enumerate(model.rows_in_order())}
    rows = sorted({model.row_of(i) for i in cells}, key=order.__getitem__)
    columns = sorted({i.column() for i in cells})
    values = {(model.row_of(i), i.column()): shown(model.field(i), model.doc.form.get(model.path(i))) for i in cells}
    return [[values.get((r, c), "") for c in range(columns[0], columns[-1] + 1)] for r in rows]


def _room_for(model, added: int, doing: str) -> None:
    """PasteRefused if ``added`` more rows would take the table past what a draft can hold (the
    limit the draft file, JSON and the schema share: a save would be refused)."""
    count = len(model.doc.form.rows(model.table.key))
    if added > 0 and count + added > S.MAX_ROWS:
        raise PasteRefused(f"{model.doc.label(model.table.key)}最多 {S.MAX_ROWS:,} 行，"
                           f"{doing}后将有 {count + added:,} 行，没有{doing}")


def insert_row(model, at) -> int | None:
    """A new row where the current cell says (after its row, in its slot); its index.
    PasteRefused when the table is full."""
    _room_for(model, 1, "添加")
    position = model.insert_position(at)
    if position is None:
        return None
    row, item = position
    model.doc.insert_row(model.table.key, row, item)
    return row


def remove_rows(model, rows: list[int]) -> None:
    with model.doc.batch(f"删除{model.doc.label(model.table.key)}"):
        for row in sorted(set(rows), reverse=True):
            model.doc.remove_row(model.table.key, row)


def move_rows(model, rows: list[int], step: int) -> list[int] | None:
    """Moves ``rows`` one place up (-1) or down (+1) among their siblings (a tree's rows stay
    in their slot); the rows' new indices, or None when they are already at the edge."""
    chosen = set(rows)
    order = list(range(len(model.doc.form.rows(model.table.key))))
    moved_any = False
    groups = {tuple(model.siblings(r)) for r in chosen}
    for siblings in groups:
        sequence = list(siblings)
        picked = [k for k, r in enumerate(sequence) if r in chosen]
        if step < 0 and picked and picked[0] == 0 or step > 0 and picked and picked[-1] == len(sequence) - 1:
            return None  # the selection moves as one: not past the edge
        for k in (picked if step < 0 else reversed(picked)):
            sequence[k], sequence[k + step] = sequence[k + step], sequence[k]
            moved_any = True
        for position, row in zip(siblings, sequence):
            order[position] = row
    if not moved_any:
        return None
    model.doc.reorder_rows(model.table.key, order)
    return sorted(order.index(r) for r in chosen)


def move_to_slot(model, rows: list[int], slot: tuple[str, str]) -> list[int]:
    """A tree's ``rows`` under another slot (1st, 2nd level), placed after that slot's rows in
    the list so it stays in print order; the rows' new indices."""
    doc, table = model.doc, model.table
    chosen = sorted(set(rows))
    target = model.move_target(slot)  # asked before anything changes
    count = len(doc.form.rows(table.key))
    with doc.batch(f"移动{doc.label(table.key)}"):
        for row in chosen:
            for key, name in zip(table.tree.level_keys, slot):
                doc.set_value(format_path(table.key, row, key), name)
        rest = [r for r in range(count) if r not in chosen]
        order = [r for r in rest if r < target] + chosen + [r for r in rest if r >= target]
        doc.reorder_rows(table.key, order)
    return [order.index(r) for r in chosen]
