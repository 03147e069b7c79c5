# PyInstaller runtime hook of the bundle, run before the program's first line, in place of
# PyInstaller's own pyi_rth_pyside6 (budget_form.spec drops it): that hook imports
# PySide6.QtCore to register a qt.conf, which loads Qt, ICU and shiboken before every command,
# render and check included, that never shows a window. PySide6 registers the same qt.conf
# itself when a window first imports it; Qt only has to be told where the plugins are.
# Nothing is imported here but os and sys, which the bootloader has already loaded.
def _qt_plugin_path():
    import os
    import sys

    # The wheels' layouts: PySide6/plugins on Windows, PySide6/Qt/plugins elsewhere.
    parts = ("PySide6", "plugins") if sys.platform == "win32" else ("PySide6", "Qt", "plugins")
    os.environ["QT_PLUGIN_PATH"] = os.path.join(sys._MEIPASS, *parts)


_qt_plugin_path()
del _qt_plugin_path
