"""The project form's names as the tests use them, read from its declaration (never restated)."""

from desktop_app import paths as _paths
from desktop_app.core import labels as _labels
from desktop_app.forms.project import FORM, MODEL
from desktop_app.forms.project import declaration as D
from desktop_app.forms.project import rules  # noqa: F401  (the tests import it from here)

Form = MODEL.form_class
Funds = MODEL.groups["funds"]
Signoff = MODEL.groups["signoff"]
Indicator = MODEL.rows["indicators"]

FORMAT_ID = FORM.format_id
FORM_TITLE = FORM.title
SAMPLE_PATH = _paths.resource("samples", FORM.sample)
PAGE_TITLES = [p.title for p in FORM.pages]
FUNDS = tuple(f.key for f in D.FUNDS.fields)
PERIOD_TOTAL, ANNUAL_TOTAL = f"funds.{D.PERIOD_TOTAL.key}", f"funds.{D.ANNUAL_TOTAL.key}"
PERIOD_PARTS, ANNUAL_PARTS = D.PERIOD_TOTAL.computed_from, D.ANNUAL_TOTAL.computed_from
CHOICES = D.ATTRIBUTE.choices
INDICATOR_COLUMNS = {c.key: c.label for c in D.INDICATORS.columns}
SECTION_LABELS = [s.label for s in FORM.print_layout.sections]
UNIT_SEAL = FORM.print_layout.header.unit_label
SEAL = FORM.print_layout.signature.seal
DRAFT_MARK = FORM.print_layout.draft_mark


def new_form():
    return MODEL.new()


def field_label(path: str) -> str:
    return _labels.field_label(FORM, path)


def signed(form):
    """``form`` as it is when the clerk has finished: with its sign-off (the real copy has none,
    so the sample itself draws warnings for it)."""
    form.signoff.preparer, form.signoff.phone = "王小明", "0564-1234567"
    form.signoff.head, form.signoff.date = "李大华", "2021-03-01"
    return form
