"""Whatever a draft holds (any Unicode, empty fields, odd amounts), it prints: render_pdf never
raises, and each cell's text comes out as printed text with stand-ins for what the font lacks."""

from __future__ import annotations

import pytest

from hypothesis import HealthCheck, given, settings

from desktop_app.core import fingerprint
from desktop_app.core import jsonio
from desktop_app.core.fontcoverage import printable
from desktop_app.printing.render import render_pdf
from tests.core.strategies import forms

from .readback import column_text, open_pdf, squash


@pytest.mark.slow
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(forms)
def test_any_form_renders(form):
    data = render_pdf(form)
    assert data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")
    with open_pdf(data) as pdf:
        assert len(pdf.pages) >= 1
        footer = squash(pdf.pages[0].extract_text())
        assert fingerprint.fingerprint(form) in footer
        department = squash(printable(form.department))
        assert department in column_text(pdf, 1, 5)
