"""Malformed interchange JSON of every kind is refused with one Chinese line that names the
field where there is one — by the reader and by the command line — and never creates a draft."""

from __future__ import annotations

import copy
import json
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.core import fingerprint
from desktop_app.core import draftfile, files, jsonio
from desktop_app.core.errors import FormError

from .support import assert_clerk_message, assert_cli_refused, folder_state, run_cli


def _seed_text(seed: dict, replace: tuple[str, str] | None = None) -> bytes:
    text = json.dumps(seed, ensure_ascii=False)
    if replace:
        assert replace[0] in text
        text = text.replace(replace[0], replace[1], 1)
    return text.encode("utf-8")


def _changed(seed: dict, change) -> bytes:
    data = copy.deepcopy(seed)
    change(data)
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


BASIC = '"basic_expenditure": "3738.11"'

# name -> (bytes from the seed, words the message must contain: the field's path or label)
CASES = {
    "not_json": (lambda s: "这不是 JSON".encode(), ()),
    "empty": (lambda s: b"", ()),
    "array": (lambda s: b"[1, 2]", ()),
    "nan": (lambda s: _seed_text(s, (BASIC, '"basic_expenditure": NaN')), ("NaN",)),
    "infinity": (lambda s: _seed_text(s, (BASIC, '"basic_expenditure": -Infinity')), ("Infinity",)),
    "1e400": (lambda s: _seed_text(s, (BASIC, '"basic_expenditure": 1e400')), ("budget.basic_expenditure",)),
    "comma_letter_amount": (lambda s: _seed_text(s, (BASIC, '"basic_expenditure": "3,7a8.11"')),
                            ("budget.basic_expenditure", "3,7a8.11")),
    "bool_amount": (lambda s: _seed_text(s, (BASIC, '"basic_expenditure": true')), ("budget.basic_expenditure",)),
    "100k_digit_amount": (lambda s: _seed_text(s, (BASIC, '"basic_expenditure": 1' + "0" * 100_000)),
                          ("budget.basic_expenditure",)),
    "megabyte_amount_text": (lambda s: _changed(s, lambda d: d["tasks"][0].__setitem__("amount", "x" * 1_000_000)),
                             ("tasks[0].amount",)),
    "newline_in_amount": (lambda s: _changed(s, lambda d: d["tasks"][1].__setitem__("amount", "1\n伪造的第二行")),
                          ("tasks[1].amount",)),
    "budget_is_list": (lambda s: _changed(s, lambda d: d.__setitem__("budget", [])), ("budget",)),
    "tasks_is_object": (lambda s: _changed(s, lambda d: d.__setitem__("tasks", {})), ("tasks",)),
    "task_is_string": (lambda s: _changed(s, lambda d: d["tasks"].__setitem__(0, "任务")), ("tasks[0]",)),
    "name_is_number": (lambda s: _changed(s, lambda d: d["tasks"][2].__setitem__("name", 5)), ("tasks[2].name",)),
    "missing_budget_field": (lambda s: _changed(s, lambda d: d["budget"].pop("other_funds")), ("other_funds",)),
    "unknown_top_key": (lambda s: _changed(s, lambda d: d.__setitem__("恶意\n字段", 1)), ()),
    "many_unknown_keys": (lambda s: _changed(s, lambda d: d.update({f"k{i}": i for i in range(10_000)})), ()),
    "wrong_format": (lambda s: _changed(s, lambda d: d.__setitem__("format", "x\n" * 1000)), ()),
    "year_float": (lambda s: _changed(s, lambda d: d.__setitem__("year", 2026.5)), ("year",)),
    "year_huge": (lambda s: _seed_text(s, ('"year": null', '"year": 1e400')), ("year",)),
    "unknown_indicator_level": (lambda s: _changed(s, lambda d: d["indicators"][0].__setitem__("level1", "自造\n指标" * 9000)),
                                ("indicators[0]", "绩效指标第1行")),
    "lone_surrogate": (lambda s: _seed_text(s, ('"department": "', '"department": "\\ud800')), ("department",)),
    "deep_nesting": (lambda s: b"[" * 200_000 + b"]" * 200_000, ()),
    "deep_nesting_in_field": (lambda s: _seed_text(s, ('"other_tasks": ', '"other_tasks": ' + "[" * 50_000 + "]" * 50_000 + ', "x":')), ()),
    "not_utf8_gbk": (lambda s: json.dumps(s, ensure_ascii=False).encode("gbk"), ()),
    "utf16": (lambda s: json.dumps(s, ensure_ascii=False).encode("utf-16"), ()),
    "huge_file": (lambda s: b" " * (jsonio.MAX_JSON_BYTES + 1), ()),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_malformed_json_is_refused_naming_the_field(case, seed_data, tmp_path):
    make, words = CASES[case]
    path = tmp_path / "form.json"
    path.write_bytes(make(seed_data))
    with pytest.raises(FormError) as info:
        jsonio.load(path)
    assert_clerk_message(info.value.message)
    for word in words:
        assert word in info.value.message, (word, info.value.message)
    with pytest.raises(FormError):
        files.load_form(path)


def test_bom_is_accepted(seed_data, seed_form, tmp_path):
    path = tmp_path / "bom.json"
    path.write_bytes(b"\xef\xbb\xbf" + json.dumps(seed_data, ensure_ascii=False).encode("utf-8"))
    assert fingerprint.fingerprint(jsonio.load(path)) == fingerprint.fingerprint(seed_form)


CLI_SAMPLE = ("not_json", "nan", "1e400", "comma_letter_amount", "newline_in_amount", "deep_nesting",
              "not_utf8_gbk", "lone_surrogate", "huge_file")


@pytest.mark.parametrize("case", CLI_SAMPLE)
def test_malformed_json_refused_by_the_command_line(case, seed_data, tmp_path):
    make, words = CASES[case]
    path = tmp_path / "form.json"
    path.write_bytes(make(seed_data))
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
@settings(max_examples=300, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(choice=st.integers(0, 10**6), value=_JSON_VALUES, cut=st.integers(0, 20_000), mode=st.integers(0, 2))
def test_mutated_json_loads_or_refuses_cleanly(choice, value, cut, mode, seed_dict):
    """Any value put anywhere in the seed, or the text cut anywhere: a form or one clean
    refusal, never another exception."""
    data = copy.deepcopy(seed_dict)
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
