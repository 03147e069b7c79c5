"""Draft versions: a draft written by the first version of the program opens and is saved in the
current one; a newer minor version opens (its extra tables kept); a newer major version, a
foreign format or smuggled SQL objects are refused with the file untouched."""

from __future__ import annotations

import shutil
import sqlite3
from contextlib import closing

import pytest

from desktop_app.core import draftfile
from desktop_app.core.draftfile import DraftError, container, load_draft, save_draft
from tests.conftest import ROOT

from ..robustness.support import sha256

V1 = ROOT / "tests" / "fixtures" / "seed-v1.jxmb"


def _set(path, *sql):
    with closing(sqlite3.connect(path)) as conn:
        for statement in sql:
            conn.execute(statement)
        conn.commit()


def test_versions_are_major_and_minor():
    assert draftfile.decode_version(1) == (1, 0)
    assert draftfile.decode_version(2001) == (2, 1)
    assert draftfile.encode_version(2, 0) == 2 and draftfile.encode_version(2, 1) == 2001
    for major, minor in [(1, 0), (1, 7), (3, 0), (12, 345)]:
        assert draftfile.decode_version(draftfile.encode_version(major, minor)) == (major, minor)


def test_a_draft_of_the_first_version_opens_and_is_saved_in_the_current_one(tmp_path, seed_form):
    copy = tmp_path / "old.jxmb"
    shutil.copyfile(V1, copy)
    assert load_draft(copy) == seed_form
    save_draft(copy, load_draft(copy))
    with closing(sqlite3.connect(copy)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == draftfile.SCHEMA_VERSION
    assert load_draft(copy) == seed_form


def test_a_newer_major_version_is_refused_naming_the_program_needed(seed_draft):
    major = draftfile.FORMAT_VERSION[0] + 1
    _set(seed_draft, f"PRAGMA user_version={draftfile.encode_version(major, 0)}")
    before = sha256(seed_draft)
    with pytest.raises(DraftError) as info:
        load_draft(seed_draft)
    assert f"{major}.0 或更高版本" in info.value.message
    assert sha256(seed_draft) == before


def test_a_newer_minor_version_opens_and_keeps_what_it_added(seed_draft, seed_form):
    major = draftfile.FORMAT_VERSION[0]
    newer = draftfile.encode_version(major, draftfile.FORMAT_VERSION[1] + 1)
    _set(seed_draft, "CREATE TABLE notes (position INTEGER PRIMARY KEY, text TEXT)",
         "INSERT INTO notes VALUES (0, '新版本程序的内容')", f"PRAGMA user_version={newer}")
    assert load_draft(seed_draft) == seed_form
    seed_form.department = "旧版本程序改过"
    save_draft(seed_draft, seed_form)
    with closing(sqlite3.connect(seed_draft)) as conn:
        assert conn.execute("SELECT text FROM notes").fetchall() == [("新版本程序的内容",)]
        assert conn.execute("PRAGMA user_version").fetchone()[0] == newer
    assert load_draft(seed_draft).department == "旧版本程序改过"


@pytest.mark.parametrize("extra", [
    "CREATE TABLE notes (position INTEGER PRIMARY KEY, text TEXT CHECK (length(text) < 5))",
    "CREATE VIEW notes AS SELECT 1",
    "CREATE TRIGGER t AFTER UPDATE ON form BEGIN SELECT 1; END",
])
def test_a_newer_minor_version_still_holds_only_plain_tables(seed_draft, extra):
    newer = draftfile.encode_version(draftfile.FORMAT_VERSION[0], draftfile.FORMAT_VERSION[1] + 1)
    _set(seed_draft, extra, f"PRAGMA user_version={newer}")
    before = sha256(seed_draft)
    with pytest.raises(DraftError):
        load_draft(seed_draft)
    assert sha256(seed_draft) == before


def test_an_extra_table_in_the_current_version_is_refused(seed_draft):
    _set(seed_draft, "CREATE TABLE notes (position INTEGER PRIMARY KEY, text TEXT)")
    with pytest.raises(DraftError):
        load_draft(seed_draft)


def test_a_draft_of_a_form_this_program_does_not_know_is_refused_untouched(seed_draft):
    _set(seed_draft, "UPDATE form SET format = 'self-evaluation/1'")
    before = sha256(seed_draft)
    with pytest.raises(DraftError) as info:
        load_draft(seed_draft)
    assert "self-evaluation/1" in info.value.message and "不受本程序支持" in info.value.message
    assert sha256(seed_draft) == before


def test_an_older_major_is_brought_up_on_a_private_copy(seed_draft, seed_form, monkeypatch):
    """The migration path: a draft one major behind is read through MIGRATIONS, on a copy in
    memory; the file itself changes only when it is saved."""
    current = draftfile.FORMAT_VERSION
    monkeypatch.setattr(container, "FORMAT_VERSION", (current[0] + 1, 0))
    ran = []

    def upgrade(conn):
        ran.append(conn.execute("PRAGMA database_list").fetchone()[2])  # "" for an in-memory copy
        conn.execute("UPDATE form SET department = department || '（升级后）'")

    monkeypatch.setitem(container.MIGRATIONS, current, ((current[0] + 1, 0), upgrade))
    before = sha256(seed_draft)
    form = load_draft(seed_draft)
    assert ran == [""] and form.department == seed_form.department + "（升级后）"
    assert sha256(seed_draft) == before


@pytest.mark.parametrize("version", ["v1", "v2"])
def test_a_text_over_the_limit_is_refused_in_a_draft_of_any_version(tmp_path, seed_form, version):
    """One set of limits for every version: an old draft is no way around them (read into a copy
    in memory, it once was)."""
    copy = tmp_path / "big.jxmb"
    if version == "v1":
        shutil.copyfile(V1, copy)
    else:
        save_draft(copy, seed_form)
    big = "长" * (draftfile.MAX_VALUE_BYTES // 3 + 1)  # three bytes each in UTF-8
    with closing(sqlite3.connect(copy)) as conn:
        conn.execute("UPDATE form SET department = ?", [big])
        conn.commit()
    before = sha256(copy)
    with pytest.raises(DraftError) as info:
        load_draft(copy)
    assert "超长" in info.value.message
    assert sha256(copy) == before


def test_a_version_1_draft_is_read_with_the_row_limit_too(tmp_path, monkeypatch):
    copy = tmp_path / "old.jxmb"
    shutil.copyfile(V1, copy)
    monkeypatch.setattr(container, "MAX_ROWS", 1)
    with pytest.raises(DraftError, match="行数过多"):
        load_draft(copy)
