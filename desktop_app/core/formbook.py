"""A form read back from the workbook ``printing.sheet`` wrote, after a clerk (or a colleague
without the program) filled it in with Excel, WPS or LibreOffice: ``read_form_xlsx(path)``.

The sheet is read by what it says, not by row numbers: each section is found by its label in
column A, a section of fixed rows matches its rows by their fixed texts (the labels beside the
values), a row table takes every row under its heading up to the next section, an indicator row
takes its upper levels from the merged cells over it (or the nearest ones above it, for a row a
clerk added under a group). So rows inserted or deleted inside a table, edited texts and a renamed sheet are
what the clerk meant. Amounts are read as the window reads them (``3,738.11``, full-width digits,
a number cell); texts as typed. Anything the reader cannot place — a value outside the form's
cells, a formula, a level the indicator tree does not have, an amount that is not a number, a text over
its limit — refuses the whole workbook with the cell's address (``C14``): nothing is half
imported. A workbook that is not one of the program's is refused in one line.

The program's own workbook, untouched, reads back as the identical form (its rows in printed
order; an entirely empty row, which prints as nothing, is not kept; the reviewer's comments are
not part of the printed copy and are not in the workbook).
"""

from __future__ import annotations

import warnings
import zipfile
from decimal import Decimal, InvalidOperation
from io import BytesIO
from pathlib import Path

from . import registry, spec as S
from .amounts import AmountError, parse_amount
from .errors import FormError
from .fileerrors import quoted, read_input
from .formcells import MAX_DIGITS, UNPRINTED, format_in, is_computed
from .kinds import DecimalKind, KindError
from .lookup import field_of, table_of
from .model import FormBase
from .record import Record
from .lazyre import lazy

MAX_XLSX_BYTES = 20 * 1024 * 1024       # a filled-in form is tens of kilobytes
MAX_UNPACKED_BYTES = 100 * 1024 * 1024  # what its parts may expand to (a zip bomb stops here)
MAX_COLUMNS = 64                        # far wider than any form's grid
MAX_MERGED_CELLS = 2_000_000            # the cells merged ranges may cover (a form of 20,000 rows: 300,000)
_BLANKS = lazy(r"[\s\u3000]+")
_MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_YEAR_SUBTITLE = lazy(r"^[（(]\s*(.*?)\s*年度?[）)]$")
_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def _norm(value) -> str:
    """A fixed text as compared: without blanks and the colon after a label."""
    return _BLANKS.sub("", str(value)).rstrip("：:") if value is not None else ""


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


class _Cell(Record):
    """What the reader needs of one cell the file holds."""
    coordinate: str
    value: object
    data_type: str          # "s" text, "n" number, "d" date, "b" true/false, "f" formula, "e" error
    number_format: str
    raw: str | None = None  # a number as the file spells it


class _Sheet:
    """One worksheet, read once: values by (row, column), 1-based; a merged range's value is
    its top-left cell's, and the other cells of the range are *covered*."""

    def __init__(self, cells: dict[tuple[int, int], _Cell], merges: list[str]):
        from openpyxl.utils import get_column_letter
        from openpyxl.utils.cell import range_boundaries

        self.letter = get_column_letter
        self.cells = cells
        self.max_row = max([r for r, _ in self.cells] + [0])
        self.owner = {}  # (row, col) of a covered cell -> (row, col) of its range's top-left
        self.ranges = {}  # top-left -> (last row, last col)
        for ref in merges:
            min_col, min_row, max_col, max_row = range_boundaries(ref)
            top = (min_row, min_col)
            self.ranges[top] = (max_row, max_col)
            # Only where the form can be: a range beyond it covers nothing the reader looks at.
            for r in range(min_row, min(max_row, self.max_row + 1) + 1):
                for c in range(min_col, min(max_col, MAX_COLUMNS) + 1):
                    if (r, c) != top:
                        self.owner[(r, c)] = top
        self.used: set[tuple[int, int]] = set()  # every cell whose value was read or recognised

    def rows_used(self, columns: int) -> set[int]:
        """Rows where a cell of the first ``columns`` columns holds something or a merged range
        begins."""
        return {r for (r, c) in [*self.cells, *self.ranges] if c <= columns}

    def below(self, top: int, columns: int):
        """((row, col), cell) of the cells holding something from row ``top`` down, within the
        first ``columns`` columns, in reading order."""
        return sorted(((key, cell) for key, cell in self.cells.items() if key[0] >= top and key[1] <= columns),
                      key=lambda item: item[0])

    def address(self, row: int, col: int) -> str:
        return f"{self.letter(col)}{row}"

    def top_left(self, row: int, col: int) -> tuple[int, int]:
        return self.owner.get((row, col), (row, col))

    def cell(self, row: int, col: int):
        return self.cells.get(self.top_left(row, col))

    def value(self, row: int, col: int):
        cell = self.cell(row, col)
        return None if cell is None else cell.value

    def take(self, row: int, col: int):
        """The cell at (row, col) (its range's), marked as read."""
        self.used.add(self.top_left(row, col))
        return self.cell(row, col)

    def covered_row(self, row: int, columns: int) -> bool:
        """A row all of whose grid cells (B onwards) belong to merged ranges that begin above
        it: the rest of a tall row, or a row the clerk inserted inside one."""
        return all(self.top_left(row, c)[0] < row for c in range(2, columns + 1))

    def blank_row(self, row: int, columns, first: int = 2) -> bool:
        return all(_blank(self.value(row, c)) for c in range(first, columns + 1)
                   if self.top_left(row, c)[0] == row)

    def end_of(self, row: int, col: int) -> int:
        """The last column of the range that holds (row, col)."""
        return self.ranges.get(self.top_left(row, col), (row, col))[1]


# -- opening -----------------------------------------------------------------------------------

def read_form_xlsx(path: str | Path) -> FormBase:
    """The form in the workbook at ``path``; ``FormError`` (one line) when it cannot be used."""
    path = Path(path)
    data = read_input(path, MAX_XLSX_BYTES, "过大，不是本程序导出的表单工作簿")
    return read_form_bytes(data, quoted(path.name, 80))


def read_form_bytes(data: bytes, name: str = "工作簿") -> FormBase:
    keywords, sheets = _open(data, name)
    registered = registry.forms()
    MODELS, model_for = registered.MODELS, registered.model_for
    model = model_for(format_in(keywords))
    found = None
    if model is not None:
        found = next((cells for cells in sheets.values() if _holds_title(cells, model.spec.title)), None)
        if found is None and len(sheets) == 1:
            found = next(iter(sheets.values()))
    else:  # keywords lost on the way (some programs drop them): the title says which form
        for cells in sheets.values():
            kinds = [m for m in MODELS.values() if _holds_title(cells, m.spec.title)]
            if len(kinds) == 1:
                model, found = kinds[0], cells
                break
    if model is None or found is None:
        raise FormError(f"{name} 不是本程序导出的表单工作簿（找不到表单的标题），无法导入")
    return _Reader(model, _Sheet(*found)).read()


def _holds_title(sheet, title: str) -> bool:
    want = _norm(title)
    return any(_norm(cell.value) == want for (row, _), cell in sheet[0].items()
               if row <= 4 and isinstance(cell.value, str))


def _open(data: bytes, name: str):
    """The workbook's keywords, and each worksheet's cells and merged ranges by its name.

    Read with openpyxl's own parts, not ``load_workbook``: that builds an object for every
    cell of every merged range and dresses it, which took most of the time of a long form.
    Numbers keep the decimal text the file holds (openpyxl reads ``3738.10`` as ``3738.1``)."""
    if not data.startswith(b"PK"):
        raise FormError(f"{name} 不是 Excel 工作簿（.xlsx），无法导入")
    try:
        with warnings.catch_warnings():  # openpyxl warns of what it skips (extensions, odd dates)
            warnings.simplefilter("ignore")
            archive = zipfile.ZipFile(BytesIO(data))
            if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
                raise FormError(f"{name} 解压后过大，不是本程序导出的表单工作簿")
            _merges_bounded(archive, name)
            return _parts(data)
    except FormError:
        raise
    except Exception as err:  # a damaged or foreign zip: whatever openpyxl trips over
        from ..logsetup import log

        log.warning("not a usable workbook (%s): %r", name, err)
        raise FormError(f"{name} 已损坏或不是 Excel 工作簿（.xlsx），无法导入") from None


def _parts(data: bytes):
    from openpyxl.reader.excel import ExcelReader
    from openpyxl.styles.numbers import BUILTIN_FORMATS, BUILTIN_FORMATS_MAX_SIZE
    from openpyxl.styles.stylesheet import apply_stylesheet
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet._reader import VALUE_TAG, WorkSheetParser

    class Parser(WorkSheetParser):
        def parse_cell(self, element):
            cell = super().parse_cell(element)
            if cell["data_type"] == "n" and cell["value"] is not None:
                cell["raw"] = element.findtext(VALUE_TAG)
            return cell

    reader = ExcelReader(BytesIO(data), read_only=False, keep_vba=False, data_only=False, keep_links=False)
    try:
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        reader.read_properties()
        wb = reader.wb
        apply_stylesheet(reader.archive, wb)

        def number_format(style_id: int) -> str:
            try:
                fmt = wb._cell_styles[style_id].numFmtId
                return BUILTIN_FORMATS.get(fmt) or wb._number_formats[fmt - BUILTIN_FORMATS_MAX_SIZE]
            except (IndexError, KeyError, TypeError):
                return "General"

        sheets = {}
        for sheet, rel in reader.parser.find_sheets():
            if rel is None or rel.target not in reader.valid_files or "chartsheet" in (rel.Type or ""):
                continue
            with reader.archive.open(rel.target) as fh:
                parser = Parser(fh, reader.shared_strings, False, wb.epoch, wb._date_formats, wb._timedelta_formats)
                cells = {}
                for _, row in parser.parse():
                    for c in row:
                        if c["value"] is not None:
                            cells[(c["row"], c["column"])] = _Cell(
                                f"{get_column_letter(c['column'])}{c['row']}", c["value"], c["data_type"],
                                number_format(c["style_id"] or 0), c.get("raw"))
                merges = [m.ref for m in parser.merged_cells.mergeCell] if parser.merged_cells else []
            sheets[sheet.name] = (cells, merges)
        return wb.properties.keywords, sheets
    finally:
        reader.archive.close()


def _merges_bounded(archive: zipfile.ZipFile, name: str) -> None:
    """Refuses merged ranges covering more cells than any form has: openpyxl makes an object
    for every cell of a range, and one range may name the whole sheet."""
    from openpyxl.utils.cell import range_boundaries
    from xml.etree.ElementTree import iterparse

    covered = 0
    for part in archive.namelist():
        if not (part.startswith("xl/worksheets/") and part.endswith(".xml")):
            continue
        with archive.open(part) as fh:
            for _, el in iterparse(fh):
                if el.tag == f"{_MAIN}mergeCell":
                    try:
                        c0, r0, c1, r1 = range_boundaries(el.get("ref", ""))
                    except (ValueError, TypeError):
                        raise FormError(f"{name} 已损坏（合并单元格的范围无法读取），无法导入") from None
                    covered += ((c1 or c0) - c0 + 1) * ((r1 or r0) - r0 + 1)
                    if covered > MAX_MERGED_CELLS:
                        raise FormError(f"{name} 中合并的单元格过多，不是本程序导出的表单工作簿")
                el.clear()


# -- reading -----------------------------------------------------------------------------------

class _Reader:
    def __init__(self, model, sheet: _Sheet):
        self.model = model
        self.spec: S.FormSpec = model.spec
        self.layout = model.spec.print_layout
        self.sheet = sheet
        self.columns = len(self.layout.column_widths)
        self.values: dict[str, object] = {}       # path -> value read
        self.rows: dict[str, list[dict]] = {t.key: [] for t in self.spec.tables}
        self.computed: dict[str, object] = {}     # path -> a sum shown where the total was empty

    def read(self) -> FormBase:
        starts = self._sections()
        first = starts[0] if starts else self.sheet.max_row + 1
        signature = self._signature_row(starts[-1] if starts else first)
        bounds = list(zip(starts, starts[1:] + [signature]))
        for placed, (top, bottom) in zip(self.layout.sections, bounds):
            if isinstance(placed.rows, S.TableColumns):
                self._table(placed.rows, top, bottom)
            else:
                self._cell_rows(placed, placed.rows, top, bottom)
        self._header(first)
        self._signature(signature)
        self._nothing_else()
        return self._form()

    # -- where things are ----------------------------------------------------------------------

    def _sections(self) -> list[int]:
        """The row of each section's label in column A, in order."""
        starts, row = [], 1
        for placed in self.layout.sections:
            want = _norm(placed.label)
            while row <= self.sheet.max_row and not (
                    self.sheet.top_left(row, 1) == (row, 1) and _norm(self.sheet.value(row, 1)) == want):
                row += 1
            if row > self.sheet.max_row:
                raise FormError(f"工作表中找不到「{placed.label}」一栏（A 列），无法导入：表格的结构与"
                                f"{self.spec.title}不符")
            self.sheet.take(row, 1)
            starts.append(row)
            row += 1
        return starts

    def _signature_labels(self) -> list[tuple[str, str]]:
        sig = self.layout.signature
        return ([(f"{field_of(self.spec, p).label}：", p) for p in sig.line] + [(f"{sig.head_label}：", sig.head)])

    def _signature_row(self, after: int) -> int:
        first = _BLANKS.sub("", self._signature_labels()[0][0])  # 填报人：
        for (row, col), cell in self.sheet.below(after + 1, self.columns):
            value = cell.value
            if isinstance(value, str) and (_norm(value) == _norm(first) or _BLANKS.sub("", value).startswith(first)):
                # the grid ends at the blank line above the sign-off
                return row - 1 if row - 1 > after and self.sheet.blank_row(row - 1, self.columns, 1) else row
        return self.sheet.max_row + 1

    def _logical_rows(self, top: int, bottom: int) -> list[int]:
        """The rows of a section that begin something: not the rest of a tall row. A row with
        nothing in it at all is not one either (nor does it cost a look: a hostile sheet may
        end a million rows down)."""
        rows = sorted(r for r in self.sheet.rows_used(self.columns) if top <= r < bottom)
        return [r for r in rows if r == top or not self.sheet.covered_row(r, self.columns)]

    # -- the grid ------------------------------------------------------------------------------

    def _cell_rows(self, placed: S.PrintSection, cell_rows: tuple[S.CellRow, ...], top: int, bottom: int) -> None:
        rows = self._logical_rows(top, bottom)
        i = 0
        for expected in cell_rows:
            fixed = [(c.col + 1, _norm(c.text)) for c in expected.cells if not c.field and c.text]
            while True:
                if i >= len(rows):
                    if fixed:
                        raise FormError(f"工作表中「{placed.label}」一栏缺少「{expected.cells[0].text or '…'}」"
                                        f"所在的行，无法导入")
                    break
                row = rows[i]
                if not fixed or all(_norm(self.sheet.value(row, c)) == t for c, t in fixed):
                    break
                if not self.sheet.blank_row(row, self.columns):
                    self._unplaced(row)
                i += 1
            if i >= len(rows):
                continue
            row = rows[i]
            for c in expected.cells:
                if c.field:
                    self._read(c.field, row, c.col + 1)
                else:  # a fixed text, or what the rules compute: nothing to read
                    self.sheet.take(row, c.col + 1)
            i += 1

    def _table(self, columns: S.TableColumns, top: int, bottom: int) -> None:
        table = table_of(self.spec, columns.table)
        rows = self._logical_rows(top, bottom)
        if not rows:
            return
        heading = rows[0]
        for c in range(2, self.columns + 1):
            self.sheet.take(heading, c)  # the column headings (the clerk may reword them)
        # (column of the sheet, field) of the table's columns the paper does not show
        extra: list[tuple[int, S.Field]] = []
        for f in columns.unprinted(table):
            want = _norm(f.label)
            for col in range(self.columns + 1, MAX_COLUMNS + 1):
                text = self.sheet.value(heading, col)
                if isinstance(text, str) and _norm(text.replace(UNPRINTED, "")) == want:
                    self.sheet.take(heading, col)
                    extra.append((col, f))
                    break
        tree = table.tree
        level1_names = {_norm(text): name for name, text in columns.level1_text}  # 产出指标（50分）
        levels: list[str | None] = [None, None]
        owners: list[tuple[int, int] | None] = [None, None]
        for row in rows[1:]:
            item = {}
            if tree is not None:
                # A level holds from its merged cell (or its own) down to the next one that says
                # something: a row added below a group's last row belongs to that group.
                for n, col in enumerate(columns.level_cols):
                    cell = self.sheet.take(row, col + 1)
                    owner = self.sheet.top_left(row, col + 1)
                    if owner != owners[n] and cell is not None and not _blank(cell.value):
                        levels[n] = str(cell.value).strip()
                        if n == 0:
                            levels[0] = level1_names.get(_norm(levels[0]), levels[0])
                            levels[1] = None
                    owners[n] = owner
            if self.sheet.blank_row(row, self.columns, 2) or all(
                    _blank(self.sheet.value(row, col + 1)) for _, col, _, _ in columns.columns):
                continue
            index = len(self.rows[table.key])
            for key, col, _, _ in columns.columns:
                path = f"{table.key}[{index}].{key}"
                item[key] = self._convert(table.column(key), path, row, col + 1)
            for col, f in extra:
                item[f.key] = self._convert(f, f"{table.key}[{index}].{f.key}", row, col)
            if tree is not None:
                k1, k2 = tree.level_keys
                if tree.find(levels[0] or "", levels[1] or "") is None:
                    where = self.sheet.address(row, columns.level_cols[1] + 1)
                    raise FormError(f"单元格 {where}：" + tree.unknown.format(level1=quoted(levels[0] or ""),
                                                                          level2=quoted(levels[1] or "")))
                item[k1], item[k2] = levels
            for column in table.columns:
                item.setdefault(column.key, column.kind.empty)
            self.rows[table.key].append(item)

    # -- around the grid -------------------------------------------------------------------------

    def _header(self, first: int) -> None:
        header = self.layout.header
        year = field_of(self.spec, header.year)
        found = False
        unit_prefix = _norm(header.unit_label + "：")
        in_grid = any(c.field == header.unit for s in self.layout.sections
                      if not isinstance(s.rows, S.TableColumns) for r in s.rows for c in r.cells)
        for row in range(1, first):
            for col in range(1, self.columns + 1):
                if self.sheet.top_left(row, col) != (row, col):
                    continue
                value = self.sheet.value(row, col)
                if not isinstance(value, str):
                    continue
                self.sheet.take(row, col)
                text = _norm(value)
                subtitle = _YEAR_SUBTITLE.match(value.strip())
                if header.year_style == "subtitle" and subtitle:
                    self.values[header.year] = self._year(subtitle.group(1), row, col)
                    found = True
                elif text == _norm(year.label):
                    end = self.sheet.end_of(row, col)
                    self.values[header.year] = self._convert(year, header.year, row, end + 1)
                    found = True
                elif header.unit and not in_grid and text.startswith(unit_prefix):
                    self.values[header.unit] = value.split("：", 1)[-1].strip()
        if not found:
            raise FormError(f"工作表的表头中找不到{year.label}，无法导入")

    def _signature(self, top: int) -> None:
        sig = self.layout.signature
        wanted = {_norm(label): (label, path) for label, path in self._signature_labels()}
        seen = set()
        for (row, col), cell in self.sheet.below(top, self.columns):
            value = cell.value
            if not isinstance(value, str):
                continue
            text = _norm(value)
            if text in (_norm(sig.seal), _norm(sig.seal_date)):
                self.sheet.take(row, col)
                continue
            for key, (label, path) in wanted.items():
                if text == key:
                    self.sheet.take(row, col)
                    self._read(path, row, self.sheet.end_of(row, col) + 1)
                    seen.add(path)
                elif text.startswith(key) and value.strip().startswith(label.rstrip("：")):
                    self.sheet.take(row, col)
                    self.values[path] = value.split("：", 1)[-1].strip()
                    seen.add(path)
        missing = [label for label, path in self._signature_labels() if path not in seen]
        if missing:
            raise FormError(f"工作表中找不到「{missing[0]}」，无法导入")

    def _nothing_else(self) -> None:
        """Refuses the first value the reader did not place, by its address."""
        for (row, col), cell in sorted(self.sheet.cells.items()):
            if (row, col) not in self.sheet.used and not _blank(cell.value):
                self._unplaced(row, col)

    def _unplaced(self, row: int, col: int | None = None):
        if col is None:
            col = next(c for c in range(2, self.columns + 1) if not _blank(self.sheet.value(row, c)))
        value = self.sheet.value(row, col)
        raise FormError(f"单元格 {self.sheet.address(*self.sheet.top_left(row, col))} 的内容「{quoted(value, 20)}」"
                        f"不在表中可填写的位置，无法导入（请删去它，或移到对应的格子里）")

    # -- values --------------------------------------------------------------------------------

    def _read(self, path: str, row: int, col: int) -> None:
        f = field_of(self.spec, path)
        self.values[path] = self._convert(f, path, row, col)

    def _convert(self, f: S.Field, path: str, row: int, col: int):
        """The value of the cell at (row, col) as ``f`` holds it, or ``FormError`` naming the cell."""
        cell = self.sheet.take(row, col)
        where = self.sheet.address(*self.sheet.top_left(row, col))
        value = None if cell is None else cell.value
        if cell is not None and cell.data_type == "f":
            raise FormError(f"单元格 {where} 是公式，请改为直接填写的{f.label}后再导入")
        if cell is not None and cell.data_type == "e":
            raise FormError(f"单元格 {where} 是错误值 {quoted(value, 20)}，请改为{f.label}后再导入")
        if isinstance(value, bool):
            raise FormError(f"单元格 {where} 是真假值，应为{f.label}")
        computed = cell is not None and is_computed(cell.number_format)
        number = self._number(cell, where) if isinstance(value, (int, float)) else None
        kind = f.kind
        if isinstance(kind, DecimalKind):
            if value is None or (isinstance(value, str) and not value.strip()):
                return None
            if number is not None and kind.unit == "%" and "%" in cell.number_format.replace('"%"', ""):
                number = number * 100  # typed as 95% in a spreadsheet, which keeps 0.95
            try:
                value = kind.parse(number if number is not None else value if isinstance(value, str) else object())
            except KindError as err:
                raise FormError(f"单元格 {where}（{f.label}）：{err.message}") from None
            if computed:
                self.computed[path] = value
            return value
        if kind.integer:
            if number is not None:
                return self._year(f"{number:f}", row, col)
            return self._year("" if value is None else str(value), row, col)
        if number is not None:
            text = f"{number:f}"
        elif value is not None and hasattr(value, "isoformat"):  # a date the spreadsheet made of what was typed
            text = value.isoformat()
            text = text[:10] if text.endswith("T00:00:00") else text.replace("T", " ")
        else:
            text = "" if value is None else str(value)
        if len(text) > f.limit:
            raise FormError(f"单元格 {where}（{f.label}）超过{f.limit}字的上限（现有{len(text)}字）")
        if computed and text:
            self.computed[path] = text
        return text

    def _number(self, cell, where: str) -> Decimal:
        """A number cell's value as the decimal the file holds; a spreadsheet's binary
        leftovers (``968.19179999999994``) cut to the 15 digits it shows."""
        text = cell.raw or repr(cell.value)
        try:
            number = Decimal(text)
        except InvalidOperation:
            raise FormError(f"单元格 {where} 的数字无法读取") from None
        if not number.is_finite():
            raise FormError(f"单元格 {where} 的数字无法读取")
        digits = number.as_tuple().digits
        if len(digits) > MAX_DIGITS:
            number = number.quantize(Decimal(1).scaleb(number.adjusted() - MAX_DIGITS + 1)).normalize()
            exponent = number.as_tuple().exponent  # an int: the number is finite
            if isinstance(exponent, int) and exponent > 0:
                number = number.quantize(Decimal(1))
        try:
            return parse_amount(number) if number.adjusted() < 15 else number
        except AmountError as err:
            raise FormError(f"单元格 {where}：{err.message}") from None

    def _year(self, text: str, row: int, col: int) -> int | None:
        digits = _BLANKS.sub("", text).translate(_DIGITS).removesuffix("年")
        if not digits:
            return None
        if not digits.isdigit() or len(digits) > S.YEAR_DIGITS:
            where = self.sheet.address(*self.sheet.top_left(row, col))
            raise FormError(f"单元格 {where}：「{quoted(text, 20)}」不是年份")
        return int(digits)

    # -- the form --------------------------------------------------------------------------------

    def _form(self) -> FormBase:
        """The form of the values read, each already checked against its field (kind, limit,
        the indicator tree) where it was read."""
        form = self.model.new()
        for path, f in self.spec.scalar_paths():
            form.set(path, self.values.get(path, f.kind.empty))
        for table in self.spec.tables:
            rows = self.rows[table.key]
            if len(rows) > S.MAX_ROWS:
                raise FormError(f"「{table.label}」有 {len(rows)} 行，超过每个表最多 {S.MAX_ROWS} 行的上限")
            setattr(form, table.key, [self.model.row(table.key, **item) for item in rows])
        # A value shown computed where the field was empty (a total as its parts' sum, a
        # suggested score) and left as it was is the empty field again.
        for path, shown in self.computed.items():
            f = field_of(self.spec, path)
            form.set(path, f.kind.empty)
            if _computed_value(form, path, f) != shown:
                form.set(path, shown)
        return form


def _computed_value(form: FormBase, path: str, f: S.Field):
    """What the printed copy shows for the empty field at ``path``, as the field would hold it."""
    from .totals import amount_at

    printed = form.spec.rules.derived(form).get(path)
    if printed is None and f.kind.decimal:
        return amount_at(form, path)
    if printed is not None and f.kind.decimal:
        try:
            return f.kind.parse(printed)
        except KindError:
            return printed
    return printed
