"""Text of any size and shape (``text_shapes``) prints in every text field of the seed: nothing
raises, and every visible character comes out in the PDF's text, in order, in its field's place.
Characters the font lacks print as its stand-in; blanks and invisible characters may vanish."""

from __future__ import annotations

import unicodedata
from collections import Counter

from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from desktop_app.core import jsonio
from desktop_app.printing import render, signature
from desktop_app.core.fontcoverage import printable
from tests.conftest import SEED_PATH
from tests import department as labels
from tests.printing.readback import GRID, column_text, open_pdf, squash

from .text_shapes import shaped_texts

SEED = jsonio.load(SEED_PATH)

# field -> (columns it prints in, the heading a continued section repeats there)
GRID_FIELDS = {
    "department": ((1, 5), ""),
    "overall_goal": ((1, 5), ""),
    "other_tasks": ((1, 5), ""),
    "task.name": ((1, 1), labels.TASK_COLUMNS["name"]),
    "task.content": ((2, 2), labels.TASK_COLUMNS["content"]),
    "task.goal": ((5, 1), labels.TASK_COLUMNS["goal"]),
    "indicator.name": ((3, 1), labels.INDICATOR_COLUMNS["name"]),
    "indicator.period_value": ((4, 1), labels.INDICATOR_COLUMNS["period_value"]),
    "indicator.annual_value": ((5, 1), labels.INDICATOR_COLUMNS["annual_value"]),
}
SIGNOFF_FIELDS = ("preparer", "phone", "date", "head")


def signoff_text(pdf, form, field: str) -> str:
    """What the last page's signature block shows in ``field``'s part of it (its label first)."""
    third = GRID.width / 3
    x0, x1 = {"preparer": (GRID.left, GRID.left + third), "phone": (GRID.left + third, GRID.left + 2 * third),
              "date": (GRID.left + 2 * third, GRID.right),
              "head": (GRID.left, GRID.right - signature.SEAL_WIDTH)}[field]
    page = pdf.pages[-1]
    chars = [c for c in page.chars if abs(c["size"] - signature.SIZE) < 0.01 and x0 - 0.5 <= c["x0"]
             and c["x1"] <= x1 + 0.5 and c["top"] > page.height - render.first_grid_top(form)]  # not page 1's header
    chars.sort(key=lambda c: (round(c["top"], 1), c["x0"]))
    return squash("".join(c["text"] for c in chars))


# No shrinking: each example prints a PDF, and shrinking one failure could take many minutes of CI.
@settings(max_examples=6, deadline=None, phases=(Phase.explicit, Phase.reuse, Phase.generate),
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(st.fixed_dictionaries({name: shaped_texts(500) for name in GRID_FIELDS}),
       st.fixed_dictionaries({name: shaped_texts(8) for name in SIGNOFF_FIELDS}),
       st.integers(0, len(SEED.tasks) - 1), st.integers(0, len(SEED.indicators) - 1))
def test_any_text_prints_whole_in_every_field(texts, signoff, task, indicator):
    form = jsonio.load(SEED_PATH)
    for name, text in texts.items():
        owner, _, field = name.rpartition(".")
        target = {"": form, "task": form.tasks[task], "indicator": form.indicators[indicator]}[owner]
        setattr(target, field, text)
    for name, text in signoff.items():
        setattr(form.signoff, name, text)

    data = render.render_pdf(form)
    with open_pdf(data) as pdf:
        for name, ((col, span), heading) in GRID_FIELDS.items():
            printed = column_text(pdf, col, span)
            if heading:
                printed = printed.replace(squash(heading), "")
            assert_printed(texts[name], printed, name)
        for name in SIGNOFF_FIELDS:
            assert_printed(signoff[name].strip(), signoff_text(pdf, form, name), name)


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
