"""部门整体预算绩效目标申报表 — a desktop program to fill in, check and print the form.

``desktop_app.core`` and ``desktop_app.printing`` hold the form's domain and never import Qt;
``desktop_app.gui`` is the Qt window that shows and edits that model.
"""

__version__ = "0.1.0"
APP_NAME = "部门整体预算绩效目标申报表"
