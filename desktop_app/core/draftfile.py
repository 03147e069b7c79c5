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

import os
import sqlite3
import tempfile
from contextlib import closing
from decimal import Decimal
from pathlib import Path

import sqlite_utils

from . import labels
from .amounts import plain_amount
from .errors import FormError
from .model import AmountValue, Budget, Form, Indicator, Signoff, Task, amount_from_text

EXTENSION = ".jxmb"
APPLICATION_ID = 0x4A584D42  # "JXMB" — marks the file as ours in its SQLite header
SCHEMA_VERSION = 1
FORMAT = "budget-performance-form/1"

MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_VALUE_BYTES = 1_000_000  # a single text over this is not a form, it is an attack
MAX_ROWS = 20_000
BUSY_TIMEOUT_S = 3.0

_SQLITE_MAGIC = b"SQLite format 3\x00"

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


# -- reading ------------------------------------------------------------------------------

def read_header(path: Path) -> tuple[int, int]:
    """(application_id, user_version) from the SQLite header, or DraftError if not a draft."""
    try:
        st = path.stat()
    except FileNotFoundError:
        raise DraftError(f"找不到文件：{path.name}") from None
    except OSError as err:
        raise DraftError(f"无法读取文件 {path.name}：{err.strerror or err}") from None
    if not path.is_file():
        raise DraftError(f"{path.name} 不是文件")
    if st.st_size == 0:
        raise DraftError(f"{path.name} 是空文件，不是草稿")
    if st.st_size > MAX_FILE_BYTES:
        raise DraftError(f"{path.name} 过大，不是本程序的草稿")
    try:
        with open(path, "rb") as fh:
            header = fh.read(100)
    except OSError as err:
        raise DraftError(f"无法读取文件 {path.name}：{err.strerror or err}") from None
    if len(header) < 100 or not header.startswith(_SQLITE_MAGIC):
        raise DraftError(f"{path.name} 不是本程序的草稿文件")
    app_id = int.from_bytes(header[68:72], "big")
    version = int.from_bytes(header[60:64], "big")
    if app_id != APPLICATION_ID:
        raise DraftError(f"{path.name} 不是本程序的草稿文件（可能是其他程序的数据库）")
    if header[18] != 1 or header[19] != 1:
        raise DraftError(f"{path.name} 使用了本程序不支持的日志模式")
    if version > SCHEMA_VERSION:
        raise DraftError(f"{path.name} 由更新版本的程序保存，请升级本程序后再打开")
    if version < 1:
        raise DraftError(f"{path.name} 的版本号无效，不是本程序的草稿")
    return app_id, version


def is_draft(path: str | Path) -> bool:
    """Whether ``path`` carries our header (a quick look, not a full validation)."""
    try:
        read_header(Path(path))
        return True
    except DraftError:
        return False


def _uri(path: Path, mode: str) -> str:
    return f"{path.resolve().as_uri()}?mode={mode}"


def _harden(conn: sqlite3.Connection) -> None:
    conn.execute("PRAGMA trusted_schema=OFF")
    conn.execute("PRAGMA cell_size_check=ON")
    conn.execute("PRAGMA mmap_size=0")
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_VALUE_BYTES)
    conn.setlimit(sqlite3.SQLITE_LIMIT_SQL_LENGTH, 100_000)


def _recover_hot_journal(path: Path) -> None:
    """A save interrupted by a crash leaves ``-journal`` beside the draft; SQLite rolls it back on
    the next read-write open, restoring the last complete save. Read-only opens cannot."""
    journal = path.with_name(path.name + "-journal")
    if journal.exists() and journal.stat().st_size > 0:
        try:
            with closing(sqlite3.connect(_uri(path, "rw"), uri=True, timeout=BUSY_TIMEOUT_S)) as conn:
                _harden(conn)
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
        except sqlite3.Error:
            pass  # read-only folder or a busy file: the read below reports what matters


def load_draft(path: str | Path) -> Form:
    """The form in the draft at ``path``; ``DraftError`` if it is not a sound draft of ours."""
    path = Path(path)
    _, version = read_header(path)
    _recover_hot_journal(path)
    try:
        with closing(sqlite3.connect(_uri(path, "ro"), uri=True, timeout=BUSY_TIMEOUT_S)) as conn:
            _harden(conn)
            conn.execute("PRAGMA query_only=ON")
            _validate(conn, path.name)
            if version < SCHEMA_VERSION:
                conn = _migrated_copy(conn, version)
            return _read_form(conn, path.name)
    except DraftError:
        raise
    except sqlite3.Error as err:
        raise DraftError(f"{path.name} 已损坏，无法打开（{err}）") from None
    except (ValueError, TypeError, OverflowError, MemoryError):
        raise DraftError(f"{path.name} 的内容无效，无法打开") from None


def _validate(conn: sqlite3.Connection, name: str) -> None:
    result = conn.execute("PRAGMA quick_check").fetchall()
    if result != [("ok",)]:
        raise DraftError(f"{name} 已损坏（完整性检查未通过），无法打开")
    objects = conn.execute("SELECT type, name FROM sqlite_master").fetchall()
    expected = {("table", t) for t in SCHEMA}
    if set(objects) != expected or len(objects) != len(expected):
        raise DraftError(f"{name} 含有本程序不认识的内容（如触发器或视图），为安全起见不予打开")
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
    form = Form(year=top["year"], **{k: top[k] or "" for k in _TEXT_TOP})
    budget = _single(conn, "budget", name)
    form.budget = Budget(**{k: _amount(budget[k]) for k in labels.BUDGET_FIELDS})
    form.tasks = [Task(name=r["name"] or "", content=r["content"] or "", amount=_amount(r["amount"]),
                       goal=r["goal"] or "") for r in _rows(conn, "tasks", name)]
    for r in _rows(conn, "indicators", name):
        ind = Indicator(**{k: r[k] or "" for k in ("level1", "level2", "name", "period_value", "annual_value")})
        if labels.find_level2(ind.level1, ind.level2) is None:
            raise DraftError(f"{name} 含有未知的绩效指标「{ind.level1} / {ind.level2}」")
        form.indicators.append(ind)
    signoff = _single(conn, "signoff", name)
    form.signoff = Signoff(**{k: signoff[k] or "" for k in labels.SIGNOFF_LABELS})
    return form


# -- writing ------------------------------------------------------------------------------

def _stored(value: AmountValue) -> str | None:
    return value if isinstance(value, str) else plain_amount(value)


def table_rows(form: Form) -> dict[str, list[dict]]:
    """The form as the rows of each table, in ``SCHEMA`` order."""
    return {
        "form": [{"id": 1, "format": FORMAT, "year": form.year, **{k: getattr(form, k) for k in _TEXT_TOP}}],
        "budget": [{"id": 1, **{k: _stored(getattr(form.budget, k)) for k in labels.BUDGET_FIELDS}}],
        "tasks": [{"position": i, "name": t.name, "content": t.content, "amount": _stored(t.amount),
                   "goal": t.goal} for i, t in enumerate(form.tasks)],
        "indicators": [{"position": i, "level1": x.level1, "level2": x.level2, "name": x.name,
                        "period_value": x.period_value, "annual_value": x.annual_value}
                       for i, x in enumerate(form.indicators)],
        "signoff": [{"id": 1, **{k: getattr(form.signoff, k) for k in labels.SIGNOFF_LABELS}}],
    }


def _write_all(db: sqlite_utils.Database, rows: dict[str, list[dict]]) -> None:
    """Replace the whole content, schema included; this also upgrades a draft of an older
    version within the same transaction."""
    for table, (pk, columns) in SCHEMA.items():
        db.execute(f"DROP TABLE IF EXISTS [{table}]")
        db[table].create(columns, pk=pk)
        db[table].insert_all(rows[table], batch_size=500)
    db.execute(f"PRAGMA application_id={APPLICATION_ID}")
    db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")


def _write_changes(db: sqlite_utils.Database, old: dict[str, list[dict]], new: dict[str, list[dict]]) -> None:
    """Write only the rows that differ from the last save: an autosave after one keystroke
    touches one row, whatever the size of the form."""
    for table, (pk, _) in SCHEMA.items():
        before, after = old[table], new[table]
        for row_before, row_after in zip(before, after):
            if row_before != row_after:
                changed = {k: v for k, v in row_after.items() if row_before.get(k) != v}
                db[table].update(row_after[pk], changed)
        if len(after) > len(before):
            db[table].insert_all(after[len(before):], batch_size=500)
        elif len(after) < len(before):
            db.execute(f"DELETE FROM [{table}] WHERE [{pk}] >= ?", [len(after)])


def _open_rw(path: Path) -> sqlite3.Connection:
    conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, isolation_level="")
    _harden(conn)
    conn.execute("PRAGMA journal_mode=DELETE")  # a closed draft is one complete file
    conn.execute("PRAGMA synchronous=FULL")
    return conn


class DraftWriter:
    """Saves one form to one draft file, again and again, as the clerk edits.

    Each save is one transaction. The first save (and any save after the file was replaced,
    deleted or failed) rewrites everything; later saves write only the rows that changed.
    An existing draft of ours is updated in place — SQLite's rollback journal makes each save
    all-or-nothing. Any other target is written to a temporary file beside it and renamed over
    it, so a half-written draft never appears under the real name.
    """

    def __init__(self, path: str | Path):
        self.path = Path(path)
        self._saved: dict[str, list[dict]] | None = None
        self._saved_stat: tuple[int, int] | None = None

    def save(self, form: Form) -> None:
        rows = table_rows(form)
        try:
            if self.path.exists() and is_draft(self.path):
                with closing(_open_rw(self.path)) as conn:
                    db = sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)
                    with db.atomic():
                        if self._saved is not None and self._saved_stat == self._stat():
                            _write_changes(db, self._saved, rows)
                        else:
                            _write_all(db, rows)
            else:
                _write_new(self.path, rows)
        except (sqlite3.Error, OSError) as err:
            self._saved = None  # after a failure, trust nothing: the next save rewrites all
            raise DraftError(_write_failure(self.path, err)) from None
        self._saved, self._saved_stat = rows, self._stat()

    def _stat(self) -> tuple[int, int] | None:
        # A file replaced behind our back (restored from mail, copied over) has a new inode:
        # then the rows on disk are not the ones we last wrote, so the next save rewrites all.
        try:
            st = self.path.stat()
        except OSError:
            return None
        return (st.st_ino, st.st_dev)


def save_draft(path: str | Path, form: Form) -> None:
    """Write ``form`` to ``path`` as one transaction (see ``DraftWriter``)."""
    DraftWriter(path).save(form)


def _write_new(path: Path, rows: dict[str, list[dict]]) -> None:
    fd, tmp = tempfile.mkstemp(prefix=".~", suffix=EXTENSION, dir=path.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        with closing(_open_rw(tmp_path)) as conn:
            db = sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)
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


def _write_failure(path: Path, err: Exception) -> str:
    text = str(err).lower()
    if "full" in text or getattr(err, "errno", None) == 28:
        return f"磁盘空间已满，无法保存到 {path}"
    if "readonly" in text or "read-only" in text or isinstance(err, PermissionError):
        return f"没有写入权限，无法保存到 {path}。请用“另存为”保存到其他位置"
    if "locked" in text or "busy" in text:
        return f"{path.name} 正被其他程序使用，暂时无法保存"
    detail = getattr(err, "strerror", None) or str(err)
    return f"无法保存到 {path}：{detail}"
