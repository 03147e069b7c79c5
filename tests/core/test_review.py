"""The reviewer's block, for every declared form: it travels in interchange JSON (the optional
key ``review``) and in the draft (``review``, ``review_comments``), survives import → draft →
export, never changes the 内容指纹, is held to one set of limits by every reader and writer, and
``check`` lists each unresolved comment without changing the exit status."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal
import sqlite3
from contextlib import closing

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.core import checks, draftfile, fingerprint, jsonio, review as R
from desktop_app.core.draftfile import DraftError, Known, file_state, load_draft, save_draft, table_rows
from desktop_app.core.errors import FormError
from desktop_app.core.labels import field_label
from desktop_app.core.problems import COMMENT
from tests.conftest import ROOT
from tests.forms import IDS, MODELS, sample_dict, shape

from ..robustness.support import assert_cli_refused, assert_clerk_message, run_cli, sha256

V1 = ROOT / "tests" / "fixtures" / "seed-v1.jxmb"


def _form(data: dict):
    return jsonio.loads(json.dumps(data, ensure_ascii=False))  # numbers as the reader reads them


def _reviewed(model) -> dict:
    """The sample with a review: a verdict, an overall opinion, comments on a field, a row and a
    cell, one of them resolved."""
    s = shape(model.spec)
    data = sample_dict(model.spec)
    data["review"] = {
        "verdict": "中", "reviewer": "张审核", "date": "2026-03-01", "summary": "目标不够细化，请修改后重新报送。",
        "comments": [
            {"path": f"{s.group}.{s.amount}", "text": "金额依据不足", "resolved": False},
            {"path": f"{s.tree}[0]", "text": "指标请量化", "resolved": True},
            {"path": f"{s.rows}[0].{s.column}", "text": "表述过于笼统", "resolved": False},
        ],
    }
    return data


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_comments_survive_import_draft_export_and_leave_the_fingerprint(model, tmp_path):
    data = _reviewed(model)
    source, draft, back = tmp_path / "in.json", tmp_path / "d.jxmb", tmp_path / "back.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert run_cli("import", str(source), "-o", str(draft)).returncode == 0
    assert run_cli("export", str(draft), "-o", str(back)).returncode == 0
    assert json.loads(back.read_text(encoding="utf-8"))["review"] == data["review"]
    plain = _form(sample_dict(model.spec))
    reviewed = load_draft(draft)
    assert reviewed != plain  # the review is part of the form's equality…
    assert fingerprint.fingerprint(reviewed) == fingerprint.fingerprint(plain)  # …not of its content
    assert fingerprint.legacy(reviewed) == fingerprint.legacy(plain)
    with closing(sqlite3.connect(draft)) as conn:
        assert conn.execute("SELECT verdict, reviewer FROM review").fetchall() == [("中", "张审核")]
        assert conn.execute("SELECT path, resolved FROM review_comments ORDER BY position").fetchall() \
            == [(c["path"], int(c["resolved"])) for c in data["review"]["comments"]]


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_a_form_nobody_reviewed_is_written_without_the_key(model):
    form = _form(sample_dict(model.spec))
    assert "review" not in jsonio.to_dict(form)
    form.review.comments.append(R.Comment("year", "年度？"))
    assert "review" in jsonio.to_dict(form)


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_adding_resolving_and_removing_comments_never_changes_the_fingerprint(model, tmp_path):
    form = _form(sample_dict(model.spec))
    before = fingerprint.fingerprint(form)
    draft = tmp_path / "d.jxmb"
    for step in range(4):
        if step == 0:
            form.review.comments.append(R.Comment(shape(model.spec).text, "请核实"))
        elif step == 1:
            form.review.comments[0].resolved = True
            form.review.verdict, form.review.summary = "良", "基本可行"
        elif step == 2:
            form.review.comments.clear()
        save_draft(draft, form)
        assert load_draft(draft) == form
        assert fingerprint.fingerprint(load_draft(draft)) == before


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_check_lists_unresolved_comments_without_changing_the_exit_status(model, tmp_path):
    data = _reviewed(model)
    source = tmp_path / "in.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    plain = tmp_path / "plain.json"
    plain.write_text(json.dumps(sample_dict(model.spec), ensure_ascii=False), encoding="utf-8")
    r = run_cli("check", str(source), "--json")
    p = run_cli("check", str(plain), "--json")
    assert r.returncode == p.returncode
    found = json.loads(r.stdout)
    comments = [x for x in found if x["severity"] == COMMENT]
    unresolved = [c for c in data["review"]["comments"] if not c["resolved"]]
    assert [(c["path"], c["message"]) for c in comments] == [(c["path"], c["text"]) for c in unresolved]
    assert [x for x in found if x["severity"] != COMMENT] == json.loads(p.stdout)
    text = run_cli("check", str(source)).stdout.decode("utf-8")
    assert f"{len(unresolved)} 条未处理的审核意见" in text
    assert all(c["text"] in text for c in unresolved)


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_a_comment_whose_place_is_gone_is_kept_under_its_section(model, tmp_path):
    s = shape(model.spec)
    form = _form(sample_dict(model.spec))
    gone = f"{s.rows}[{len(form.rows(s.rows)) + 5}].{s.column}"
    form.review.comments.append(R.Comment(gone, "这一行为什么删了？"))
    form.review.comments.append(R.Comment("no_such_member.field", "新版本程序的位置"))
    draft = tmp_path / "d.jxmb"
    save_draft(draft, form)
    back = load_draft(draft)
    assert [c.path for c in back.review.comments] == [gone, "no_such_member.field"]
    assert R.section_of(gone) == s.rows
    listed = [p for p in checks.check(back) if p.severity == COMMENT]
    assert [p.path for p in listed] == [gone, "no_such_member.field"]
    assert "原位置已不存在，可能已删除该行" in listed[0].message
    assert "本表没有这一栏" in listed[1].message  # (a path of another form, or of a newer program)
    assert listed[0].label == field_label(model.spec, gone) and model.spec.member(s.rows).label in listed[0].label
    assert json.loads(jsonio.dumps(back))["review"]["comments"][0]["path"] == gone


# -- what is refused ---------------------------------------------------------------------------

@pytest.mark.parametrize("change, said", [
    (lambda r: r.__setitem__("verdict", "很好"), "审核结论「很好」无效"),
    (lambda r: r.__setitem__("verdict", 1), "审核结论"),
    (lambda r: r["comments"][0].__setitem__("path", "预算.基本支出"), "不是有效的字段位置"),
    (lambda r: r["comments"][0].__setitem__("path", "tasks[٣]"), "不是有效的字段位置"),
    (lambda r: r["comments"][0].__setitem__("path", ""), "不是有效的字段位置"),
    (lambda r: r["comments"][0].__setitem__("path", "tasks\n"), "不是有效的字段位置"),
    (lambda r: r["comments"][0].__setitem__("resolved", "yes"), "已处理"),
    (lambda r: r["comments"][0].__setitem__("text", "意" * (R.MAX_COMMENT_CHARS + 1)), "超过2000字"),
    (lambda r: r["comments"][0].pop("text"), "缺少字段 text"),
    (lambda r: r["comments"][0].__setitem__("author", "x"), "未知字段"),
    (lambda r: r.__setitem__("score", 90), "未知字段"),
    (lambda r: r.__setitem__("summary", "见" * (R.MAX_SUMMARY_CHARS + 1)), "总体审核意见超过"),
    (lambda r: r.__setitem__("comments", {}), "应为列表"),
])
@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_a_bad_review_block_is_refused_with_a_message(model, change, said):
    data = _reviewed(model)
    change(data["review"])
    with pytest.raises(FormError) as info:
        _form(data)
    assert said in info.value.message
    assert_clerk_message(info.value.message)


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_100000_comments_are_refused_in_one_line_and_the_limit_itself_is_kept(model, tmp_path):
    data = _reviewed(model)
    data["review"]["comments"] = [{"path": "year", "text": "x", "resolved": False}] * 100_000
    source = tmp_path / "many.json"
    source.write_text(json.dumps(data), encoding="utf-8")
    message = assert_cli_refused(run_cli("import", str(source), "-o", str(tmp_path / "d.jxmb")))
    assert "100000 条" in message and str(R.MAX_COMMENTS) in message
    assert not (tmp_path / "d.jxmb").exists()

    data["review"]["comments"] = data["review"]["comments"][:R.MAX_COMMENTS]
    form = _form(data)
    save_draft(tmp_path / "d.jxmb", form)
    assert len(load_draft(tmp_path / "d.jxmb").review.comments) == R.MAX_COMMENTS
    form.review.comments.append(R.Comment("year", "one too many"))
    with pytest.raises(DraftError) as info:  # the writer holds the reader's limit
        save_draft(tmp_path / "d.jxmb", form)
    assert str(R.MAX_COMMENTS) in info.value.message
    with pytest.raises(FormError):
        jsonio.to_dict(form)
    assert len(load_draft(tmp_path / "d.jxmb").review.comments) == R.MAX_COMMENTS


def _set(path, *sql):
    with closing(sqlite3.connect(path)) as conn:
        for statement in sql:
            conn.execute(statement)
        conn.commit()


@pytest.mark.parametrize("sql, said", [
    ("INSERT INTO review VALUES (1, '很好', '', '', '')", "审核结论"),
    ("INSERT INTO review_comments VALUES (0, 'year', '?', 7)", "已处理"),
    ("INSERT INTO review_comments VALUES (0, '年度', '?', 0)", "不是有效的字段位置"),
    ("INSERT INTO review VALUES (2, '良', '', '', '')", "review 表有 2 行"),
])
def test_a_draft_with_a_bad_review_is_refused_untouched(seed_draft, sql, said):
    _set(seed_draft, "INSERT INTO review VALUES (1, '良', '', '', '')" if "(2," in sql else "SELECT 1", sql)
    before = sha256(seed_draft)
    with pytest.raises(DraftError) as info:
        load_draft(seed_draft)
    assert said in info.value.message
    assert_clerk_message(info.value.message)
    assert sha256(seed_draft) == before


def test_a_draft_with_too_many_comments_is_refused(seed_draft):
    rows = ",".join(f"({i}, 'year', 'x', 0)" for i in range(R.MAX_COMMENTS + 1))
    _set(seed_draft, f"INSERT INTO review_comments VALUES {rows}")
    with pytest.raises(DraftError) as info:
        load_draft(seed_draft)
    assert f"{R.MAX_COMMENTS + 1} 条" in info.value.message


# -- the migration from version 1 ----------------------------------------------------------------

def test_a_version_1_draft_opens_saves_as_the_current_version_and_reads_back_equal(tmp_path, seed_form):
    copy = tmp_path / "old.jxmb"
    shutil.copyfile(V1, copy)
    with closing(sqlite3.connect(V1)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 1
        assert "review" not in {n for (n,) in conn.execute("SELECT name FROM sqlite_master")}
    before = sha256(copy)
    form = load_draft(copy)
    assert form == seed_form and form.review == R.Review()
    assert sha256(copy) == before  # read on a copy in memory
    save_draft(copy, form)
    with closing(sqlite3.connect(copy)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == draftfile.SCHEMA_VERSION
        assert draftfile.SCHEMA_VERSION > 2
        assert conn.execute("SELECT count(*) FROM review").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM review_comments").fetchone()[0] == 0
    assert load_draft(copy) == seed_form


def test_a_version_1_draft_open_in_a_window_takes_its_first_comment(tmp_path):
    """A window's writer starts from the rows it read (``Known``): a version-1 draft lacks the
    review tables, which is no change made outside; the first save brings it up whole."""
    copy = tmp_path / "old.jxmb"
    shutil.copyfile(V1, copy)
    state = file_state(copy)
    form = load_draft(copy)
    writer = draftfile.DraftWriter(copy, Known(table_rows(form), state))
    form.review.comments.append(R.Comment("budget.basic_expenditure", "依据？"))
    writer.save(form)
    form.review.comments[0].resolved = True
    writer.save(form)
    writer.close()
    assert load_draft(copy) == form


def test_the_migration_is_registered_and_adds_exactly_the_review_tables():
    assert draftfile.FORMAT_VERSION >= (2, 0)
    conn = sqlite3.connect(":memory:")
    to, step = draftfile.MIGRATIONS[(1, 0)]
    assert to == (2, 0)
    step(conn)
    tables = {n: sql for n, sql in conn.execute("SELECT name, sql FROM sqlite_master")}
    assert set(tables) == {"review", "review_comments"}
    from desktop_app.core.draftfile.container import _normalized_sql, expected_sql
    from desktop_app.core.draftfile.rows import REVIEW_SCHEMA
    assert all(_normalized_sql(sql) == expected_sql(REVIEW_SCHEMA, n) for n, sql in tables.items())


def test_a_version_1_draft_holding_review_tables_already_is_refused(tmp_path):
    copy = tmp_path / "old.jxmb"
    shutil.copyfile(V1, copy)
    _set(copy, "CREATE TABLE review (id INTEGER PRIMARY KEY, verdict TEXT, reviewer TEXT, date TEXT, summary TEXT)")
    with pytest.raises(DraftError):
        load_draft(copy)


# -- the schema says what the reader takes ------------------------------------------------------


_TEXTS = st.one_of(st.none(), st.text(max_size=8).filter(lambda t: not any("\ud800" <= c <= "\udfff" for c in t)),
                   st.sampled_from([1, True, [], "甲" * (R.MAX_REVIEWER_CHARS + 1)]))
_PATHS = st.sampled_from(["year", "tasks[0].name", "budget", "tasks[12]", "totals.x", "", "Year", "a.b.c", "tasks[]",
                          "tasks[٣]", "tasks\n", "x[1234567890]", 5, None])
_COMMENT = st.fixed_dictionaries({"path": _PATHS, "text": _TEXTS},
                                 optional={"resolved": st.sampled_from([True, False, None, 0, "no"]),
                                           "author": st.just("x")})
_BLOCK = st.one_of(st.none(), st.sampled_from([[], "x"]), st.fixed_dictionaries({}, optional={
    "verdict": st.sampled_from([*R.VERDICTS, "", None, "优秀", 1]),
    "reviewer": _TEXTS, "date": _TEXTS, "summary": _TEXTS,
    "comments": st.one_of(st.none(), st.lists(_COMMENT, max_size=3), st.just({})),
    "score": st.just(1)}))


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_schema_and_reader_agree_on_review_blocks(model):
    from .test_schema import _schema_accepts, validator

    v = validator(model.spec)
    base = json.loads(json.dumps(sample_dict(model.spec)), parse_float=Decimal, parse_int=Decimal)
    seen = {True: 0, False: 0}

    @settings(max_examples=300, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
    @given(_BLOCK)
    def agree(block):
        doc = dict(base, review=block)
        try:
            jsonio.from_dict(doc)
            accepted = True
        except FormError:
            accepted = False
        seen[accepted] += 1
        assert _schema_accepts(v, doc) == accepted, block

    agree()
    assert min(seen.values()) > 20, seen
