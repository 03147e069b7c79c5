"""Reading a 指标值 (SELF-EVAL.md, *Reading a 指标值*): every value of every fixture form, the
spec's examples, and the full-width and word forms real forms use."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest

from desktop_app.core.indicator_values import QUALITATIVE, Reading, read_achieved, read_value, stated

ROOT = Path(__file__).resolve().parents[2]
Q = Reading(QUALITATIVE)


def r(op: str, number: str, unit: str) -> Reading:
    return Reading(op, Decimal(number), unit)


# Every distinct 指标值 of the four fixture forms, with how it must read.
FIXTURE_VALUES = {
    # seed-form.json (部门整体)
    "≥15名/年": r("≥", "15", "名/年"),
    "≥4500人": r("≥", "4500", "人"),
    "≥450人": r("≥", "450", "人"),
    "≥50项": r("≥", "50", "项"),
    "≥5项": r("≥", "5", "项"),
    "≥3000件": r("≥", "3000", "件"),
    "≥500件": r("≥", "500", "件"),
    "≥6次/年": r("≥", "6", "次/年"),
    ">6家/年": r(">", "6", "家/年"),
    "≥30名/年": r("≥", "30", "名/年"),
    "展馆每年不少于10000人次，展厅不少于3000人次": Q,             # two numbers
    "每年完成技术审查至少25宗及技术咨询服务至少17宗": Q,            # two numbers
    "≥300家/年": r("≥", "300", "家/年"),
    "≥5个": r("≥", "5", "个"),
    "≥120公顷": r("≥", "120", "公顷"),
    "≥90亩": r("≥", "90", "亩"),
    "100%": r("=", "100", "%"),
    "不低于1人次/月": r("≥", "1", "人次/月"),
    "≥90%": r("≥", "90", "%"),
    "年度更新的知识城区域正射影像和鸟瞰图用于超过10个重点产业项目选址": r(">", "10", "个重点产业项目选址"),
    "≥1宗/年": r("≥", "1", "宗/年"),
    "≥100%": r("≥", "100", "%"),
    "≥95%": r("≥", "95", "%"),
    "≥5份": r("≥", "5", "份"),
    "0次": r("=", "0", "次"),
    "≤5次": r("≤", "5", "次"),
    # project-form.json
    "8个": r("=", "8", "个"),
    "房屋设备、设施的管理到位，环境卫生整洁，车辆停放有序": Q,
    "2021年全年": Q,                                              # a year is when, not how much
    "≤1125万元": r("≤", "1125", "万元"),
    "显著改善": Q,
    "显著提高": Q,
    "持续保障": Q,
    # project-form-hunan.json
    "≥20个": r("≥", "20", "个"),
    "明显改善": Q,
    "≥3处": r("≥", "3", "处"),
    "≤10606.7522万元": r("≤", "10606.7522", "万元"),
    "有所提升": Q,
    # self-eval-form.json
    "﹦72890元": r("=", "72890", "元"),
    "﹦100%": r("=", "100", "%"),
}


def _values(node, out: set[str]) -> set[str]:
    """Every string under a key that holds a 指标值 in one of the fixture formats."""
    if isinstance(node, dict):
        for key, value in node.items():
            if key in ("period_value", "annual_value", "value", "target") and isinstance(value, str) and value:
                out.add(value)
            else:
                _values(value, out)
    elif isinstance(node, list):
        for item in node:
            _values(item, out)
    return out


FIXTURES = [ROOT / "resources" / "samples" / name for name in ("seed-form.json", "project-form.json")] \
    + [ROOT / "tests" / "fixtures" / name for name in ("project-form-hunan.json", "self-eval-form.json")]


def test_the_table_above_holds_every_value_of_every_fixture():
    found = set()
    for path in FIXTURES:
        _values(json.loads(path.read_text(encoding="utf-8")), found)
    assert found == set(FIXTURE_VALUES)


@pytest.mark.parametrize("text", sorted(FIXTURE_VALUES))
def test_every_fixture_value_reads_as_expected(text):
    assert read_value(text) == FIXTURE_VALUES[text]


def test_the_self_evaluation_fixture_states_what_its_values_read_as():
    form = json.loads((ROOT / "tests" / "fixtures" / "self-eval-form.json").read_text(encoding="utf-8"))
    for row in form["indicators"]:
        assert read_value(row["target"]) == stated(row["nature"], Decimal(row["target_number"]), row["unit"])


@pytest.mark.parametrize("text, expected", [
    # the spec's examples not already in the fixtures
    ("每年完成技术审查至少25宗", r("≥", "25", "宗")),
    ("优良", Q),
    # full-width digits, signs, point, comma and percent; blanks anywhere
    ("≥９５％", r("≥", "95", "%")),
    ("＞＝９５．５%", r("≥", "95.5", "%")),
    ("＜＝3天", r("≤", "3", "天")),
    ("＞6家", r(">", "6", "家")),
    ("＜ 2 次", r("<", "2", "次")),
    ("＝100%", r("=", "100", "%")),
    (">=8个", r("≥", "8", "个")),
    ("≧8个", r("≥", "8", "个")),
    ("≦8个", r("≤", "8", "个")),
    ("１０，０００人次", r("=", "10000", "人次")),
    ("≥ 1,234.5 元", r("≥", "1234.5", "元")),
    # words before the number, and the negated words that contain another
    ("不少于10000人次", r("≥", "10000", "人次")),
    ("达到95%", r("≥", "95", "%")),
    ("不高于3%", r("≤", "3", "%")),
    ("不超过3次", r("≤", "3", "次")),
    ("超过3次", r(">", "3", "次")),
    ("不多于2起", r("≤", "2", "起")),
    ("低于5%", r("<", "5", "%")),
    # words after the unit
    ("95%以上", r("≥", "95", "%")),
    ("5天以内", r("≤", "5", "天")),
    ("10人以下", r("≤", "10", "人")),
    # the unit ends where another clause starts
    ("≥95%，且无投诉", r("≥", "95", "%")),
    # no number, two numbers, a range: 定性
    ("", Q),
    ("按时完成", Q),
    ("1-2次", Q),
    ("1,5次", Q),
    ("２０２１年全年", Q),
])
def test_other_forms_real_values_take(text, expected):
    assert read_value(text) == expected


def test_a_reading_is_shown_as_the_clerk_sees_it():
    assert read_value("不低于1人次/月").shown() == "≥ 1 人次/月"
    assert read_value("100%").shown() == "= 100 %"
    assert read_value("优良").shown() == "定性"


def test_an_actual_value_is_its_number_and_unit_and_a_bare_number_takes_the_targets_unit():
    assert read_achieved("95", "%") == r("=", "95", "%")
    assert read_achieved("96%", "%") == r("=", "96", "%")
    assert read_achieved("7.289万元", "元") == r("=", "7.289", "万元")
    assert read_achieved("已完成", "%") is None
    assert read_achieved("", "%") is None


def test_the_stated_cells_override_the_text_only_when_they_say_something():
    assert stated("≥", Decimal("95"), " % ") == r("≥", "95", "%")
    assert stated("定性", None, "") == Q
    assert stated("", Decimal("95"), "%") is None
    assert stated("≥", None, "%") is None        # an operator without its number
    assert stated("≥", "九十五", "%") is None    # text kept as typed is not a number
    assert stated("约", Decimal("95"), "%") is None
