"""A number field a declared rule derives (a ratio) shows, left empty, what it is computed as,
in its kind's form, as it changes; typed, it shows what was typed."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtWidgets import QLineEdit

from desktop_app.core import spec as S
from desktop_app.core.ruleset import Ratio
from desktop_app.gui.document import FormDocument
from desktop_app.gui.fields import bind

from ..core.minimal_form import model

FUNDS = S.Group("funds", "资金", (S.Field("budget", "全年预算数", S.AMOUNT), S.Field("executed", "全年执行数", S.AMOUNT),
                                 S.Field("rate", "执行率", S.PERCENTAGE, placeholder="自动计算")))
MODEL = model(groups=(FUNDS,), declared=(Ratio("funds.rate", "funds.executed", "funds.budget", times=Decimal(100)),),
              format_id="test-derived/1")


def test_a_ratio_left_empty_shows_its_computed_value_as_a_percentage(qtbot):
    doc = FormDocument(MODEL.new())
    edit = QLineEdit()
    qtbot.addWidget(edit)
    bind(doc, "funds.rate", edit)
    assert edit.placeholderText() == "自动计算"
    doc.set_value("funds.budget", Decimal(880))
    doc.set_value("funds.executed", Decimal("877.6"))
    assert edit.placeholderText() == "99.73%（自动计算）"
    doc.set_value("funds.budget", Decimal(0))  # undefined: no figure
    assert edit.placeholderText() == "自动计算"
