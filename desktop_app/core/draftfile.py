"""The draft file: one SQLite database per form, e-mailed as a single file.

Tables mirror the form's parts so anyone can read a draft with an SQLite tool:
``form`` (one row), ``budget`` (one row), ``tasks`` and ``indicators`` (one row each, in print
order) and ``signoff`` (one row). Amounts are TEXT, exactly as entered.

A draft from e-mail is untrusted. ``load_draft`` validates before anything can be written:
the header says it is ours and not from a newer version, ``quick_check`` passes, the schema
holds exactly our tables (no triggers, views or indexes), and it is opened read-only with
``trusted_schema`` off. A file that fails is left untouched and yields one ``DraftError``.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
import shutil
import sqlite3
import tempfile
import time
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote


from . import labels
from .amounts import plain_amount
from .errors import FormError
from .fileerrors import quoted, reason
from .model import AmountValue, Budget, Form, Indicator, Signoff, Task, amount_from_text

if TYPE_CHECKING:
    import sqlite_utils

EXTENSION = ".jxmb"
APPLICATION_ID = 0x4A584D42  # "JXMB" — marks the file as ours in its SQLite header
SCHEMA_VERSION = 1
FORMAT = "budget-performance-form/1"

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_VALUE_BYTES = 1_000_000  # a single text over this is not a form, it is an attack
MAX_ROWS = 20_000
BUSY_TIMEOUT_S = 3.0

_SQLITE_MAGIC = b"SQLite format 3\x00"
YEAR_RANGE = (1900, 2999)  # the same bounds the JSON reader enforces

log = logging.getLogger("desktop_app.draftfile")
log.addHandler(logging.NullHandler())  # the program's log file is set up by whoever runs us

_TEXT_TOP = ("department", "overall_goal", "other_tasks")
# Table name -> (primary key, {column: type}). The single source of the file's schema.
SCHEMA: dict[str, tuple[str, dict[str, type]]] = {
    "form": ("id", {"id": int, "format": str, "year": int,
                    **{name: str for name in _TEXT_TOP}}),
    "budget": ("id", {"id": int, **{name: str for name in labels.BUDGET_FIELDS}}),
    "tasks": ("position", {"position": int, "name": str, "content": str, "amount": str, "goal": str}),
    "indicators": ("position", {"position": int, "level1": str, "level2": str, "name": str,
                                "period_value": str, "annual_value": str}),
    "signoff": ("id", {"id": int, **{name: str for name in labels.SIGNOFF_LABELS}}),
}
_SQL_TYPES = {int: "INTEGER", str: "TEXT"}
# Readers of older schema versions, keyed by the version they upgrade *from*; each takes an
# in-memory copy of the old file and brings it one version up. Version 1 is the first.
_MIGRATIONS: dict[int, callable] = {}


class DraftError(FormError):
    """A draft file that cannot be opened or written; the message says why, in Chinese."""


def _name(path: Path) -> str:
    return quoted(path.name, 80)  # a file name may hold a newline; the message stays one line


# -- reading ------------------------------------------------------------------------------
# -- reading ------------------------------------------------------------------------------

def read_header(path: Path) -> tuple[int, int]:
    """(application_id, user_version) from the SQLite header, or DraftError if not a draft."""
    name = _name(path)
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
    if version > SCHEMA_VERSION:
        raise DraftError(f"{name} 由更新版本的程序保存，请升级本程序后再打开")
    if version < 1:
        raise DraftError(f"{name} 的版本号无效，不是本程序的草稿")
    return app_id, version


def is_draft(path: str | Path) -> bool:
    """Whether ``path`` carries our header (a quick look, not a full validation)."""
    try:
        read_header(Path(path))
        return True
    except DraftError:
        return False


def _uri(path: Path, mode: str) -> str:
    return f"{file_uri(os.path.abspath(path))}?mode={mode}"


def file_uri(absolute: str, windows: bool = os.name == "nt") -> str:
    """An SQLite URI for an absolute path. Not ``Path.as_uri()``: for a network share
    (``\\\\server\\share\\x.jxmb``, and a mapped drive once resolved) that gives
    ``file://server/share/…``, and SQLite refuses any URI authority but "localhost", so a
    draft on the office share could not be opened. The UNC form with an empty authority,
    ``file:////server/share/…``, is what SQLite accepts."""
    if windows:
        slashed = absolute.replace("\\", "/")
        if slashed.startswith("//"):
            return "file://" + quote(slashed, safe="/:")
        return "file:///" + quote(slashed, safe="/:")
    return "file://" + quote(absolute, safe="/")


def _harden(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA trusted_schema=OFF")
    conn.execute("PRAGMA cell_size_check=ON")
    conn.execute("PRAGMA mmap_size=0")
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    conn.setlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH, 100_000)


def _journal(path: Path) -> Path:
    return path.with_name(path.name + "-journal")


def _recover_hot_journal(path: Path) -> bool:
    """A save interrupted by a crash leaves ``-journal`` beside the draft; SQLite rolls it back on
    the next read-write open, restoring the last complete save. False if that was needed and
    impossible because the file cannot be written (a read-only folder or disk)."""
    journal = _journal(path)
    try:
        if not journal.exists() or journal.stat().st_size == 0:
            return True
    except OSError:
        return True
    try:
        with closing(sqlite3.connect(_uri(path, "rw"), uri=True, timeout=BUSY_TIMEOUT_S)) as conn:
            _harden(conn)
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.Error as err:
        log.warning("rolling back the journal of %s failed: %r", path, err)
        code = (getattr(err, "sqlite_errorcode", None) or 0) & 0xFF
        return code not in (8, 14)  # READONLY, CANTOPEN; a busy file is read as it is
    return True


def load_draft(path: str | Path) -> Form:
    """The form in the draft at ``path``; ``DraftError`` if it is not a sound draft of ours."""
    path = Path(path)
    read_header(path)
    if _recover_hot_journal(path):
        return _load(path, _name(path))
    # The last complete save is in the draft and its journal together, but this folder cannot
    # be written: roll back a private copy of the pair instead; the originals stay as they are.
    with tempfile.TemporaryDirectory(prefix="jxmb-") as tmp:
        copy = Path(tmp) / "draft.jxmb"
        try:
            shutil.copyfile(path, copy)
            shutil.copyfile(_journal(path), _journal(copy))
        except OSError as err:
            raise DraftError(f"无法读取文件 {_name(path)}：{reason(err)}") from None
        _recover_hot_journal(copy)
        return _load(copy, _name(path))


def _load(path: Path, name: str) -> Form:
    _, version = read_header(path)  # again: rolling back a journal restores the header too
    try:
        with closing(sqlite3.connect(_uri(path, "ro"), uri=True, timeout=BUSY_TIMEOUT_S)) as conn:
            _harden(conn)
            conn.execute("PRAGMA query_only=ON")
            # One read transaction for every table: a save by another process lands either
            # wholly before or wholly after this read, never between two of its tables.
            conn.execute("BEGIN")
            _validate(conn, name)
            _check_length(conn, path, name)
            if version < SCHEMA_VERSION:
                conn = _migrated_copy(conn, version)
            return _read_form(conn, name)
    except DraftError:
        raise
    except sqlite3.Error as err:
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


def _check_length(conn: sqlite3.Connection, path: Path, name: str) -> None:
    """The file is exactly as long as its header says. SQLite reads the missing end of a cut
    file as zeros, so a draft cut inside its last page passes ``quick_check`` and yields text
    with its end replaced by NUL; the length is what tells. (Called inside the read
    transaction, when no save can be half-way through extending or shrinking the file.)"""
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    if path.stat().st_size != page_size * pages:
        raise DraftError(f"{name} 不完整或已损坏（文件长度不符），无法打开")


def _normalized_sql(sql: str) -> str:
    return re.sub(r"[\s\"\[\]`]", "", sql).lower()


def _expected_sql(table: str) -> str:
    pk, columns = SCHEMA[table]
    cols = ",".join(f"{c}{_SQL_TYPES[kind].lower()}{'primarykey' if c == pk else ''}"
                    for c, kind in columns.items())
    return f"createtable{table}({cols})"


def _validate(conn: sqlite3.Connection, name: str) -> None:
    result = conn.execute("PRAGMA quick_check").fetchall()
    if result != [("ok",)]:
        raise DraftError(f"{name} 已损坏（完整性检查未通过），无法打开")
    objects = conn.execute("SELECT type, name, sql FROM sqlite_master").fetchall()
    if {(t, n) for t, n, _ in objects} != {("table", t) for t in SCHEMA} or len(objects) != len(SCHEMA):
        raise DraftError(f"{name} 含有本程序不认识的内容（如触发器或视图），为安全起见不予打开")
    for _, table, sql in objects:
        # The exact table definition we write, spacing and quoting aside: no CHECK, DEFAULT,
        # generated column, STRICT or WITHOUT ROWID smuggled into a table of the right name.
        if not isinstance(sql, str) or _normalized_sql(sql) != _expected_sql(table):
            raise DraftError(f"{name} 的表结构不符，不是本程序的草稿")
    for table, (pk, columns) in SCHEMA.items():
        info = conn.execute(f"PRAGMA table_xinfo([{table}])").fetchall()
        # (cid, name, type, notnull, default, pk, hidden)
        shape = [(row[1], row[2].upper(), row[5], row[6]) for row in info]
        want = [(col, _SQL_TYPES[kind], 1 if col == pk else 0, 0) for col, kind in columns.items()]
        if shape != want:
            raise DraftError(f"{name} 的表结构不符，不是本程序的草稿")


def _migrated_copy(conn: sqlite3.Connection, version: int) -> sqlite3.Connection:
    memory = sqlite3.connect(":memory:")
    conn.backup(memory)
    while version < SCHEMA_VERSION:
        _MIGRATIONS[version](memory)
        version += 1
    return memory


def _rows(conn: sqlite3.Connection, table: str, name: str) -> list[dict]:
    pk, columns = SCHEMA[table]
    count = conn.execute(f"SELECT count(*) FROM [{table}]").fetchone()[0]
    if count > MAX_ROWS:
        raise DraftError(f"{name} 的行数过多，不是正常的草稿")
    cols = ", ".join(f"[{c}]" for c in columns)
    cursor = conn.execute(f"SELECT {cols} FROM [{table}] ORDER BY [{pk}]")
    rows = [dict(zip(columns, values)) for values in cursor]
    for row in rows:
        for col, kind in columns.items():
            value = row[col]
            if value is not None and not isinstance(value, kind):
                raise DraftError(f"{name} 中 {table}.{col} 的数据类型不符，文件可能已损坏")
    return rows


def _single(conn: sqlite3.Connection, table: str, name: str) -> dict:
    rows = _rows(conn, table, name)
    if len(rows) != 1:
        raise DraftError(f"{name} 缺少 {table} 数据，文件可能已损坏")
    return rows[0]


def _amount(text: str | None) -> AmountValue:
    return amount_from_text(text)[0] if text is not None else None


def _read_form(conn: sqlite3.Connection, name: str) -> Form:
    top = _single(conn, "form", name)
    if top["format"] != FORMAT:
        raise DraftError(f"{name} 的表单格式不受支持")
    year = top["year"]
    if year is not None and not YEAR_RANGE[0] <= year <= YEAR_RANGE[1]:
        raise DraftError(f"{name} 中的年度「{quoted(year)}」无效，文件可能已损坏")
    form = Form(year=year, **{k: top[k] or "" for k in _TEXT_TOP})
    budget = _single(conn, "budget", name)
    form.budget = Budget(**{k: _amount(budget[k]) for k in labels.BUDGET_FIELDS})
    form.tasks = [Task(name=r["name"] or "", content=r["content"] or "", amount=_amount(r["amount"]),
                       goal=r["goal"] or "") for r in _rows(conn, "tasks", name)]
    for r in _rows(conn, "indicators", name):
        ind = Indicator(**{k: r[k] or "" for k in ("level1", "level2", "name", "period_value", "annual_value")})
        if labels.find_level2(ind.level1, ind.level2) is None:
            raise DraftError(f"{name} 含有未知的绩效指标「{quoted(ind.level1)} / {quoted(ind.level2)}」")
        form.indicators.append(ind)
    signoff = _single(conn, "signoff", name)
    form.signoff = Signoff(**{k: signoff[k] or "" for k in labels.SIGNOFF_LABELS})
    return form


# -- writing ------------------------------------------------------------------------------

def _stored(value: AmountValue) -> str | None:
    return value if isinstance(value, str) else plain_amount(value)


Rows = dict[str, list[tuple]]  # table -> its rows as tuples in ``SCHEMA`` column order


def table_rows(form: Form) -> Rows:
    """The form as the rows of each table. Tuples, not dicts: an autosave compares the whole
    form with the file, and tuples compare in C."""
    return {
        "form": [(1, FORMAT, form.year, *(getattr(form, k) for k in _TEXT_TOP))],
        "budget": [(1, *(_stored(getattr(form.budget, k)) for k in labels.BUDGET_FIELDS))],
        "tasks": [(i, x.name, x.content, _stored(x.amount), x.goal) for i, x in enumerate(form.tasks)],
        "indicators": [(i, x.level1, x.level2, x.name, x.period_value, x.annual_value)
                       for i, x in enumerate(form.indicators)],
        "signoff": [(1, *(getattr(form.signoff, k) for k in labels.SIGNOFF_LABELS))],
    }


def _sanitized(rows: Rows) -> Rows:
    """Rows whose text SQLite can store: a lone surrogate (possible from a clipboard or a broken
    JSON escape) cannot be encoded as UTF-8 and must not make the whole save fail; it is
    stored as "?"."""
    def text(value):
        return value.encode("utf-8", "replace").decode("utf-8") if isinstance(value, str) else value

    return {table: [tuple(map(text, row)) for row in table_rows_] for table, table_rows_ in rows.items()}


def _write_all(db: sqlite_utils.Database, rows: Rows) -> None:
    """Replace the whole content, schema included; this also upgrades a draft of an older
    version within the same transaction."""
    for table, (pk, columns) in SCHEMA.items():
        db.execute(f"DROP TABLE IF EXISTS [{table}]")
        db[table].create(columns, pk=pk)
        db[table].insert_all((dict(zip(columns, row)) for row in rows[table]), batch_size=500)
    db.execute(f"PRAGMA application_id={APPLICATION_ID}")
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")


class _Stale(Exception):
    """The rows on disk are not the ones this writer last saved."""


def _write_changes(conn: sqlite3.Connection, old: Rows, new: Rows) -> None:
    """Write only the rows that differ from the last save: an autosave after one keystroke
    touches one row, whatever the size of the form. Every statement must touch exactly the
    rows it expects, or the file is not what we last wrote (``_Stale``)."""
    for table, (pk, columns) in SCHEMA.items():
        names = list(columns)
        before, after = old[table], new[table]
        for row_before, row_after in zip(before, after):
            if row_before != row_after:
                changed = [i for i, (a, b) in enumerate(zip(row_before, row_after)) if a != b]
                sets = ", ".join(f"[{names[i]}] = ?" for i in changed)
                cursor = conn.execute(f"UPDATE [{table}] SET {sets} WHERE [{pk}] = ?",
                                      [row_after[i] for i in changed] + [row_after[0]])
                if cursor.rowcount != 1:
                    raise _Stale(table)
        if len(after) > len(before):
            sql = (f"INSERT INTO [{table}] ({', '.join(f'[{c}]' for c in names)}) "
                   f"VALUES ({', '.join('?' for _ in names)})")
            conn.executemany(sql, after[len(before):])
        elif len(after) < len(before):
            cursor = conn.execute(f"DELETE FROM [{table}] WHERE [{pk}] >= ?", [len(after)])
            if cursor.rowcount != len(before) - len(after):
                raise _Stale(table)


def _open_rw(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, isolation_level="")
    _harden(conn)
    conn.execute("PRAGMA journal_mode=DELETE")  # a closed draft is one complete file
    conn.execute("PRAGMA synchronous=FULL")
    # Text the clerk deleted must not linger in free pages of a file that is e-mailed.
    conn.execute("PRAGMA secure_delete=ON")
    return conn


def _database(conn: sqlite3.Connection) -> sqlite_utils.Database:
    # Imported on first save: reading, checking and printing a draft need only sqlite3, and
    # sqlite-utils costs 0.1 s of every command's start-up.
    import sqlite_utils

    return sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)


class DraftWriter:
    """Saves one form to one draft file, again and again, as the clerk edits.

    Each save is one transaction. The first save (and any save after the file was changed
    behind our back or a save failed) rewrites everything; later saves write only the rows that
    changed. A sound draft of ours is updated in place — SQLite's rollback journal makes each
    save all-or-nothing. Any other target (a new file, a damaged or foreign one) is written to a
    temporary file beside it and renamed over it, so a half-written draft never appears under
    the real name and nothing foreign survives in a file we call ours.

    A file that existed when the writer was made, or that it has saved, and that has since
    disappeared is not silently re-created: the clerk is told (it may have been moved on
    purpose, or the removable disk pulled out), and saves elsewhere with "Save As" — a new
    writer for the new path.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._saved: Rows | None = None
        self._must_exist = self.path.exists()

    def save(self, form: Form) -> None:
        rows = table_rows(form)
        try:
            try:
                self._write(rows)
            except UnicodeEncodeError:  # a lone surrogate, rare enough to pay a second try
                rows = _sanitized(rows)
                self._write(rows)
        except DraftError:
            self._saved = None
            raise
        except (sqlite3.Error, OSError, ValueError, OverflowError) as err:  # e.g. a year past 2**63
            self._saved = None  # after a failure, trust nothing: the next save rewrites all
            log.warning("saving %s failed (%s)", self.path, getattr(err, "sqlite_errorname", ""), exc_info=True)
            raise DraftError(f"无法保存到 {quoted(self.path, 160)}：{reason(err)}") from None
        self._saved, self._must_exist = rows, True

    def _write(self, rows: Rows) -> None:
        if self._must_exist and not self.path.exists():
            raise DraftError(f"草稿文件已不在原处（可能已被删除或移走，或磁盘已拔出）："
                             f"{quoted(self.path, 160)}。请用“另存为”保存")
        if not (self.path.exists() and is_draft(self.path) and self._save_in_place(rows)):
            _write_new(self.path, rows)

    def _save_in_place(self, rows: Rows) -> bool:
        """One transaction on the existing file; False if it is not a sound draft of ours and
        must be replaced instead."""
        with closing(_open_rw(self.path)) as conn:
            try:
                conn.execute("BEGIN IMMEDIATE")  # the write lock first: nobody commits under us
                # Only the rows that changed are written if the file holds exactly what this
                # writer saved last: not if anything else wrote to it since (a copy put over
                # it, a restore, another process). Comparing the rows is a few milliseconds
                # for the largest form, and needs no second handle on the file (closing one
                # would drop SQLite's POSIX locks).
                incremental = self._saved is not None and _rows_on_disk(conn) == self._saved
                if incremental:
                    try:
                        _write_changes(conn, self._saved, rows)
                    except _Stale:
                        incremental = False
                        conn.execute("ROLLBACK")
                        conn.execute("BEGIN IMMEDIATE")
                if not incremental:
                    try:
                        _validate(conn, _name(self.path))
                    except DraftError:
                        conn.execute("ROLLBACK")
                        return False
                    _write_all(_database(conn), rows)
                conn.execute("COMMIT")
                return True
            except BaseException:
                if conn.in_transaction:
                    conn.rollback()
                raise


def _rows_on_disk(conn: sqlite3.Connection) -> Rows | None:
    try:
        rows = {}
        for table, (pk, columns) in SCHEMA.items():
            cols = ", ".join(f"[{c}]" for c in columns)
            rows[table] = conn.execute(f"SELECT {cols} FROM [{table}] ORDER BY [{pk}]").fetchall()
        return rows
    except sqlite3.Error:
        return None  # not our tables: certainly not what we saved


def save_draft(path: str | Path, form: Form) -> None:
    """Write ``form`` to ``path`` as one transaction (see ``DraftWriter``)."""
    DraftWriter(path).save(form)


STALE_TEMP_S = 3600  # a temporary file this old was left by a crash, not by a save in progress
_TEMP_NAME = re.compile(r"\.~(.*)\.[0-9a-f]{8}" + re.escape(EXTENSION))


def _temp_name(path: Path) -> str:
    return f".~{path.stem[:40]}.{secrets.token_hex(4)}{EXTENSION}"


def _remove_stale_temps(path: Path) -> None:
    """A save killed half-way leaves its temporary file beside the draft (never the draft
    itself half-written); the next save of that draft clears such leftovers."""
    cutoff = time.time() - STALE_TEMP_S
    try:
        candidates = [p for p in path.parent.iterdir()
                      if (m := _TEMP_NAME.fullmatch(p.name)) and m.group(1) == path.stem[:40]]
    except OSError:
        return
    for old in candidates:
        try:
            if old.stat().st_mtime < cutoff:
                old.unlink()
                old.with_name(old.name + "-journal").unlink(missing_ok=True)
        except OSError:
            pass


def write_fresh_draft(path: str | Path, form: Form) -> None:
    """A complete new draft at ``path``, replacing whatever file is there: no page of an older
    file travels along when it is e-mailed (Save As). One Chinese DraftError on failure."""
    path = Path(path)
    rows = table_rows(form)
    try:
        try:
            _write_new(path, rows)
        except UnicodeEncodeError:
            _write_new(path, _sanitized(rows))
    except (sqlite3.Error, OSError, ValueError, OverflowError) as err:
        log.warning("writing %s failed", path, exc_info=True)
        raise DraftError(f"无法保存到 {quoted(path, 160)}：{reason(err)}") from None


def _write_new(path: Path, rows: Rows) -> None:
    _remove_stale_temps(path)
    tmp_path = path.with_name(_temp_name(path))
    # Created like any new file (umask applies, unlike mkstemp's 0600), or with the mode of
    # the file it replaces.
    try:
        mode = path.stat().st_mode & 0o777
    except OSError:
        mode = 0o666
    fd = os.open(tmp_path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), mode)
    os.close(fd)
    try:
        with closing(_open_rw(tmp_path)) as conn:
            db = _database(conn)
            with db.atomic():
                _write_all(db, rows)
        _fsync(tmp_path)
        os.replace(tmp_path, path)
        _fsync_dir(path.parent)
    finally:
        tmp_path.unlink(missing_ok=True)
        tmp_path.with_name(tmp_path.name + "-journal").unlink(missing_ok=True)


def _fsync(path: Path) -> None:
    with open(path, "rb+") as fh:
        os.fsync(fh.fileno())


def _fsync_dir(folder: Path) -> None:
    if os.name == "nt":
        return  # Windows cannot open a directory for fsync; NTFS journals the rename
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
