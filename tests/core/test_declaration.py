"""Each form is one declaration: the engine (everything under desktop_app/ but the forms'
own folders) names none of a form's keys or labels, and every declaration is consistent."""

from __future__ import annotations

import re

import pytest

from desktop_app.core import spec as S
from desktop_app.forms import all_forms
from tests.conftest import ROOT

FORMS = all_forms()
ENGINE = [p for p in (ROOT / "desktop_app").rglob("*.py") if "forms" not in p.relative_to(ROOT).parts]
# Words that are the engine's own vocabulary, or too common to be a form's fact.
GENERIC_KEYS = {"name", "year", "date", "head", "phone", "goal", "amount", "content", "level1", "level2", "format",
                "target",  # where a file is written, everywhere in the engine
                "score", "weight",  # a kind of value (core.kinds.SCORE) and the rules' words for it
                "start", "value", "total", "other", "schedule"}  # words of code, and keys of the 湖南式 JSON


def _facts(form_spec: S.FormSpec):
    """Every key (longer than a common word) and label (four characters or more) the form declares."""
    keys, labels = set(), {form_spec.title}
    for m in form_spec.members:
        keys.add(m.key)
        labels.add(m.label)
        fields = m.fields if isinstance(m, S.Group) else m.columns if isinstance(m, S.Table) else ()
        for f in fields:
            keys.add(f.key)
            labels.add(f.label)
    for t in form_spec.totals:
        keys.add(t.key)
        labels.add(t.label)
    keys = {k for k in keys if k not in GENERIC_KEYS and len(k) > 4}
    labels = {label for label in labels if len(label) >= 4}
    return keys, labels


@pytest.mark.parametrize("form_spec", FORMS, ids=[f.format_id for f in FORMS])
def test_the_engine_names_no_key_or_label_of_a_form(form_spec):
    keys, labels = _facts(form_spec)
    assert keys and labels
    found = []
    for path in ENGINE:
        text = path.read_text(encoding="utf-8")
        for key in keys:
            if re.search(rf"(?<![\w-]){re.escape(key)}(?![\w-])", text):  # not inside budget-form
                found.append((path.relative_to(ROOT).as_posix(), key))
        for label in labels:
            if label in text:
                found.append((path.relative_to(ROOT).as_posix(), label))
    assert found == []


@pytest.mark.parametrize("form_spec", FORMS, ids=[f.format_id for f in FORMS])
def test_every_path_the_declaration_places_exists(form_spec):
    placed = [c.field for s in form_spec.print_layout.sections if not isinstance(s.rows, S.TableColumns)
              for r in s.rows for c in r.cells if c.field]
    placed += [*form_spec.print_layout.signature.line, form_spec.print_layout.signature.head,
               form_spec.print_layout.header.year]
    for page in form_spec.pages:
        for part in page.parts:
            placed += list(getattr(part, "paths", ())) + ([part.path] if isinstance(part, S.LongText) else [])
    for t in form_spec.totals:
        placed += list(t.parts)
    for _, f in form_spec.scalar_paths():
        placed += list(f.computed_from)
    assert all(form_spec.field_at(p) is not None for p in placed), [p for p in placed if form_spec.field_at(p) is None]
    tables = [s.rows.table for s in form_spec.print_layout.sections if isinstance(s.rows, S.TableColumns)]
    tables += [part.table for page in form_spec.pages for part in page.parts if isinstance(part, S.Rows)]
    assert all(isinstance(form_spec.member(t), S.Table) for t in tables)


@pytest.mark.parametrize("form_spec", FORMS, ids=[f.format_id for f in FORMS])
def test_every_value_is_on_screen_exactly_once_and_printed(form_spec):
    on_screen = []
    for page in form_spec.pages:
        for part in page.parts:
            on_screen += list(getattr(part, "paths", ())) + ([part.path] if isinstance(part, S.LongText) else [])
            if isinstance(part, S.Rows):
                on_screen.append(part.table)
    wanted = [p for p, _ in form_spec.scalar_paths()] + [t.key for t in form_spec.tables]
    assert sorted(on_screen) == sorted(wanted)
    printed = {c.field for s in form_spec.print_layout.sections if not isinstance(s.rows, S.TableColumns)
               for r in s.rows for c in r.cells if c.field}
    printed |= {s.rows.table for s in form_spec.print_layout.sections if isinstance(s.rows, S.TableColumns)}
    printed |= {*form_spec.print_layout.signature.line, form_spec.print_layout.signature.head,
                form_spec.print_layout.header.year}
    assert set(wanted) <= printed


@pytest.mark.parametrize("form_spec", FORMS, ids=[f.format_id for f in FORMS])
def test_a_total_filed_under_its_group_is_not_one_of_the_group_s_fields(form_spec):
    for t in form_spec.totals:
        if t.group is not None:
            assert form_spec.field_at(t.path) is None, t.path
        assert form_spec.total_at(t.path) is t
