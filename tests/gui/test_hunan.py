"""The 湖南式 edition in the window: every section as a tab, every value in place, both indicator
tables as trees, and offered by 新建."""

from __future__ import annotations

from decimal import Decimal

from desktop_app.core import draftfile, jsonio
from desktop_app.core.amounts import format_amount
from desktop_app.forms import project_hunan
from desktop_app.forms.project_hunan import declaration as H
from tests.forms import MODELS, sample_path

from .conftest import field, type_amount

HUNAN_KIND = next(i for i, m in enumerate(MODELS) if m.spec is project_hunan.FORM)


def test_the_edition_opens_with_every_section_and_value(qtbot, make_window, tmp_path):
    form = jsonio.load(sample_path(project_hunan.FORM))
    path = tmp_path / "hunan.jxmb"
    draftfile.save_draft(path, form)
    window = make_window(path)
    assert [window.tabs.tabText(i) for i in range(window.tabs.count())] == [p.title for p in H.PAGES]
    assert window.form == form
    for key in ("project_name", "project_unit", "project_leader", "project_period"):
        assert field(window, key).text() == form.get(key)
    assert field(window, "project_attribute").currentText() == "延续项目"
    assert field(window, "funds.other").text() == format_amount(form.funds.other)
    for key in ("overview", "basis", "feasibility", "necessity", "long_term_goal", "annual_goal"):
        assert field(window, key).toPlainText() == form.get(key)
    for table in (H.LONG_TERM, H.ANNUAL):
        model = window.part_for(table.key).model
        rows = form.rows(table.key)
        assert [model.data(model.index_for_indicator(i)) for i in range(len(rows))] == [r.name for r in rows]
    schedule = window.part_for("schedule").model
    assert schedule.rowCount() == len(form.schedule)
    type_amount(qtbot, window, "funds.fiscal_local", "100")
    assert window.form.funds.fiscal_local == Decimal(100)


def test_new_offers_the_edition(window, clerk):
    clerk.form_kind = HUNAN_KIND
    window.new_action.trigger()
    assert any(H.TITLE in kind for kind in clerk.form_kinds[-1])
    assert window.form.spec is project_hunan.FORM
