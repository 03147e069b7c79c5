"""The form as an Excel workbook laid out like the printed copy (``printing.sheet``) and read back
(``core.formbook``): every declared form round-trips; a clerk's edits in a spreadsheet come back;
what cannot be placed is refused with its cell's address, and nothing is half imported."""

from __future__ import annotations

import copy
import re
import subprocess
import sys
import zipfile
from decimal import Decimal
from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.worksheet.cell_range import CellRange

from desktop_app.core import fingerprint, jsonio
from desktop_app.core.errors import FormError
from desktop_app.core.formbook import read_form_bytes, read_form_xlsx
from desktop_app.core.synthetic import large_form
from desktop_app.printing import grid
from desktop_app.printing.sheet import form_xlsx
from tests.conftest import ROOT
from tests.forms import IDS, MODELS, sample_path

pytestmark = pytest.mark.filterwarnings("error")


def _sample(model):
    return jsonio.load(sample_path(model.spec))


def _book(form) -> Workbook:
    return load_workbook(BytesIO(form_xlsx(form)))


def _saved(wb: Workbook) -> bytes:
    out = BytesIO()
    wb.save(out)
    return out.getvalue()


def _find(ws, text: str, start: int = 1):
    """The first cell (row order) holding exactly ``text``."""
    for row in ws.iter_rows(min_row=start):
        for cell in row:
            if cell.value == text:
                return cell
    raise AssertionError(f"{text!r} not in the sheet")


def _insert_row(ws, idx: int) -> None:
    """A row inserted before row ``idx`` as a spreadsheet does it: merged ranges below move
    down, a range the new row falls inside grows over it (openpyxl moves only the cells)."""
    ranges = [CellRange(r.coord) for r in ws.merged_cells.ranges]
    for r in list(ws.merged_cells.ranges):
        ws.unmerge_cells(r.coord)
    ws.insert_rows(idx)
    for r in ranges:
        if r.min_row >= idx:
            r.shift(row_shift=1)
        elif r.max_row >= idx:
            r.expand(down=1)
        ws.merge_cells(r.coord)


def _delete_row(ws, idx: int) -> None:
    ranges = [CellRange(r.coord) for r in ws.merged_cells.ranges]
    for r in list(ws.merged_cells.ranges):
        ws.unmerge_cells(r.coord)
    ws.delete_rows(idx)
    for r in ranges:
        if r.min_row > idx:
            r.shift(row_shift=-1)
        elif r.max_row >= idx and r.max_row > r.min_row:
            r.shrink(bottom=1)
        elif r.min_row == idx:
            continue
        if r.size["rows"] * r.size["columns"] > 1:
            ws.merge_cells(r.coord)


# -- every form ----------------------------------------------------------------------------------

@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_every_form_s_workbook_reads_back_as_the_identical_form(model):
    form = _sample(model)
    back = read_form_bytes(form_xlsx(form))
    assert back == form
    assert fingerprint.fingerprint(back) == fingerprint.fingerprint(form)


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_a_large_form_with_long_texts_round_trips(model):
    form = large_form(model.spec, text_length=3000,
                      **{t.key: 60 if t.tree else 40 for t in model.spec.tables})
    assert read_form_bytes(form_xlsx(form)) == form


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_the_sheet_is_the_printed_grid(model):
    """Every printed cell's text is on the sheet (amounts as numbers in the form's format), each
    section's label merged down column A, each row ruled, A4 with the title rows repeated."""
    form = _sample(model)
    ws = _book(form).active
    texts = {str(c.value) for row in ws.iter_rows() for c in row if c.value is not None}
    for section in grid.build_sections(form):
        label = _find(ws, section.label)
        assert label.column == 1
        merged = next((r for r in ws.merged_cells.ranges if label.coordinate in r), None)
        assert merged is not None or len(section.rows) == 1, section.label
        for row in section.rows:
            for cell in row.cells:
                f = model.spec.field_at(cell.path) if cell.path else None
                if f is not None and f.kind.printed(f, form.get(cell.path)) != f.kind.show(form.get(cell.path)):
                    # printed otherwise (a choice as ticked boxes): the sheet holds the value itself
                    assert f.kind.show(form.get(cell.path)) in texts or not form.get(cell.path)
                elif f is None or not (f.kind.decimal or f.kind.integer):
                    assert cell.text in texts or not cell.text, cell.text
    amounts = [c for row in ws.iter_rows() for c in row if isinstance(c.value, (int, float))
               and c.number_format.startswith("#,##0.00")]
    assert amounts, "amounts are numeric cells"
    assert int(ws.page_setup.paperSize) == 9 and ws.page_setup.orientation == "portrait"
    assert ws.print_title_rows.startswith("$1:$")
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
    grid_top = _find(ws, grid.build_sections(form)[0].label).row
    assert ws.cell(grid_top, 2).border.top.style == "thin"


def test_rows_are_tall_enough_for_their_longest_text_and_never_taller_than_a_sheet_row_may_be(seed_form):
    seed_form.overall_goal = "很长的总体绩效目标。" * 500  # 5,000 characters: far over one row's 409 points
    ws = _book(seed_form).active
    cell = _find(ws, seed_form.overall_goal)
    merged = next(r for r in ws.merged_cells.ranges if cell.coordinate in r)
    heights = [ws.row_dimensions[r].height for r in range(merged.min_row, merged.max_row + 1)]
    assert merged.max_row > merged.min_row and all(h <= 409 for h in heights)
    # 5,000 characters of 10 points in a cell of about 570 points: some 90 lines of 13.5 points
    assert sum(heights) >= 90 * 13.5
    assert read_form_bytes(_saved(_book(seed_form))).overall_goal == seed_form.overall_goal


def test_amounts_keep_their_exact_decimals_in_number_cells(seed_form):
    seed_form.budget.basic_expenditure = Decimal("968.1918")
    seed_form.budget.other_funds = Decimal("0.00")
    data = form_xlsx(seed_form)
    ws = load_workbook(BytesIO(data)).active
    cell = next(c for row in ws.iter_rows() for c in row if c.value == 968.1918)
    assert cell.number_format == "#,##0.00####"
    sheet = zipfile.ZipFile(BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert f'<c r="{cell.coordinate}"' in sheet and "<v>968.1918</v>" in sheet and "<v>0.00</v>" in sheet
    back = read_form_bytes(data)
    assert str(back.budget.basic_expenditure) == "968.1918" and str(back.budget.other_funds) == "0.00"


def test_a_text_is_never_a_formula(seed_form):
    seed_form.department = '=HYPERLINK("http://x.invalid","点我")'
    seed_form.tasks[0].name = "+1+2"
    seed_form.tasks[1].name = "-3"
    seed_form.tasks[2].name = "@SUM(A1)"
    seed_form.tasks[3].name = "  =1+1"
    data = form_xlsx(seed_form)
    sheet = zipfile.ZipFile(BytesIO(data)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet
    ws = load_workbook(BytesIO(data)).active
    assert all(c.data_type != "f" for row in ws.iter_rows() for c in row)
    # and marked so that a spreadsheet does not make one of it when the cell is edited either
    for text in (seed_form.department, "+1+2", "-3", "@SUM(A1)", "  =1+1"):
        assert _find(ws, text).quotePrefix, text
    assert not _find(ws, seed_form.tasks[4].name).quotePrefix
    assert read_form_bytes(data) == seed_form


# -- a clerk's edits -------------------------------------------------------------------------------

def test_a_clerk_s_edits_come_back(seed_form):
    wb = _book(seed_form)
    ws = wb.active
    ws.title = "我的表"                                   # the sheet renamed
    first = _find(ws, seed_form.tasks[0].name)
    second = _find(ws, seed_form.tasks[1].name)
    _insert_row(ws, second.row)                           # a task inserted between the first two
    new = second.row - 1
    ws.cell(new, first.column).value = "新增的任务"
    ws.cell(new, first.column + 1).value = "新增任务的实施内容"
    ws.cell(new, first.column + 3).value = "1,234.50"     # typed as text, with a separator
    ws.cell(new, first.column + 4).value = "新增任务的目标"
    amount = _find(ws, float(seed_form.budget.basic_expenditure))
    amount.value = "３７３８．１１"                          # full-width digits
    _find(ws, seed_form.overall_goal).value = "改过的总体目标"  # text edited
    last = _find(ws, seed_form.tasks[-1].name)
    _delete_row(ws, last.row)                             # the last task deleted
    back = read_form_bytes(_saved(wb))
    assert [t.name for t in back.tasks] == ([seed_form.tasks[0].name, "新增的任务"]
                                            + [t.name for t in seed_form.tasks[1:-1]])
    assert back.tasks[1].amount == Decimal("1234.50") and back.tasks[1].content == "新增任务的实施内容"
    assert back.budget.basic_expenditure == Decimal("3738.11")
    assert back.overall_goal == "改过的总体目标"
    assert back.indicators == seed_form.indicators


def test_an_indicator_row_added_under_a_group_takes_its_levels_from_the_merged_cells(seed_form):
    wb = _book(seed_form)
    ws = wb.active
    row = next(r for r in seed_form.indicators if r.level2 == "质量指标")
    cell = _find(ws, row.name)
    _insert_row(ws, cell.row + 1)
    ws.cell(cell.row + 1, cell.column).value = "新增的质量指标"
    ws.cell(cell.row + 1, cell.column + 1).value = "≥95%"
    ws.cell(cell.row + 1, cell.column + 2).value = "≥95%"
    back = read_form_bytes(_saved(wb))
    added = next(r for r in back.indicators if r.name == "新增的质量指标")
    assert (added.level1, added.level2, added.period_value) == ("产出指标", "质量指标", "≥95%")
    assert len(back.indicators) == len(seed_form.indicators) + 1


def test_a_spreadsheet_s_binary_leftovers_and_numbers_in_text_fields(seed_form):
    wb = _book(seed_form)
    ws = wb.active
    _find(ws, float(seed_form.budget.basic_expenditure)).value = 968.1918000000001
    preparer = _find(ws, "填报人：")
    value = ws.cell(preparer.row, preparer.column + 1)
    value.value = 13800000000  # a phone typed where text goes, made a number by the spreadsheet
    back = read_form_bytes(_saved(wb))
    assert str(back.budget.basic_expenditure) == "968.1918"
    assert back.signoff.preparer == "13800000000"


def test_a_workbook_without_its_keywords_is_known_by_its_title(seed_form):
    wb = _book(seed_form)
    wb.properties.keywords = None
    assert read_form_bytes(_saved(wb)) == seed_form


def test_an_empty_total_shown_as_its_sum_stays_empty_and_a_typed_one_is_kept():
    model = next(m for m in MODELS if any(f.computed_from for _, f in m.spec.scalar_paths()))
    form = _sample(model)
    path, f = next((p, f) for p, f in model.spec.scalar_paths() if f.computed_from)
    for part in f.computed_from:
        form.set(part, Decimal("10"))
    form.set(path, None)
    data = form_xlsx(form)
    assert read_form_bytes(data) == form
    wb = load_workbook(BytesIO(data))
    shown = next(c for row in wb.active.iter_rows() for c in row if c.value == 20)
    shown.value = 25
    assert read_form_bytes(_saved(wb)).get(path) == Decimal("25")


# -- refusals --------------------------------------------------------------------------------------

def _refusal(data: bytes) -> str:
    with pytest.raises(FormError) as err:
        read_form_bytes(data)
    assert "\n" not in err.value.message
    return err.value.message


def test_a_value_outside_the_form_s_cells_is_refused_with_its_address(seed_form):
    wb = _book(seed_form)
    ws = wb.active
    goal = _find(ws, seed_form.overall_goal)
    ws.cell(goal.row, ws.max_column + 2).value = "旁注"
    message = _refusal(_saved(wb))
    assert re.search(rf"\b[A-Z]+{goal.row}\b", message) and "旁注" in message


def test_a_formula_an_amount_that_is_not_a_number_and_an_unknown_level_are_refused_by_address(seed_form):
    wb = _book(seed_form)
    cell = _find(wb.active, float(seed_form.budget.basic_expenditure))
    cell.value = "=1+2"
    assert cell.coordinate in _refusal(_saved(wb)) and "公式" in _refusal(_saved(wb))

    wb = _book(seed_form)
    cell = _find(wb.active, float(seed_form.budget.basic_expenditure))
    cell.value = "3,7a8.11"
    assert cell.coordinate in _refusal(_saved(wb))

    wb = _book(seed_form)
    cell = _find(wb.active, "质量指标")
    cell.value = "不存在的指标"
    message = _refusal(_saved(wb))
    assert "不存在的指标" in message and re.search(r"\b[A-Z]+\d+\b", message)


def test_a_text_over_its_limit_is_refused_by_address(seed_form):
    wb = _book(seed_form)
    cell = _find(wb.active, seed_form.tasks[0].name)
    cell.value = "长" * (seed_form.spec.member("tasks").column("name").limit + 1)
    assert cell.coordinate in _refusal(_saved(wb))


def test_a_workbook_that_is_not_the_program_s_is_refused_in_one_line(tmp_path):
    wb = Workbook()
    wb.active["A1"] = "姓名"
    wb.active["B2"] = 3
    assert "不是本程序导出的表单工作簿" in _refusal(_saved(wb))
    assert "不是 Excel 工作簿" in _refusal(b"not a workbook at all")
    assert "已损坏" in _refusal(b"PK\x03\x04 broken zip")
    fake = tmp_path / "fake.xlsx"
    fake.write_text("{}", encoding="utf-8")
    with pytest.raises(FormError):
        read_form_xlsx(fake)


def test_a_section_removed_from_the_sheet_is_refused(seed_form):
    wb = _book(seed_form)
    _find(wb.active, "总体绩效目标").value = "别的东西"
    assert "总体绩效目标" in _refusal(_saved(wb))


# -- the commands ----------------------------------------------------------------------------------

def _cli(*args, tmp_path):
    import os

    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "BUDGET_FORM_DATA_DIR": str(tmp_path / "data")}
    return subprocess.run([sys.executable, "-m", "desktop_app", *map(str, args)], cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_xlsx_then_import_gives_the_same_content(model, tmp_path):
    draft, book, back = tmp_path / "a.jxmb", tmp_path / "a.xlsx", tmp_path / "b.jxmb"
    assert _cli("import", sample_path(model.spec), "-o", draft, tmp_path=tmp_path).returncode == 0
    done = _cli("xlsx", draft, "-o", book, tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    done = _cli("import", book, "-o", back, tmp_path=tmp_path)
    assert done.returncode == 0, done.stderr
    assert _cli("diff", draft, back, tmp_path=tmp_path).returncode == 0


def test_import_of_a_refused_workbook_writes_nothing(seed_form, tmp_path):
    wb = _book(seed_form)
    _find(wb.active, float(seed_form.budget.basic_expenditure)).value = "=A1"
    book = tmp_path / "bad.xlsx"
    book.write_bytes(_saved(wb))
    done = _cli("import", book, "-o", tmp_path / "bad.jxmb", tmp_path=tmp_path)
    assert done.returncode == 2 and len(done.stderr.strip().splitlines()) == 1 and "Traceback" not in done.stderr
    assert not (tmp_path / "bad.jxmb").exists()


def test_xlsx_follows_the_output_rules(seed_draft, tmp_path):
    assert _cli("xlsx", seed_draft, "-o", seed_draft, tmp_path=tmp_path).returncode == 2
    before = seed_draft.read_bytes()
    assert seed_draft.read_bytes() == before
    done = _cli("import", ROOT / "resources" / "samples" / "seed-form.json", "-o", tmp_path / "x.xlsx",
                tmp_path=tmp_path)
    assert done.returncode == 2 and "xlsx" in done.stderr and not (tmp_path / "x.xlsx").exists()


def test_the_copy_of_a_form_is_unchanged_by_writing_it(seed_form):
    before = copy.deepcopy(seed_form)
    form_xlsx(seed_form)
    assert seed_form == before


def test_a_hostile_workbook_with_far_cells_and_huge_merges_is_read_at_once(seed_form):
    import time

    wb = _book(seed_form)
    wb.active["XFD1048576"] = "远处"
    data = _saved(wb)
    started = time.monotonic()
    assert "XFD1048576" in _refusal(data)
    # one merged range over the whole sheet, as a hostile file may say (openpyxl would make an
    # object for each of its seventeen billion cells)
    source = zipfile.ZipFile(BytesIO(data))
    out = BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        for info in source.infolist():
            part = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                part = part.replace(b"<mergeCells count=\"", b"<mergeCells count=\"1").replace(
                    b"</mergeCells>", b'<mergeCell ref="H1:XFD1048000"/></mergeCells>')
            target.writestr(info, part)
    assert "合并的单元格过多" in _refusal(out.getvalue())
    assert time.monotonic() - started < 20


def test_import_of_a_workbook_and_xlsx_honour_the_draft_lock(seed_form, seed_draft, tmp_path, capsys):
    from desktop_app import cli
    from desktop_app.core import locks

    book = tmp_path / "form.xlsx"
    book.write_bytes(form_xlsx(seed_form))
    window_lock = locks.acquire(seed_draft)  # what an open window holds
    assert window_lock.lock is not None
    try:
        before = seed_draft.read_bytes()
        assert cli.main(["import", str(book), "-o", str(seed_draft)]) == 2
        assert cli.main(["xlsx", str(book), "-o", str(seed_draft)]) == 2
        assert seed_draft.read_bytes() == before
        capsys.readouterr()
    finally:
        window_lock.lock.release()
    assert cli.main(["import", str(book), "-o", str(seed_draft)]) == 0  # free again: written
