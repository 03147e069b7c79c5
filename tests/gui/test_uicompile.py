"""The Designer files compiled by uic build the same dialogs QUiLoader builds, and a compiled
module always follows its ``.ui``: it is named by the file's content."""

from __future__ import annotations

import shutil

import pytest
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QLabel,
    QLayout,
    QPlainTextEdit,
    QWidget,
)

from desktop_app import paths
from desktop_app.gui import uicompile, uiload

UI_FILES = sorted(paths.ui_dir().glob("*.ui"))

pytestmark = pytest.mark.skipif(uicompile.uic_command() is None, reason="PySide6's uic is not installed")


def _layout_items(layout: QLayout):
    """Where each widget and nested layout sits in ``layout``, by object name."""
    items = []
    for i in range(layout.count()):
        item = layout.itemAt(i)
        thing = item.widget() or item.layout()
        name = (type(thing).__name__, thing.objectName()) if thing is not None else ("spacer", "")
        if isinstance(layout, QGridLayout):
            where = layout.getItemPosition(i)
        elif isinstance(layout, QFormLayout):
            row, role = layout.getItemPosition(i)
            where = (row, role.name)
        else:
            where = (i,)
        items.append((name, tuple(where)))
        if item.layout() is not None:
            items.append(_layout_items(item.layout()))
    return (type(layout).__name__, layout.objectName(), items)


def _tree(page: QWidget):
    widgets = sorted(
        (type(w).__name__, w.objectName(), w.text() if isinstance(w, QLabel) else
         w.title() if isinstance(w, QGroupBox) else "", w.parentWidget().objectName())
        for w in page.findChildren(QWidget))
    layouts = [_layout_items(w.layout()) for w in [page, *page.findChildren(QWidget)] if w.layout() is not None]
    return type(page).__name__, page.objectName(), widgets, layouts


@pytest.mark.parametrize("ui", UI_FILES, ids=lambda p: p.name)
def test_a_compiled_section_is_the_one_quiloader_builds(qtbot, ui, tmp_path):
    compiled = uiload._compiled(ui, None)
    loaded = uiload._loaded(ui, None)
    qtbot.addWidget(compiled)
    qtbot.addWidget(loaded)
    tree = _tree(compiled)
    assert len(tree[2]) >= 4 and tree[3], "nothing compared"
    assert tree == _tree(loaded)


def test_an_edited_ui_file_is_compiled_again(qtbot, tmp_path):
    source = paths.ui_dir() / "comment_editor.ui"
    ui = tmp_path / source.name
    shutil.copy(source, ui)
    cache = tmp_path / "cache"
    first = uicompile.find_or_compile(ui, tmp_path / "none", cache)
    ui.write_text(ui.read_text(encoding="utf-8").replace('name="count"', 'name="renamed"'),
                  encoding="utf-8")
    second = uicompile.find_or_compile(ui, tmp_path / "none", cache)
    assert second != first and "renamed" in second.read_text(encoding="utf-8")
    page = QDialog()
    qtbot.addWidget(page)
    uicompile.ui_class(ui, tmp_path / "none", cache)().setupUi(page)
    assert page.findChild(QLabel, "renamed") is not None and page.findChild(QLabel, "count") is None


def test_no_compiled_module_is_stale_against_its_ui_file(tmp_path):
    """What a bundle carries (``ui/compiled``, made by ``compile_folder`` at build time) and what
    the data folder holds are named by the content of a ``.ui`` file as it is now."""
    built = uicompile.compile_folder(paths.ui_dir(), tmp_path / "compiled")
    expected = {uicompile.module_name(ui, ui.read_bytes()) for ui in UI_FILES}
    assert {p.name for p in built.glob("*.py")} == expected
    bundled = paths.ui_dir() / "compiled"
    if bundled.exists():
        assert {p.name for p in bundled.glob("*.py")} <= expected, "stale modules in ui/compiled"


def test_without_uic_the_dialog_is_loaded_by_quiloader(qtbot, monkeypatch, tmp_path):
    monkeypatch.setattr(uicompile, "uic_command", lambda: None)
    monkeypatch.setattr(uicompile, "_loaded", {})
    monkeypatch.setenv("BUDGET_FORM_DATA_DIR", str(tmp_path / "fresh"))
    ui = paths.ui_dir() / "comment_editor.ui"
    assert uiload._compiled(ui, None) is None
    dialog = uiload.load_ui(ui.name)
    qtbot.addWidget(dialog)
    assert isinstance(dialog, QDialog) and dialog.findChild(QPlainTextEdit, "comment_text").tabChangesFocus()


def test_a_missing_ui_file_is_a_missing_part_of_the_installation(qtbot, monkeypatch, tmp_path):
    monkeypatch.setattr(paths, "ui_dir", lambda: tmp_path)
    with pytest.raises(uiload.MissingPart):
        uiload.load_ui("comment_editor.ui")
