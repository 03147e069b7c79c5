import json
import re
from decimal import Decimal

import pytest

from desktop_app.core import fingerprint
from desktop_app.core import jsonio
from desktop_app.core.errors import FormError


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
