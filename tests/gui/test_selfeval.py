"""The self-evaluation in the window: every 三级指标 in its grid, typing an 实际完成值 updates its
得分, the 总分, the 等级 and the bars at once; a suggested 得分 and a typed one look different;
rows that need a 偏差原因 are marked; the window, the PDF and the print agree on every figure."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel

from desktop_app.core import draftfile, jsonio
from desktop_app.forms.selfeval import declaration as D
from desktop_app.forms.selfeval.rules import NEEDS_REASON
from desktop_app.forms.selfeval.start import self_evaluation_of
from desktop_app.gui.grid.cells import DERIVED_COLOUR, ERROR_COLOUR
from desktop_app.gui.scorebars import ScoreBars
from desktop_app.printing.render import render_pdf

from .conftest import export_pdf

ROOT = Path(__file__).resolve().parents[2]
FIXTURE = ROOT / "tests" / "fixtures" / "self-eval-form.json"
R = Qt.ItemDataRole


@pytest.fixture
def fixture_draft(tmp_path) -> Path:
    path = tmp_path / "卫片执法.jxmb"
    draftfile.save_draft(path, jsonio.load(FIXTURE))
    return path


def status(window, key: str) -> str:
    return window.findChild(QLabel, f"status__{key}").text()


def grid(window):
    window.tabs.setCurrentIndex([p.title for p in D.PAGES].index(D.INDICATORS.label))
    return window.part_for(D.INDICATORS.key)


def cell(part, row: int, key: str):
    return part.model.index_for_path(f"{D.INDICATORS.key}[{row}].{key}")


def type_into(qtbot, part, row: int, key: str, text: str) -> None:
    """As a clerk types on a selected cell: the first key opens the editor, Enter commits."""
    part.view.go_to(cell(part, row, key))
    qtbot.keyClick(part.view, text[0])
    editor = QApplication.focusWidget()
    qtbot.keyClicks(editor, text[1:])
    qtbot.keyClick(editor, Qt.Key.Key_Return)


def test_the_fixture_opens_scored_with_its_bars(qtbot, make_window, fixture_draft):
    window = make_window(fixture_draft)
    assert [window.tabs.tabText(i).split(" ")[0] for i in range(window.tabs.count())] == [p.title for p in D.PAGES]
    part = grid(window)
    assert [part.model.data(part.model.index_for_indicator(i)) for i in range(5)] == \
        [row.name for row in window.form.indicators]
    assert status(window, "score") == "总分 94.00 / 100，自评等级 优"
    bars = window.findChild(ScoreBars, "status__score__bars")
    qtbot.waitUntil(bars.isVisible, timeout=3000)
    assert [b[0] for b in bars.bars] == ["执行率", "产出", "效益", "满意度", "总分"]
    assert [(str(got), str(full)) for _, got, full in bars.bars][1] == ("47.00", "50")


def test_typing_an_actual_value_updates_its_score_the_total_and_the_grade_at_once(qtbot, make_window, fixture_draft):
    window = make_window(fixture_draft)
    part = grid(window)
    score = cell(part, 4, D.SCORE_FIELD.key)
    assert part.model.data(score) == "10.00"
    type_into(qtbot, part, 4, D.ACTUAL.key, "50")
    # ≥95%: 10 × 50 / 95 = 5.263... -> 5.26; 总分 94 − 10 + 5.26 = 89.26: 良
    assert window.form.indicators[4].actual == "50"
    assert part.model.data(score) == "5.26"
    assert status(window, "score") == "总分 89.26 / 100，自评等级 良"
    assert str(window.findChild(ScoreBars, "status__score__bars").bars[3][1]) == "5.26"
    window.document.undo_stack.undo()
    assert part.model.data(score) == "10.00" and status(window, "score") == "总分 94.00 / 100，自评等级 优"


def test_a_suggested_score_and_a_typed_one_are_told_apart(qtbot, make_window, fixture_draft):
    window = make_window(fixture_draft)
    part = grid(window)
    suggested, typed = cell(part, 4, D.SCORE_FIELD.key), cell(part, 3, D.SCORE_FIELD.key)
    assert part.model.data(suggested, R.FontRole).italic()
    assert part.model.data(suggested, R.ForegroundRole).color() == DERIVED_COLOUR
    assert "自动计算" in part.model.data(suggested, R.ToolTipRole)
    assert not part.model.data(typed, R.FontRole).italic()
    assert part.model.data(typed, R.ToolTipRole).startswith("手填：27.00")  # and what it would be: 30.00
    assert "30.00" in part.model.data(typed, R.ToolTipRole)
    type_into(qtbot, part, 4, D.SCORE_FIELD.key, "9.5")
    assert not part.model.data(suggested, R.FontRole).italic() and part.model.data(suggested) == "9.50"
    assert status(window, "score").startswith("总分 93.50")


def test_the_reading_of_each_value_is_shown_beside_it_and_rows_needing_a_reason_are_marked(qtbot, make_window,
                                                                                           fixture_draft):
    window = make_window(fixture_draft)
    part = grid(window)
    # the fixture states its readings; clear one row's to see the program's
    window.document.set_value(f"{D.INDICATORS.key}[3].{D.NATURE.key}", "")
    window.document.set_value(f"{D.INDICATORS.key}[3].{D.TARGET_NUMBER.key}", "")
    window.document.set_value(f"{D.INDICATORS.key}[3].{D.UNIT.key}", "")
    shown = [part.model.data(cell(part, 3, k)) for k in (D.NATURE.key, D.TARGET_NUMBER.key, D.UNIT.key)]
    assert shown == ["≥", "95", "%"] and part.model.data(cell(part, 3, D.NATURE.key), R.FontRole).italic()
    reason = cell(part, 0, D.DEVIATION.key)
    assert part.model.data(reason) == NEEDS_REASON
    assert part.model.data(reason, R.ForegroundRole).color() == ERROR_COLOUR
    window.document.set_value(f"{D.INDICATORS.key}[0].{D.DEVIATION.key}", "资料归档滞后")
    assert part.model.data(reason) == "资料归档滞后"
    assert part.model.data(cell(part, 4, D.DEVIATION.key)) == ""  # scored in full: nothing to explain


def test_the_funds_page_says_the_execution_rate_and_its_score(make_window, fixture_draft):
    window = make_window(fixture_draft)
    window.tabs.setCurrentIndex([p.title for p in D.PAGES].index("项目资金"))
    assert status(window, "execution") == "执行率 100.00%，执行率得分 10.00（手填） / 10"
    window.document.set_value(D.EXECUTION_SCORE.key, None)
    window.document.set_value(D.fund_path("total", "executed"), jsonio.parse_json("7.27"))
    # 10 × 7.27 / 7.29 = 9.9725... -> 9.97
    assert status(window, "execution") == "执行率 99.73%，执行率得分 9.97 / 10"


def test_a_self_evaluation_started_from_the_project_form_opens_with_every_indicator(qtbot, make_window, tmp_path):
    target = jsonio.load(ROOT / "resources" / "samples" / "project-form.json")
    path = tmp_path / "自评.jxmb"
    draftfile.write_fresh_draft(path, self_evaluation_of(target))
    window = make_window(path)
    part = grid(window)
    assert [part.model.data(part.model.index_for_indicator(i)) for i in range(9)] == \
        [row.name for row in target.indicators]
    type_into(qtbot, part, 8, D.ACTUAL.key, "85")  # ≥90%, 分值 10: 10 × 85 / 90 = 9.44
    assert part.model.data(cell(part, 8, D.SCORE_FIELD.key)) == "9.44"
    assert status(window, "score").startswith("总分 9.44 / 100，自评等级 差")


def test_the_window_and_the_pdf_agree_on_every_figure(qtbot, make_window, clerk, fixture_draft, tmp_path):
    from tests.printing.readback import open_pdf, page_text

    window = make_window(fixture_draft)
    part = grid(window)
    type_into(qtbot, part, 4, D.ACTUAL.key, "50")
    clerk.pdf_path = tmp_path / "自评.pdf"
    export_pdf(qtbot, window)
    data = clerk.pdf_path.read_bytes()
    assert data == render_pdf(window.form)  # the preview shows this very PDF
    with open_pdf(data) as pdf:
        text = page_text(pdf.pages[0]).replace(" ", "")
    for row in range(5):
        assert part.model.data(cell(part, row, D.SCORE_FIELD.key)) in text
    assert "89.26" in status(window, "score") and "89.26" in text and "自评等级：良" in text
    assert "100.00%" in status(window, "execution") and "100.00%" in text


def test_a_self_evaluation_started_from_an_open_project_draft(qtbot, make_window, clerk, tmp_path, monkeypatch):
    import hashlib

    from desktop_app.gui import dialogs

    asked = []
    monkeypatch.setattr(dialogs, "ask_started_path", lambda parent, title, suggested: asked.append(suggested)
                        or tmp_path / "自评")
    source = tmp_path / "物业管理.jxmb"
    draftfile.save_draft(source, jsonio.load(ROOT / "resources" / "samples" / "project-form.json"))
    before = hashlib.sha256(source.read_bytes()).hexdigest()
    window = make_window(source)
    actions = window.desk.offer_starts()
    assert [a.text() for a in actions] == [f"以此为基础新建{D.TITLE}…"]
    assert window.desk.offer_starts()[0] is not actions[0]  # offered afresh each time, never twice
    assert len([a for a in window.desk._file_menu.actions() if a.objectName() == "action_start"]) == 1
    actions = window.desk.offer_starts()
    actions[0].trigger()
    started = next(w for w in QApplication.topLevelWidgets()
                   if getattr(w, "form", None) is not None and w.form.spec.format_id == D.FORMAT_ID)
    assert started is not window and len(started.form.indicators) == 9
    assert started.session.path == (tmp_path / "自评.jxmb").resolve()
    assert asked[0].endswith(f"{D.TITLE}.jxmb")
    assert hashlib.sha256(source.read_bytes()).hexdigest() == before  # the target is only read
    started.close()


def test_a_department_draft_offers_no_self_evaluation(make_window, tmp_path):
    source = tmp_path / "部门.jxmb"
    draftfile.save_draft(source, jsonio.load(ROOT / "resources" / "samples" / "seed-form.json"))
    window = make_window(source)
    assert window.desk.offer_starts() == []
