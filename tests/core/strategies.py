"""Hypothesis strategies for whole forms of any declared form, generated from its declaration,
shared by the round-trip, hostile-file and printing tests."""

from decimal import Decimal

from hypothesis import strategies as st

from desktop_app.core import spec as S
from desktop_app.core.model import Model
from tests.forms import MODELS

texts = st.text(st.characters(blacklist_categories=("Cs",)), max_size=40)
amounts = st.one_of(
    st.none(),
    st.builds(lambda i, p: Decimal(i).scaleb(-p), st.integers(0, 10**15 - 1), st.integers(0, 6)),
)
years = st.one_of(st.none(), st.integers(1990, 2100))


def value_of(f: S.Field):
    if f.kind.decimal:  # amounts, scores, percentages: a Decimal or nothing
        return amounts
    if f.kind == S.YEAR:
        return years
    if f.kind == S.CHOICE:
        return st.one_of(st.sampled_from(f.choices), texts) if f.choices else texts
    return texts


def rows_of(model: Model, table: S.Table):
    """Rows of ``table``; an indicator table's rows sit in a slot of its tree, any wording."""
    make = model.rows[table.key]
    values = st.fixed_dictionaries({c.key: value_of(c) for c in table.value_columns})
    if table.tree is None:
        return values.map(lambda v: make(**v))
    k1, k2 = table.tree.level_keys
    slots = st.sampled_from([(l1.name, name) for l1 in table.tree.levels for l2 in l1.children for name in l2.names])
    return st.builds(lambda slot, v: make(**{k1: slot[0], k2: slot[1]}, **v), slots, values)


def forms_of(model: Model):
    members = {}
    for m in model.spec.members:
        if isinstance(m, S.Field):
            members[m.key] = value_of(m)
        elif isinstance(m, S.Group):
            members[m.key] = st.builds(model.groups[m.key], **{f.key: value_of(f) for f in m.fields})
        else:
            members[m.key] = st.lists(rows_of(model, m), max_size=10 if m.tree else 6)
    return st.builds(model.form_class, **members)


FORMS = {m.spec.format_id: forms_of(m) for m in MODELS}
any_form = st.one_of(*FORMS.values())


@st.composite
def edits(draw, model: Model):
    """One change a clerk could make to a form of ``model``: a value, or a row added or removed."""
    spec = model.spec
    scalars = list(spec.scalar_paths())
    kind = draw(st.sampled_from(["value", "add", "drop"] if spec.tables else ["value"]))
    if kind == "value":
        path, f = draw(st.sampled_from(scalars))
        return ("value", path, draw(value_of(f)))
    table = draw(st.sampled_from(spec.tables))
    if kind == "add":
        return ("add", table.key, draw(st.integers(0, 20)), draw(rows_of(model, table)))
    return ("drop", table.key, draw(st.integers(0, 20)))


def apply_edit(form, edit, touched=None) -> None:
    """Applies ``edit`` and records in ``touched`` (a ``draftfile.Touched``) what it changed, as
    the window's commands do."""
    import copy

    if edit[0] == "value":
        form.set(edit[1], edit[2])
        if touched is not None:
            touched.value(edit[1])
        return
    rows = form.rows(edit[1])
    if edit[0] == "add":
        i = edit[2] % (len(rows) + 1)
        rows.insert(i, copy.deepcopy(edit[3]))
    elif rows:
        i = edit[2] % len(rows)
        rows.pop(i)
    else:
        return
    if touched is not None:
        touched.rows(edit[1], i)
