"""The Qt window. It shows and edits ``desktop_app.core``'s model; the rules live there."""

from . import before_qt  # noqa: F401  (first, before the seam below loads Qt: see there)
from .pyside_code import kept_support_code
from .pyside_features import read_sources_plainly
from .refcount_guard import pin_singletons

pin_singletons()  # before any Qt call: see refcount_guard for the PySide6 6.12.0 bug
with kept_support_code():  # PySide6 loads here: see pyside_code
    read_sources_plainly()  # see pyside_features


def _desk(seam):
    from .desk.hooks import install  # loaded when a window first wants its desk, after its first paint

    return install(seam)


def _install_extensions() -> None:
    """What attaches to every main window, wired here once: the window and the desk import
    only ``seam``, never each other."""
    from . import seam

    seam.register(seam.DESK, _desk)


_install_extensions()
