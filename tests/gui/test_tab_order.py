"""One tab order for every amount grid (issue 20, item 13): the project's funds grid tabbed down
each column, the department's budget grid across each row. Tab now goes across each row, then
to the next row, as the paper is read, in every declared amount grid of every registered form —
pressed as the clerk presses it, compared with where the fields are on screen."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication

from desktop_app.gui.pages import GridPart
from desktop_app.core import jsonio
from tests.forms import MODELS, sample_path


def _on_screen_order(part, page_widget) -> list[str]:
    """The part's inputs by where they are: top to bottom, and left to right within a row."""
    def at(widget):
        p = widget.mapTo(page_widget, QPoint(0, 0))
        return p.y() + widget.height() // 2, p.x()

    rows: list[list] = []
    for widget in sorted(part.inputs, key=at):
        y, x = at(widget)
        if rows and abs(rows[-1][0][0] - y) < widget.height() // 2:  # the same row of the grid
            rows[-1].append((y, x, widget))
        else:
            rows.append([(y, x, widget)])
    return [w.objectName() for row in rows for _, _, w in sorted(row, key=lambda t: t[1])]


def test_tab_goes_across_each_row_in_every_amount_grid(qtbot):
    from desktop_app.gui.main_window import MainWindow

    grids = 0
    for model in MODELS:
        window = MainWindow(jsonio.load(sample_path(model.spec)))
        qtbot.addWidget(window)
        window.resize(1366, 740)
        window.show()
        qtbot.waitUntil(lambda: window.painted, timeout=3000)
        window.activateWindow()
        qtbot.waitUntil(window.isActiveWindow, timeout=3000)
        for index, page in enumerate(window.pages):
            page.build()
            for part in [p for p in page.parts if isinstance(p, GridPart)]:
                grids += 1
                window.tabs.setCurrentIndex(index)
                qtbot.waitUntil(part.inputs[0].isVisible, timeout=3000)
                expected = _on_screen_order(part, page.widget)
                part.inputs[0].setFocus(Qt.FocusReason.TabFocusReason)
                pressed = [QApplication.focusWidget().objectName()]
                for _ in range(len(part.inputs) - 1):
                    qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
                    focus = QApplication.focusWidget()
                    pressed.append(focus.objectName() if focus is not None else "")
                assert pressed == expected, model.spec.title
    assert grids >= 2  # the department's budget grid and the project's funds grid at least
