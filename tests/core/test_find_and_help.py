"""The domain of 查找 (``core.find``) and of the help (``core.fieldhelp``): Qt-free, from the
declaration of every form."""

from __future__ import annotations

from decimal import Decimal

import pytest

from desktop_app.core import jsonio, spec as S
from desktop_app.core.fieldhelp import every_field_path, field_help
from desktop_app.core.find import find_all, searched_paths
from tests.forms import IDS, MODELS, sample_path


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_every_declared_field_has_help_saying_what_it_takes_and_its_limit(model):
    paths = every_field_path(model.spec)
    assert len(paths) == len(list(model.spec.scalar_paths())) + sum(len(t.columns) for t in model.spec.tables)
    for path in paths:
        item = field_help(model.spec, path)
        f = model.spec.field_at(path)
        text = item.text()
        assert item.title == f.label and f"最多 {f.limit} 个字符" in text
        assert ("必填" in text) if f.required else ("可以不填" in text)
        assert item.where.startswith("在「")
    assert field_help(model.spec, "no_such_field") is None


def test_help_names_the_rules_a_field_takes_part_in(seed_form):
    spec = seed_form.spec
    basic = field_help(spec, "budget.basic_expenditure").text()
    assert "计入「部门预算支出」合计" in basic and "万元" in basic
    name = field_help(spec, "indicators[3].name").text()
    assert "「绩效指标」表" in name and "每个一级指标" in name
    assert field_help(spec, "tasks.amount").text().count("年度重点工作任务资金合计") == 1


def test_help_of_a_total_computed_from_its_parts():
    model = next(m for m in MODELS if any(f.computed_from for _, f in m.spec.scalar_paths()))
    path, f = next((p, f) for p, f in model.spec.scalar_paths() if f.computed_from)
    text = field_help(model.spec, path).text()
    assert "留空时按" in text and all(model.spec.field_at(p).label in text for p in f.computed_from)
    part = field_help(model.spec, f.computed_from[0]).text()
    assert f"计入「{f.label}」" in part


def test_find_goes_tab_by_tab_in_the_window_s_order_and_ignores_case_and_width(seed_form):
    seed_form.signoff.phone = "ABC-123"
    assert [m.path for m in find_all(seed_form, "ａｂｃ")] == ["signoff.phone"]
    assert find_all(seed_form, "  ") == []
    paths = searched_paths(seed_form)
    assert paths.index("department") < paths.index("overall_goal") < paths.index("tasks[0].name") \
        < paths.index("indicators[0].name") < paths.index("signoff.phone")
    word = "知识城"
    matches = find_all(seed_form, word)
    assert len({m.path for m in matches}) > 5
    for m in matches:
        assert seed_form.get(m.path)[m.start:m.end] == word


def test_find_reads_amounts_as_shown(seed_form):
    seed_form.budget.basic_expenditure = Decimal("3738.11")
    assert any(m.path == "budget.basic_expenditure" for m in find_all(seed_form, "3,738.11"))


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_find_covers_every_value_of_every_form(model):
    form = jsonio.load(sample_path(model.spec))
    paths = set(searched_paths(form))
    for path, _ in form.spec.scalar_paths():
        assert path in paths or not any(path in getattr(part, "paths", ()) or getattr(part, "path", "") == path
                                        for page in form.spec.pages for part in page.parts)
    for table in form.spec.tables:
        for i in range(len(form.rows(table.key))):
            for column in table.value_columns:
                assert f"{table.key}[{i}].{column.key}" in paths
    assert all(form.spec.field_at(p) is not None and form.spec.field_at(p).kind != S.LEVEL for p in paths)
