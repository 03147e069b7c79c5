"""预算绩效目标申报表 — a desktop program to fill in, check and print the budget-performance
target forms (one for each unit a year, one per project), and to review them.

``desktop_app.forms`` declares the forms; ``desktop_app.core`` and ``desktop_app.printing`` are
the engine that reads those declarations and never import Qt; ``desktop_app.gui`` is the Qt
window that shows and edits the model.
"""

__version__ = "2.1.0"  # reads and writes draft format 2.1 (container.py: program N reads format N)
APP_NAME = "预算绩效目标申报表"      # what the clerk sees
APP_ID = "BudgetPerformanceForm"    # the data folder, the settings, Qt's application name


def _declared_forms():
    from . import forms  # built when first asked for, not at start

    return forms


def _install_forms() -> None:
    from .core import registry  # the engine is handed its forms: it never imports them

    registry.install(_declared_forms)


_install_forms()
