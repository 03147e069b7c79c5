"""Saving a form to its draft file: the first save rewrites every table, later ones only the
rows that changed, each save one transaction."""

from __future__ import annotations

import os
import sqlite3
import stat
import time
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

from .. import atomic, identity, review
from ..fileerrors import quoted, reason
from ..model import FormBase
from ..record import Record
from . import container
from .container import (
    APPLICATION_ID,
    FORMAT_VERSION,
    MAX_FILE_BYTES,
    MAX_ROWS,
    SCHEMA_VERSION,
    DraftError,
    decode_version,
    file_state,
    harden,
    has_hot_journal,
    is_draft,
    journal_fits,
    journal_of,
    log,
    name_of,
    validate,
)
from .rows import SINCE, Rows, Schema, Touched, rebuilt_positions, schema_of, table_rows

if TYPE_CHECKING:
    import sqlite_utils

STALE_TEMP_S = atomic.STALE_TEMP_S


def _sanitized(rows: Rows) -> Rows:
    """Rows whose text SQLite can store: a lone surrogate (possible from a clipboard or a broken
    JSON escape) cannot be encoded as UTF-8 and must not make the whole save fail; it is
    stored as "?"."""
    def text(value):
        return value.encode("utf-8", "replace").decode("utf-8") if isinstance(value, str) else value

    return {table: [tuple(map(text, row)) for row in table_rows_] for table, table_rows_ in rows.items()}


def write_all(db: sqlite_utils.Database, schema: Schema, rows: Rows) -> None:
    """Replace the whole content, schema included; this also upgrades a draft of an older
    version within the same transaction. Tables of a newer minor version are left alone."""
    for table, (pk, columns) in schema.items():
        db.execute(f"DROP TABLE IF EXISTS [{table}]")
        db.table(table).create(columns, pk=pk)  # db[name] may also be a view: a draft holds none
        db.table(table).insert_all((dict(zip(columns, row)) for row in rows[table]), batch_size=500)
    db.execute(f"PRAGMA application_id={APPLICATION_ID}")
    if db.execute("PRAGMA user_version").fetchone()[0] < SCHEMA_VERSION:
        db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")


class _Stale(Exception):
    """The rows on disk are not the ones this writer last saved."""


def write_changes(conn: sqlite3.Connection, schema: Schema, old: Rows, new: Rows,
                  only: dict[str, list[int]] | None = None) -> None:
    """Write only the rows that differ from the last save: an autosave after one keystroke
    touches one row, whatever the size of the form. ``only``: for some tables, the positions
    that can differ (the rest are the very rows saved), so even the comparison is as long as
    the edit. Every statement must touch exactly the rows it expects, or the file is not what
    we last wrote (``_Stale``)."""
    for table, (pk, columns) in schema.items():
        names = list(columns)
        before, after = old[table], new[table]
        pairs: Iterable[tuple[tuple, tuple]]
        if only is not None and table in only:
            pairs = ((before[i], after[i]) for i in only[table])
        else:
            pairs = zip(before, after)
        for row_before, row_after in pairs:
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


def open_rw(path: Path) -> sqlite3.Connection:
    # DEFERRED, spelt out: what "" meant (a plain BEGIN), and what the stubs accept
    conn = sqlite3.connect(str(path), timeout=container.BUSY_TIMEOUT_S, isolation_level="DEFERRED")
    harden(conn)
    conn.execute("PRAGMA journal_mode=DELETE")  # a closed draft is one complete file
    conn.execute("PRAGMA synchronous=FULL")
    # Text the clerk deleted must not linger in free pages of a file that is e-mailed.
    conn.execute("PRAGMA secure_delete=ON")
    return conn


def database(conn: sqlite3.Connection) -> sqlite_utils.Database:
    # Imported on first save: reading, checking and printing a draft need only sqlite3, and
    # sqlite-utils costs 0.1 s of every command's start-up.
    import sqlite_utils

    return sqlite_utils.Database(conn, recursive_triggers=False, execute_plugins=False)


class DraftChanged(DraftError):
    """The draft was changed by someone else since this writer last read or wrote it: saving
    now would overwrite that without a word. ``save(…, overwrite=True)`` does it on purpose."""


class Known(Record):
    """What the caller knows the draft holds: its rows as read, and ``file_state`` before the
    read. A writer that starts from it writes its first save row by row too, and notices an
    outside change made between the read and that save."""
    rows: Rows
    state: list | None


class DraftWriter:
    """Saves one form to one draft file, again and again, as the clerk edits.

    Each save is one transaction on a connection the writer keeps open. Once the writer knows
    what the file holds (its last save, or ``Known`` rows of the read), a save writes only the
    rows that changed — and builds only the rows an edit touched (``touched``), so an autosave
    costs the same for a form of ten rows or ten thousand. The first save of a writer that knows
    nothing, and any save after a failed one, rewrites everything. A sound draft of ours is
    updated in place — SQLite's rollback journal makes each save all-or-nothing. Any other
    target (a new file, a damaged or foreign one) is written to a temporary file beside it and
    renamed over it, so a half-written draft never appears under the real name and nothing
    foreign survives in a file we call ours.

    If anything else wrote the file since (another program, a copy put over it, a restore) —
    its change counter (``PRAGMA data_version``) or its size, time or identity changed — the
    save is refused with ``DraftChanged`` rather than writing over that: the caller asks the
    clerk. A file that existed when the writer was made, or that it has saved, and that has since
    disappeared is not silently re-created: the clerk is told (it may have been moved on
    purpose, or the removable disk pulled out), and saves elsewhere with "Save As".
    """

    def __init__(self, path: str | Path, known: Known | None = None):
        self.path = Path(path)
        self._saved: Rows | None = known.rows if known else None
        self._schema: Schema | None = None  # of the form it last saved
        self._state: list | None = known.state if known else None
        self._conn: sqlite3.Connection | None = None
        self._version: int | None = None  # data_version of our connection after our last commit
        self._checked_version = False      # the file's schema version seen once on this connection
        self._must_exist = self.path.exists()

    def close(self) -> None:
        conn = getattr(self, "_conn", None)  # not yet set if __init__ failed
        if conn is not None:
            conn.close()
            self._conn = None
        self._version = None  # a connection's own count: meaningless for the next one

    __del__ = close

    def save(self, form: FormBase, touched: Touched | None = None, overwrite: bool = False) -> None:
        """Writes ``form``. ``touched``: what changed since the last save (None: anything may
        have); ``overwrite``: write it even over someone else's change of the file."""
        schema = schema_of(form.spec)
        if self._schema not in (None, schema):
            self._forget()  # another kind of form than it saved last: nothing it knows applies
        rows = table_rows(form, touched, self._saved)
        only = rebuilt_positions(form, touched, self._saved, rows)
        within_limits(form, rows)
        try:
            try:
                self._write(schema, rows, overwrite, only)
            except UnicodeEncodeError:  # a lone surrogate, rare enough to pay a second try
                rows = _sanitized(rows)
                self._write(schema, rows, overwrite)
        except DraftChanged:
            raise  # nothing written: what this writer knows is still what it last wrote
        except DraftError:
            self._forget()
            raise
        except (sqlite3.Error, OSError, ValueError, OverflowError) as err:  # e.g. a year past 2**63
            self._forget()  # after a failure, trust nothing: the next save rewrites all
            log.warning("saving %s failed (%s)", self.path, getattr(err, "sqlite_errorname", ""), exc_info=True)
            raise DraftError(f"无法保存到 {quoted(self.path, 160)}：{reason(err)}") from None
        self._saved, self._state, self._must_exist, self._schema = rows, file_state(self.path), True, schema

    def _forget(self) -> None:
        self._saved = self._state = None
        self.close()

    def _changed_outside(self, schema: Schema) -> bool:
        if self._saved is None:
            return False
        now = file_state(self.path)
        if self._state is not None and now != self._state:
            if now is None or now[:3] != self._state[:3]:
                return True
            # Only its time moved (a network share, or bytes copied over it that look the same
            # to SQLite): the rows themselves tell.
            if self._rows_differ(schema):
                return True
            self._state = now
        if self._conn is not None and self._version is not None:
            return self._conn.execute("PRAGMA data_version").fetchone()[0] != self._version
        return False

    def _as_it_was(self, conn: sqlite3.Connection, schema: Schema) -> bool:
        """Under the write lock: the file holds what this writer last wrote or was told it held.
        Its change counter says so in a moment once this connection has written it; the first
        time, the rows themselves are compared."""
        if self._version is None:
            return rows_on_disk(conn, schema) == self._saved
        return conn.execute("PRAGMA data_version").fetchone()[0] == self._version

    def _rows_differ(self, schema: Schema) -> bool:
        self.close()  # bytes written past SQLite: a fresh connection, not its cached pages
        conn = self._connection()
        conn.execute("BEGIN")
        try:
            return rows_on_disk(conn, schema) != self._saved
        finally:
            conn.execute("ROLLBACK")
            self._version = conn.execute("PRAGMA data_version").fetchone()[0]

    def _write(self, schema: Schema, rows: Rows, overwrite: bool, only: dict[str, list[int]] | None = None) -> None:
        if self._must_exist and not self.path.exists():
            raise DraftError(f"草稿文件已不在原处（可能已被删除或移走，或磁盘已拔出）：{quoted(self.path, 160)}")
        changed = self._changed_outside(schema)
        if changed and not overwrite:
            raise DraftChanged(f"{name_of(self.path)} 在本窗口之外被修改过（其他程序、同事或复制过来的文件），"
                               f"为免覆盖，没有保存")
        if changed or (self._state is not None and file_state(self.path) != self._state):
            self.close()  # the file may be another one now: a fresh connection to whatever is there
        set_aside_foreign_journal(self.path)
        incremental = self._saved is not None and not changed
        if not (self.path.exists() and is_draft(self.path)
                and self._save_in_place(schema, rows, incremental, overwrite, only)):
            self.close()
            write_new(self.path, schema, rows)

    def _connection(self) -> sqlite3.Connection:
        if self._conn is None:
            self._conn = open_rw(self.path)
            self._checked_version = False
        return self._conn

    @staticmethod
    def _rolled_back(conn: sqlite3.Connection) -> bool:
        conn.execute("ROLLBACK")
        return False

    def _save_in_place(self, schema: Schema, rows: Rows, incremental: bool, overwrite: bool,
                       only: dict[str, list[int]] | None = None) -> bool:
        """One transaction on the existing file; False if it is not a sound draft of ours and
        must be replaced instead."""
        conn = self._connection()
        try:
            conn.execute("BEGIN IMMEDIATE")  # the write lock first: nobody commits under us
            if incremental and not self._as_it_was(conn, schema):
                # Someone committed between the look before and the lock: decided under the lock.
                conn.execute("ROLLBACK")
                if not overwrite:
                    raise DraftChanged(f"{name_of(self.path)} 在本窗口之外被修改过，为免覆盖，没有保存")
                incremental = False
                conn.execute("BEGIN IMMEDIATE")
            if incremental and not self._checked_version:
                # A draft of an older version is brought up by a whole rewrite, once.
                current = conn.execute("PRAGMA user_version").fetchone()[0]
                incremental = decode_version(current) >= FORMAT_VERSION
                self._checked_version = True
            saved = self._saved
            if incremental and saved is not None:  # incremental only ever follows a save
                try:
                    write_changes(conn, schema, saved, rows, only)
                except _Stale:  # a row it expected is not there: the file is not what it knew
                    incremental = False
                    conn.execute("ROLLBACK")
                    conn.execute("BEGIN IMMEDIATE")
            if not incremental:
                try:
                    version = conn.execute("PRAGMA user_version").fetchone()[0]
                    if schema_of(validate(conn, name_of(self.path), version).spec) != schema:
                        return self._rolled_back(conn)  # another form's draft: replaced whole
                except DraftError:
                    return self._rolled_back(conn)
                write_all(database(conn), schema, rows)
            _size_checked(conn)
            conn.execute("COMMIT")
            self._version = conn.execute("PRAGMA data_version").fetchone()[0]
            return True
        except BaseException:
            if conn.in_transaction:
                conn.rollback()
            raise


def rows_on_disk(conn: sqlite3.Connection, schema: Schema) -> Rows | None:
    """What the file holds, table by table; a table a draft of an older version does not have
    yet (``rows.SINCE``) holds no rows."""
    try:
        rows: Rows = {}
        present = {name for (name,) in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        for table, (pk, columns) in schema.items():
            if table in SINCE and table not in present:
                rows[table] = []
                continue
            cols = ", ".join(f"[{c}]" for c in columns)
            rows[table] = conn.execute(f"SELECT {cols} FROM [{table}] ORDER BY [{pk}]").fetchall()
        return rows
    except sqlite3.Error:
        return None  # not our tables: certainly not what we saved


def save_draft(path: str | Path, form: FormBase) -> None:
    """Write ``form`` to ``path`` as one transaction (see ``DraftWriter``)."""
    DraftWriter(path).save(form)


def within_limits(form: FormBase, rows: Rows) -> None:
    """What the reader refuses is never written: no table of more rows than it reads, no review
    block beyond the limits of ``core.review``, no identity ``core.identity`` would refuse."""
    try:
        review.validated(form.review)
        identity.validated(form.identity)
    except (review.ReviewError, identity.IdentityError) as err:
        raise DraftError(f"无法保存：{err.message}") from None
    for table in form.spec.tables:
        if len(rows[table.key]) > MAX_ROWS:
            raise DraftError(f"{table.label}有 {len(rows[table.key])} 行，超过每个表最多 {MAX_ROWS} 行的上限，"
                             f"无法保存；请删去多余的行")


def _size_checked(conn: sqlite3.Connection) -> None:
    """Inside the save's transaction: the file it makes is one the reader opens."""
    size = conn.execute("PRAGMA page_count").fetchone()[0] * conn.execute("PRAGMA page_size").fetchone()[0]
    if size > MAX_FILE_BYTES:
        raise DraftError(f"内容过多（约 {size // 1_000_000} MB），超过草稿文件 {MAX_FILE_BYTES // 1_000_000} MB 的上限，"
                         f"无法保存；请删减内容")


def write_fresh_draft(path: str | Path, form: FormBase) -> None:
    """A complete new draft at ``path``, replacing whatever file is there: no page of an older
    file travels along when it is e-mailed (Save As). One Chinese DraftError on failure."""
    path = Path(path)
    schema, rows = schema_of(form.spec), table_rows(form)
    within_limits(form, rows)
    try:
        try:
            write_new(path, schema, rows)
        except UnicodeEncodeError:
            write_new(path, schema, _sanitized(rows))
    except (sqlite3.Error, OSError, ValueError, OverflowError) as err:
        log.warning("writing %s failed", path, exc_info=True)
        raise DraftError(f"无法保存到 {quoted(path, 160)}：{reason(err)}") from None


def write_new(path: Path, schema: Schema, rows: Rows) -> None:
    def fill(tmp: Path) -> None:
        with closing(open_rw(tmp)) as conn:
            db = database(conn)
            with db.atomic():
                write_all(db, schema, rows)
                _size_checked(conn)

    atomic.replace_file(path, fill)
    # A journal left by a crashed save of the file just replaced belongs to nothing now.
    if has_hot_journal(path):
        set_aside(journal_of(path))


def set_aside_foreign_journal(path: Path) -> None:
    """Before a save in place: a journal beside the draft that a crashed save of this very file
    left is rolled back by SQLite (restoring the last complete save); one that does not fit it
    (left by another file of the same name) must never be played into it, so it goes. So does
    whatever else holds the journal's name — a link, a second name of another file, a folder:
    SQLite would write the save's journal through it (a planted link to an empty file of the
    clerk's would get the draft's old pages)."""
    if _not_a_journal(journal_of(path)) or (path.exists() and has_hot_journal(path) and not journal_fits(path)):
        set_aside(journal_of(path))


def _not_a_journal(journal: Path) -> bool:
    try:
        st = os.lstat(journal)
    except OSError:
        return False
    return not stat.S_ISREG(st.st_mode) or st.st_nlink > 1


def set_aside(journal: Path) -> None:
    """Moves a journal that belongs to no draft into the data folder (it holds a form's old
    content, so it is kept out of the way rather than left beside a file that is e-mailed).
    A link is moved as the link, never what it leads to."""
    if not os.path.lexists(journal):
        return
    import shutil  # only here: a reader of drafts need not import it

    from ... import paths

    try:
        folder = paths.data_dir() / "stale-journals"
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / f"{int(time.time())}-{os.urandom(4).hex()}.journal"
        shutil.move(str(journal), str(target))
        log.warning("journal %s does not belong to its draft: moved to %s", journal, target)
    except OSError as err:
        log.warning("could not move the stale journal %s: %s", journal, err)
