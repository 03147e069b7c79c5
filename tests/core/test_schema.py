"""The JSON Schema of every declared form is generated from its declaration, kept in
resources/spec/, printed by ``schema FORMAT``, and agrees with the reader: a document is valid
by the schema exactly when ``jsonio`` accepts it, over generated valid and invalid documents."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import MAX_EMAX, MIN_EMIN, Decimal, InvalidOperation, localcontext

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app import paths
from desktop_app.core import spec as S
from desktop_app.core.errors import FormError
from desktop_app.core.jsonio import from_dict
from desktop_app.core.schema import schema, schema_text
from desktop_app.forms import all_forms
from tests.conftest import ROOT

FORMS = all_forms()
ids = [f.format_id for f in FORMS]


def _is_number(checker, value) -> bool:
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool)


def _is_integer(checker, value) -> bool:
    return _is_number(checker, value) and (isinstance(value, int) or (value.is_finite() and value == value.to_integral_value()))


# The reader reads numbers as Decimal, and so does this validator.
_TYPES = jsonschema.Draft202012Validator.TYPE_CHECKER.redefine_many({"number": _is_number, "integer": _is_integer})
Validator = jsonschema.validators.extend(jsonschema.Draft202012Validator, type_checker=_TYPES)


def validator(form_spec):
    loaded = json.loads(schema_text(form_spec), parse_float=Decimal, parse_int=Decimal)
    return Validator(loaded)


@pytest.mark.parametrize("form_spec", FORMS, ids=ids)
def test_the_file_in_resources_is_the_generated_schema(form_spec):
    assert paths.resource("spec", form_spec.schema_file).read_text(encoding="utf-8") == schema_text(form_spec)
    Validator.check_schema(schema(form_spec))


@pytest.mark.parametrize("form_spec", FORMS, ids=ids)
def test_the_schema_command_prints_it(form_spec):
    out = subprocess.run([sys.executable, "-m", "desktop_app", "schema", form_spec.format_id], cwd=ROOT,
                         capture_output=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert out.stdout.decode("utf-8") == schema_text(form_spec)


def test_an_unknown_format_is_refused_in_one_line():
    out = subprocess.run([sys.executable, "-m", "desktop_app", "schema", "no-such-form/9"], cwd=ROOT,
                         capture_output=True, text=True, timeout=60)
    assert out.returncode == 2 and len(out.stderr.strip().splitlines()) == 1


# -- documents, valid and not ------------------------------------------------------------------

_AMOUNT_CHARS = "0123456789０１２３４５６７８９,.，．+-＋－ \t\u3000e中"


@st.composite
def _amount_text(draw) -> str:
    """Amounts as clerks and files write them, some past the bounds (17 digits, 14 decimals)."""
    digits = draw(st.integers(1, 17))
    integer = "".join(draw(st.sampled_from("0123456789０９")) for _ in range(digits))
    if draw(st.booleans()) and digits > 3:
        integer = f"{int(integer.translate(str.maketrans('０９', '09'))):,}"
    frac = ""
    if draw(st.booleans()):
        frac = "." + "".join(draw(st.sampled_from("0123456789")) for _ in range(draw(st.integers(1, 14))))
    sign = draw(st.sampled_from(["", "-", "+", "－ "]))
    pad = draw(st.sampled_from(["", " ", "\u3000", "\n"]))
    return f"{pad}{sign}{integer}{frac}{pad}"


_ODD_NUMBERS = [Decimal("1E-999999999"), Decimal("0E+400"), Decimal("-0"), Decimal("1E+15"),
                Decimal("999999999999999.999999999999"), Decimal("1.0000000000000"), Decimal("0E-20")]


def amounts():
    return st.one_of(
        st.none(), _amount_text(), st.text(_AMOUNT_CHARS, max_size=24),
        st.builds(lambda n, e: Decimal(n).scaleb(e), st.integers(-10**17, 10**17), st.integers(-20, 20)),
        st.sampled_from(_ODD_NUMBERS + ["", "   "]))


_WRONG_TYPES = st.sampled_from([Decimal(1), True, [], {}])  # as parsed: numbers are Decimal


def _value_of(f: S.Field):
    """Values of every shape a file may hold for ``f``: most are fine, some are not."""
    if f.kind.decimal:  # amounts and scores share the grammar
        return st.one_of(amounts(), _WRONG_TYPES)
    if f.kind == S.YEAR:
        return st.one_of(st.none(), st.integers(-5, 12000).map(Decimal), st.just(Decimal("2026.0")),
                         st.just(Decimal("2026.5")), st.just("2026"), st.just(True))
    return st.one_of(
        st.none(),
        st.text(st.characters(blacklist_categories=("Cs",)), max_size=12),
        st.sampled_from([-1, 0, 1]).map(lambda d: "甲" * (f.limit + d)),  # at the limit
        _WRONG_TYPES,
    )


def _fine(f: S.Field):
    """Only values the reader takes, so that a document is often valid as a whole."""
    if f.kind.decimal:
        return st.one_of(st.none(), st.sampled_from(["3738.11", "3,738.11", "０.５", " 12 ", Decimal("1.50"), ""]))
    if f.kind == S.YEAR:
        return st.one_of(st.none(), st.integers(0, 9999).map(Decimal))
    return st.one_of(st.none(), st.text(st.characters(blacklist_categories=("Cs",)), max_size=12))


@st.composite
def _object_of(draw, fields, required: bool, odd: str):
    out = {}
    for f in fields:
        if (required and f.in_json) or draw(st.booleans()):
            out[f.key] = draw(_value_of(f) if f.key == odd else _fine(f))
    return out


@st.composite
def _row_of(draw, table: S.Table, odd: str):
    row = draw(_object_of(table.columns, True, odd))
    if table.tree is not None:
        k1, k2 = table.tree.level_keys
        slots = [(l1.name, name) for l1 in table.tree.levels for l2 in l1.children for name in l2.names]
        odd_slots = [("产出指标", "胡乱指标"), ("", ""), (None, None)] if odd in table.tree.level_keys else []
        row[k1], row[k2] = draw(st.sampled_from(slots + odd_slots))
    return row


@st.composite
def _nested_of(draw, group: S.Group, odd: str):
    """A group's object whose fields nest (``Field.json_at``): an object per inner key."""
    inner: dict[str, list[S.Field]] = {}
    for f in group.fields:
        inner.setdefault(f.json_at[0], []).append(f)
    out = {}
    for name, fields in inner.items():
        if group.keys_in_json or draw(st.booleans()):
            obj = draw(_object_of(fields, group.keys_in_json, odd))
            out[name] = {f.json_at[1]: obj[f.key] for f in fields if f.key in obj}
    return out


@st.composite
def documents(draw, form_spec: S.FormSpec):
    """A document with at most one odd value (any field may be it) and at most one odd shape."""
    keys = [f.key for _, f in form_spec.scalar_paths()] + [c.key for t in form_spec.tables for c in t.columns]
    odd = draw(st.sampled_from(["", *keys]))
    doc = {"format": draw(st.sampled_from([form_spec.format_id] * 19 + ["other/1"]))}
    for m in form_spec.members:
        if not m.in_json and draw(st.integers(0, 3)) == 0:
            continue
        if isinstance(m, S.Field):
            doc[m.key] = draw(_value_of(m) if m.key == odd else _fine(m))
        elif isinstance(m, S.Group) and any(f.json_at for f in m.fields):
            doc[m.key] = draw(_nested_of(m, odd))
        elif isinstance(m, S.Group):
            doc[m.key] = draw(_object_of(m.fields, m.keys_in_json, odd))
        else:
            doc[m.key] = draw(st.lists(_row_of(m, odd), max_size=3))
    shape = draw(st.integers(0, 9))
    if shape == 0 and len(doc) > 1:
        del doc[draw(st.sampled_from(sorted(doc)))]
    elif shape == 1:
        doc[draw(st.sampled_from(["extra", "department_code", "tasks", "funds"]))] = ""
    elif shape == 2:
        member = draw(st.sampled_from(form_spec.members))
        doc[member.key] = draw(st.sampled_from([None, [], {}, "x"]))
    return doc


def _reader_accepts(doc) -> bool:
    try:
        from_dict(doc)
        return True
    except FormError:
        return False


def _schema_accepts(v, doc) -> bool:
    with localcontext() as ctx:
        ctx.traps[InvalidOperation] = False  # multipleOf on a huge value: NaN, which fails
        ctx.Emin, ctx.Emax = MIN_EMIN, MAX_EMAX  # 1E-999999999 % 1E-12 must not underflow to 0
        return v.is_valid(doc)


@pytest.mark.slow
@pytest.mark.parametrize("form_spec", FORMS, ids=ids)
def test_schema_and_reader_agree(form_spec):
    v = validator(form_spec)
    seen = {True: 0, False: 0}

    @settings(max_examples=500, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
    @given(documents(form_spec))
    def agree(doc):
        accepted = _reader_accepts(doc)
        seen[accepted] += 1
        assert _schema_accepts(v, doc) == accepted, json.dumps(doc, ensure_ascii=False, default=str)[:500]

    agree()
    assert min(seen.values()) > 50, seen  # both verdicts were really tried


@pytest.mark.parametrize("form_spec", FORMS, ids=ids)
def test_the_sample_is_valid_by_its_schema(form_spec):
    sample = json.loads(paths.resource("samples", form_spec.sample).read_text(encoding="utf-8"),
                        parse_float=Decimal, parse_int=Decimal)
    assert _schema_accepts(validator(form_spec), sample)
    assert _reader_accepts(sample)
