"""The grid's clipboard text and paste fitting: Qt-free, as Excel and WPS write and read it."""

import subprocess
import sys

import pytest

from desktop_app.core import spec as S
from desktop_app.gui.grid.clipboard import format_tsv, is_block, parse_tsv
from desktop_app.gui.grid.paste import PasteRefused, fit_block
from tests.conftest import ROOT


def test_excel_block_with_a_quoted_multi_line_cell_and_doubled_quotes():
    text = ('名称\t内容\t金额\r\n'
            '招商\t"第一行\n第二行"\t1,200\r\n'
            '安置\t"他说""好""\r\n就这样"\t３００\r\n')
    assert parse_tsv(text) == [["名称", "内容", "金额"],
                               ["招商", "第一行\n第二行", "1,200"],
                               ["安置", '他说"好"\n就这样', "３００"]]


def test_lf_rows_empty_cells_and_ragged_rows_make_a_rectangle():
    assert parse_tsv("a\t\tc\nd") == [["a", "", "c"], ["d", "", ""]]
    assert parse_tsv("a\t") == [["a", ""]]
    assert parse_tsv("a\r\rb") == [["a"], [""], ["b"]]
    assert parse_tsv("") == []
    assert parse_tsv("one cell\r\n") == [["one cell"]]
    assert parse_tsv("x\x00") == [["x"]]


def test_quotes_that_do_not_make_a_quoted_cell_are_plain_text():
    assert parse_tsv('"Hello" world\tb') == [['"Hello" world', "b"]]
    assert parse_tsv('"never closed\tb') == [['"never closed', "b"]]
    assert parse_tsv('mid "quote"\tb') == [['mid "quote"', "b"]]


def test_format_quotes_what_excel_quotes_and_round_trips():
    rows = [["a", "tab\there", "line\nbreak"], ['say "hi"', "", "plain"]]
    text = format_tsv(rows)
    assert text == 'a\t"tab\there"\t"line\nbreak"\r\n"say ""hi"""\t\tplain'
    assert parse_tsv(text) == rows
    assert format_tsv([["just text"]]) == "just text"  # pastes into any text box as itself


def test_is_block():
    assert is_block("a\tb") and is_block("a\nb") and not is_block("a") and not is_block('"a\nb"')


COLUMNS = (S.Field("name", "名称"), S.Field("content", "内容", S.LONG_TEXT, max_chars=10),
           S.Field("amount", "金额", S.AMOUNT))


def test_fit_folds_breaks_in_single_line_fields_and_cuts_at_the_limit():
    fitted = fit_block([["甲\n乙", "x" * 12, "1,000"]], COLUMNS, 0)
    assert fitted.rows == [["甲 乙", "x" * 10, "1,000"]]
    assert "「内容」" in fitted.notice and "10" in fitted.notice
    assert fit_block([["a\nb"]], COLUMNS, 1).notice == ""


def test_a_block_wider_than_the_columns_is_refused_with_a_message():
    with pytest.raises(PasteRefused) as refused:
        fit_block([["a", "b", "c", "d"]], COLUMNS, 0)
    assert "4 列" in refused.value.message and "3 列" in refused.value.message
    with pytest.raises(PasteRefused) as refused:
        fit_block([["a", "b"]], COLUMNS, 2)
    assert "「金额」" in refused.value.message


def test_clipboard_and_paste_modules_do_not_load_qt():
    code = (
        "import sys, types, importlib\n"
        "import desktop_app\n"
        # the gui package's __init__ loads Qt; these modules must not need it
        f"for name, path in (('desktop_app.gui', {str(ROOT / 'desktop_app' / 'gui')!r}),"
        f" ('desktop_app.gui.grid', {str(ROOT / 'desktop_app' / 'gui' / 'grid')!r})):\n"
        "    m = types.ModuleType(name); m.__path__ = [path]; sys.modules[name] = m\n"
        "importlib.import_module('desktop_app.gui.grid.clipboard')\n"
        "importlib.import_module('desktop_app.gui.grid.paste')\n"
        "print(sorted(m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))))")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "[]"
