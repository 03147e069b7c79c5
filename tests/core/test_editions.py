"""An edition declared as its base plus changes (tests/core/carryover_edition.py) runs import,
export, check, print, review and next-year; a family is one kind of form to the reviewer."""

from __future__ import annotations

import json
from decimal import Decimal

import openpyxl
import pytest

from desktop_app import forms
from desktop_app.core import inbox, jsonio
from desktop_app.core.checks import check
from desktop_app.core.diff import compare
from desktop_app.core.draftfile import load_draft, save_draft
from desktop_app.core.editions import Add, Remove, Replace, edition, replaced
from desktop_app.core.nextyear import next_year
from desktop_app.core.workbook import summary_xlsx
from desktop_app.forms import department, project
from desktop_app.forms.project import declaration as P
from desktop_app.printing.render import render_pdf
from tests.forms import sample_dict
from tests.printing.readback import open_pdf, page_text

from . import carryover_edition as E


@pytest.fixture(autouse=True)
def registered():
    forms.register(E.MODEL)
    yield
    forms.unregister(E.FORMAT_ID)


def _edition_dict() -> dict:
    data = sample_dict(project.FORM)
    data["format"] = E.FORMAT_ID
    data["project_leader"], data["leader_phone"] = "张三", "0731-1234567"
    data["project_attribute"] = "常年性项目"
    data["funds"] |= {"period_carryover": None, "annual_carryover": "5", "annual_total": "1130"}
    return data


def _edition():
    return jsonio.loads(json.dumps(_edition_dict(), ensure_ascii=False))


def test_the_edition_is_its_base_plus_changes_with_the_base_s_rules():
    assert E.SPEC.edition_of == project.FORM.format_id and E.SPEC.kin is project.FORM.kin
    assert E.SPEC.rules.values is project.FORM.rules.values and E.SPEC.rules.status is project.FORM.rules.status
    assert set(project.FORM.rules.declared) < set(E.SPEC.rules.declared)


def test_import_export_and_check_of_the_edition(tmp_path):
    form = _edition()
    assert form.spec is E.SPEC and form.project_leader == "张三" and form.funds.annual_carryover == Decimal(5)
    assert jsonio.loads(json.dumps(jsonio.to_dict(form), ensure_ascii=False)) == form
    assert jsonio.to_dict(form)["funds"]["annual_carryover"] == "5"
    save_draft(tmp_path / "e.jxmb", form)
    assert load_draft(tmp_path / "e.jxmb") == form
    form.funds.annual_total = Decimal(1)  # its parts now add up to more: the base's engine rule, three parts
    found = {p.path: p.message for p in check(form)}
    assert "年度财政拨款、年度其他资金、年度上年结转资金之和" in found["funds.annual_total"]
    form.funds.annual_total = None  # computed from its three parts
    assert "funds.annual_total" not in {p.path for p in check(form)}
    form.funds.period_carryover, form.funds.annual_carryover = Decimal(10), Decimal(50)  # the edition's own pair
    assert ("funds.annual_carryover", "年度上年结转资金 50.00 超过中期上年结转资金 10.00") in {
        (p.path, p.message) for p in check(form)}
    form.project_period, form.period_goal = "2021-2023年", ""  # the base's multi-year rule
    assert any(p.path == "period_goal" and "超过一年，须填写中期目标" in p.message for p in check(form))


def test_the_status_line_names_the_edition_s_parts():
    form = E.MODEL.new()
    form.funds.annual_fiscal, form.funds.annual_carryover = Decimal(3), Decimal(2)
    lines = {line.key: line.text for line in E.SPEC.rules.status(form, {})}
    assert lines["annual_total_sum"] == "✓ 年度资金总额 5.00（自动计算：财政拨款 3.00 + 其他资金 0.00 + 上年结转资金 2.00）"


def test_the_edition_prints_its_own_rows():
    pdf = open_pdf(render_pdf(_edition()))
    text = "".join(page_text(p) for p in pdf.pages)
    assert "项目负责人" in text and "张三" in text and "0731-1234567" in text and "上年结转资金" in text
    assert "常年性项目" in text


def test_review_adds_both_editions_into_the_department_and_shows_one_amount_column(tmp_path):
    dept = jsonio.loads(json.dumps(sample_dict(department.FORM), ensure_ascii=False))
    dept.department, dept.year, dept.budget.project_expenditure = "县财政局", 2026, Decimal(1500)
    central = jsonio.loads(json.dumps(sample_dict(project.FORM), ensure_ascii=False))
    central.department, central.year, central.funds.annual_total = "县财政局", 2026, Decimal(1125)
    regional = _edition()
    regional.project_name, regional.department, regional.year = "乡村道路养护", "县财政局", 2026
    regional.funds.annual_total, regional.funds.annual_fiscal = Decimal(1125), Decimal(1120)  # + 5 carried over
    for name, form in (("dept.jxmb", dept), ("central.jxmb", central), ("regional.jxmb", regional)):
        save_draft(tmp_path / name, form)
    entries = {e.relative: e for e in inbox.review_folder(tmp_path)}
    assert entries["dept.jxmb"].cross and "2 个项目" in entries["dept.jxmb"].cross[0]
    assert "2,250.00" in entries["dept.jxmb"].cross[0]
    assert entries["regional.jxmb"].kind == entries["central.jxmb"].kind == "项目支出"
    amount_columns = [c for c in inbox.columns() if c.title == "年度资金总额（万元）"]
    assert len(amount_columns) == 1
    assert {amount_columns[0].get(entries[n]) for n in ("central.jxmb", "regional.jxmb")} == {Decimal(1125)}
    (tmp_path / "summary.xlsx").write_bytes(summary_xlsx(list(entries.values())))
    sheet = openpyxl.load_workbook(tmp_path / "summary.xlsx").active
    header = [c.value for c in sheet[1]]
    assert header.count("年度资金总额\n（万元）") == 1  # (a self-evaluation's 年度资金总额（全年执行数） is another form's)


def test_next_year_of_the_edition_writes_the_edition_and_diff_compares_across_editions():
    form = _edition()
    new = next_year(form)
    assert new.spec is E.SPEC and new.year == form.year + 1 and new.funds.annual_carryover is None
    assert new.project_leader == "张三"
    central = jsonio.loads(json.dumps(sample_dict(project.FORM), ensure_ascii=False))
    changes = {c.path: c for c in compare(central, form)}
    assert changes["project_leader"].new == "张三"
    assert "funds.annual_carryover" in changes and "project_name" not in changes


def test_an_edition_that_names_a_path_it_removed_is_refused_at_declaration():
    with pytest.raises(ValueError, match="department_code"):
        edition(project.FORM, format_id="x/1", title="x", changes=(Remove("department_code"),))
    with pytest.raises(KeyError):
        edition(project.FORM, format_id="x/1", title="x", changes=(Add(E.LEADER, after="no_such_field"),))
    layout = P.PRINT
    layout = replaced(layout, header=replaced(layout.header, unit="project_leader"),
                      sections=tuple(s for s in layout.sections if "implementing_unit" not in str(s)))
    renamed = edition(project.FORM, format_id="x/1", title="x", print_layout=layout, pages=(),
                      changes=(Replace("implementing_unit", E.LEADER),))
    assert dict(renamed.shared)["unit"] == "project_leader" and renamed.unit == ("project_name", "project_leader")


def test_any_member_of_the_family_is_read_through_its_roles():
    from desktop_app.core import family
    from desktop_app.forms import project_hunan

    central = jsonio.loads(json.dumps(sample_dict(project.FORM), ensure_ascii=False))
    hunan = jsonio.loads(json.dumps(sample_dict(project_hunan.FORM), ensure_ascii=False))
    hunan.funds.total = None
    assert family.value(central, "annual_total") == central.funds.annual_total
    assert family.value(hunan, "annual_total") == Decimal("10606.7522")  # computed from its parts
    assert family.value(hunan, "unit") == hunan.project_unit
    assert [t.name for t in family.targets(central)] == [r.name for r in central.indicators]
    found = family.targets(hunan)
    assert [(t.level1, t.level2, t.name, t.value) for t in found] == [
        (r.level1, r.level2, r.name, r.value) for r in hunan.annual_indicators]
