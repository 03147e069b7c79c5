"""The seam between the main window and the parts that attach to it (the reviewer's desk).

The window imports no extension and no extension imports the window: each knows only this
module. An extension is registered once at start-up by name (``register``; ``gui/__init__.py``
registers the desk) and is made for each window, once that window is painted or when first
wanted, from the window's ``WindowSeam``: the named places where an extension may put its
menus, panels and toolbar, the moments it may follow, and what it may ask of the draft and of
the window. That is all an extension may use of a window; the window's own members stay its own.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

import shiboken6
from PySide6.QtCore import Qt

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtGui import QAction
    from PySide6.QtWidgets import QDockWidget, QMainWindow, QMenu, QTabWidget, QToolBar, QWidget

    from ..core.model import FormBase
    from .controller import DraftController
    from .document import FormDocument


class Host(Protocol):
    """What a window must have for its seam (``MainWindow``): the seam reads these, an
    extension never does."""

    document: FormDocument
    controller: DraftController
    tabs: QTabWidget
    file_menu: QMenu
    view_menu: QMenu
    close_action: QAction

    @property
    def read_only(self) -> bool: ...
    def save_now(self) -> bool: ...
    def display_name(self) -> str: ...
    def nearby_folder(self) -> Path: ...
    def focus_path(self, path: str) -> None: ...
    def unlock_content(self) -> None: ...
    def open_path(self, path) -> bool: ...
    def open_for_review(self, received, inbox: Path | None = None) -> bool: ...
    def open_in_window(self, path, review_from: Path | None = None) -> Any: ...
    def bring_to_front(self) -> None: ...


DESK = "desk"  # the name the reviewer's desk is registered by

# An extension is made from a window's seam; what it returns is the window's handle on it.
Factory = Callable[["WindowSeam"], object]

_FACTORIES: dict[str, Factory] = {}


def register(name: str, factory: Factory) -> None:
    """``factory(seam)`` is made for every window, in the order of registration."""
    _FACTORIES[name] = factory


def registered() -> list[str]:
    return list(_FACTORIES)


class WindowSeam:
    """One window as its extensions see it. A plain object, not a child of the window: a part
    that outlives its window (the folder window a review was started from) can still ask
    ``alive`` and open a draft in a new window."""

    def __init__(self, window: Host, open_in_new_window: Callable[[Path, Path | None], Any]):
        self._window = window
        self._open_in_new_window = open_in_new_window
        self._extensions: dict[str, object] | None = None
        self._review_started: list[Callable[[], None]] = []

    # -- the extensions ---------------------------------------------------------------------

    def install(self) -> None:
        """Makes every registered extension for this window (once)."""
        if self._extensions is not None:
            return
        self._extensions = {}
        for name, factory in _FACTORIES.items():
            self._extensions[name] = factory(self)

    def extension(self, name: str) -> Any:
        """This window's extension registered as ``name``, made now if it was not yet."""
        self.install()
        assert self._extensions is not None
        return self._extensions[name]

    # -- places -----------------------------------------------------------------------------

    @property
    def widget(self) -> QMainWindow:
        """The window as a Qt parent (of an extension's actions, panels, overlays and dialogs),
        and to tell which widgets are in it."""
        return self._window  # type: ignore[return-value]

    def holds(self, widget: QWidget) -> bool:
        """Whether ``widget`` is in this window."""
        return widget.window() is self._window

    @property
    def file_menu(self) -> QMenu:
        return self._window.file_menu

    def add_to_file_menu(self, actions: list[QAction]) -> None:
        """Above 关闭窗口, followed by a separator."""
        close = self._window.close_action
        for action in actions:
            self.file_menu.insertAction(close, action)
        self.file_menu.insertSeparator(close)

    def add_menu(self, title: str, name: str) -> QMenu:
        """A menu of its own on the menu bar, after the window's."""
        from PySide6.QtWidgets import QMenu

        bar = self.widget.menuBar()
        menu = QMenu(title, bar)
        menu.setObjectName(name)
        bar.addMenu(menu)
        return menu

    def add_to_view_menu(self, action: QAction) -> None:
        """查看: a panel's show/hide toggle."""
        self._window.view_menu.addAction(action)

    def add_side_panel(self, panel: QDockWidget) -> None:
        self.widget.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, panel)

    def add_toolbar_row(self, bar: QToolBar) -> None:
        """A toolbar on a row of its own, below the window's."""
        self.widget.addToolBarBreak()
        self.widget.addToolBar(bar)

    def show_message(self, text: str, ms: int) -> None:
        """A passing note in the status bar."""
        self.widget.statusBar().showMessage(text, ms)

    def widget_named(self, name: str) -> QWidget | None:
        """The widget of the form called ``name`` if its tab is built (none is built for this)."""
        from PySide6.QtWidgets import QWidget

        return self.widget.findChild(QWidget, name)

    # -- moments ----------------------------------------------------------------------------

    @property
    def tab_shown(self) -> SignalInstance:
        """A tab of the form is shown (its widgets may be new)."""
        return self._window.tabs.currentChanged

    def on_review_started(self, callback: Callable[[], None]) -> None:
        """``callback()`` whenever the window shows a received draft under review. (The form
        being replaced is the document's ``formReplaced``.)"""
        self._review_started.append(callback)

    def review_started(self) -> None:
        """Told by the window: the extensions are made first, so that they all hear it."""
        self.install()
        for callback in list(self._review_started):
            callback()

    # -- the draft --------------------------------------------------------------------------

    @property
    def document(self) -> FormDocument:
        return self._window.document

    @property
    def form(self) -> FormBase:
        return self._window.document.form

    @property
    def received(self) -> Path | None:
        """The received file under review, if this window reviews one."""
        return self._window.controller.received

    @property
    def source(self) -> Path | None:
        return self._window.controller.source

    @property
    def inbox(self) -> Path | None:
        return self._window.controller.inbox

    @property
    def content_unlocked(self) -> bool:
        return self._window.controller.unlocked

    @property
    def read_only(self) -> bool:
        return self._window.read_only

    def mark_dirty(self) -> None:
        self._window.controller.mark_dirty()

    def save_now(self) -> bool:
        return self._window.save_now()

    def unlock_content(self) -> None:
        self._window.unlock_content()

    def display_name(self) -> str:
        return self._window.display_name()

    def nearby_folder(self) -> Path:
        return self._window.nearby_folder()

    def focus_path(self, path: str) -> None:
        self._window.focus_path(path)

    # -- windows ----------------------------------------------------------------------------

    @property
    def alive(self) -> bool:
        return shiboken6.isValid(self._window)

    def open_path(self, path) -> bool:
        return self._window.open_path(path)

    def open_for_review(self, received, inbox: Path | None = None) -> bool:
        return self._window.open_for_review(received, inbox)

    def open_in_window(self, path, review_from: Path | None = None) -> WindowSeam | None:
        """Here if this window holds nothing, else in a new one; the seam of the window it is in."""
        opened = self._window.open_in_window(path, review_from)
        return opened.seam if opened is not None else None

    def open_in_new_window(self, path, review_from: Path | None = None) -> WindowSeam | None:
        """In a new window (this one may be gone): the new window's seam, None if it failed."""
        opened = self._open_in_new_window(Path(path), review_from)
        return opened.seam if opened is not None else None

    def bring_to_front(self) -> None:
        self._window.bring_to_front()
