"""The department form's names as the tests use them, read from its declaration (never
restated): its generated classes and the labels tests look for on screen and on paper."""

from desktop_app.core import labels as _labels
from desktop_app.core.totals import compute_totals
from desktop_app.forms.department import FORM, MODEL
from desktop_app.forms.department import declaration as D
from desktop_app.forms.department import rules as _rules

Form = MODEL.form_class
Budget = MODEL.groups["budget"]
Signoff = MODEL.groups["signoff"]
Task = MODEL.rows["tasks"]
Indicator = MODEL.rows["indicators"]


def new_form():
    return MODEL.new()


FORM_TITLE = FORM.title
SECTION_DEPARTMENT = D.DEPARTMENT.label
SECTION_BUDGET = D.BUDGET.label
SECTION_OVERALL_GOAL = D.OVERALL_GOAL.label
SECTION_TASKS = D.TASKS.label
SECTION_OTHER_TASKS = D.OTHER_TASKS.label
SECTION_INDICATORS = D.INDICATORS.label
YEAR = D.YEAR_FIELD.label
UNIT_SEAL = FORM.print_layout.header.unit_label
AMOUNT_HEADING = D.AMOUNT_HEADING
DRAFT_MARK = FORM.print_layout.draft_mark
SIGNOFF_HEAD_SIGNATURE = FORM.print_layout.signature.head_label
SEAL = FORM.print_layout.signature.seal

BUDGET_FIELDS = tuple(f.key for f in D.BUDGET.fields)
BUDGET_FIELD_LABELS = {f.key: f.label for f in D.BUDGET.fields}
TASK_COLUMNS = {c.key: c.label for c in D.TASKS.columns}
INDICATOR_COLUMNS = {c.key: c.label for c in D.INDICATORS.columns}
SIGNOFF_LABELS = {f.key: f.label for f in D.SIGNOFF.fields}
# Totals by key; each budget group as (its heading on paper, its two fields).
EXPENDITURE_TOTAL, INCOME_TOTAL, DEVELOPMENT_TOTAL, LEVEL_TOTAL = "expenditure", "income", "development", "by_level"
BUDGET_GROUPS = tuple((FORM.total(k).label, tuple(p.split(".")[1] for p in FORM.total(k).parts))
                      for k in (EXPENDITURE_TOTAL, INCOME_TOTAL, DEVELOPMENT_TOTAL, LEVEL_TOTAL))
TASK_AMOUNT_SUM = D.TASK_SUM.label
INDICATOR_TREE = D.INDICATORS.tree.levels
LEVEL1_NAMES = D.INDICATORS.tree.level1_names


def find_level2(level1: str, level2: str):
    return D.INDICATORS.tree.find(level1, level2)


def field_label(path: str) -> str:
    return _labels.field_label(FORM, path)


def balanced(form) -> bool:
    return _rules.balance(compute_totals(form))[1] is None
