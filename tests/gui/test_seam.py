"""The window and what attaches to it meet at ``gui/seam.py`` (pytest-qt, offscreen): the desk's
menus, shortcuts, panel and toolbar land where they always were, and an extension registered
at start-up is made for each window once it is painted and hears when a review starts."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMenu, QToolBar

from desktop_app.gui import seam


def _entries(menu: QMenu) -> list[str]:
    return ["—" if a.isSeparator() else a.text() for a in menu.actions()]


def _shortcuts(menu: QMenu) -> dict[str, str]:
    return {a.text(): a.shortcut().toString() for a in menu.actions() if not a.shortcut().isEmpty()}


def test_the_desk_puts_its_menus_panel_and_toolbar_where_they_always_were(qtbot, make_window):
    window = make_window()
    qtbot.waitUntil(lambda: window.settled, timeout=5000)  # the desk and the office tools are in
    bar = window.menuBar()
    assert [a.text() for a in bar.actions()] == ["文件(&F)", "编辑(&E)", "查看(&V)", "审核(&R)", "帮助(&H)"]
    assert _entries(window.file_menu) == [
        "新建(&N)", "打开(&O)…", "从 Excel 导入(&I)…", "最近打开的文件(&R)", "—",
        "保存(&S)", "另存为(&A)…", "—",
        "打印预览(&P)…", "导出PDF(&E)…", "导出为 Excel(&X)…", "—",
        "审核文件夹(&V)…", "与另一份草稿比较(&D)…", "以此为基础新建下一年度(&Y)…", "—",
        "关闭窗口(&C)", "退出(&Q)"]
    review = bar.findChild(QMenu, "review_menu")
    assert _entries(review) == [
        "审核模式(&M)", "对当前字段添加审核意见(&A)…", "审核结论(&J)", "修改内容(&E)…", "—",
        "退回(&T)…", "更改退回文件夹(&F)…", "与退回件比较(&C)", "—",
        "上一份(&P)", "下一份(&N)", "—", "审核意见面板(&P)"]
    assert _shortcuts(review) == {"对当前字段添加审核意见(&A)…": "Ctrl+Alt+M", "审核结论(&J)": "Ctrl+Alt+V",
                                  "退回(&T)…": "Ctrl+Alt+T", "与退回件比较(&C)": "Ctrl+Alt+C",
                                  "上一份(&P)": "Alt+PgUp", "下一份(&N)": "Alt+PgDown"}
    assert _entries(window.view_menu)[-3:] == ["—", window.problems.toggleViewAction().text(), "审核意见面板(&P)"]
    assert window.dockWidgetArea(window.desk.panel) == Qt.DockWidgetArea.RightDockWidgetArea
    toolbar = window.findChild(QToolBar, "review_toolbar")
    assert toolbar is window.desk.toolbar and window.toolBarBreak(toolbar) and toolbar.isHidden()


class _Probe:
    """An extension that notes what its window tells it."""

    made: list[seam.WindowSeam] = []

    def __init__(self, window_seam: seam.WindowSeam):
        self.seam = window_seam
        self.reviews: list[object] = []
        # When it is told, the window already shows the received draft.
        window_seam.on_review_started(lambda: self.reviews.append(window_seam.received))
        _Probe.made.append(window_seam)


def test_an_extension_registered_at_start_up_is_made_once_per_window_after_its_first_paint(
        qtbot, monkeypatch, seed_draft, tmp_path):
    from desktop_app.gui.main_window import MainWindow

    _Probe.made = []
    monkeypatch.setitem(seam._FACTORIES, "probe", _Probe)
    assert seam.registered()[:1] == [seam.DESK] and seam.registered()[-1] == "probe"
    window = MainWindow()
    qtbot.addWidget(window)
    assert _Probe.made == []  # not before the clerk sees the window
    window.show()
    qtbot.waitUntil(lambda: window.settled, timeout=5000)
    assert _Probe.made == [window.seam]
    probe = window.seam.extension("probe")
    assert probe.seam is window.seam and window.seam.extension(seam.DESK) is window.desk
    assert window.open_for_review(seed_draft)
    assert probe.reviews == [seed_draft] and window.desk.review_mode
    assert _Probe.made == [window.seam]  # made once

    # Wanted before the first paint (a draft opened for review at once), it is made then.
    received = tmp_path / "another.jxmb"
    received.write_bytes(seed_draft.read_bytes())
    early = MainWindow()
    qtbot.addWidget(early)
    assert early.open_for_review(received)
    assert _Probe.made == [window.seam, early.seam] and early.seam.extension("probe").reviews == [received]
