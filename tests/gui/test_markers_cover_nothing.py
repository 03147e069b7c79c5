"""A review comment's marker never hides what it is about (issue 20, item 8): 区本级使用资金 showed
``157,594`` with ``.62`` under the bubble. In the smallest window, beside the 审核意见 panel, every
marked amount shows its whole value left of its mark; a long text keeps a strip for the mark
above its first line; a total keeps room beside its figure; a table's mark sits by its buttons."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QRect, Qt
from PySide6.QtWidgets import QAbstractItemView, QAbstractScrollArea, QLabel, QLineEdit, QPushButton, QToolButton

from desktop_app.core import jsonio
from desktop_app.core.draftfile import save_draft
from desktop_app.core.review import Comment
from tests.conftest import SEED_PATH

DIRECT = Qt.FindChildOption.FindDirectChildrenOnly
AMOUNTS = {"budget.district_level": "157594.62", "budget.basic_expenditure": "1234567890.123456",
           "budget.transfer_to_lower": "98765432.10"}


def _returned(tmp_path, paths):
    form = jsonio.load(SEED_PATH)
    for path, value in AMOUNTS.items():
        form.set(path, Decimal(value))
    form.review.comments = [Comment(path, f"请核实：{path}") for path in paths]
    draft = tmp_path / "returned.jxmb"
    save_draft(draft, form)
    return draft


def _smallest(qtbot, make_window, draft):
    window = make_window(draft)
    window.showNormal()
    window.resize(window.minimumSize())
    qtbot.waitUntil(window.desk.panel.isVisible, timeout=3000)
    window.build_all_pages()
    return window


def _in_window(widget, rect: QRect) -> QRect:
    return QRect(widget.mapTo(widget.window(), rect.topLeft()), rect.size())


def shown_whole(edit: QLineEdit) -> bool:
    """Whether the field shows its whole text, left of any mark inside it: the cursor put at
    the end and then at the start moves by the text's full width (Qt scrolls a text that does
    not fit, so the cursor stays visible) and the end lies left of the marks."""
    def cursor_at(position: int) -> int:
        edit.setCursorPosition(position)
        edit.repaint()  # the field works out its scrolling when it paints
        return edit.cursorRect().center().x()

    end = cursor_at(len(edit.text()))
    start = cursor_at(0)
    marks = [b.geometry().left() for b in edit.findChildren(QToolButton) if b.isVisible()]
    return end - start >= edit.fontMetrics().horizontalAdvance(edit.text()) - 1 and all(end <= m for m in marks)


def test_every_marked_amount_shows_its_whole_value_in_the_smallest_window(qtbot, make_window, tmp_path):
    window = _smallest(qtbot, make_window, _returned(tmp_path, AMOUNTS))
    window.focus_path("budget.district_level")
    window.desk.markers.refresh()
    qtbot.wait(50)
    for path in AMOUNTS:
        edit = window.widget_for(path)
        assert [b for b in edit.findChildren(QToolButton) if b.isVisible()], path  # marked
        assert edit.text() == f"{Decimal(AMOUNTS[path]):,}" and shown_whole(edit), path
    # Resolved, the marks go and give their room back; the values still show whole.
    for i in range(len(AMOUNTS)):
        window.desk.edits.set_resolved(i, True)
    window.desk.markers.refresh()
    qtbot.wait(50)
    for path in AMOUNTS:
        edit = window.widget_for(path)
        assert not [b for b in edit.findChildren(QToolButton) if b.isVisible()] and shown_whole(edit), path


def test_a_marker_beside_a_long_text_a_total_or_a_table_covers_none_of_it(qtbot, make_window, tmp_path):
    window = _smallest(qtbot, make_window, _returned(tmp_path, ["overall_goal", "budget.by_level", "tasks[1].amount"]))
    markers = window.desk.markers
    for path, kind in (("overall_goal", QAbstractScrollArea), ("budget.by_level", QLabel),
                       ("tasks[1].amount", QAbstractItemView)):
        window.focus_path(path)
        markers.refresh()
        qtbot.wait(50)
        widget, marker = markers.placed[markers.widget_name(window.form, path)]
        assert isinstance(widget, kind) and marker.isVisible(), path

        def covers_nothing() -> bool:
            mark = _in_window(marker.parentWidget(), marker.geometry())
            if isinstance(widget, QAbstractItemView):
                # Its cells and headings, above its row of buttons, which the mark joins (a
                # squeezed page may lay the row over the table's last pixels: buttons and mark alike).
                content = _in_window(widget.parentWidget(), widget.geometry())
                buttons = [_in_window(b.parentWidget(), b.geometry())
                           for b in marker.parentWidget().findChildren(QPushButton, options=DIRECT)]
                if not buttons:
                    return False  # not beside the table's buttons
                if any(mark.intersects(b) for b in buttons) or mark.top() < min(b.top() for b in buttons):
                    return False
                content.setBottom(min(content.bottom(), min(b.top() for b in buttons) - 1))
            elif isinstance(widget, QAbstractScrollArea):
                content = _in_window(widget, widget.viewport().geometry())     # the text's lines
            else:
                content = _in_window(widget, widget.contentsRect())            # where the figure is drawn
                if content.width() < widget.fontMetrics().horizontalAdvance(widget.text()):
                    return False
            return not mark.intersects(content)

        qtbot.waitUntil(covers_nothing, timeout=3000)  # once the page is laid out again
    # Gone with its comment: the long text's strip and the total's margin are given back.
    text = window.widget_for("overall_goal")
    top = text.viewport().geometry().top()
    window.desk.edits.set_resolved(0, True)
    markers.refresh()
    assert text.viewport().geometry().top() < top
    assert window.findChild(QLabel, markers.widget_name(window.form, "budget.by_level")).contentsMargins().right() > 0
    window.desk.edits.set_resolved(1, True)
    markers.refresh()
    assert window.findChild(QLabel, markers.widget_name(window.form, "budget.by_level")).contentsMargins().right() == 0
