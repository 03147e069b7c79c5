import copy
import json
import sqlite3
from contextlib import closing

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.core import draftfile, jsonio
from desktop_app.core.draftfile import container
from desktop_app.core.draftfile import (
    APPLICATION_ID,
    SCHEMA_VERSION,
    DraftChanged,
    DraftError,
    DraftWriter,
    load_draft,
    save_draft,
)
from tests.forms import IDS, MODELS, sample_path

from .strategies import FORMS, apply_edit, edits


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
        assert tables == {"form", "budget", "tasks", "indicators", "signoff", "review", "review_comments",
                          "identity"}
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


@pytest.mark.parametrize("format_id", IDS)
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_form_survives_the_draft_file(tmp_path_factory, format_id, data):
    form = data.draw(FORMS[format_id])
    path = tmp_path_factory.mktemp("rt") / "d.jxmb"
    save_draft(path, form)
    assert load_draft(path) == form


@pytest.mark.parametrize("model", MODELS, ids=IDS)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_incremental_saves_equal_a_full_save(tmp_path_factory, model, data):
    form = data.draw(FORMS[model.spec.format_id])
    steps = data.draw(st.lists(edits(model), min_size=1, max_size=12))
    path = tmp_path_factory.mktemp("inc") / "d.jxmb"
    writer = DraftWriter(path)
    writer.save(form)
    for edit in steps:
        apply_edit(form, edit)
        writer.save(form)
        assert load_draft(path) == form
    writer.close()


@pytest.mark.parametrize("model", MODELS, ids=IDS)
@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_saves_of_only_the_touched_rows_equal_a_full_save(tmp_path_factory, model, data):
    """An autosave builds only the rows the edits since the last save touched."""
    form = data.draw(FORMS[model.spec.format_id])
    steps = data.draw(st.lists(st.lists(edits(model), min_size=1, max_size=4), min_size=1, max_size=6))
    path = tmp_path_factory.mktemp("touched") / "d.jxmb"
    writer = DraftWriter(path)
    writer.save(form)
    for batch in steps:
        touched = draftfile.Touched()
        for edit in batch:
            apply_edit(form, edit, touched)
        writer.save(form, touched)
        assert load_draft(path) == form
    writer.close()


@pytest.mark.parametrize("model", MODELS, ids=IDS)
@settings(max_examples=60, deadline=None)
@given(data=st.data())
def test_rows_an_autosave_does_not_compare_are_the_saved_rows_themselves(model, data):
    """The writer compares only ``rebuilt_positions``: every other row must be the very tuple
    it saved (so skipping it is safe), and the rows equal a full build."""
    from desktop_app.core.draftfile.rows import rebuilt_positions, table_rows

    form = data.draw(FORMS[model.spec.format_id])
    saved = table_rows(form)
    touched = draftfile.Touched()
    for edit in data.draw(st.lists(edits(model), min_size=1, max_size=4)):
        apply_edit(form, edit, touched)
    rows = table_rows(form, touched, saved)
    only = rebuilt_positions(form, touched, saved, rows)
    assert rows == table_rows(form)
    assert set(only) == {t.key for t in model.spec.tables}
    for table, positions in only.items():
        common = min(len(saved[table]), len(rows[table]))
        assert all(rows[table][i] is saved[table][i] for i in set(range(common)) - set(positions))
    assert rebuilt_positions(form, None, saved, rows) is None


def test_a_draft_knows_which_form_it_holds(tmp_path):
    for model in MODELS:
        path = tmp_path / f"{model.spec.class_name}.jxmb"
        save_draft(path, jsonio.load(sample_path(model.spec)))
        with closing(sqlite3.connect(path)) as conn:
            assert conn.execute("SELECT format FROM form").fetchall() == [(model.spec.format_id,)]
        assert load_draft(path).spec is model.spec


def test_saving_another_kind_of_form_over_a_draft_replaces_it_whole(tmp_path, seed_form):
    from tests import project

    path = tmp_path / "d.jxmb"
    writer = DraftWriter(path)
    writer.save(seed_form)
    other = jsonio.load(project.SAMPLE_PATH)
    writer.save(other)
    assert load_draft(path) == other
    with closing(sqlite3.connect(path)) as conn:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert tables == set(draftfile.schema_of(other.spec))
    writer.close()


def test_a_file_replaced_behind_the_writer_is_not_overwritten_without_a_word(tmp_path, seed_form):
    path = tmp_path / "d.jxmb"
    writer = DraftWriter(path)
    writer.save(seed_form)
    other = copy.deepcopy(seed_form)
    other.tasks = other.tasks[:2]
    save_draft(tmp_path / "other.jxmb", other)
    (tmp_path / "other.jxmb").replace(path)          # e.g. restored from an e-mail
    seed_form.department = "改过的部门"
    with pytest.raises(DraftChanged):
        writer.save(seed_form)
    assert load_draft(path) == other                 # what is there now is kept
    writer.save(seed_form, overwrite=True)           # the clerk chose to keep the window's version
    assert load_draft(path) == seed_form
    seed_form.tasks[0].name = "之后照常自动保存"
    writer.save(seed_form)
    assert load_draft(path) == seed_form


def test_a_save_by_another_program_is_noticed(tmp_path, seed_form):
    path = tmp_path / "d.jxmb"
    writer = DraftWriter(path)
    writer.save(seed_form)
    with closing(sqlite3.connect(path)) as conn:     # same file, same size: another SQLite writer
        conn.execute("UPDATE tasks SET name = '别人改的' WHERE position = 0")
        conn.commit()
    seed_form.department = "改过的部门"
    with pytest.raises(DraftChanged):
        writer.save(seed_form)
    assert load_draft(path).tasks[0].name == "别人改的"


def test_a_writer_that_knows_the_rows_it_read_notices_a_change_before_its_first_save(tmp_path, seed_form):
    path = tmp_path / "d.jxmb"
    save_draft(path, seed_form)
    known = draftfile.Known(draftfile.table_rows(load_draft(path)), draftfile.file_state(path))
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("UPDATE form SET department = '打开之后别人改的'")
        conn.commit()
    with pytest.raises(DraftChanged):
        DraftWriter(path, known).save(seed_form)
    assert load_draft(path).department == "打开之后别人改的"


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


def test_a_file_whose_time_alone_moved_is_saved_row_by_row(tmp_path, seed_form, monkeypatch):
    """A network share may update a file's time after the fact: that alone is no conflict."""
    import os

    path = tmp_path / "d.jxmb"
    writer = DraftWriter(path)
    writer.save(seed_form)
    os.utime(path, ns=(1, 1))
    seed_form.department = "再改一次"
    full = []
    monkeypatch.setattr(draftfile.writer, "write_all", lambda *a: full.append(1))
    writer.save(seed_form)
    assert full == [] and load_draft(path).department == "再改一次"


def _rows_of_tasks(draft) -> int:
    with closing(sqlite3.connect(draft)) as conn:
        return conn.execute("SELECT count(*) FROM tasks").fetchone()[0]


def test_a_table_of_exactly_the_row_limit_opens_and_one_more_is_refused(seed_draft, monkeypatch):
    # Read without counting first: one row more than the limit is what tells.
    with closing(sqlite3.connect(seed_draft)) as conn:
        tables = [n for (n,) in conn.execute("SELECT name FROM sqlite_master")]
        rows = max(conn.execute(f"SELECT count(*) FROM [{n}]").fetchone()[0] for n in tables)
    monkeypatch.setattr(container, "MAX_ROWS", rows)
    assert load_draft(seed_draft).spec.format_id
    monkeypatch.setattr(container, "MAX_ROWS", rows - 1)
    with pytest.raises(DraftError, match="行数过多"):
        load_draft(seed_draft)


def test_the_first_value_of_a_wrong_type_in_reading_order_is_named(seed_draft):
    # Types are checked a column at a time; the message still names the first wrong value met
    # row by row: row 0's later column, not row 1's earlier one.
    assert _rows_of_tasks(seed_draft) >= 2
    with closing(sqlite3.connect(seed_draft)) as conn:
        first, *_, last = [row[1] for row in conn.execute("PRAGMA table_info(tasks)") if row[2] == "TEXT"]
        conn.execute(f"UPDATE tasks SET [{last}] = x'00' WHERE position = 0")
        conn.execute(f"UPDATE tasks SET [{first}] = 7 WHERE position = 1")
        conn.commit()
    with pytest.raises(DraftError, match=f"tasks\\.{last} 的数据类型不符"):
        load_draft(seed_draft)
