"""Whatever a draft of any declared form holds (any Unicode, empty fields, odd amounts), it
prints: render_pdf never raises, and each cell's text comes out as printed text with stand-ins
for what the font lacks."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.core import fingerprint
from desktop_app.core import spec as S
from desktop_app.core.fontcoverage import printable
from desktop_app.printing import grid
from desktop_app.printing.render import render_pdf
from tests.core.strategies import FORMS
from tests.forms import IDS

from .readback import column_text, open_pdf, squash


def _first_cell(form_spec: S.FormSpec) -> S.Cell:
    """The first cell of the grid that prints a field's value."""
    return next(c for s in form_spec.print_layout.sections if not isinstance(s.rows, S.TableColumns)
                for r in s.rows for c in r.cells if c.field)


@pytest.mark.slow
@pytest.mark.parametrize("format_id", IDS)
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_any_form_renders(format_id, data):
    form = data.draw(FORMS[format_id])
    data = render_pdf(form)
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    cell = _first_cell(form.spec)
    with open_pdf(data) as pdf:
        assert len(pdf.pages) >= 1
        footer = squash(pdf.pages[0].extract_text())
        assert fingerprint.fingerprint(form) in footer
        first = squash(printable(grid.value_text(form, cell.field)))
        assert first in column_text(pdf, cell.col, cell.span, grid.geometry_of(form.spec))
