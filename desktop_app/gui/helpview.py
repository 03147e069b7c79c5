"""帮助 in the window (no browser, nothing online): F1 shows the help of the field that has focus
(``core.fieldhelp``, from the declaration), 帮助 → 填报说明 the guide to the clerk's work
(``forms.guide``) and every field of the form, in a dock beside the form."""

from __future__ import annotations

import re
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDockWidget, QTextBrowser

from ..core.fieldhelp import FieldHelp, every_field_path, field_help

if TYPE_CHECKING:
    from .main_window import MainWindow

_DETAIL = re.compile(r"([a-z_][a-z0-9_]*)__detail__([a-z_][a-z0-9_]*)")


def focused_path(window: "MainWindow") -> str | None:
    """The field the clerk is in: an input named by its path, a grid's current cell, or a long
    text of a row shown below its table."""
    spec = window.form.spec
    widget = QApplication.focusWidget()
    while widget is not None and widget is not window:
        name = widget.objectName()
        if name and spec.field_at(name) is not None:
            return name
        model = getattr(widget, "grid_model", None)
        if model is not None:
            index = widget.currentIndex()
            if index.isValid():
                return model.path(index)
            return f"{model.table.key}.{model.table.value_columns[0].key}"
        detail = _DETAIL.fullmatch(name)
        if detail and spec.field_at(f"{detail.group(1)}.{detail.group(2)}") is not None:
            return f"{detail.group(1)}.{detail.group(2)}"
        widget = widget.parentWidget()
    return None


def _anchor(path: str) -> str:
    return "f_" + re.sub(r"\[\d+\]", "", path).replace(".", "_")


def help_html(item: FieldHelp, anchor: str = "") -> str:
    rows = "".join(f"<tr><td style='white-space:nowrap; color:#555; padding-right:8px'>{escape(h)}</td>"
                   f"<td>{escape(t)}</td></tr>" for h, t in item.lines)
    name = f"<a name='{anchor}'></a>" if anchor else ""
    return (f"{name}<h3 style='margin-bottom:2px'>{escape(item.title)}</h3>"
            f"<div style='color:#555'>{escape(item.where)}</div><table cellspacing='2'>{rows}</table>")


class HelpDock(QDockWidget):
    def __init__(self, window: "MainWindow"):
        super().__init__("帮助", window)
        self.setObjectName("help_dock")
        self.window_ = window
        self.browser = QTextBrowser(self)
        self.browser.setObjectName("help_text")
        self.browser.setOpenExternalLinks(False)  # nothing leaves the program
        self.browser.setOpenLinks(True)           # the guide's own anchors
        self.setWidget(self.browser)
        self.shown_path: str | None = None

    def show_focused(self) -> None:
        """F1: the focused field's help; the guide where no field has focus."""
        path = focused_path(self.window_)
        item = field_help(self.window_.form.spec, path) if path else None
        if item is None:
            self.show_guide()
            return
        self.shown_path = path
        self.browser.setHtml(help_html(item) + "<p><a href='#guide'>填报说明…</a></p>")
        self.browser.anchorClicked.connect(self._guide_link, Qt.ConnectionType.UniqueConnection)
        self._reveal()

    def _guide_link(self, url) -> None:
        if url.fragment() == "guide":
            self.show_guide()

    def show_guide(self) -> None:
        """帮助 → 填报说明: the guide, then every field of this form by tab."""
        from ..forms.guide import GUIDE

        spec = self.window_.form.spec
        parts = [f"<h2>{escape(spec.title)} 填报说明</h2>"]
        parts += [f"<h3>{escape(title)}</h3><p>{escape(text)}</p>" for title, text in GUIDE]
        parts.append("<h2>各栏说明</h2>")
        for path in every_field_path(spec):
            item = field_help(spec, path)
            if item is not None:
                parts.append(help_html(item, _anchor(path)))
        self.shown_path = None
        self.browser.setHtml("".join(parts))
        self._reveal()

    def _reveal(self) -> None:
        self.show()
        self.raise_()
        if self.width() < 280:
            self.window_.resizeDocks([self], [max(300, self.window_.width() // 4)], Qt.Orientation.Horizontal)
