"""A self-evaluation started from its target (SELF-EVAL.md, *Starting from the target*): from the
central project form and from the 湖南式 edition's content; the target is only read."""

from __future__ import annotations

import hashlib
import json
from decimal import Decimal

import pytest

from desktop_app.core import jsonio
from desktop_app.core.checks import check
from desktop_app.core.files import load_form
from desktop_app.forms.selfeval import declaration as D
from desktop_app.forms.selfeval import rules
from desktop_app.forms.selfeval.start import self_evaluation_of, spread
from tests.conftest import ROOT
from tests.robustness.support import run_cli

PROJECT = ROOT / "resources" / "samples" / "project-form.json"
HUNAN = ROOT / "tests" / "fixtures" / "project-form-hunan.json"


def test_weights_are_spread_evenly_with_the_remainder_on_the_last_row():
    # 50 / 4 = 12.5 each; 30 / 4 = 7.5; 50 / 3 = 16.66, 16.66 and 50 − 33.32 = 16.68
    assert spread(Decimal(50), 4) == [Decimal("12.50")] * 4
    assert spread(Decimal(50), 3) == [Decimal("16.66"), Decimal("16.66"), Decimal("16.68")]
    assert spread(Decimal(10), 1) == [Decimal(10)]
    assert spread(Decimal(10), 0) == []


def test_from_the_central_project_form():
    target = jsonio.load(PROJECT)
    form = self_evaluation_of(target)
    assert form.spec.format_id == D.FORMAT_ID
    assert (form.year, form.project_name, form.department, form.implementing_unit) == \
        (2021, target.project_name, target.department, target.implementing_unit)
    assert form.goal_expected == target.annual_goal and form.goal_achieved == ""
    assert form.funds.total_initial == Decimal(1125) and form.funds.fiscal_initial == Decimal(1125)
    assert form.funds.other_initial is None and form.funds.total_budget is None
    assert [(r.level1, r.level2, r.name, r.target) for r in form.indicators] == \
        [(i.level1, i.level2, i.name, i.annual_value) for i in target.indicators]
    # 产出 4 rows: 12.5 each; 效益 4 rows: 7.5 each; 满意度 1 row: 10
    assert [r.weight for r in form.indicators] == [Decimal("12.50")] * 4 + [Decimal("7.50")] * 4 + [Decimal(10)]
    assert all(r.actual == "" and r.score is None and r.deviation == "" for r in form.indicators)
    # the weights add up, so no error names the table itself; what is asked is the year-end's part
    paths = {p.path for p in check(form)}
    assert "indicators" not in paths and "goal_achieved" in paths and D.BUDGET_PATH in paths


def test_from_an_edition_with_other_fund_rows():
    from desktop_app import forms

    from . import carryover_edition as E

    forms.register(E.MODEL)
    try:
        data = json.loads(PROJECT.read_text(encoding="utf-8"))
        data.update(format=E.FORMAT_ID, project_leader="张三", leader_phone="")
        data["funds"].update(annual_fiscal="1000", annual_carryover="125", annual_total=None, period_carryover=None)
        target = jsonio.loads(json.dumps(data, ensure_ascii=False))
        form = self_evaluation_of(target)
    finally:
        forms.unregister(E.FORMAT_ID)
    # 年度资金总额 left empty on the target: 1000 + 125 (its computed value) is carried
    assert (form.funds.total_initial, form.funds.fiscal_initial, form.funds.carryover_initial) == \
        (Decimal(1125), Decimal(1000), Decimal(125))
    assert len(form.indicators) == 9 and form.implementing_unit == data["implementing_unit"]


def test_from_the_hunan_edition_satisfaction_moves_to_its_own_level1_and_own_funds_count_as_other():
    from desktop_app.forms import model_for

    if model_for("project-performance-target-hunan/1") is None:
        pytest.skip("the 湖南式 edition is not declared on this branch yet")
    data = json.loads(HUNAN.read_text(encoding="utf-8"))
    form = self_evaluation_of(jsonio.loads(json.dumps(data, ensure_ascii=False)))
    assert form.implementing_unit == data["project_unit"] and form.year == 2021
    assert form.funds.total_initial == Decimal("10606.7522")
    assert form.funds.fiscal_initial == Decimal("6923.3552")
    assert form.funds.other_initial == Decimal("3683.3970")  # 自有资金 0 + 其他 3683.3970
    assert [(r.level1, r.level2) for r in form.indicators][-1] == ("满意度指标", "服务对象满意度指标")
    assert [r.target for r in form.indicators] == [i["value"] for i in data["annual_indicators"]]
    # 产出 3 rows: 16.66, 16.66, 16.68; 效益 1 row: 30; 满意度 1 row: 10
    assert [r.weight for r in form.indicators] == [Decimal("16.66"), Decimal("16.66"), Decimal("16.68"),
                                                   Decimal(30), Decimal(10)]
    assert jsonio.loads(jsonio.dumps(form)) == form


def test_typing_actual_values_into_a_started_form_scores_it():
    form = self_evaluation_of(jsonio.load(PROJECT))
    form.funds.total_budget = form.funds.fiscal_budget = Decimal(1125)
    form.funds.total_executed = form.funds.fiscal_executed = Decimal(1100)
    form.indicators[0].actual = "8"                  # 8个 of 8个: 12.5
    form.indicators[4].actual = "96%"                # ≥95%: 7.5
    form.indicators[8].actual = "85"                 # ≥90%: 10 × 85 / 90 = 9.444 -> 9.44
    ev = rules.evaluate(form)
    # 10 × 1100 / 1125 = 9.777... -> 9.78; 9.78 + 12.5 + 7.5 + 9.44 = 39.22
    assert ev.execution == Decimal("9.78") and ev.total == Decimal("39.22") and ev.grade == "差"
    assert ev.missing == 6


def test_the_command_reads_the_target_and_writes_a_new_draft(tmp_path):
    target = tmp_path / "target.jxmb"
    assert run_cli("import", str(PROJECT), "-o", str(target)).returncode == 0
    before = hashlib.sha256(target.read_bytes()).hexdigest(), target.stat().st_mtime_ns
    out = tmp_path / "self.jxmb"
    r = run_cli("self-eval", str(target), "-o", str(out))
    assert r.returncode == 0, r.stderr
    assert (hashlib.sha256(target.read_bytes()).hexdigest(), target.stat().st_mtime_ns) == before
    form = load_form(out)
    assert form.spec.format_id == D.FORMAT_ID and len(form.indicators) == 9
    assert "9 项三级指标" in r.stdout.decode("utf-8")


def test_the_command_refuses_a_form_that_is_not_a_project_target(tmp_path):
    r = run_cli("self-eval", str(ROOT / "resources" / "samples" / "seed-form.json"), "-o", str(tmp_path / "x.jxmb"))
    assert r.returncode == 2 and "Traceback" not in r.stderr.decode("utf-8")
    assert "只能从项目的绩效目标申报表生成" in r.stderr.decode("utf-8") and not (tmp_path / "x.jxmb").exists()
