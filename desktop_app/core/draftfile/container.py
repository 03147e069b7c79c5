"""The draft file as a container: one SQLite database per form, e-mailed as a single file.

A draft from e-mail is untrusted. ``load_draft`` validates before anything can be written: the
header says it is ours and not from a newer major version, ``quick_check`` passes, the file holds
nothing but plain tables, the ``form`` table names a format this program knows, and the tables
are exactly that form's (``rows.schema_of``). It is opened read-only with ``trusted_schema`` off.
A file that fails is left untouched and yields one ``DraftError``.

Versions: ``user_version`` is the draft format's major·minor (``FORMAT_VERSION``), stored as the
major alone for minor 0 (so the first drafts, version 1, read as 1.0) and as major × 1000 + minor
otherwise. A newer minor only adds tables: this program opens it and leaves those tables alone.
A newer major is refused, naming the program version needed (program version N reads draft
format N). An older version is read from an in-memory copy brought up by ``MIGRATIONS``; the
next save writes the current version.

Version 1 was the first program's; version 2 added the reviewer's tables (``review``,
``review_comments``): a version-1 draft is validated as version 1 holds it, and read with those
tables added, empty. Version 2.1 added ``identity`` (``core.identity``): a program of version 2.0
opens such a draft and leaves the table alone; a 2.0 draft is read with it added, empty (a form
without an identity yet).
"""

from __future__ import annotations

import os
import sqlite3
from contextlib import closing
from functools import lru_cache
from pathlib import Path
from typing import Callable
from urllib.parse import quote

from .. import registry
from .. import spec as S
from ..errors import FormError
from ..fileerrors import quoted, reason
from ..lazylog import LazyLogger
from ..lazyre import lazy
from ..model import FormBase, Model
from .rows import (FORM_TABLE, FORMAT_COLUMN, IDENTITY_SCHEMA, REVIEW_SCHEMA, RowError, Schema, form_from_rows,
                   schema_of)

EXTENSION = ".jxmb"
APPLICATION_ID = 0x4A584D42  # "JXMB" — marks the file as ours in its SQLite header
FORMAT_VERSION = (2, 1)      # major, minor of the tables this program writes

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_VALUE_BYTES = 1_000_000  # a single text over this is not a form, it is an attack
MAX_ROWS = S.MAX_ROWS
BUSY_TIMEOUT_S = 3.0

_SQLITE_MAGIC = b"SQLite format 3\x00"
SQL_TYPES = {int: "INTEGER", str: "TEXT"}

log = LazyLogger("desktop_app.draftfile", quiet=True)  # the program's log file is set up by whoever runs us

# Upgrades of older drafts, keyed by the version (major, minor) they upgrade *from*: the version
# they bring an in-memory copy of the old file to, and how.
MIGRATIONS: dict[tuple[int, int], tuple[tuple[int, int], Callable[[sqlite3.Connection], None]]] = {}


def create_sql(schema: Schema, table: str) -> str:
    pk, columns = schema[table]
    cols = ", ".join(f"[{c}] {SQL_TYPES[kind]}{' PRIMARY KEY' if c == pk else ''}" for c, kind in columns.items())
    return f"CREATE TABLE [{table}] ({cols})"


def _add_review_tables(conn: sqlite3.Connection) -> None:
    """1 → 2: the reviewer's tables, empty (nobody could review a form in version 1)."""
    for table in REVIEW_SCHEMA:
        conn.execute(create_sql(REVIEW_SCHEMA, table))


def _add_identity_table(conn: sqlite3.Connection) -> None:
    """2.0 → 2.1: the identity's table, empty (the form gets one when next created or saved
    by the window)."""
    for table in IDENTITY_SCHEMA:
        conn.execute(create_sql(IDENTITY_SCHEMA, table))


MIGRATIONS[(1, 0)] = ((2, 0), _add_review_tables)
MIGRATIONS[(2, 0)] = ((2, 1), _add_identity_table)


class DraftError(FormError):
    """A draft file that cannot be opened or written; the message says why, in Chinese."""


def encode_version(major: int, minor: int) -> int:
    return major if minor == 0 else major * 1000 + minor


def decode_version(value: int) -> tuple[int, int]:
    return (value, 0) if value < 1000 else divmod(value, 1000)


SCHEMA_VERSION = encode_version(*FORMAT_VERSION)


def file_state(path: Path | None) -> list | None:
    """What tells whether a draft was written since: its file's identity and size, the change
    counter SQLite keeps in its header, and its modification time (last: network shares update
    it lazily, so on its own it only calls for a closer look). None if it is not there."""
    if path is None:
        return None
    try:
        st = os.stat(path)
        with open(path, "rb") as fh:
            head = fh.read(32)
    except OSError:
        return None
    return [st.st_ino, st.st_size, head[24:32].hex(), st.st_mtime_ns]


def name_of(path: Path) -> str:
    return quoted(path.name, 80)  # a file name may hold a newline; the message stays one line


# -- the header --------------------------------------------------------------------------------

def read_header(path: Path) -> tuple[int, int]:
    """(application_id, user_version) from the SQLite header, or DraftError if not a draft."""
    name = name_of(path)
    try:
        st = path.stat()
        if not path.is_file():
            raise DraftError(f"{name} 不是文件")
        if st.st_size == 0:
            raise DraftError(f"{name} 是空文件，不是草稿")
        if st.st_size > MAX_FILE_BYTES:
            raise DraftError(f"{name} 过大，不是本程序的草稿")
        with open(path, "rb") as fh:
            header = fh.read(100)
    except FileNotFoundError:
        raise DraftError(f"找不到文件：{name}") from None
    except OSError as err:
        log.warning("reading %s failed: %r", path, err)
        raise DraftError(f"无法读取文件 {name}：{reason(err)}") from None
    if len(header) < 100 or not header.startswith(_SQLITE_MAGIC):
        raise DraftError(f"{name} 不是本程序的草稿文件")
    app_id = int.from_bytes(header[68:72], "big")
    version = int.from_bytes(header[60:64], "big")
    if app_id != APPLICATION_ID:
        raise DraftError(f"{name} 不是本程序的草稿文件（可能是其他程序的数据库）")
    if header[18] != 1 or header[19] != 1:
        raise DraftError(f"{name} 使用了本程序不支持的日志模式")
    if version < 1:
        raise DraftError(f"{name} 的版本号无效，不是本程序的草稿")
    major, minor = decode_version(version)
    if major > FORMAT_VERSION[0]:
        raise DraftError(f"{name} 由更新版本的程序保存（草稿格式 {major}.{minor}），"
                         f"请升级到 {major}.0 或更高版本的本程序后再打开")
    return app_id, version


def is_draft(path: str | Path) -> bool:
    """Whether ``path`` carries our header (a quick look, not a full validation)."""
    try:
        read_header(Path(path))
        return True
    except DraftError:
        return False


# -- opening -----------------------------------------------------------------------------------

def uri(path: Path, mode: str) -> str:
    return f"{file_uri(os.path.abspath(path))}?mode={mode}"


def file_uri(absolute: str, windows: bool = os.name == "nt") -> str:
    """An SQLite URI for an absolute path. Not ``Path.as_uri()``: for a network share
    (``\\\\server\\share\\x.jxmb``, and a mapped drive once resolved) that gives
    ``file://server/share/…``, and SQLite refuses any URI authority but "localhost", so a
    draft on the office share could not be opened. The UNC form with an empty authority,
    ``file:////server/share/…``, is what SQLite accepts. Quoted from the name's bytes as the
    system holds them: a name that is not UTF-8 (a zip made on a Chinese Windows, unpacked
    here) is no text to quote, and SQLite opens exactly those bytes."""
    if windows:
        slashed = absolute.replace("\\", "/")
        if slashed.startswith("//"):
            return "file://" + quote(os.fsencode(slashed), safe="/:")
        return "file:///" + quote(os.fsencode(slashed), safe="/:")
    return "file://" + quote(os.fsencode(absolute), safe="/")


def harden(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA trusted_schema=OFF")
    conn.execute("PRAGMA cell_size_check=ON")
    conn.execute("PRAGMA mmap_size=0")
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    conn.setlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH, 100_000)


def journal_of(path: Path) -> Path:
    return path.with_name(path.name + "-journal")


# -- a journal left beside a draft -------------------------------------------------------------
# A save interrupted by a crash leaves ``-journal`` beside the draft: the pages it was changing,
# as they were, so that rolling it back restores the last complete save. But a journal is found
# by name only: one left by a crash of another draft of the same name (deleted since, and
# replaced by an e-mail attachment) would be played into this one and destroy it. So a journal is
# played back only into a private copy, and only taken as this draft's when it fits it.

_JOURNAL_MAGIC = bytes.fromhex("d9d505f920a163d7")


class _HotJournal(Exception):
    """The draft has a journal that must be rolled back before it can be read."""


def journal_fits(path: Path) -> bool:
    """Whether the journal beside ``path`` was left by a save of this very file: same page size,
    and its copy of the first page (the header, as it was when that save began) is this file's
    header one change back, or — if that page was not reached — the same number of pages."""
    try:
        with open(journal_of(path), "rb") as jf, open(path, "rb") as df:
            head, header = jf.read(28), df.read(100)
            if len(head) < 28 or head[:8] != _JOURNAL_MAGIC or len(header) < 100:
                return False
            sector, page = int.from_bytes(head[20:24], "big"), int.from_bytes(head[24:28], "big")
            db_page = int.from_bytes(header[16:18], "big")
            if page != (65536 if db_page == 1 else db_page) or not 512 <= sector <= 65536:
                return False
            size = os.fstat(jf.fileno()).st_size
            offset = sector
            while offset + page + 8 <= size:
                jf.seek(offset)
                number = int.from_bytes(jf.read(4), "big")
                if number == 1:
                    image = jf.read(100)
                    before, now = int.from_bytes(image[24:28], "big"), int.from_bytes(header[24:28], "big")
                    return (image[:24] == header[:24] and image[68:72] == header[68:72]
                            and now in (before, (before + 1) & 0xFFFFFFFF))
                if number == 0:
                    break
                offset += page + 8
            return int.from_bytes(head[16:20], "big") == int.from_bytes(header[28:32], "big")
    except OSError:
        return False


def has_hot_journal(path: Path) -> bool:
    """Whether a journal beside ``path`` waits to be rolled back: one a live save is writing is
    not (SQLite tells the two apart by the writer's lock on the draft)."""
    if not journal_of(path).exists():
        return False
    try:
        with closing(sqlite3.connect(uri(path, "ro"), uri=True, timeout=0)) as conn:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as err:
        return getattr(err, "sqlite_errorcode", None) == 776  # SQLITE_READONLY_ROLLBACK
    return False


def _rolled_back(path: Path) -> None:
    """Plays the journal beside ``path`` (a private copy) back into it."""
    with closing(sqlite3.connect(uri(path, "rw"), uri=True, timeout=BUSY_TIMEOUT_S)) as conn:
        harden(conn)
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()


def load_draft(path: str | Path) -> FormBase:
    """The form in the draft at ``path``; ``DraftError`` if it is not a sound draft of ours.
    Reading never changes the file or anything beside it."""
    path = Path(path)
    _, version = read_header(path)
    try:
        return _load(path, name_of(path), version)
    except _HotJournal:
        return _load_private(path, name_of(path))


def _load_private(path: Path, name: str) -> FormBase:
    """A draft with a journal to roll back, read from a private copy: with the journal played
    back when it fits the draft, else as the file stands alone (and the other way round if that
    copy is not a sound draft)."""
    ways = ("replayed", "alone") if journal_fits(path) else ("alone", "replayed")
    import shutil  # with tempfile: only for a draft left with a journal, not on every read
    import tempfile

    refusal = DraftError(f"{name} 已损坏，无法打开")  # each way below refuses in its own words
    with tempfile.TemporaryDirectory(prefix="jxmb-") as tmp:
        copy = Path(tmp) / "draft.jxmb"
        for way in ways:
            try:
                shutil.copyfile(path, copy)
                journal_of(copy).unlink(missing_ok=True)
                if way == "replayed":
                    shutil.copyfile(journal_of(path), journal_of(copy))
                    _rolled_back(copy)
            except OSError as err:
                raise DraftError(f"无法读取文件 {name}：{reason(err)}") from None
            except sqlite3.Error as err:
                refusal = DraftError(_read_failure(name, err))
                continue
            try:
                return _load(copy, name)
            except (DraftError, _HotJournal) as err:
                refusal = err if isinstance(err, DraftError) else DraftError(f"{name} 已损坏，无法打开")
                log.warning("%s read %s failed: %s", path, way, refusal.message)
    raise refusal


def _load(path: Path, name: str, version: int | None = None) -> FormBase:
    if version is None:  # a private copy: rolling back a journal restores the header too
        _, version = read_header(path)
    try:
        with closing(sqlite3.connect(uri(path, "ro"), uri=True, timeout=BUSY_TIMEOUT_S)) as conn:
            harden(conn)
            conn.execute("PRAGMA query_only=ON")
            # One read transaction for every table: a save by another process lands either
            # wholly before or wholly after this read, never between two of its tables.
            conn.execute("BEGIN")
            model = validate(conn, name, version)
            check_length(conn, path, name)
            if decode_version(version) < FORMAT_VERSION:
                with closing(_migrated_copy(conn, version, name)) as copy:
                    return _read_form(copy, model, name)
            return _read_form(conn, model, name)
    except DraftError:
        raise
    except sqlite3.Error as err:
        if getattr(err, "sqlite_errorcode", None) == 776:  # SQLITE_READONLY_ROLLBACK: a hot journal
            raise _HotJournal() from None
        log.warning("reading %s failed: %r", path, err)
        raise DraftError(_read_failure(name, err)) from None
    except OSError as err:
        log.warning("reading %s failed: %r", path, err)
        raise DraftError(f"无法读取文件 {name}：{reason(err)}") from None
    except (ValueError, TypeError, OverflowError, MemoryError, RecursionError) as err:
        log.warning("reading %s failed: %r", path, err)
        raise DraftError(f"{name} 的内容无效，无法打开") from None


def _read_failure(name: str, err: sqlite3.Error) -> str:
    code = (getattr(err, "sqlite_errorcode", None) or 0) & 0xFF
    if code in (5, 6):  # BUSY, LOCKED: another program is in the middle of a save
        return f"{name} 正被其他程序使用，暂时无法打开，请稍后再试"
    if code == 18:  # TOOBIG
        return f"{name} 含有超长的内容，不是正常的草稿，为安全起见不予打开"
    if code in (3, 10, 14):  # PERM, IOERR, CANTOPEN
        return f"无法读取 {name}：{reason(err)}"
    return f"{name} 已损坏，无法打开"


def check_length(conn: sqlite3.Connection, path: Path, name: str) -> None:
    """The file is exactly as long as its header says. SQLite reads the missing end of a cut
    file as zeros, so a draft cut inside its last page passes ``quick_check`` and yields text
    with its end replaced by NUL; the length is what tells. (Called inside the read
    transaction, when no save can be half-way through extending or shrinking the file.)"""
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    if path.stat().st_size != page_size * pages:
        raise DraftError(f"{name} 不完整或已损坏（文件长度不符），无法打开")


# -- validation --------------------------------------------------------------------------------

_SQL_NOISE = lazy(r"[\s\"\[\]`]")


def _normalized_sql(sql: str) -> str:
    return _SQL_NOISE.sub("", sql).lower()


def expected_sql(schema: Schema, table: str) -> str:
    pk, columns = schema[table]
    cols = ",".join(f"{c}{SQL_TYPES[kind].lower()}{'primarykey' if c == pk else ''}"
                    for c, kind in columns.items())
    return f"createtable{table}({cols})"


# A table added by a newer minor version: plain columns of our two types, nothing else.
_PLAIN_TABLE = lazy(r"createtable[a-z_][a-z0-9_]*\((?:[a-z_][a-z0-9_]*(?:integer|text)(?:primarykey)?,?)+\)")


def validate(conn: sqlite3.Connection, name: str, version: int) -> Model:
    """The model of the form the draft holds, once its structure is exactly that form's."""
    result = conn.execute("PRAGMA quick_check").fetchall()
    if result != [("ok",)]:
        raise DraftError(f"{name} 已损坏（完整性检查未通过），无法打开")
    objects = conn.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
    if any(t != "table" for t, _, _ in objects) or (("table", FORM_TABLE) not in {(t, n) for t, n, _ in objects}):
        raise DraftError(f"{name} 含有本程序不认识的内容（如触发器或视图），为安全起见不予打开")
    model = _model_named(conn, name)
    older = decode_version(version)
    # A draft of an older version holds that version's tables (it is brought up on a copy).
    schema, wanted_sql, wanted_columns = _expected(model.spec, older if older < FORMAT_VERSION else None)
    tables = {n: sql for _, n, sql in objects}
    newer_minor = decode_version(version) > FORMAT_VERSION
    if set(schema) - set(tables) or (set(tables) - set(schema) and not newer_minor):
        raise DraftError(f"{name} 含有本程序不认识的内容（如触发器或视图），为安全起见不予打开")
    for table, sql in tables.items():
        # The exact table definition we write, spacing and quoting aside: no CHECK, DEFAULT,
        # generated column, STRICT or WITHOUT ROWID smuggled into a table of the right name.
        wanted = wanted_sql.get(table)
        normal = _normalized_sql(sql) if isinstance(sql, str) else ""
        if (wanted is not None and normal != wanted) or (wanted is None and not _PLAIN_TABLE.fullmatch(normal)):
            raise DraftError(f"{name} 的表结构不符，不是本程序的草稿")
    for table, want in wanted_columns.items():
        info = conn.execute(f"PRAGMA table_xinfo([{table}])").fetchall()
        # (cid, name, type, notnull, default, pk, hidden)
        if [(row[1], row[2].upper(), row[5], row[6]) for row in info] != want:
            raise DraftError(f"{name} 的表结构不符，不是本程序的草稿")
    return model


@lru_cache(maxsize=None)
def _expected(spec: S.FormSpec, version: tuple[int, int] | None) -> tuple[Schema, dict[str, str], dict[str, list[tuple]]]:
    """What a draft of ``spec`` (of that older ``version``; None: this program's) holds: its
    schema, each table's definition as ``_normalized_sql`` reads it, and each table's columns as
    ``table_xinfo`` lists them (name, type, pk, hidden). Worked out once for each form."""
    schema = schema_of(spec, version) if version is not None else schema_of(spec)
    sql = {table: expected_sql(schema, table) for table in schema}
    columns = {table: [(col, SQL_TYPES[kind], 1 if col == pk else 0, 0) for col, kind in cols.items()]
               for table, (pk, cols) in schema.items()}
    return schema, sql, columns


def _model_named(conn: sqlite3.Connection, name: str) -> Model:
    """The form the ``form`` table names, read before its other tables are looked at."""
    model_for = registry.forms().model_for
    columns = [row[1] for row in conn.execute(f"PRAGMA table_xinfo([{FORM_TABLE}])")]
    if FORMAT_COLUMN not in columns:
        raise DraftError(f"{name} 的表结构不符，不是本程序的草稿")
    values = conn.execute(f"SELECT [{FORMAT_COLUMN}] FROM [{FORM_TABLE}] LIMIT 2").fetchall()
    if len(values) != 1:
        raise DraftError(f"{name} 缺少 {FORM_TABLE} 数据，文件可能已损坏")
    model = model_for(values[0][0])
    if model is None:
        raise DraftError(f"{name} 的表单格式「{quoted(values[0][0])}」不受本程序支持"
                         f"（可能由更新版本的程序保存）")
    return model


def _migrated_copy(conn: sqlite3.Connection, version: int, name: str) -> sqlite3.Connection:
    """The draft brought up to this version in memory, read then as the file itself is: under
    the same limits (``harden``), or an old draft would pass what a current one may not hold,
    and the window could then save it nowhere."""
    memory = sqlite3.connect(":memory:")
    harden(memory)
    conn.backup(memory)
    at = decode_version(version)
    while at < FORMAT_VERSION:
        if at not in MIGRATIONS:  # an older version no program of ours wrote
            memory.close()
            raise DraftError(f"{name} 的版本号无效，不是本程序的草稿")
        at, step = MIGRATIONS[at]
        step(memory)
    memory.execute("PRAGMA query_only=ON")
    return memory


# -- reading rows ------------------------------------------------------------------------------

def read_rows(conn: sqlite3.Connection, schema: Schema, table: str, name: str) -> list[dict]:
    pk, columns = schema[table]
    cols = ", ".join(f"[{c}]" for c in columns)
    # One row more than a table may hold tells that it holds too many, without counting first.
    found = conn.execute(f"SELECT {cols} FROM [{table}] ORDER BY [{pk}] LIMIT {MAX_ROWS + 1}").fetchall()
    if len(found) > MAX_ROWS:
        raise DraftError(f"{name} 的行数过多，不是正常的草稿")
    # A column at a time, the types of its values as a set (in C): SQLite hands back int, str,
    # float, bytes or None whatever the column was declared.
    rows = [dict(zip(columns, values)) for values in found]
    if not all(_ALLOWED[kind].issuperset(map(type, column)) for kind, column in zip(columns.values(), zip(*found))):
        for row in rows:  # the first wrong value in reading order names the column
            for col, kind in columns.items():
                if type(row[col]) not in _ALLOWED[kind]:
                    raise DraftError(f"{name} 中 {table}.{col} 的数据类型不符，文件可能已损坏")
    return rows


_ALLOWED = {kind: frozenset({kind, type(None)}) for kind in SQL_TYPES}


def _read_form(conn: sqlite3.Connection, model: Model, name: str) -> FormBase:
    schema = schema_of(model.spec)

    def single(table: str) -> dict:
        rows = read_rows(conn, schema, table, name)
        if len(rows) != 1:
            raise DraftError(f"{name} 缺少 {table} 数据，文件可能已损坏")
        return rows[0]

    try:
        return form_from_rows(model, single, lambda table: read_rows(conn, schema, table, name))
    except RowError as err:
        raise DraftError(f"{name} {err.message}") from None
