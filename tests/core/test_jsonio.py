import json
import re
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from desktop_app.core import fingerprint, jsonio
from desktop_app.core.errors import FormError
from tests.conftest import ROOT
from tests.forms import IDS, MODELS, sample_dict

from .strategies import FORMS


def test_round_trip_of_the_seed_gives_back_the_same_content(seed_dict, seed_form):
    back = json.loads(jsonio.dumps(seed_form))
    assert back == seed_dict


def test_precision_is_kept(seed_data):
    seed_data["budget"]["basic_expenditure"] = "968.1918"
    seed_data["tasks"][0]["amount"] = "1.123456"
    form = jsonio.from_dict(json.loads(json.dumps(seed_data), parse_float=Decimal))
    out = jsonio.to_dict(form)
    assert out["budget"]["basic_expenditure"] == "968.1918"
    assert out["tasks"][0]["amount"] == "1.123456"


def test_json_numbers_are_read_exactly(seed_data):
    text = json.dumps(seed_data).replace('"3738.11"', "3738.11").replace('"0.00"', "0")
    form = jsonio.loads(text)
    assert form.budget.basic_expenditure == Decimal("3738.11")
    assert str(form.budget.basic_expenditure) == "3738.11"   # not 3738.1099999…
    assert form.budget.other_funds == Decimal(0)


def test_empty_values_may_be_null(seed_data):
    seed_data["department"] = None
    seed_data["budget"]["other_funds"] = None
    seed_data["tasks"][0]["goal"] = None
    form = jsonio.from_dict(seed_data)
    assert form.department == "" and form.budget.other_funds is None and form.tasks[0].goal == ""


@pytest.mark.parametrize("mutate, named", [
    (lambda d: d["budget"].__setitem__("basic_expenditure", "3,7a8.11"), "基本支出"),
    (lambda d: d["tasks"][1].__setitem__("amount", "abc"), "年度重点工作任务第2行"),
    (lambda d: d["tasks"][1].__setitem__("amount", True), "年度重点工作任务第2行"),
    (lambda d: d["budget"].__setitem__("other_funds", [1]), "其他资金"),
    (lambda d: d.__setitem__("department", 5), "部门名称"),
    (lambda d: d.__setitem__("tasks", {}), "年度重点工作任务"),
    (lambda d: d["indicators"][0].__setitem__("level2", "胡乱指标"), "绩效指标第1行"),
    (lambda d: d["indicators"][0].pop("annual_value"), "annual_value"),
    (lambda d: d.__setitem__("extra", 1), "extra"),
    (lambda d: d.__setitem__("format", "other/9"), "格式"),
    (lambda d: d.__setitem__("year", "2026"), "年度"),
    (lambda d: d.pop("budget"), "budget"),
])
def test_malformed_input_is_refused_naming_the_field(seed_data, mutate, named):
    mutate(seed_data)
    with pytest.raises(FormError) as err:
        jsonio.loads(json.dumps(seed_data, ensure_ascii=False))
    assert named in err.value.message


@pytest.mark.parametrize("text", ["", "not json", "[1, 2]", "null", '{"format": NaN}',
                                  '{"a": Infinity}', "[" * 100000, b"\xff\xfe\x00"])
def test_not_a_form_is_refused(text):
    with pytest.raises(FormError):
        jsonio.loads(text)


def test_huge_exponent_is_refused(seed_data):
    text = json.dumps(seed_data).replace('"3738.11"', "1e400")
    with pytest.raises(FormError) as err:
        jsonio.loads(text)
    assert "基本支出" in err.value.message


def test_export_refuses_an_amount_that_is_not_a_number(seed_form):
    seed_form.tasks[0].amount = "3,7a8"
    with pytest.raises(FormError):
        jsonio.to_dict(seed_form)


def test_fingerprint_follows_content(seed_form):
    first = fingerprint.fingerprint(seed_form)
    assert re.fullmatch(r"[0-9a-f]{4}(-[0-9a-f]{4}){7}", first)  # 128 bits, in groups
    assert fingerprint.fingerprint(seed_form) == first
    seed_form.tasks[0].amount += Decimal("0.01")
    assert fingerprint.fingerprint(seed_form) != first
    seed_form.tasks[0].amount = "x"          # a form with a bad amount still has a fingerprint
    assert len(fingerprint.fingerprint(seed_form)) == 39


def test_fingerprint_is_of_a_canonical_form(seed_form):
    import copy

    composed = copy.deepcopy(seed_form)
    seed_form.department = "Cafe\u0301 部门"   # e + combining acute: the same text as é
    composed.department = "Caf\u00e9 部门"
    assert fingerprint.fingerprint(seed_form) == fingerprint.fingerprint(composed)
    composed.department += "\u200b"            # an invisible character is still content
    assert fingerprint.fingerprint(seed_form) != fingerprint.fingerprint(composed)


def test_the_old_fingerprint_of_signed_copies_is_still_recognised(seed_form):
    old = fingerprint.legacy(seed_form)
    assert old == "4b5c5406b8b7"  # what version 0.1 printed on the seed (tests/pins)
    # For text already in NFC (all that is typed) the old digits begin the new fingerprint.
    assert fingerprint.fingerprint(seed_form).replace("-", "").startswith(old)
    assert fingerprint.matches(old.upper(), seed_form)
    assert fingerprint.matches(fingerprint.fingerprint(seed_form), seed_form)
    assert not fingerprint.matches("000000000000", seed_form)


# -- every form --------------------------------------------------------------------------------

@pytest.mark.parametrize("format_id", IDS)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_json_round_trip_loses_nothing(format_id, data):
    form = data.draw(FORMS[format_id])
    text = jsonio.dumps(form)
    assert jsonio.loads(text) == form
    assert jsonio.dumps(jsonio.loads(text)) == text


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_the_sample_round_trips_and_reads_as_its_own_form(model):
    data = sample_dict(model.spec)
    form = jsonio.loads(json.dumps(data, ensure_ascii=False))
    assert form.spec is model.spec
    assert json.loads(jsonio.dumps(form)) == data


def test_the_project_sample_is_the_shared_fixture():
    from tests import project

    fixture = ROOT.parent / "shared" / "fixtures" / "project-form.json"
    if not fixture.exists():
        pytest.skip("the shared fixtures are not beside this checkout")
    assert json.loads(project.SAMPLE_PATH.read_text(encoding="utf-8")) == json.loads(fixture.read_text(encoding="utf-8"))


@pytest.mark.parametrize("mutate, named", [
    # a key of the other form
    (lambda d: d.__setitem__("budget", {}), "budget"),
    (lambda d: d.__setitem__("overall_goal", "x"), "overall_goal"),
    (lambda d: d["funds"].__setitem__("basic_expenditure", "1"), "basic_expenditure"),
    (lambda d: d["funds"].__setitem__("annual_fiscal", "1,1a25"), "年度财政拨款"),
    (lambda d: d["funds"].__setitem__("period_total", "1,1a25"), "funds.period_total"),
    (lambda d: d.__setitem__("project_attribute", "新" * 10_000), "项目属性"),
    (lambda d: d["indicators"][2].__setitem__("level2", "胡乱指标"), "绩效指标第3行"),
    (lambda d: d["indicators"][0].__setitem__("level1", "效益指标"), "绩效指标第1行"),  # 数量指标 is not under it
    (lambda d: d.pop("funds"), "funds"),
    (lambda d: d["funds"].pop("annual_other"), "annual_other"),
    (lambda d: d.__setitem__("indicators", {}), "绩效指标"),
])
def test_malformed_project_json_is_refused_naming_the_field(mutate, named):
    from tests import project

    data = sample_dict(project.FORM)
    mutate(data)
    with pytest.raises(FormError) as err:
        jsonio.loads(json.dumps(data, ensure_ascii=False))
    assert named in err.value.message
    assert "\n" not in err.value.message and len(err.value.message) < 200


def test_a_choice_takes_any_text_as_written_up_to_its_limit():
    from tests import project

    data = sample_dict(project.FORM)
    for value in (*project.CHOICES, "常年性项目", "甲" * project.D.ATTRIBUTE.limit):
        data["project_attribute"] = value
        assert jsonio.loads(json.dumps(data, ensure_ascii=False)).project_attribute == value
