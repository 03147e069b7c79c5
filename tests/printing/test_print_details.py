"""Details of the printed copy a clerk notices: task names on lines of about nine characters and
no orphaned last character; a row that goes on over a page shows its name again, marked （续）;
dates in one form; the PDF's own title, author and date; text the window would reorder printed
in the same order; nothing a clerk can type stops the printing."""

from __future__ import annotations

from desktop_app.core.synthetic import large_form
from desktop_app.printing.paginate import wrap_cell
from desktop_app.printing.render import render_pdf
from tests import department as labels

from .readback import GRID, drawn_lines, open_pdf, page_text


def test_a_task_name_of_nine_characters_prints_on_one_line(signed_form):
    signed_form.tasks[0].name = "负责知识城企业服务"
    assert len(wrap_cell(signed_form.tasks[0].name, GRID.span_width(1, 1) - 7)) == 1


def test_a_paragraph_does_not_end_in_one_orphaned_character():
    width = GRID.span_width(1, 1) - 7
    text = "统筹对外形象策划与品牌推广"  # as wide as a line and a character more
    lines = wrap_cell(text, width)
    assert len(lines) == 2 and len(lines[-1]) >= 2, lines
    assert wrap_cell("至少125宗", 9 * 4.2) != ["至少12", "5宗"]  # a number is not split for it


def test_a_row_going_on_over_a_page_shows_its_name_again_marked_continued():
    form = large_form(tasks=12, indicators=20, text_length=900)
    with open_pdf(render_pdf(form)) as pdf:
        names = [line for line in drawn_lines(pdf) if line.text.endswith("（续）")]
        assert names, "no task went on over a page: the test exercised nothing"
        for line in names:
            assert GRID.column_x(1) <= line.x0 < GRID.column_x(2)  # in the 名称 column
            stem = line.text[:-len("（续）")].rstrip("…")  # the name's end, or where it was cut short
            assert stem and any(stem in t.name for t in form.tasks)


def test_dates_print_in_one_form(signed_form):
    signed_form.signoff.date = "2026.1.15"
    with open_pdf(render_pdf(signed_form)) as pdf:
        assert "填报日期：2026年1月15日" in page_text(pdf.pages[-1])


def test_the_pdf_names_the_form_the_unit_and_a_date_from_the_content(signed_form):
    with open_pdf(render_pdf(signed_form)) as pdf:
        meta = pdf.metadata
    assert meta["Title"] == f"{labels.FORM_TITLE} — {signed_form.department}"
    assert meta["Author"] == signed_form.department
    assert meta["CreationDate"].startswith("D:20260115")  # its 填报日期, not the clock
    signed_form.signoff.date = ""
    with open_pdf(render_pdf(signed_form)) as pdf:
        assert pdf.metadata["CreationDate"].startswith("D:20260101")  # else 1 January of its year
    assert render_pdf(signed_form) == render_pdf(signed_form)


def test_a_right_to_left_override_prints_as_the_window_shows_it(signed_form):
    signed_form.department = "某某区财政局\u202e教育局"
    with open_pdf(render_pdf(signed_form)) as pdf:
        first = page_text(pdf.pages[0])
    assert "某某区财政局局育教" in first and "\u202e" not in first


def test_a_lone_surrogate_prints_as_the_stand_in(signed_form):
    signed_form.department = "甲\ud800部门"
    signed_form.tasks[0].name = "\udfff"
    with open_pdf(render_pdf(signed_form)) as pdf:
        assert "甲□部门" in page_text(pdf.pages[0])
        assert pdf.metadata["Author"] == "甲□部门"
