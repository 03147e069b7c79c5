"""Field kinds as objects: each says how its values parse, show, store, carry into next year and
what is wrong with them; the engine (JSON, draft, schema, next year, check) asks the kind."""

from __future__ import annotations

import copy
import pickle
from decimal import Decimal

import pytest

from desktop_app.core import kinds as K
from desktop_app.core import spec as S
from desktop_app.core.checks import check
from desktop_app.core.draftfile.rows import form_from_rows, schema_of, table_rows
from desktop_app.core.jsonio import from_dict, to_dict
from desktop_app.core.errors import FormError
from desktop_app.core.nextyear import next_year
from desktop_app.core.schema import schema as json_schema

from .minimal_form import model

RATE = S.Field("rate", "执行率", S.PERCENTAGE)
SCORE = S.Field("score", "得分", S.SCORE)
MODEL = model(fields=(RATE, SCORE))


def test_every_kind_is_one_object_that_survives_copies_and_pickles():
    for kind in K.KINDS.values():
        assert copy.deepcopy(kind) is kind
        assert pickle.loads(pickle.dumps(kind)) is kind
    assert S.Field("a", "甲", S.SCORE) == S.Field("a", "甲", S.SCORE)
    assert S.Field("a", "甲", S.SCORE) != S.Field("a", "甲", S.AMOUNT)


@pytest.mark.parametrize("typed, value", [("95", Decimal("95")), ("99.73%", Decimal("99.73")),
                                          ("９９．７３％", Decimal("99.73")), ("", None)])
def test_a_percentage_is_typed_with_or_without_its_sign_and_shown_with_it(typed, value):
    assert S.PERCENTAGE.typed(typed) == (value, None)
    assert S.PERCENTAGE.show(value) == ("" if value is None else f"{value:.2f}%")


def test_a_score_shows_two_decimals_and_carries_at_most_two():
    assert S.SCORE.show(Decimal("9.5")) == "9.50"
    assert S.SCORE.problem(Decimal("9.555")) == "分数最多保留2位小数"
    assert S.SCORE.problem(Decimal("-1")) == "分数不能为负数"
    assert S.SCORE.problem(Decimal("9.55")) is None
    value, message = S.SCORE.typed("九十")
    assert value == "九十" and "不是有效的分数" in message


def test_new_kinds_go_through_json_draft_schema_next_year_and_check():
    form = from_dict({"format": "test-minimal/1", "year": Decimal(2025), "rate": "99.5", "score": Decimal("8.25")},
                     MODEL)
    assert (form.rate, form.score) == (Decimal("99.5"), Decimal("8.25"))
    assert to_dict(form)["rate"] == "99.5" and to_dict(form)["score"] == "8.25"
    rows = table_rows(form)
    assert schema_of(MODEL.spec)["form"][1]["score"] is str
    back = form_from_rows(MODEL, lambda t: dict(zip(schema_of(MODEL.spec)[t][1], rows[t][0])), lambda t: [])
    assert (back.rate, back.score) == (form.rate, form.score)
    schema = json_schema(MODEL.spec)["properties"]
    assert schema["rate"]["anyOf"][1]["pattern"].endswith("[%\\uff05]?$")
    new = next_year(form)
    assert (new.year, new.rate, new.score) == (2026, None, None)
    form.score = Decimal("1.234")
    assert any(p.path == "score" and "最多保留2位小数" in p.message for p in check(form))


def test_a_score_that_is_not_a_number_is_refused_in_json_with_its_own_word():
    with pytest.raises(FormError, match="得分（score）：「九十」不是有效的分数"):
        from_dict({"format": "test-minimal/1", "year": None, "rate": None, "score": "九十"}, MODEL)


def test_a_choice_printed_as_boxes_ticks_the_chosen_one_and_keeps_other_words():
    f = S.Field("attribute", "项目属性", S.BOXES, choices=("新增项目", "延续项目"))
    assert S.BOXES.printed(f, "延续项目") == "新增项目□　延续项目▣"
    assert S.BOXES.printed(f, "") == "新增项目□　延续项目□"
    assert S.BOXES.printed(f, "常年性项目") == "常年性项目"
    assert S.CHOICE.printed(f, "延续项目") == "延续项目"
