"""Text of any size and shape (``text_shapes``) prints in every text field of each form's sample:
nothing raises, and every visible character comes out in the PDF's text, in order, in its
field's place. Characters the font lacks print as its stand-in; blanks and invisible characters
may vanish. Where each field prints is read from the form's printed layout."""

from __future__ import annotations

import unicodedata
from collections import Counter

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from desktop_app.core import jsonio
from desktop_app.core import spec as S
from desktop_app.core.fontcoverage import printable
from desktop_app.printing import grid, render, signature
from tests.forms import IDS, MODELS, sample_path
from tests.printing.readback import column_text, open_pdf, squash

from .text_shapes import shaped_texts

PRINTED_AS_TEXT = (S.TEXT, S.LONG_TEXT, S.CHOICE)


def grid_fields(form_spec: S.FormSpec) -> dict:
    """path (a row table's column as ``table.column``) -> (columns it prints in, the heading a
    continued section repeats there)."""
    out = {}
    for section in form_spec.print_layout.sections:
        if isinstance(section.rows, S.TableColumns):
            table = form_spec.member(section.rows.table)
            for key, col, span, _ in section.rows.columns:
                if table.column(key).kind in PRINTED_AS_TEXT:
                    out[f"{table.key}.{key}"] = ((col, span), table.column(key).label)
            continue
        headings = {(c.col, c.span): c.text for r in section.rows[:section.repeat] for c in r.cells}
        for row in section.rows:
            for c in row.cells:
                if c.field and form_spec.field_at(c.field).kind in PRINTED_AS_TEXT:
                    out[c.field] = ((c.col, c.span), headings.get((c.col, c.span), ""))
    return out


def signoff_text(pdf, form, path: str) -> str:
    """What the last page's signature block shows in ``path``'s part of it (its label first)."""
    geometry = grid.geometry_of(form.spec)
    sig = form.spec.print_layout.signature
    if path == sig.head:
        x0, x1 = geometry.left, geometry.right - signature.SEAL_WIDTH
    else:
        column = geometry.width / len(sig.line)
        x0 = geometry.left + sig.line.index(path) * column
        x1 = x0 + column
    page = pdf.pages[-1]
    # Page 1's header (填报单位) is set in the signature's size: below it only, on page 1.
    below = page.height - render.first_grid_top(form) if len(pdf.pages) == 1 else 0
    chars = [c for c in page.chars if abs(c["size"] - signature.SIZE) < 0.01 and x0 - 0.5 <= c["x0"]
             and c["x1"] <= x1 + 0.5 and c["top"] > below]
    chars.sort(key=lambda c: (round(c["top"], 1), c["x0"]))
    return squash("".join(c["text"] for c in chars))


# No shrinking: each example prints a PDF, and shrinking one failure could take many minutes of CI.
@pytest.mark.parametrize("model", MODELS, ids=IDS)
@settings(max_examples=6, deadline=None, phases=(Phase.explicit, Phase.reuse, Phase.generate),
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=st.data())
def test_any_text_prints_whole_in_every_field(model, data):
    form = jsonio.load(sample_path(model.spec))
    fields = grid_fields(model.spec)
    sig = model.spec.print_layout.signature
    texts = data.draw(st.fixed_dictionaries({path: shaped_texts(500) for path in fields}))
    signoff = data.draw(st.fixed_dictionaries({path: shaped_texts(8) for path in (*sig.line, sig.head)}))
    rows = {t.key: data.draw(st.integers(0, len(form.rows(t.key)) - 1)) for t in model.spec.tables
            if form.rows(t.key)}
    for path, text in texts.items():
        member, _, column = path.partition(".")
        if member in rows:
            path = f"{member}[{rows[member]}].{column}"
        form.set(path, text)
    for path, text in signoff.items():
        form.set(path, text)

    data = render.render_pdf(form)
    geometry = grid.geometry_of(model.spec)
    with open_pdf(data) as pdf:
        for path, ((col, span), heading) in fields.items():
            printed = column_text(pdf, col, span, geometry)
            if heading:
                printed = printed.replace(squash(heading), "")
            assert_printed(texts[path], printed, path)
        for path, text in signoff.items():
            assert_printed(text.strip(), signoff_text(pdf, form, path), path)


def assert_printed(text: str, printed: str, name: str) -> None:
    """Every visible character of ``text`` is printed, in order — in the order it is seen, where
    right-to-left text or a bidi control reorders a line (as the window does), so then only
    that every character is there."""
    wanted = squash(printable(text))
    if not needs_bidi(text):
        assert wanted in printed, name
    else:
        assert not Counter(wanted) - Counter(printed), name


def needs_bidi(text: str) -> bool:
    return any(unicodedata.bidirectional(ch) in ("R", "AL", "RLE", "RLO", "LRE", "LRO", "RLI", "LRI", "FSI", "PDF",
                                                   "PDI", "AN") for ch in text)
