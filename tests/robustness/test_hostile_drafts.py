"""A draft arrives by e-mail from anyone: whatever is in it, opening it either gives the form or
refuses with one Chinese line — and the file is left exactly as it came.

Every hostile file is made here from a sample's draft or from scratch; nothing binary is
committed. Each named case is made from the draft of every declared form (the SQL names that
form's tables, ``tests.forms.shape``) and goes through ``load_draft``; a sample of them through
the command line (``check`` and ``export -o -``); the many generated cases (truncations, flipped
bytes) go through ``load_draft`` only, to keep the number of processes modest.
"""

from __future__ import annotations

import os
import sqlite3
import struct
import time
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop_app.core import draftfile, files, synthetic
from desktop_app.core.draftfile import DraftError, load_draft
from desktop_app.core.errors import FormError
from tests.forms import IDS, MODELS, sample_path, shape

from .support import assert_clerk_message, assert_cli_refused, folder_state, run_cli


def _png() -> bytes:
    """A real 1×1 PNG, made here rather than committed."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    ihdr = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr)
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


def _sql(*statements: str):
    """A copy of a sample's draft changed with plain sqlite3, as a tamperer would; ``{rows}``,
    ``{group}``… in a statement name that form's tables and columns (``tests.forms.Shape``)."""
    def make(seed: Path, target: Path, spec) -> None:
        target.write_bytes(seed.read_bytes())
        conn = sqlite3.connect(target, isolation_level=None)
        try:
            for sql in statements:
                conn.execute(sql.format(**vars(shape(spec))))
        finally:
            conn.close()
    return make


def _bytes(data: bytes):
    def make(seed: Path, target: Path, spec) -> None:
        target.write_bytes(data)
    return make


def _other_program(seed: Path, target: Path, spec) -> None:
    conn = sqlite3.connect(target)
    conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT, password TEXT)")
    conn.execute("INSERT INTO users (name, password) VALUES ('admin', 'x')")
    conn.commit()
    conn.close()


def _our_tables_no_id(seed: Path, target: Path, spec) -> None:
    """Our very tables and rows, but not marked as ours: someone else's tool made it."""
    _sql("PRAGMA application_id=0")(seed, target, spec)


def _wal(seed: Path, target: Path, spec) -> None:
    _sql("PRAGMA journal_mode=WAL", "UPDATE form SET {text}='WAL'")(seed, target, spec)
    assert target.read_bytes()[18:20] == b"\x02\x02"  # the header says WAL once closed


def _too_big(seed: Path, target: Path, spec) -> None:
    """Header fine, but a file far larger than any form (sparse, so the test stays cheap)."""
    target.write_bytes(seed.read_bytes())
    with open(target, "r+b") as fh:
        fh.truncate(draftfile.MAX_FILE_BYTES + 4096)


def _too_many_rows(seed: Path, target: Path, spec) -> None:
    _sql(f"WITH RECURSIVE n(i) AS (SELECT 1000 UNION ALL SELECT i + 1 FROM n WHERE i < {1000 + draftfile.MAX_ROWS}) "
         "INSERT INTO {rows} (position, {column}) SELECT i, 'x' FROM n")(seed, target, spec)


def _retable(suffix: str):
    """The last group's table re-created with the same columns and rows but a definition we
    never write."""
    def make(seed: Path, target: Path, spec) -> None:
        table = shape(spec).last_group
        pk, columns = draftfile.schema_of(spec)[table]
        cols = ", ".join(f"{c} {draftfile.container.SQL_TYPES[k]}{' PRIMARY KEY' if c == pk else ''}"
                         for c, k in columns.items())
        _sql(f"CREATE TABLE tmp AS SELECT * FROM {table}", f"DROP TABLE {table}",
             f"CREATE TABLE {table} ({cols}{suffix}",
             f"INSERT INTO {table} SELECT * FROM tmp", "DROP TABLE tmp")(seed, target, spec)
    return make


HOSTILE = {
    "empty": _bytes(b""),
    "text": _bytes("这不是草稿，是一封信。\r\nDear clerk,\n".encode("utf-8")),
    "png_renamed": _bytes(_png()),
    "sqlite_magic_only": _bytes(b"SQLite format 3\x00"),
    "other_program_sqlite": _other_program,
    "our_tables_without_application_id": _our_tables_no_id,
    "wrong_application_id": _sql("PRAGMA application_id=1234"),
    "newer_user_version": _sql(f"PRAGMA user_version={draftfile.FORMAT_VERSION[0] + 1}"),
    "zero_user_version": _sql("PRAGMA user_version=0"),
    "wal_header": _wal,
    "trigger": _sql("CREATE TRIGGER t AFTER INSERT ON {rows} BEGIN DELETE FROM {group}; END"),
    "trigger_on_own_table": _sql("CREATE TABLE log (x)",
                                 "CREATE TRIGGER t BEFORE UPDATE ON form BEGIN INSERT INTO log VALUES (1); END"),
    "view": _sql("CREATE VIEW v AS SELECT * FROM {rows}"),
    "view_shadowing_a_table": _sql("ALTER TABLE {last_group} RENAME TO s2",
                                   "CREATE VIEW {last_group} AS SELECT * FROM s2"),
    "index": _sql("CREATE INDEX i ON {rows} ({column})"),
    "extra_table": _sql("CREATE TABLE extra (payload BLOB)"),
    "generated_column": _sql("ALTER TABLE {rows} ADD COLUMN g TEXT GENERATED ALWAYS AS ({column}) VIRTUAL"),
    "extra_column": _sql("ALTER TABLE {rows} ADD COLUMN extra TEXT"),
    "check_constraint": _retable(", CHECK (length(id) < 1000))"),
    "without_rowid": _retable(") WITHOUT ROWID"),
    "strict_table": _retable(") STRICT"),
    "default_expression": _retable(" DEFAULT (randomblob(8)))"),
    "huge_text_5mb": _sql("UPDATE form SET {long_text} = printf('%.*c', 5000000, 'x')"),
    "blob_amount": _sql("UPDATE {group} SET {amount} = x'00ff00'"),
    "text_year": _sql("UPDATE form SET year = '二〇二六'"),
    "absurd_year": _sql("UPDATE form SET year = 99999999999"),
    "blob_text_field": _sql("UPDATE {last_group} SET {last_field} = zeroblob(4)"),
    "invalid_utf8_text": _sql("UPDATE form SET {text} = CAST(x'e4b8ade696ffff' AS TEXT)"),
    "missing_form_row": _sql("DELETE FROM form"),
    "two_group_rows": _sql("INSERT INTO {group} (id) VALUES (2)"),
    "wrong_format": _sql("UPDATE form SET format = 'something-else/9'"),
    "unknown_indicator_with_newline": _sql(
        "UPDATE {tree} SET {level1} = 'x' || char(10) || '伪造的第二行' || char(13) WHERE position = 0"),
    "missing_table": _sql("DROP TABLE {last_group}"),
    "too_many_rows": _too_many_rows,
    "too_big": _too_big,
}


def _draft_bytes(folder: Path, form) -> bytes:
    path = folder / "draft.jxmb"
    draftfile.save_draft(path, form)
    return path.read_bytes()


@pytest.fixture(scope="module")
def sample_bytes(tmp_path_factory) -> dict:
    """Each form's sample as a draft, by format id."""
    from desktop_app.core import jsonio

    return {m.spec.format_id: _draft_bytes(tmp_path_factory.mktemp("sample"), jsonio.load(sample_path(m.spec)))
            for m in MODELS}


@pytest.fixture(scope="module")
def seed_bytes(sample_bytes) -> bytes:
    return sample_bytes[IDS[0]]


@pytest.fixture(scope="module")
def large_bytes(tmp_path_factory) -> dict:
    """Each form's sample enlarged (``synthetic.large_form``), as a draft, by format id."""
    return {m.spec.format_id: _draft_bytes(tmp_path_factory.mktemp("large"), synthetic.large_form(m.spec))
            for m in MODELS}


def _make(case: str, format_id: str, sample_bytes: dict, folder: Path) -> Path:
    seed = folder / "source.jxmb.orig"
    seed.write_bytes(sample_bytes[format_id])
    target = folder / "来信附件.jxmb"
    HOSTILE[case](seed, target, next(m.spec for m in MODELS if m.spec.format_id == format_id))
    seed.unlink()
    return target


def _refused(path: Path) -> str:
    """``load_draft`` refuses ``path`` with a clerk's message, changing nothing in its folder."""
    before = folder_state(path.parent)
    start = time.monotonic()
    with pytest.raises(DraftError) as info:
        load_draft(path)
    assert time.monotonic() - start < 10
    assert folder_state(path.parent) == before
    assert_clerk_message(info.value.message)
    return info.value.message


@pytest.mark.parametrize("format_id", IDS)
@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_draft_is_refused_and_left_untouched(case, format_id, sample_bytes, tmp_path):
    path = _make(case, format_id, sample_bytes, tmp_path)
    _refused(path)
    with pytest.raises(FormError):  # the "open either kind of file" entry point too
        files.load_form(path)


# The command line is a separate process each time; a representative sample keeps CI short
# while covering each kind of refusal (not ours, damaged, planted schema, too large, bad data).
CLI_SAMPLE = ("empty", "text", "png_renamed", "other_program_sqlite", "newer_user_version",
              "wal_header", "trigger", "view", "generated_column", "huge_text_5mb", "blob_amount",
              "unknown_indicator_with_newline", "too_big")


# The cases that tamper with a form's own tables, for each further form.
FORM_CLI_SAMPLE = ("wal_header", "trigger", "huge_text_5mb", "blob_amount", "unknown_indicator_with_newline",
                   "wrong_format")


@pytest.mark.parametrize("format_id, case", [(IDS[0], case) for case in CLI_SAMPLE]
                         + [(format_id, case) for format_id in IDS[1:] for case in FORM_CLI_SAMPLE])
def test_hostile_draft_refused_by_the_command_line(case, format_id, sample_bytes, tmp_path):
    path = _make(case, format_id, sample_bytes, tmp_path)
    before = folder_state(tmp_path)
    for args in (("check", str(path)), ("export", str(path), "-o", "-")):
        assert_cli_refused(run_cli(*args))
        assert folder_state(tmp_path) == before, args


@pytest.mark.parametrize("case", ["truncated", "flipped"])
def test_damaged_draft_refused_by_the_command_line(case, seed_bytes, tmp_path):
    data = bytearray(seed_bytes)
    if case == "truncated":
        data = data[: len(data) // 2 + 100]
    else:
        for offset in range(4096 + 8, len(data), 1531):  # b-tree pages, not the header
            data[offset] ^= 0x5A
    path = tmp_path / "damaged.jxmb"
    path.write_bytes(bytes(data))
    before = folder_state(tmp_path)
    assert_cli_refused(run_cli("check", str(path)))
    assert folder_state(tmp_path) == before


def test_not_a_file_does_not_hang(tmp_path):
    folder = tmp_path / "folder.jxmb"
    folder.mkdir()
    _refused(folder)
    if hasattr(os, "mkfifo"):  # opening a pipe for reading would wait for a writer for ever
        fifo = tmp_path / "pipe.jxmb"
        os.mkfifo(fifo)
        _refused(fifo)
        with pytest.raises(FormError):
            files.load_form(fifo)
        fifo_json = tmp_path / "pipe.json"
        os.mkfifo(fifo_json)
        assert_cli_refused(run_cli("check", str(fifo_json), timeout=20))


def test_missing_file_message(tmp_path):
    message = _refused_missing(tmp_path / "没有这个文件.jxmb")
    assert "没有这个文件.jxmb" in message


def _refused_missing(path: Path) -> str:
    with pytest.raises(DraftError) as info:
        load_draft(path)
    assert_clerk_message(info.value.message)
    assert not path.exists()
    return info.value.message


def test_every_truncation_is_refused_or_harmless(sample_bytes, large_bytes, tmp_path):
    """Cut anywhere — inside the header, a page, the last byte — never a traceback, and never a
    different form: a cut that SQLite cannot notice (the zero padding at the very end of the
    last page) must give back exactly the form that was saved."""
    from desktop_app.core.fingerprint import fingerprint

    path = tmp_path / "cut.jxmb"
    for data in (*sample_bytes.values(), large_bytes[IDS[0]]):
        path.write_bytes(data)
        whole = fingerprint(load_draft(path))
        step = max(1, len(data) // 400)
        offsets = sorted(set(range(0, len(data), step)) | {1, 99, 100, 101, 4095, 4096, 4097, len(data) - 1})
        refused = 0
        for offset in offsets:
            path.write_bytes(data[:offset])
            try:
                form = load_draft(path)
            except DraftError as err:
                assert_clerk_message(err.message)
                refused += 1
            else:
                assert fingerprint(form) == whole, offset
            assert path.read_bytes() == data[:offset]
        assert refused >= len(offsets) - 2


@pytest.mark.slow
@settings(max_examples=400, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(which=st.sampled_from([(format_id, kind) for format_id in IDS for kind in ("sample", "large")]),
       flips=st.lists(st.tuples(st.floats(0, 1, exclude_max=True), st.integers(1, 255)), min_size=1, max_size=12))
@pytest.mark.slow
def test_flipped_bytes_open_or_refuse_cleanly(which, flips, sample_bytes, large_bytes, tmp_path):
    """Random damage anywhere: the draft opens (the damage hit only text) or is refused with a
    clerk's message; never another exception, never a change to the file."""
    format_id, kind = which
    data = bytearray((sample_bytes if kind == "sample" else large_bytes)[format_id])
    for position, mask in flips:
        data[int(position * len(data))] ^= mask
    path = tmp_path / "flipped.jxmb"
    path.write_bytes(bytes(data))
    start = time.monotonic()
    try:
        load_draft(path)
    except DraftError as err:
        assert_clerk_message(err.message)
    assert time.monotonic() - start < 10
    assert path.read_bytes() == bytes(data)
    assert not Path(str(path) + "-journal").exists()
