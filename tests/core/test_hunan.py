"""项目绩效目标表（湖南式）: the regional edition declared as the central project form plus
changes (forms/project_hunan), a member of the project family."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from desktop_app.core import inbox, jsonio
from desktop_app.core.checks import check
from desktop_app.core.draftfile import save_draft
from desktop_app.core.nextyear import next_year
from desktop_app.core.totals import amount_at
from desktop_app.forms import MODELS, department, project, project_hunan
from desktop_app.forms.project_hunan import declaration as H
from desktop_app.forms.project_hunan.rules import when
from desktop_app.printing.render import render_pdf
from tests.forms import sample_dict
from tests.printing.readback import open_pdf


def _sample():
    return jsonio.loads(json.dumps(sample_dict(project_hunan.FORM), ensure_ascii=False))


def test_it_is_an_edition_of_the_central_form_in_its_family_and_offered_by_the_registry():
    spec = project_hunan.FORM
    assert MODELS[H.FORMAT_ID] is project_hunan.MODEL
    assert spec.edition_of == project.FORM.format_id and spec.kin is project.FORM.kin
    assert spec.path_of("annual_total") == "funds.total" and spec.path_of("unit") == "project_unit"
    assert spec.rules.values is not project.FORM.rules.values


def test_the_fixture_imports_checks_without_errors_and_exports_as_it_came():
    form = _sample()
    assert not [p for p in check(form) if p.severity == "error"]
    assert jsonio.to_dict(form) == sample_dict(project_hunan.FORM)


def test_nested_fund_parts_are_computed_when_left_empty_and_checked_when_typed():
    form = _sample()
    form.funds.total, form.funds.fiscal = None, None
    assert amount_at(form, "funds.fiscal") == Decimal("6923.3552")
    assert amount_at(form, "funds.total") == Decimal("10606.7522")
    assert not [p for p in check(form) if p.severity == "error"]
    form.funds.fiscal = Decimal("6000")
    found = {p.path: p.message for p in check(form)}
    assert "上级财政资金、本级财政之和" in found["funds.fiscal"]


def test_schedule_end_before_start_and_a_named_indicator_without_value_are_errors():
    form = _sample()
    form.schedule[1].start, form.schedule[1].end = "2021-06", "2021-03"
    form.annual_indicators[0].value = ""
    errors = {(p.path, p.message) for p in check(form) if p.severity == "error"}
    assert ("schedule[1].end", "完成时间「2021-03」早于开始时间「2021-06」") in errors
    assert any(path == "annual_indicators[0].value" for path, _ in errors)
    form.schedule[1].start, form.schedule[1].end = "2021-03", "2021"  # a year ends no earlier than its months
    assert not any(p.path.startswith("schedule") for p in check(form))
    assert when("２０２１年３月") == (2021, 3, 0) and when("长期") is None


def test_every_annual_first_level_needs_an_indicator_but_the_long_term_table_may_be_short():
    form = _sample()
    form.annual_indicators = [r for r in form.annual_indicators if r.level1 == "产出指标"]
    form.long_term_indicators = []
    messages = [p.message for p in check(form) if p.severity == "error"]
    assert messages == ["「效益指标」下至少填写一项年度绩效指标"]


def test_it_prints_every_second_level_of_both_tables_and_the_computed_fund_parts():
    form = _sample()
    form.funds.total = None
    # The characters in the order drawn: a label wrapped in its cell stays in one piece.
    text = "".join(c["text"] for page in open_pdf(render_pdf(form)).pages for c in page.chars).replace(" ", "")
    for words in ("项目绩效目标表", "资金总额及构成", "项目实施进度计划", "长期绩效指标", "年度绩效指标", "延续项目▣"):
        assert words in text
    for l1 in H.ANNUAL_TREE.levels:
        for l2 in l1.children:
            assert text.count(l2.name) >= 2, l2.name  # in both indicator tables, empty or not
    assert "10,606.7522" in text


@pytest.mark.parametrize("edition_total", ["1000", None])
def test_review_adds_it_with_the_central_project_and_next_year_writes_the_edition(tmp_path, edition_total):
    dept = jsonio.loads(json.dumps(sample_dict(department.FORM), ensure_ascii=False))
    dept.department, dept.year, dept.budget.project_expenditure = "坝塘镇", 2021, Decimal(1500)
    central = jsonio.loads(json.dumps(sample_dict(project.FORM), ensure_ascii=False))
    central.department, central.year, central.funds.annual_total = "坝塘镇", 2021, Decimal(600)
    regional = _sample()
    if edition_total is None:  # computed from its parts: 6923.3552 + 0 + 3683.3970
        regional.funds.total = None
    else:
        regional.funds.total = Decimal(edition_total)
        regional.funds.fiscal, regional.funds.fiscal_upper, regional.funds.other = Decimal(1000), Decimal(1000), None
    for name, form in (("dept.jxmb", dept), ("central.jxmb", central), ("hunan.jxmb", regional)):
        save_draft(tmp_path / name, form)
    entries = {e.relative: e for e in inbox.review_folder(tmp_path)}
    assert len(entries["dept.jxmb"].cross) == 1 and "2 个项目" in entries["dept.jxmb"].cross[0]
    (column,) = [c for c in inbox.columns() if c.title == "年度资金总额（万元）"]
    assert column.get(entries["hunan.jxmb"]) == amount_at(regional, "funds.total")
    new = next_year(regional)
    assert new.spec is project_hunan.FORM and new.year == 2022 and new.funds.total is None
    assert [r.name for r in new.annual_indicators] == [r.name for r in regional.annual_indicators]
