import copy
import json
import sqlite3
from contextlib import closing

from hypothesis import HealthCheck, given, settings, strategies as st

from desktop_app.core import draftfile, jsonio
from desktop_app.core.draftfile import APPLICATION_ID, SCHEMA_VERSION, DraftWriter, load_draft, save_draft

from .strategies import forms, indicators, tasks, texts


def test_seed_round_trip(seed_draft, seed_form):
    assert load_draft(seed_draft) == seed_form


def test_the_file_is_marked_versioned_and_uses_the_rollback_journal(seed_draft):
    with closing(sqlite3.connect(seed_draft)) as conn:
        assert conn.execute("PRAGMA application_id").fetchone()[0] == APPLICATION_ID
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert not seed_draft.with_name(seed_draft.name + "-journal").exists()
    assert not seed_draft.with_name(seed_draft.name + "-wal").exists()


def test_tables_mirror_the_form_for_any_sqlite_tool(seed_draft):
    with closing(sqlite3.connect(seed_draft)) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        assert tables == {"form", "budget", "tasks", "indicators", "signoff"}
        assert conn.execute("SELECT count(*) FROM tasks").fetchone()[0] == 7
        assert conn.execute("SELECT count(*) FROM indicators").fetchone()[0] == 27
        assert conn.execute("SELECT basic_expenditure FROM budget").fetchone()[0] == "3738.11"
        assert conn.execute("SELECT name FROM tasks ORDER BY position LIMIT 1").fetchone()[0] \
            == "负责知识城企业和人才服务工作"


def test_loading_never_writes(seed_draft):
    before = seed_draft.read_bytes()
    mtime = seed_draft.stat().st_mtime_ns
    load_draft(seed_draft)
    assert seed_draft.read_bytes() == before and seed_draft.stat().st_mtime_ns == mtime


def test_an_amount_that_is_not_a_number_is_saved_as_typed(tmp_path, seed_form):
    seed_form.tasks[0].amount = "3,7a8"
    save_draft(tmp_path / "d.jxmb", seed_form)
    assert load_draft(tmp_path / "d.jxmb").tasks[0].amount == "3,7a8"


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(form=forms)
def test_any_form_survives_the_draft_file(tmp_path_factory, form):
    path = tmp_path_factory.mktemp("rt") / "d.jxmb"
    save_draft(path, form)
    assert load_draft(path) == form


@settings(max_examples=60, deadline=None)
@given(form=forms)
def test_json_round_trip_loses_nothing(form):
    text = jsonio.dumps(form)
    assert jsonio.loads(text) == form
    assert jsonio.dumps(jsonio.loads(text)) == text


edits = st.one_of(
    st.tuples(st.just("department"), texts),
    st.tuples(st.just("task"), st.integers(0, 5), texts),
    st.tuples(st.just("add_task"), tasks),
    st.tuples(st.just("drop_task"), st.integers(0, 5)),
    st.tuples(st.just("add_indicator"), st.integers(0, 9), indicators),
    st.tuples(st.just("drop_indicator"), st.integers(0, 9)),
)


def _apply(form, edit):
    kind = edit[0]
    if kind == "department":
        form.department = edit[1]
    elif kind == "task" and form.tasks:
        form.tasks[edit[1] % len(form.tasks)].content = edit[2]
    elif kind == "add_task":
        form.tasks.append(copy.deepcopy(edit[1]))
    elif kind == "drop_task" and form.tasks:
        form.tasks.pop(edit[1] % len(form.tasks))
    elif kind == "add_indicator":
        form.indicators.insert(edit[1] % (len(form.indicators) + 1), copy.deepcopy(edit[2]))
    elif kind == "drop_indicator" and form.indicators:
        form.indicators.pop(edit[1] % len(form.indicators))


@settings(max_examples=40, deadline=None)
@given(form=forms, steps=st.lists(edits, min_size=1, max_size=12))
def test_incremental_saves_equal_a_full_save(tmp_path_factory, form, steps):
    path = tmp_path_factory.mktemp("inc") / "d.jxmb"
    writer = DraftWriter(path)
    writer.save(form)
    for edit in steps:
        _apply(form, edit)
        writer.save(form)
        assert load_draft(path) == form


def test_a_file_replaced_behind_the_writer_is_rewritten_whole(tmp_path, seed_form):
    path = tmp_path / "d.jxmb"
    writer = DraftWriter(path)
    writer.save(seed_form)
    other = copy.deepcopy(seed_form)
    other.tasks = other.tasks[:2]
    save_draft(tmp_path / "other.jxmb", other)
    (tmp_path / "other.jxmb").replace(path)          # e.g. restored from an e-mail
    seed_form.department = "改过的部门"
    writer.save(seed_form)
    assert load_draft(path) == seed_form


def test_save_to_a_foreign_file_replaces_it_whole(tmp_path, seed_form):
    path = tmp_path / "foreign.jxmb"
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("CREATE TABLE junk (x)")
        conn.commit()
    save_draft(path, seed_form)
    assert load_draft(path) == seed_form
    assert not list(tmp_path.glob(".~*"))            # no temporary file left behind


def test_export_of_a_draft_matches_the_seed_json(seed_draft, seed_dict):
    assert json.loads(jsonio.dumps(load_draft(seed_draft))) == seed_dict


def test_is_draft(seed_draft, tmp_path):
    assert draftfile.is_draft(seed_draft)
    (tmp_path / "x.jxmb").write_text("hello")
    assert not draftfile.is_draft(tmp_path / "x.jxmb")


def test_a_fresh_draft_replaces_the_target_whole(tmp_path, seed_form):
    path = tmp_path / "copy.jxmb"
    save_draft(path, seed_form)
    with closing(sqlite3.connect(path)) as conn:   # an older file with a leftover of its own
        conn.execute("CREATE TABLE leftover (x)")
        conn.commit()
    draftfile.write_fresh_draft(path, seed_form)
    assert load_draft(path) == seed_form
    assert not list(tmp_path.glob(".~*"))
