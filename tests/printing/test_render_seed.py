"""The seed form printed and read back: every filled-in text, the amounts as the paper shows
them, the fixed indicator tree, A4, embedded fonts, identical bytes, page numbers, fingerprint,
the signature block and the line-breaking rules."""

from __future__ import annotations

from decimal import Decimal

from pdfminer.pdftypes import resolve1

from desktop_app.core import fingerprint, jsonio
from desktop_app.core.amounts import format_amount
from desktop_app.printing import grid
from desktop_app.printing.linebreak import NO_LINE_END, NO_LINE_START
from desktop_app.printing.render import render_pdf
from tests import department as labels
from tests.conftest import SEED_PATH

from .readback import GRID, column_text, drawn_lines, open_pdf, page_text, squash

A4 = (595.2756, 841.8898)


def test_every_filled_in_text_of_the_seed_is_printed(seed_pdf, seed_form):
    with open_pdf(seed_pdf) as pdf:
        full = column_text(pdf, 1, 5)
        assert squash(seed_form.department) in full
        assert squash(seed_form.overall_goal) in full
        names, contents = column_text(pdf, 1), column_text(pdf, 2, 2)
        amounts, goals = column_text(pdf, 4), column_text(pdf, 5)
        for task in seed_form.tasks:
            assert squash(task.name) in names
            # a task broken across pages has the heading row repeated between its parts
            assert squash(task.content) in contents.replace(labels.TASK_COLUMNS["content"], "")
            assert format_amount(task.amount) in amounts
            assert squash(task.goal) in goals.replace(labels.TASK_COLUMNS["goal"], "")
        third, period, annual = column_text(pdf, 3), column_text(pdf, 4), column_text(pdf, 5)
        for ind in seed_form.indicators:
            assert squash(ind.name) in third
            assert squash(ind.period_value) in period
            assert squash(ind.annual_value) in annual


def test_amounts_print_right_aligned_with_separators_and_their_precision(seed_pdf, seed_form):
    with open_pdf(seed_pdf) as pdf:
        lines = drawn_lines(pdf)
        for shown in ("3,738.11", "153,811.51", "157,549.62", "15,574.81", "0.00"):
            assert any(line.text == shown for line in lines), shown
        right_edge = GRID.column_x(4) - grid.PAD_X  # column D, 预算金额
        basic = next(line for line in lines if line.text == "3,738.11")
        project = next(line for line in lines if line.text == "153,811.51")
        assert abs(basic.x1 - right_edge) < 0.5 and abs(project.x1 - right_edge) < 0.5

    seed_form.budget.special_funds = Decimal("968.1918")
    with open_pdf(render_pdf(seed_form)) as pdf:
        assert any(line.text == "968.1918" for line in drawn_lines(pdf))


def test_the_whole_indicator_tree_prints_in_order_including_empty_slots(seed_pdf):
    with open_pdf(seed_pdf) as pdf:
        level1, level2 = column_text(pdf, 1), column_text(pdf, 2)
    positions = []
    for l1 in labels.INDICATOR_TREE:
        assert l1.name in level1
        for l2 in l1.children:
            assert l2.name in level2  # 成本指标, 生态效益指标, 可持续影响指标 have no rows in the seed
            positions.append(level2.rindex(l2.name))
    assert len(positions) == 9 and positions == sorted(positions)


def test_layout_words_of_the_paper_form(seed_pdf):
    with open_pdf(seed_pdf) as pdf:
        first = page_text(pdf.pages[0])
        assert first.startswith(labels.FORM_TITLE)
        assert labels.UNIT_SEAL in first and labels.YEAR in first
        title = [c for c in pdf.pages[0].chars if c["text"] == labels.FORM_TITLE[0]][0]
        assert title["size"] > 15  # larger than the grid's 9 pt

        sections = column_text(pdf, 0)
        order = [sections.index(squash(w)) for w in (
            labels.SECTION_DEPARTMENT, labels.SECTION_BUDGET, labels.SECTION_OVERALL_GOAL,
            labels.SECTION_TASKS, labels.SECTION_OTHER_TASKS, labels.SECTION_INDICATORS)]
        assert order == sorted(order)

        left, right = column_text(pdf, 1, 2), column_text(pdf, 4)
        for (left_head, left_fields), (right_head, right_fields) in (
                (labels.BUDGET_GROUPS[0], labels.BUDGET_GROUPS[1]),
                (labels.BUDGET_GROUPS[2], labels.BUDGET_GROUPS[3])):
            assert left_head in left and right_head in right
            for name in left_fields:
                assert labels.BUDGET_FIELD_LABELS[name] in left
            for name in right_fields:
                assert labels.BUDGET_FIELD_LABELS[name] in right
        assert column_text(pdf, 3).count(labels.AMOUNT_HEADING) == 2
        assert column_text(pdf, 5).count(labels.AMOUNT_HEADING) == 2

        for (col, span), key in zip(((1, 1), (2, 2), (4, 1), (5, 1)), ("name", "content", "amount", "goal")):
            assert labels.TASK_COLUMNS[key] in column_text(pdf, col, span)
        for col, key in enumerate(("level1", "level2", "name", "period_value", "annual_value"), 1):
            assert labels.INDICATOR_COLUMNS[key] in column_text(pdf, col)


def test_pages_are_a4_portrait_and_numbered(seed_pdf):
    with open_pdf(seed_pdf) as pdf:
        count = len(pdf.pages)
        assert count >= 2
        for number, page in enumerate(pdf.pages, 1):
            assert (round(page.width, 2), round(page.height, 2)) == (round(A4[0], 2), round(A4[1], 2))
            assert f"第{number}页共{count}页" in page_text(page)


def test_fonts_are_embedded_subsets(seed_pdf):
    assert b"Helvetica" not in seed_pdf
    with open_pdf(seed_pdf) as pdf:
        used = {c["fontname"] for page in pdf.pages for c in page.chars}
        seen = set()
        for page in pdf.pages:
            for ref in resolve1(page.page_obj.resources["Font"]).values():
                font = resolve1(ref)
                name = font["BaseFont"].name
                descriptor = resolve1(font["FontDescriptor"])
                assert "FontFile2" in descriptor, name
                assert name[6] == "+" and name[:6].isupper(), name  # a subset's tag
                seen.add(name)
        assert used <= seen


def test_two_renders_are_identical_bytes(seed_pdf, seed_form):
    assert render_pdf(seed_form) == seed_pdf
    assert render_pdf(jsonio.load(SEED_PATH)) == seed_pdf


def test_seed_pdf_is_small(seed_pdf):
    assert len(seed_pdf) < 150_000


def test_fingerprint_on_every_page(seed_pdf, seed_form):
    printed = fingerprint.fingerprint(seed_form)
    with open_pdf(seed_pdf) as pdf:
        for page in pdf.pages:
            assert f"内容指纹{printed}" in page_text(page)


def test_fingerprint_follows_the_content(seed_form):
    seed_form.tasks[0].goal += "。"
    with open_pdf(render_pdf(seed_form)) as pdf:
        assert fingerprint.fingerprint(seed_form) in page_text(pdf.pages[0])


def test_signature_block_on_the_last_page_only_and_not_alone(seed_pdf):
    words = [labels.SIGNOFF_LABELS["preparer"], labels.SIGNOFF_LABELS["phone"],
             labels.SIGNOFF_HEAD_SIGNATURE, labels.SIGNOFF_LABELS["date"], labels.SEAL]
    with open_pdf(seed_pdf) as pdf:
        last = page_text(pdf.pages[-1])
        for word in words:
            assert word in last
        for page in pdf.pages[:-1]:
            assert labels.SIGNOFF_HEAD_SIGNATURE not in page_text(page)
        # the grid ends on the same page, above the signatures
        count = len(pdf.pages)
        grid_lines = [line for line in drawn_lines(pdf) if line.page == count]
        signature = [line for line in drawn_lines(pdf, size=None) if line.page == count
                     and line.text.startswith(labels.SIGNOFF_LABELS["preparer"])]
        assert grid_lines and len(signature) == 1
        assert max(line.top for line in grid_lines) < signature[0].top
        assert squash(jsonio.load(SEED_PATH).indicators[-1].name)[-4:] in column_text(pdf, 3)[-20:]


def test_signoff_values_are_printed(seed_form):
    seed_form.signoff.preparer, seed_form.signoff.phone = "王小明", "020-82110000"
    seed_form.signoff.head, seed_form.signoff.date = "李大华", "2026-01-15"
    with open_pdf(render_pdf(seed_form)) as pdf:
        last = page_text(pdf.pages[-1])
    for value in ("王小明", "020-82110000", "李大华", "2026年1月15日"):  # the date in the paper's form
        assert value in last


def test_year_in_the_header(seed_form):
    seed_form.year = 2026
    with open_pdf(render_pdf(seed_form)) as pdf:
        assert "年度：2026" in page_text(pdf.pages[0])


def test_no_line_starts_or_ends_with_forbidden_punctuation(seed_pdf):
    with open_pdf(seed_pdf) as pdf:
        lines = drawn_lines(pdf)
    assert len(lines) > 150
    for line in lines:
        assert line.text[0] not in NO_LINE_START, line
        assert line.text[-1] not in NO_LINE_END, line


def test_seed_prints_clean_and_an_erroneous_form_prints_as_draft(seed_pdf, seed_form):
    with open_pdf(seed_pdf) as pdf:
        assert all(labels.DRAFT_MARK not in page_text(p) for p in pdf.pages)
    seed_form.budget.fiscal_appropriation = Decimal("150000.00")  # totals no longer agree
    with open_pdf(render_pdf(seed_form)) as pdf:
        for page in pdf.pages:
            big = [c for c in page.chars if c["text"] in labels.DRAFT_MARK and c["size"] > 100]
            assert len(big) == 2  # the large mark across the page
            assert labels.DRAFT_MARK in page_text(page)
