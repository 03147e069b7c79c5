"""Malformed interchange JSON of every kind is refused with one Chinese line that names the
field where there is one — by the reader and by the command line — and never creates a draft."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.core import draftfile, files, fingerprint, jsonio
from desktop_app.core.errors import FormError
from desktop_app.core.labels import field_label
from tests.forms import IDS, MODELS, json_at, sample_dict, sample_path, set_json_at, shape

from .support import assert_clerk_message, assert_cli_refused, folder_state, run_cli

RAW = "\u2603raw\u2603"  # a placeholder value, replaced by raw JSON text once dumped


def _raw(where, text: str):
    """The sample with the value at ``where(shape)`` (keys and indices) written as ``text``,
    which need not be valid JSON."""
    def make(data: dict, sh) -> bytes:
        *parents, last = where(sh)
        holder = data
        for key in parents:
            holder = holder[key]
        holder[last] = RAW
        return json.dumps(data, ensure_ascii=False).replace(json.dumps(RAW, ensure_ascii=False), text, 1).encode("utf-8")
    return make


def _changed(change):
    def make(data: dict, sh) -> bytes:
        change(data, sh)
        return json.dumps(data, ensure_ascii=False).encode("utf-8")
    return make


def _constant(data: bytes):
    return lambda d, sh: data


def _amount(sh):
    return sh.amount_at


def _path(sh):
    return f"{sh.group}.{sh.amount}"


# name -> (bytes from a sample and its form's shape, words the message must contain: the field's
# path or label, from the shape and the form's declaration)
CASES = {
    "not_json": (_constant("这不是 JSON".encode()), lambda sh, spec: ()),
    "empty": (_constant(b""), lambda sh, spec: ()),
    "array": (_constant(b"[1, 2]"), lambda sh, spec: ()),
    "nan": (_raw(_amount, "NaN"), lambda sh, spec: ("NaN",)),
    "infinity": (_raw(_amount, "-Infinity"), lambda sh, spec: ("Infinity",)),
    "1e400": (_raw(_amount, "1e400"), lambda sh, spec: (_path(sh),)),
    "comma_letter_amount": (_raw(_amount, '"3,7a8.11"'), lambda sh, spec: (_path(sh), "3,7a8.11")),
    "bool_amount": (_raw(_amount, "true"), lambda sh, spec: (_path(sh),)),
    "100k_digit_amount": (_raw(_amount, "1" + "0" * 100_000), lambda sh, spec: (_path(sh),)),
    "megabyte_amount_text": (_changed(lambda d, sh: set_json_at(d, sh.amount_at, "x" * 1_000_000)),
                             lambda sh, spec: (_path(sh),)),
    "newline_in_amount": (_changed(lambda d, sh: set_json_at(d, sh.amount_at, "1\n伪造的第二行")),
                          lambda sh, spec: (_path(sh),)),
    "group_is_list": (_changed(lambda d, sh: d.__setitem__(sh.group, [])), lambda sh, spec: (sh.group,)),
    "rows_is_object": (_changed(lambda d, sh: d.__setitem__(sh.rows, {})), lambda sh, spec: (sh.rows,)),
    "row_is_string": (_changed(lambda d, sh: d[sh.rows].__setitem__(0, "任务")), lambda sh, spec: (f"{sh.rows}[0]",)),
    "text_is_number": (_changed(lambda d, sh: d[sh.rows][0].__setitem__(sh.column, 5)),
                       lambda sh, spec: (f"{sh.rows}[0].{sh.column}",)),
    "missing_group_field": (_changed(lambda d, sh: json_at(d, sh.amount_at[:-1]).pop(sh.amount_at[-1])),
                            lambda sh, spec: (sh.amount_at[-1],)),
    "unknown_top_key": (_changed(lambda d, sh: d.__setitem__("恶意\n字段", 1)), lambda sh, spec: ()),
    "many_unknown_keys": (_changed(lambda d, sh: d.update({f"k{i}": i for i in range(10_000)})), lambda sh, spec: ()),
    "wrong_format": (_changed(lambda d, sh: d.__setitem__("format", "x\n" * 1000)), lambda sh, spec: ()),
    "year_float": (_changed(lambda d, sh: d.__setitem__("year", 2026.5)), lambda sh, spec: ("year",)),
    "year_huge": (_raw(lambda sh: ("year",), "1e400"), lambda sh, spec: ("year",)),
    "unknown_indicator_level": (_changed(lambda d, sh: d[sh.tree][0].__setitem__(sh.level1, "自造\n指标" * 9000)),
                                lambda sh, spec: (f"{sh.tree}[0]", field_label(spec, f"{sh.tree}[0]"))),
    "lone_surrogate": (_raw(lambda sh: (sh.text,), '"\\ud800文字"'), lambda sh, spec: (sh.text,)),
    "deep_nesting": (_constant(b"[" * 200_000 + b"]" * 200_000), lambda sh, spec: ()),
    "deep_nesting_in_field": (_raw(lambda sh: (sh.long_text,), "[" * 50_000 + "]" * 50_000), lambda sh, spec: ()),
    "not_utf8_gbk": (lambda d, sh: json.dumps(d, ensure_ascii=False).encode("gbk"), lambda sh, spec: ()),
    "utf16": (lambda d, sh: json.dumps(d, ensure_ascii=False).encode("utf-16"), lambda sh, spec: ()),
    "huge_file": (_constant(b" " * (jsonio.MAX_JSON_BYTES + 1)), lambda sh, spec: ()),
}


def _case(case: str, model) -> tuple[bytes, tuple[str, ...]]:
    make, words = CASES[case]
    sh = shape(model.spec)
    return make(sample_dict(model.spec), sh), words(sh, model.spec)


@pytest.mark.parametrize("model", MODELS, ids=IDS)
@pytest.mark.parametrize("case", sorted(CASES))
def test_malformed_json_is_refused_naming_the_field(case, model, tmp_path):
    data, words = _case(case, model)
    path = tmp_path / "form.json"
    path.write_bytes(data)
    with pytest.raises(FormError) as info:
        jsonio.load(path)
    assert_clerk_message(info.value.message)
    for word in words:
        assert word in info.value.message, (word, info.value.message)
    with pytest.raises(FormError):
        files.load_form(path)


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_bom_is_accepted(model, tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(sample_dict(model.spec), ensure_ascii=False).encode("utf-8"))
    assert fingerprint.fingerprint(jsonio.load(path)) == fingerprint.fingerprint(jsonio.load(sample_path(model.spec)))


CLI_SAMPLE = ("not_json", "nan", "1e400", "comma_letter_amount", "newline_in_amount", "deep_nesting",
              "not_utf8_gbk", "lone_surrogate", "huge_file")


@pytest.mark.parametrize("case", CLI_SAMPLE)
def test_malformed_json_refused_by_the_command_line(case, tmp_path):
    data, words = _case(case, MODELS[0])
    path = tmp_path / "form.json"
    path.write_bytes(data)
    message = assert_cli_refused(run_cli("check", str(path)))
    for word in words:
        assert word in message
    before = folder_state(tmp_path)
    assert_cli_refused(run_cli("import", str(path), "-o", str(tmp_path / "draft.jxmb")))
    assert folder_state(tmp_path) == before  # no draft, no temporary file

_JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12)


def _paths(data, prefix=()):
    yield prefix
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _paths(value, (*prefix, index))


@pytest.mark.slow
@pytest.mark.parametrize("model", MODELS, ids=IDS)
@settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(choice=st.integers(0, 10**6), value=_JSON_VALUES, cut=st.integers(0, 20_000), mode=st.integers(0, 2))
def test_mutated_json_loads_or_refuses_cleanly(model, choice, value, cut, mode):
    """Any value put anywhere in a sample, or the text cut anywhere: a form or one clean
    refusal, never another exception."""
    data = sample_dict(model.spec)
    if mode == 2:
        text = json.dumps(data, ensure_ascii=False)[:cut].encode("utf-8", "ignore")
    else:
        paths = list(_paths(data))
        path = paths[choice % len(paths)]
        if not path:
            data = value
        else:
            parent = data
            for step in path[:-1]:
                parent = parent[step]
            if mode == 0:
                parent[path[-1]] = value
            elif isinstance(parent, dict):
                del parent[path[-1]]
            else:
                parent.pop(path[-1])
        text = json.dumps(data, ensure_ascii=False, allow_nan=True).encode("utf-8", "surrogatepass")
    try:
        form = jsonio.loads(text)
    except FormError as err:
        assert_clerk_message(err.message)
    else:  # what was accepted can be saved as a draft and read back the same
        with tempfile.TemporaryDirectory() as folder:
            draft = Path(folder) / "d.jxmb"
            draftfile.save_draft(draft, form)
            assert fingerprint.fingerprint(draftfile.load_draft(draft)) == fingerprint.fingerprint(form)
