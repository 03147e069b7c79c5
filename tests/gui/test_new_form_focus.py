"""新建 of any kind of form (issue 20, item 9): after 新建 → 项目支出 no field had focus (the
clerk's first keystrokes went nowhere) and the title said 部门整体… until the first edit. Every
kind gets what a department form gets at start: its own title, and the first field of its first
tab focused, in the window that was empty as in a new one."""

from __future__ import annotations

from PySide6.QtWidgets import QApplication

from tests.forms import MODELS

from .conftest import commit_text


def _fresh_title(qtbot, model) -> str:
    from desktop_app.gui.main_window import MainWindow

    fresh = MainWindow(model.new())
    qtbot.addWidget(fresh)
    return fresh.windowTitle()


def _focused_first_field(window) -> bool:
    first = window.pages[0].first_input()
    return window.tabs.currentIndex() == 0 and window.focusWidget() is first and first is not None


def test_new_of_every_kind_in_an_empty_window_has_its_title_and_the_first_field_focused(qtbot, window, clerk):
    assert _focused_first_field(window)  # as a department form starts
    for kind in [*range(len(MODELS)), 0]:  # each kind, and back to the first
        model = MODELS[kind]
        clerk.form_kind = kind
        window.new_action.trigger()
        assert window.form.spec is model.spec
        assert window.windowTitle() == _fresh_title(qtbot, model) and model.spec.title in window.windowTitle()
        assert window.is_pristine() and _focused_first_field(window), model.spec.title
        qtbot.waitUntil(lambda: QApplication.focusWidget() is window.pages[0].first_input(), timeout=3000)
    # The clerk's first keystrokes land in that field.
    first = QApplication.focusWidget()
    commit_text(first, "第一次输入")
    assert first.objectName() and window.form.get(first.objectName()) == "第一次输入"


def test_new_of_another_kind_from_a_window_with_a_form_focuses_the_new_window_s_first_field(qtbot, window,
                                                                                              clerk):
    from desktop_app.gui.main_window import WINDOWS

    commit_text(QApplication.focusWidget(), "正在填写")
    try:
        for kind, model in enumerate(MODELS):
            clerk.form_kind = kind
            window.new_action.trigger()
            new = WINDOWS[-1]
            qtbot.waitExposed(new)
            assert new.form.spec is model.spec and new.windowTitle() == _fresh_title(qtbot, model)
            assert _focused_first_field(new), model.spec.title
    finally:
        for w in list(WINDOWS):
            w.close()
