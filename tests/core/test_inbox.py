"""``review FOLDER``: every draft and interchange JSON in a folder and its subfolders is one row,
whatever the file is (a PNG named .jxmb, an empty file, a draft of a newer version, a link loop,
a file that cannot be read, a pipe, ten thousand of them); the review always finishes and
modifies nothing. Its JSON, its .xlsx (read back with openpyxl) and the check across a
unit's form and the forms that add up into it."""

from __future__ import annotations

import builtins
import copy
import json
import os
import sqlite3
import zipfile
from contextlib import closing
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from desktop_app.core import draftfile, fingerprint, inbox, jsonio
from desktop_app.core.draftfile import save_draft
from desktop_app.core.errors import FormError
from desktop_app.core.workbook import AMOUNT_FORMAT, LINE_PT, summary_xlsx
from desktop_app.forms import department, project
from tests.forms import IDS, MODELS, sample_dict

from ..robustness.support import assert_clerk_message, run_cli, sha256
from ..robustness.test_hostile_drafts import _png


def _form(data: dict):
    return jsonio.loads(json.dumps(data, ensure_ascii=False))


def _tree_state(folder: Path) -> dict:
    """Every file and link under ``folder`` (links not followed): its bytes' digest or target,
    and its modification time."""
    out = {}
    for top, dirs, files in os.walk(folder, followlinks=False):
        for name in dirs + files:
            p = Path(top) / name
            if p.is_symlink():
                out[str(p)] = ("link", os.readlink(p))
            elif p.is_file():
                out[str(p)] = (sha256(p), p.stat().st_mtime_ns)
    return out


def _bad_folder(root: Path) -> Path:
    box = root / "inbox"
    (box / "sub" / "deeper").mkdir(parents=True)
    (box / "locked").mkdir()
    seed = _form(sample_dict(department.FORM))
    save_draft(box / "seed.jxmb", seed)
    save_draft(box / "sub" / "deeper" / "copy.jxmb", seed)
    (box / "project.json").write_text(json.dumps(sample_dict(project.FORM), ensure_ascii=False), encoding="utf-8")
    (box / "picture.jxmb").write_bytes(_png())
    (box / "empty.jxmb").write_bytes(b"")
    (box / "empty.json").write_bytes(b"")
    save_draft(box / "newer.jxmb", seed)
    with closing(sqlite3.connect(box / "newer.jxmb")) as conn:
        conn.execute(f"PRAGMA user_version={draftfile.FORMAT_VERSION[0] + 1}")
    save_draft(box / "secret.jxmb", seed)
    save_draft(box / "locked" / "hidden.jxmb", seed)
    os.symlink("loop.jxmb", box / "loop.jxmb")
    os.symlink("nowhere.json", box / "dangling.json")
    os.symlink("..", box / "sub" / "back")       # a folder loop: never followed
    os.symlink(box / "seed.jxmb", box / "sub" / "link-to-seed.jxmb")
    os.mkfifo(box / "pipe.jxmb")
    (box / "notes.txt").write_text("不是表单")
    return box


@pytest.fixture
def unreadable(monkeypatch):
    """Permission errors, as root never meets them through chmod: opening ``secret.jxmb`` and
    listing the folder ``locked`` are refused."""
    real_open, real_scandir = builtins.open, os.scandir

    def guarded_open(file, *args, **kwargs):
        if str(file).endswith("secret.jxmb"):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *args, **kwargs)

    def guarded_scandir(path="."):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(inbox, "open", guarded_open, raising=False)
    monkeypatch.setattr(os, "scandir", guarded_scandir)


NO_FIFO = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="Windows has no named pipes in folders")


@NO_FIFO
def test_a_folder_of_bad_files_gives_a_row_for_every_one_and_modifies_nothing(tmp_path, unreadable):
    box = _bad_folder(tmp_path)
    before = _tree_state(box)
    entries = inbox.review_folder(box)
    rows = {e.relative: e for e in entries}
    assert set(rows) == {"seed.jxmb", "sub/deeper/copy.jxmb", "project.json", "picture.jxmb", "empty.jxmb",
                         "empty.json", "newer.jxmb", "secret.jxmb", "locked", "loop.jxmb", "dangling.json",
                         "sub/link-to-seed.jxmb", "pipe.jxmb"}
    ok = {"seed.jxmb", "sub/deeper/copy.jxmb", "project.json", "sub/link-to-seed.jxmb"}
    assert {r for r, e in rows.items() if e.status == inbox.OK} == ok
    reasons = {r: e.reason for r, e in rows.items() if e.status == inbox.UNREADABLE}
    assert "不是本程序的草稿" in reasons["picture.jxmb"]
    assert "空文件" in reasons["empty.jxmb"] and "空文件" in reasons["empty.json"]
    assert "升级到 3.0 或更高版本" in reasons["newer.jxmb"]
    assert reasons["secret.jxmb"] == "没有读取权限"
    assert "没有读取权限" in reasons["locked"]
    assert "链接循环" in reasons["loop.jxmb"]
    assert "不存在" in reasons["dangling.json"]
    assert "不是普通文件" in reasons["pipe.jxmb"]
    for text in reasons.values():
        assert_clerk_message(text)
    seed = rows["seed.jxmb"]
    assert seed.errors == 0 and seed.fingerprint == fingerprint.fingerprint(_form(sample_dict(department.FORM)))
    assert _tree_state(box) == before


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads through chmod; "
                    "the monkeypatched test above covers a file that cannot be read")
@pytest.mark.skipif(os.name == "nt", reason="Windows' chmod only sets read-only; it never stops reading")
def test_a_file_without_read_permission_is_a_row(tmp_path):
    save_draft(tmp_path / "secret.jxmb", _form(sample_dict(department.FORM)))
    (tmp_path / "secret.jxmb").chmod(0)
    try:
        (row,) = inbox.review_folder(tmp_path)
    finally:
        (tmp_path / "secret.jxmb").chmod(0o644)
    assert row.status == inbox.UNREADABLE and row.reason == "没有读取权限"


@NO_FIFO
def test_the_command_line_lists_the_bad_folder_and_exits_0(tmp_path):
    box = _bad_folder(tmp_path)
    before = _tree_state(box)
    r = run_cli("review", str(box), "--json")
    assert r.returncode == 0, r.stderr.decode()
    rows = json.loads(r.stdout)
    assert len(rows) == 13  # as above, but secret.jxmb is readable and locked/ lists its draft
    for row in rows:
        assert {"path", "format", "status", "errors", "warnings", "fingerprint", "verdict"} <= set(row)
        assert row["status"] in ("ok", "unreadable")
    by_name = {Path(x["path"]).name: x for x in rows}
    assert by_name["seed.jxmb"]["errors"] == 0 and by_name["seed.jxmb"]["format"] == department.FORM.format_id
    assert by_name["picture.jxmb"]["errors"] is None and by_name["picture.jxmb"]["reason"]
    text = run_cli("review", str(box))
    assert text.returncode == 0 and "共 13 份文件：6 份可用，7 份无法读取" in text.stdout.decode()
    assert "Traceback" not in text.stderr.decode()
    assert _tree_state(box) == before


def test_a_folder_that_cannot_be_listed_exits_2(tmp_path, seed_draft):
    for target in (tmp_path / "missing", seed_draft):
        r = run_cli("review", str(target), "--json")
        assert r.returncode == 2 and r.stdout == b""
        assert_clerk_message(r.stderr.decode().strip())
    with pytest.raises(FormError):
        inbox.list_files(tmp_path / "missing")


def test_ten_thousand_files_are_ten_thousand_rows(tmp_path):
    box = tmp_path / "many"
    for d in range(100):
        folder = box / f"unit{d:03}"
        folder.mkdir(parents=True)
        for i in range(100):
            kind = (d * 100 + i) % 4
            name = folder / f"f{i:03}.{'json' if kind < 2 else 'jxmb'}"
            name.write_bytes([b"", b'{"format": "other/1"}', b"", b"SQLite format 3\x00"][kind])
        (folder / "readme.txt").write_text("x")
    save_draft(box / "unit000" / "real.jxmb", _form(sample_dict(department.FORM)))
    seen = []
    entries = inbox.review_folder(box, progress=lambda done, total: seen.append((done, total)))
    assert len(entries) == 10_001 and seen[-1] == (10_001, 10_001)
    assert sum(e.status == inbox.OK for e in entries) == 1
    assert len({e.relative for e in entries}) == 10_001


def test_a_review_can_be_cancelled_with_the_rows_so_far(tmp_path):
    for i in range(10):
        (tmp_path / f"{i}.json").write_bytes(b"")
    done = []
    entries = inbox.review_folder(tmp_path, progress=lambda d, t: done.append(d), cancelled=lambda: len(done) >= 3)
    assert len(entries) == 3


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_every_form_s_row_has_its_declared_columns(model, tmp_path):
    form = _form(sample_dict(model.spec))
    form.review.verdict = "良"
    save_draft(tmp_path / "a.jxmb", form)
    (row,) = inbox.review_folder(tmp_path)
    data = row.as_dict()
    assert data["format"] == model.spec.format_id and data["form"] == model.spec.short_title
    assert data["verdict"] == "良" and data["year"] == form.year
    assert data["unit"] == " / ".join(str(form.get(p)) for p in model.spec.unit if form.get(p))
    assert [a["key"] for a in data["amounts"]] == list(model.spec.key_amounts)
    assert all(a["value"] is None or Decimal(a["value"]) >= 0 for a in data["amounts"])


# -- the workbook ---------------------------------------------------------------------------------

def test_the_workbook_has_numeric_amounts_a_frozen_filtered_header_and_a_row_per_file(tmp_path):
    box = tmp_path / "box"
    box.mkdir()
    seed = _form(sample_dict(department.FORM))
    seed.budget.basic_expenditure = Decimal("968.1918")
    save_draft(box / "seed.jxmb", seed)
    save_draft(box / "project.jxmb", _form(sample_dict(project.FORM)))
    (box / "broken.jxmb").write_bytes(b"not a draft")
    out = tmp_path / "summary.xlsx"
    r = run_cli("review", str(box), "-o", str(out))
    assert r.returncode == 0, r.stderr.decode()
    assert "汇总表已写入" in r.stdout.decode()
    ws = openpyxl.load_workbook(out).active
    headers = [c.value.replace("\n", "") for c in ws[1]]  # a header may break before its unit
    cols = inbox.columns()
    assert headers == [c.title for c in cols]
    assert "文件" in headers and "内容指纹" in headers and "审核结论" in headers and "部门预算支出合计（万元）" in headers
    assert ws.freeze_panes == "B2"
    assert ws.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(cols))}4"
    assert ws.max_row == 4
    rows = {ws.cell(r, 1).value: {h: ws.cell(r, c + 1) for c, h in enumerate(headers)} for r in range(2, 5)}
    assert set(rows) == {"seed.jxmb", "project.jxmb", "broken.jxmb"}
    amount = rows["seed.jxmb"]["部门预算支出合计（万元）"]
    assert amount.data_type == "n" and amount.number_format == AMOUNT_FORMAT
    assert Decimal(str(amount.value)) == Decimal("968.1918") + Decimal("153811.51")
    annual = rows["project.jxmb"]["年度资金总额（万元）"]
    assert annual.data_type == "n" and annual.value == 1125 and rows["seed.jxmb"]["年度资金总额（万元）"].value is None
    assert rows["seed.jxmb"]["年度"].value is None and rows["project.jxmb"]["年度"].value == 2021
    assert rows["seed.jxmb"]["错误"].value == 1 and rows["broken.jxmb"]["错误"].value is None  # 968.1918 unbalances it
    assert rows["broken.jxmb"]["状态"].value == "无法读取" and "不是本程序的草稿" in rows["broken.jxmb"]["说明"].value
    assert rows["project.jxmb"]["修改时间"].is_date
    for letter, dim in ws.column_dimensions.items():
        assert 6 <= dim.width <= 70, (letter, dim.width)
    # printable: landscape, as wide as the page, the header on every page; rows as tall as their text
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_title_rows == "$1:$1"
    assert ws.cell(1, headers.index("部门预算支出合计（万元）") + 1).value == "部门预算支出合计\n（万元）"
    assert ws.row_dimensions[1].height >= 2 * LINE_PT
    broken_row = next(r for r in range(2, 5) if ws.cell(r, 1).value == "broken.jxmb")
    assert ws.row_dimensions[broken_row].height >= LINE_PT
    # the stored value is the amount's own text, not a float's 16 digits
    sheet = zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml").decode()
    assert "<v>154779.7018</v>" in sheet and "154779.70179" not in sheet


def test_amounts_a_spreadsheet_cannot_hold_are_text_and_odd_file_names_are_cells(tmp_path):
    seed = _form(sample_dict(department.FORM))
    seed.budget.basic_expenditure = Decimal("123456789012345.123456")
    seed.budget.project_expenditure = None
    save_draft(tmp_path / "big.jxmb", seed)
    # Windows refuses control characters in names; a bidi override is its oddest name.
    (tmp_path / ("odd\x1bname.json" if os.name != "nt" else "odd\u202ename.json")).write_bytes(b"")
    entries = inbox.review_folder(tmp_path)
    data = summary_xlsx(entries)
    (tmp_path / "s.xlsx").write_bytes(data)
    ws = openpyxl.load_workbook(tmp_path / "s.xlsx").active
    col = [c.value.replace("\n", "") for c in ws[1]].index("部门预算支出合计（万元）") + 1
    big = next(ws.cell(r, col) for r in range(2, 4) if ws.cell(r, 1).value == "big.jxmb")
    assert big.data_type == "s" and big.value == "123456789012345.123456"


def test_an_empty_folder_gives_a_workbook_with_its_header(tmp_path):
    (tmp_path / "box").mkdir()
    assert run_cli("review", str(tmp_path / "box"), "-o", str(tmp_path / "s.xlsx")).returncode == 0
    ws = openpyxl.load_workbook(tmp_path / "s.xlsx").active
    cols = inbox.columns()
    assert [c.value.replace("\n", "") if c.value else c.value for c in ws[1]] == [c.title for c in cols]
    assert all(c.font.b for c in ws[1])
    assert ws.max_row == 1 and ws.freeze_panes == "B2"
    assert ws.auto_filter.ref == f"A1:{openpyxl.utils.get_column_letter(len(cols))}1"


def test_a_long_note_makes_its_row_taller_within_its_column(tmp_path):
    long = inbox.Entry(tmp_path / "a.json", "a.json", inbox.UNREADABLE, "很长的原因" * 40)
    short = inbox.Entry(tmp_path / "b.json", "b.json", inbox.UNREADABLE, "短")
    (tmp_path / "s.xlsx").write_bytes(summary_xlsx([long, short]))
    ws = openpyxl.load_workbook(tmp_path / "s.xlsx").active
    notes = [c.value for c in ws[1]].index("说明") + 1
    width = ws.column_dimensions[openpyxl.utils.get_column_letter(notes)].width
    assert width <= 45 and ws.cell(2, notes).alignment.wrap_text
    assert ws.row_dimensions[2].height >= 5 * LINE_PT > ws.row_dimensions[3].height


def test_the_workbook_is_not_written_over_its_folder_s_files(tmp_path, seed_draft):
    r = run_cli("review", str(tmp_path), "-o", str(tmp_path))
    assert r.returncode == 2 and "文件夹" in r.stderr.decode()


# -- across files -----------------------------------------------------------------------------------

def _department(name: str, project_expenditure: str, year: int = 2026):
    form = _form(sample_dict(department.FORM))
    form.department, form.year = name, year
    form.budget.project_expenditure = Decimal(project_expenditure)
    return form


def _project(name: str, owner: str, annual: str | None, year: int = 2026, fiscal: str | None = None):
    form = _form(sample_dict(project.FORM))
    form.project_name, form.department, form.year = name, owner, year
    form.funds.annual_total = Decimal(annual) if annual else None
    form.funds.annual_fiscal = Decimal(fiscal) if fiscal else form.funds.annual_fiscal
    return form


def _cross(tmp_path, forms: dict) -> dict:
    for name, form in forms.items():
        save_draft(tmp_path / name, form)
    return {e.relative: e.cross for e in inbox.review_folder(tmp_path)}


def test_projects_adding_up_to_more_than_the_department_s_project_spending_are_warned(tmp_path):
    found = _cross(tmp_path, {
        "dept.jxmb": _department("县财政局", "1000"),
        "p1.jxmb": _project("甲项目", "县财政局", "600"),
        "p2.jxmb": _project("乙项目", "县\u3000财政局 ", None, fiscal="500"),  # written differently, computed total
        "other.jxmb": _project("丙项目", "县教育局", "9000"),
        "last-year.jxmb": _project("丁项目", "县财政局", "9000", year=2025),
    })
    assert len(found["dept.jxmb"]) == 1
    text = found["dept.jxmb"][0]
    assert "县财政局的 2 个项目" in text and "1,100.00" in text and "1,000.00" in text
    assert "p1.jxmb" in text and "p2.jxmb" in text
    assert found["p1.jxmb"] == found["p2.jxmb"] != []
    assert found["other.jxmb"] == found["last-year.jxmb"] == []
    r = run_cli("review", str(tmp_path))
    assert "跨表核对：" in r.stdout.decode() and r.returncode == 0


def test_projects_within_the_department_s_project_spending_are_not_warned(tmp_path):
    found = _cross(tmp_path, {"dept.jxmb": _department("县财政局", "1100"),
                              "p1.jxmb": _project("甲项目", "县财政局", "600"),
                              "p2.jxmb": _project("乙项目", "县财政局", "500")})
    assert all(v == [] for v in found.values())


def test_a_resubmitted_project_counts_once(tmp_path):
    first = _project("甲项目", "县财政局", "600")
    again = copy.deepcopy(first)
    again.funds.annual_total = Decimal("700")
    found = _cross(tmp_path, {"dept.jxmb": _department("县财政局", "1000"), "p1.jxmb": first})
    os.utime(tmp_path / "p1.jxmb", (1_000_000, 1_000_000))
    found = _cross(tmp_path, {"p1-resubmitted.jxmb": again})
    assert found["dept.jxmb"] == []  # 700, not 1300
    assert all(v == [] for v in found.values())


# -- no formula, whatever the drafts hold ------------------------------------------------------------

HOSTILE = ["=HYPERLINK(\"http://x\",\"点击\")", "=cmd|' /C calc'!A0", "+1+1", "-2+3", "@SUM(1)",
           "\t=1+1", "\u3000=1+1", " =1+1", "\r\n=1+1"]


def _hostile_folder(root: Path) -> Path:
    box = root / "收件箱"
    box.mkdir()
    owner = inbox.owner_paths()
    for n, text in enumerate(HOSTILE):
        for model in MODELS:
            form = _form(sample_dict(model.spec))
            for path in {*model.spec.unit, *([owner[model.spec.format_id]] if model.spec.format_id in owner else [])}:
                form.set(path, text)
            form.review.reviewer = text
            name = f"{text.strip()}{n}-{model.spec.format_id}.json"
            (box / name.replace("/", "／").replace("\r", "").replace("\n", "")).write_text(
                jsonio.dumps(form), encoding="utf-8")
    (box / "=1+1.jxmb").write_bytes(b"=1+1 not a draft")  # an unreadable row: its reason and name
    return box


def test_the_summary_workbook_holds_no_formula_whatever_the_drafts_hold(tmp_path):
    box = _hostile_folder(tmp_path)
    out = tmp_path / "汇总.xlsx"
    assert run_cli("review", str(box), "-o", str(out)).returncode == 0
    sheet = zipfile.ZipFile(out).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet
    ws = openpyxl.load_workbook(out).active
    texts = [c for row in ws.iter_rows(min_row=2) for c in row if isinstance(c.value, str)]
    starts = [c for c in texts if c.value.lstrip()[:1] in "=+-@"]
    # every hostile text of every form: its unit, owner, reviewer and file name, and the odd file
    assert len(starts) >= len(HOSTILE) * len(MODELS) * 2
    assert all(c.data_type == "s" and c.quotePrefix for c in starts)


def test_text_where_an_amount_belongs_and_a_folder_s_name_are_text_too(tmp_path):
    key = inbox.key_amounts()[0]
    spec = next(m.spec for m in MODELS if m.spec.kin.key == key.family)
    entry = inbox.Entry(tmp_path / "a.json", "=A1.json", format=spec.format_id, family=key.family, unit="@unit",
                        amounts={key.key: "=1+1"})
    entry.cross = ["-cross"]
    data = summary_xlsx([entry], "&P&\"Arial\"=1+1")
    (tmp_path / "s.xlsx").write_bytes(data)
    sheet = zipfile.ZipFile(tmp_path / "s.xlsx").read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet and "<f " not in sheet
    ws = openpyxl.load_workbook(tmp_path / "s.xlsx").active
    values = {c.value for c in ws[2]}
    assert {"=A1.json", "@unit", "=1+1", "-cross"} <= values
    # "&" would start a header code (the page number, a font): doubled, so it prints as typed
    assert "<oddHeader>&amp;C审核汇总\u3000&amp;&amp;P&amp;&amp;\"Arial\"=1+1</oddHeader>" in sheet


class _CountedFacts(dict):
    reads = 0

    def get(self, *args):
        _CountedFacts.reads += 1
        return super().get(*args)


def _cross_work(n: int, monkeypatch) -> tuple[int, int, int]:
    """Normalised names and facts read by ``cross_check`` over ``n`` units, each with its form
    added into and two forms adding up to more than its limit; and the warnings it made."""
    templates = {m.spec.format_id: m for m in MODELS}
    entries = []
    for family, spec in inbox._families():  # a family's roll-up names the roles its members share
        for r in family.rolls_up:
            target_form = _form(sample_dict(templates[r.into].spec))
            source_form = _form(sample_dict(spec))
            target, source = inbox.Entry(Path("t"), "t"), inbox.Entry(Path("s"), "s")
            inbox.summarise(target, target_form)
            inbox.summarise(source, source_form)
            for i in range(n):
                t = copy.copy(target)
                t.relative, t.cross = f"{i}-t", []
                t.facts = _CountedFacts({**target.facts, **{there: f"单位{i}" for _, there in r.match},
                                         r.limit: Decimal("1000")})
                entries.append(t)
                for j in range(2):
                    s = copy.copy(source)
                    s.relative, s.cross = f"{i}-s{j}", []
                    facts = {**source.facts, **{p: f"项目{i}-{j}" for p in family.unit}}
                    s.facts = _CountedFacts({**facts, **{here: f"单位{i}" for here, _ in r.match},
                                             r.amount: Decimal("600")})
                    entries.append(s)
    calls = []
    real = inbox._same_name
    monkeypatch.setattr(inbox, "_same_name", lambda value: calls.append(1) or real(value))
    _CountedFacts.reads = 0
    inbox.cross_check(entries)
    return len(calls), _CountedFacts.reads, sum(len(e.cross) for e in entries)


def test_the_check_across_forms_grows_linearly_with_the_folder(monkeypatch):
    small = _cross_work(50, monkeypatch)
    large = _cross_work(400, monkeypatch)
    assert small[2] > 0 and large[2] == 8 * small[2]  # every unit warned, at both sizes
    assert large[0] <= 8 * small[0] + 10, (small, large)  # names normalised
    assert large[1] <= 8 * small[1] + 10, (small, large)  # facts looked up
