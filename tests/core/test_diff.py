"""``diff OLD NEW`` for every declared form: rows matched by their declared ``match_by`` columns,
so deleting, inserting or reordering rows is one change each, not every later row; amounts
compared as numbers with their difference; review comments apart from the content; two
different forms refused with exit 2."""

from __future__ import annotations

import copy
import itertools
import json
from decimal import Decimal

import pytest

from desktop_app.core import diff, fingerprint, jsonio
from desktop_app.core import spec as S
from desktop_app.core.review import Comment
from tests.forms import IDS, MODELS, json_at, json_keys, sample_dict, set_json_at

from ..robustness.support import assert_cli_refused, run_cli


def _form(data: dict):
    return jsonio.loads(json.dumps(data, ensure_ascii=False))


def _tables(model):
    return [t for t in model.spec.tables if t.match_by]


def _write(tmp_path, name: str, data: dict):
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_every_row_table_declares_how_its_rows_are_matched():
    for model in MODELS:
        assert all(t.match_by for t in model.spec.tables), model.spec.format_id
        for t in model.spec.tables:
            assert all(k in t.model_keys for k in t.match_by)


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_a_form_equals_itself(model):
    form = _form(sample_dict(model.spec))
    assert diff.compare(form, copy.deepcopy(form)) == []


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_deleting_one_row_is_one_removed_row(model):
    old = sample_dict(model.spec)
    for table in _tables(model):
        assert len(old[table.key]) >= 3, "the sample needs rows after the one deleted"
        new = copy.deepcopy(old)
        gone = new[table.key].pop(1)
        changes = diff.compare(_form(old), _form(new))
        assert [(c.path, c.change) for c in changes] == [(f"{table.key}[1]", diff.REMOVED)], changes
        assert changes[0].old == gone and changes[0].new is None
        assert "原第2行" in changes[0].label


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_inserting_one_row_is_one_added_row(model):
    old = sample_dict(model.spec)
    for table in _tables(model):
        new = copy.deepcopy(old)
        row = copy.deepcopy(new[table.key][0])
        row[table.match_by[-1]] = "新加的一行"
        new[table.key].insert(1, row)
        changes = diff.compare(_form(old), _form(new))
        assert [(c.path, c.change) for c in changes] == [(f"{table.key}[1]", diff.ADDED)], changes
        assert changes[0].new[table.match_by[-1]] == "新加的一行"


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_reordering_rows_is_one_change_of_order_and_no_changed_cell(model):
    old = sample_dict(model.spec)
    for table in _tables(model):
        new = copy.deepcopy(old)
        rows = new[table.key]
        rows[0], rows[1] = rows[1], rows[0]
        changes = diff.compare(_form(old), _form(new))
        assert [(c.path, c.change) for c in changes] == [(table.key, diff.CHANGED)], changes
        assert sorted(changes[0].old) == sorted(changes[0].new) and changes[0].old != changes[0].new
        assert "移到" in str(changes[0])


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_a_changed_cell_of_a_moved_row_is_found_at_its_new_place(model):
    old = sample_dict(model.spec)
    table = _tables(model)[0]
    new = copy.deepcopy(old)
    value = next(c for c in table.value_columns if c.key not in table.match_by)
    row = new[table.key].pop(0)
    row[value.key] = "改过了" if value.kind != S.AMOUNT else "1.5"
    new[table.key].insert(0, row)
    del new[table.key][1]
    changes = diff.compare(_form(old), _form(new))
    assert {(c.path, c.change) for c in changes} == {(f"{table.key}[1]", diff.REMOVED),
                                                      (f"{table.key}[0].{value.key}", diff.CHANGED)}


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_amounts_compare_as_decimals(model, tmp_path):
    old = sample_dict(model.spec)
    new = copy.deepcopy(old)
    amounts = [(m.key, f.key) for m in model.spec.groups for f in m.fields if f.kind == S.AMOUNT]
    group, key = next((g, k) for g, k in amounts if json_at(old, json_keys(model.spec, g, k)) not in (None, ""))
    where = json_keys(model.spec, group, key)
    value = Decimal(json_at(old, where))
    set_json_at(new, where, f"{value:f}0" if "." in f"{value:f}" else f"{value:f}.00")  # 3738.1 → 3738.10
    o, n = _form(old), _form(new)
    assert diff.compare(o, n) == []
    assert fingerprint.fingerprint(o) != fingerprint.fingerprint(n)  # the text as typed differs
    r = run_cli("diff", str(_write(tmp_path, "o.json", old)), str(_write(tmp_path, "n.json", new)))
    assert r.returncode == 0 and "内容相同" in r.stdout.decode() and "写法不同" in r.stdout.decode()

    set_json_at(new, where, f"{value + Decimal('61.89'):f}")
    changes = diff.compare(o, _form(new))
    assert [(c.path, c.change, Decimal(c.difference)) for c in changes] == [(f"{group}.{key}", diff.CHANGED,
                                                                             Decimal("61.89"))]
    assert "→" in str(changes[0]) and "（+61.89" in str(changes[0])  # as precise as the amounts typed
    set_json_at(new, where, None)
    changes = diff.compare(o, _form(new))
    assert changes[0].new is None and changes[0].difference is None


def test_rows_with_the_same_key_pair_in_order(seed_data):
    seed_data["tasks"].append(copy.deepcopy(seed_data["tasks"][0]))
    new = copy.deepcopy(seed_data)
    new["tasks"][-1]["amount"] = "1.00"
    changes = diff.compare(_form(seed_data), _form(new))
    assert [c.path for c in changes] == [f"tasks[{len(new['tasks']) - 1}].amount"]


def test_a_renamed_row_is_a_removed_and_an_added_row(seed_data):
    new = copy.deepcopy(seed_data)
    new["tasks"][2]["name"] += "（修改）"
    changes = diff.compare(_form(seed_data), _form(new))
    assert [(c.path, c.change) for c in changes] == [("tasks[2]", diff.REMOVED), ("tasks[2]", diff.ADDED)]


def test_text_compares_as_written_after_unicode_normalisation(seed_data):
    new = copy.deepcopy(seed_data)
    seed_data["overall_goal"] = "Cafe\u0301"
    new["overall_goal"] = "Café"
    assert diff.compare(_form(seed_data), _form(new)) == []


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_review_comments_are_not_content(model, tmp_path):
    old = _form(sample_dict(model.spec))
    new = copy.deepcopy(old)
    new.review.comments.append(Comment("year", "请核对年度"))
    new.review.verdict = "中"
    assert diff.compare(old, new) == []
    changes = diff.review_changes(old, new)
    assert [(c.path, c.change) for c in changes] == [("review.verdict", diff.CHANGED), ("review.comments[0]", diff.ADDED)]
    resolved = copy.deepcopy(new)
    resolved.review.comments[0].resolved = True
    assert [str(c) for c in diff.review_changes(new, resolved)] == ["修改  审核意见（年度）「请核对年度」：已标记为已处理"]
    a, b = tmp_path / "a.jxmb", tmp_path / "b.jxmb"
    from desktop_app.core.draftfile import save_draft
    save_draft(a, old)
    save_draft(b, resolved)
    plain = run_cli("diff", str(a), str(b), "--json")
    assert plain.returncode == 0 and json.loads(plain.stdout) == []
    with_review = run_cli("diff", str(a), str(b), "--json", "--review")
    assert with_review.returncode == 0  # still equal content
    assert [x["path"] for x in json.loads(with_review.stdout)] == ["review.verdict", "review.comments[0]"]
    text = run_cli("diff", str(a), str(b), "--review").stdout.decode()
    assert "不影响比较结果" in text and "请核对年度" in text


def test_the_command_line_exit_status_and_json(tmp_path, seed_data):
    old = _write(tmp_path, "old.json", seed_data)
    changed = copy.deepcopy(seed_data)
    del changed["tasks"][0]
    changed["budget"]["basic_expenditure"] = "3800"
    new = _write(tmp_path, "new.json", changed)
    r = run_cli("diff", str(old), str(old))
    assert r.returncode == 0
    r = run_cli("diff", str(old), str(new), "--json")
    assert r.returncode == 1
    items = json.loads(r.stdout)
    assert all({"path", "change", "old", "new"} <= set(x) for x in items)
    assert {x["change"] for x in items} <= {"changed", "added", "removed"}
    assert items[0] == {"path": "budget.basic_expenditure", "change": "changed", "old": "3738.11", "new": "3800",
                        "label": "基本支出", "difference": "61.89"}
    text = run_cli("diff", str(old), str(new)).stdout.decode()
    assert "3,738.11 → 3,800.00（+61.89）" in text and "共 2 处不同" in text


def test_a_department_and_a_project_draft_are_refused(tmp_path):
    """Any two forms of different families, however many are declared (editions of one form
    compare)."""
    assert len({m.spec.kin.key for m in MODELS}) >= 2
    files = {m.spec.format_id: _write(tmp_path, f"{i}.json", sample_dict(m.spec)) for i, m in enumerate(MODELS)}
    for one, other in itertools.combinations(MODELS, 2):
        if one.spec.kin.key == other.spec.kin.key:
            continue
        a, b = files[one.spec.format_id], files[other.spec.format_id]
        message = assert_cli_refused(run_cli("diff", str(a), str(b)))
        assert "不是同一种表单" in message and one.spec.short_title in message and other.spec.short_title in message
        assert_cli_refused(run_cli("diff", str(b), str(a), "--json"))


def test_an_unusable_input_exits_2(tmp_path, seed_data):
    good = _write(tmp_path, "good.json", seed_data)
    (tmp_path / "empty.jxmb").write_bytes(b"")
    assert_cli_refused(run_cli("diff", str(good), str(tmp_path / "empty.jxmb")))
    assert_cli_refused(run_cli("diff", str(tmp_path / "missing.jxmb"), str(good)))
