"""The start-up floor: a hand-written window with what the program's first paint needs and
nothing of the program, painted once.

    python benchmarks/skeleton.py FONT DEPARTMENT [--maximized] [--qt-enums]

The bundled font registered and set as the application font as ``desktop_app/gui/app.py``
does (``addApplicationFont``, its first family at 10 pt), a QMainWindow whose central widget is
a QTabWidget with the program's six tabs, the first (the budget tab) holding its ten labels and
fields (QLabel + QLineEdit) with the seed's values. Run under benchmarks/firstpaint (the same
hook as the program), it ends at its first paint with DEPARTMENT in the 部门名称 field.

``--qt-enums``: the floor of the program's start. The first field also gets the focus, as the
program's first field does, which names the ``Qt`` namespace: PySide6 then creates all of its
~94 enums (some 12 ms), which any real window pays (alignments, focus reasons, item flags) and
the plain skeleton never does.
"""

from __future__ import annotations

import sys

TABS = ("部门名称及预算整体情况", "总体绩效目标", "年度重点工作任务", "其他需完成的任务", "绩效指标", "填报信息")
# The budget tab's fields: (object name, label, the seed's value); "department" is filled in.
FIELDS = (
    ("department", "部门名称", None),
    ("year", "年度", ""),
    ("budget__basic_expenditure", "基本支出", "3,738.11"),
    ("budget__fiscal_appropriation", "财政拨款", "157,549.62"),
    ("budget__project_expenditure", "项目支出", "153,811.51"),
    ("budget__other_funds", "其他资金", "0.00"),
    ("budget__special_funds", "财政专项资金", "0.00"),
    ("budget__district_level", "区本级使用资金", "157,549.62"),
    ("budget__other_development", "其他事业发展性支出", "0.00"),
    ("budget__transfer_to_lower", "拟用于对下转移支付资金", "0.00"),
)


def main(font_path: str, department: str, maximized: bool = False, qt_enums: bool = False) -> int:
    from PySide6.QtGui import QFont, QFontDatabase
    from PySide6.QtWidgets import (
        QApplication,
        QFormLayout,
        QLabel,
        QLineEdit,
        QMainWindow,
        QTabWidget,
        QWidget,
    )

    app = QApplication([sys.argv[0]])
    font_id = QFontDatabase.addApplicationFont(font_path)
    families = QFontDatabase.applicationFontFamilies(font_id) if font_id >= 0 else []
    if not families:
        sys.exit(f"font not loaded: {font_path}")
    app.setFont(QFont(families[0], 10))

    window = QMainWindow()
    window.setWindowTitle("部门整体预算绩效目标申报表")
    tabs = QTabWidget(window)
    tabs.setDocumentMode(True)
    budget = QWidget()
    form = QFormLayout(budget)
    for name, label, value in FIELDS:
        field = QLineEdit(department if value is None else value)
        field.setObjectName(name)
        form.addRow(QLabel(label), field)
    if qt_enums:
        from PySide6.QtCore import Qt

        budget.findChild(QLineEdit, FIELDS[0][0]).setFocus(Qt.FocusReason.OtherFocusReason)
    tabs.addTab(budget, TABS[0])
    for title in TABS[1:]:
        tabs.addTab(QWidget(), title)
    window.setCentralWidget(tabs)
    window.resize(1200, 800)
    if maximized:
        window.showMaximized()
    else:
        window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], sys.argv[2], "--maximized" in sys.argv[3:], "--qt-enums" in sys.argv[3:]))
