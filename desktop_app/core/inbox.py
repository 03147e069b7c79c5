"""A reviewer's folder of drafts: every draft (``.jxmb``) and interchange ``.json`` in it and its
subfolders, one summary row each, for any declared form.

Nothing in the folder is ever written. A file that cannot be used — not ours, damaged, empty,
of a newer version, unreadable, a link that leads nowhere or in a loop — is a row with status
``unreadable`` and the reason, and the review goes on; a subfolder that cannot be listed is a row
too. Links to files are read; links to folders are not followed (the review stays inside the
folder's own tree, and a loop of links cannot trap it).

A row's columns come from the declarations: the form (``short_title``), who files it
(``unit``), the unit it is filed under (the first match of a ``RollUp``), the year, the
key amounts (``key_amounts``: total keys or paths), the check's counts, the 内容指纹 and the
review. Forms that add up into another (``FormSpec.rolls_up``) are checked against it across
files (``cross_check``). Several files of one form (``core.identity``: what the clerk sent, the
copy returned, the resubmission) share a ``form_id``; the one of the highest revision (then the
last modified) is the latest (``mark_latest``), and only the latest of each form counts across files.
"""

from __future__ import annotations

import datetime
import errno
import os
import stat
import unicodedata
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Callable, NamedTuple

from . import checks, fingerprint, registry, spec as S
from .amounts import format_amount, plain_amount, total
from .errors import FormError
from .fileerrors import MISSING, quoted, reason
from .files import load_form
from .lazylog import LazyLogger
from .lazyre import lazy
from .lookup import field_of
from .identity import Identity
from .model import FormBase
from .problems import COMMENT, counts
from .record import Record, field
from .totals import amount_at, compute_totals

log = LazyLogger("desktop_app.inbox")

SUFFIXES = (".jxmb", ".json")
OK, UNREADABLE = "ok", "unreadable"
STATUS_WORDS = {OK: "可用", UNREADABLE: "无法读取"}


def _forms() -> list[S.FormSpec]:
    return registry.forms().all_forms()


# -- the columns, from the declarations ---------------------------------------------------------

def _families() -> list[tuple[S.Family, S.FormSpec]]:
    """Each family once, with its first registered member (whose words name its columns)."""
    seen: dict[str, tuple[S.Family, S.FormSpec]] = {}
    for spec in _forms():
        seen.setdefault(spec.kin.key, (spec.kin, spec))
    return list(seen.values())


class KeyAmount(Record):
    """The ``index``-th key amount of a family's forms (one column for all its members): a
    total key or a path of each member's ``key_amounts``."""
    family: str
    index: int
    label: str

    @property
    def key(self) -> str:
        return f"{self.family}:{self.index}"

    def path(self, spec: S.FormSpec) -> str:
        return spec.key_amounts[self.index]

    def value(self, form: FormBase):
        key = self.path(form.spec)
        if any(t.key == key for t in form.spec.totals):
            return compute_totals(form)[key]
        return amount_at(form, key)


def key_amounts() -> list[KeyAmount]:
    return list(_key_amounts(tuple(_forms())))


@lru_cache(maxsize=8)
def _key_amounts(forms: tuple[S.FormSpec, ...]) -> tuple[KeyAmount, ...]:
    """Worked out once for the forms installed: every row of a folder of thousands reads them."""
    out = []
    for family, spec in _families():
        for i, key in enumerate(spec.key_amounts):
            t = next((t for t in spec.totals if t.key == key), None)
            label = f"{t.label}合计" if t is not None else field_of(spec, key).label
            out.append(KeyAmount(family.key, i, label))
    return tuple(out)


def _rollups() -> list[tuple[S.Family, S.RollUp]]:
    return [(family, r) for family, _ in _families() for r in family.rolls_up]


def _target_family(format_id: str) -> str:
    """The family of the form a roll-up adds into (named there by a format id)."""
    return next((spec.kin.key for spec in _forms() if spec.format_id == format_id), format_id)


def owner_paths() -> dict[str, str]:
    """For each form that adds up into another or is added into: the path of its value that
    names the unit it is filed under (for a form added into, its own)."""
    return dict(_owner_paths(tuple(_forms())))


@lru_cache(maxsize=8)
def _owner_paths(forms: tuple[S.FormSpec, ...]) -> dict[str, str]:
    out: dict[str, str] = {}
    for spec in forms:  # the cache's key, not a second look at the registry
        for r in spec.kin.rolls_up:
            out.setdefault(spec.format_id, spec.path_of(r.match[0][0]))
        for _, r in _rollups():
            if r.into == spec.format_id:
                out.setdefault(spec.format_id, r.match[0][1])
    return out


def owner_label() -> str:
    """The column of the unit a form is filed under, named as the forms that add up name it."""
    for spec in _forms():
        for r in spec.kin.rolls_up:
            return field_of(spec, spec.path_of(r.match[0][0])).label
    return ""


class Column(Record):
    """A column of the summary (the window's table and the workbook): its header in Chinese,
    the kind of its cells (TEXT, AMOUNT, COUNT, YEAR, TIME) and a width in characters."""
    key: str
    title: str
    kind: str
    get: Callable[["Entry"], object]
    width: int


TEXT, AMOUNT, COUNT, YEAR, TIME, RATE = "text", "amount", "count", "year", "time", "rate"
# A declared figure's column: a score reads as a number like an amount, a rate as a percentage.
_FIGURE_COLUMNS = {S.FIGURE_SCORE: AMOUNT, S.FIGURE_RATE: RATE, S.FIGURE_TEXT: TEXT}


def columns() -> list[Column]:
    """The summary's columns; ``width`` is the most a column of text takes before it wraps."""
    cols = [Column("relative", "文件", TEXT, lambda e: e.relative, 22),
            Column("status", "状态", TEXT, lambda e: STATUS_WORDS[e.status], 9),
            Column("form", "表单", TEXT, lambda e: e.kind, 9),
            Column("unit", "单位", TEXT, lambda e: e.unit, 22)]
    if owner_label():
        cols.append(Column("owner", owner_label(), TEXT, lambda e: e.owner, 14))
    cols.append(Column("year", "年度", YEAR, lambda e: e.year, 6))
    for a in key_amounts():  # one column for all the forms of a family
        cols.append(Column(a.key, f"{a.label}（万元）", AMOUNT, _key_amount_of(a.key, a.family), 12))
    for spec in _forms():
        for key, label, kind in spec.figures:
            cols.append(Column(f"{spec.format_id}:{key}", label, _FIGURE_COLUMNS[kind],
                               _figure_of(spec.format_id, key), 8))
    cols += [Column("errors", "错误", COUNT, lambda e: e.errors if e.status == OK else None, 6),
             Column("warnings", "提示", COUNT, lambda e: e.warnings if e.status == OK else None, 6),
             Column("comments", "未处理意见", COUNT, lambda e: e.comments if e.status == OK else None, 6),
             Column("verdict", "审核结论", TEXT, lambda e: e.verdict, 6),
             Column("reviewer", "审核人", TEXT, lambda e: e.reviewer, 8),
             Column("review_date", "审核日期", TEXT, lambda e: e.review_date, 10),
             Column("summary", "审核意见", TEXT, lambda e: e.summary, 40),
             Column("submission", "报送次数", TEXT, submission_text, 12),
             Column("problems", "问题", TEXT, problems_text, 40),
             Column("fingerprint", "内容指纹", TEXT, lambda e: e.fingerprint, 21),
             Column("modified", "修改时间", TIME, lambda e: e.modified, 10),
             Column("notes", "说明", TEXT, notes, 40)]
    return cols


def _key_amount_of(key: str, family: str) -> Callable[["Entry"], object]:
    return lambda e: e.amounts.get(key) if e.family == family else None


def _figure_of(format_id: str, key: str) -> Callable[["Entry"], object]:
    return lambda e: e.figures.get(key) if e.format == format_id else None


def submission_text(entry: "Entry") -> str:
    """第 2 次 (and how many of the comments sent back the clerk marked 已处理); a returned copy,
    and a file a later one of the same form replaces, say so."""
    submission = entry.submission  # None exactly when the file could not be read
    if entry.status != OK or submission is None:
        return ""
    if entry.revision % 2:
        text = f"第 {submission} 次的退回件"
    else:
        text = f"第 {submission} 次"
        total = entry.resolved + entry.comments
        if submission > 1 and total:
            text += f"（已处理 {entry.resolved}/{total}）"
    return text + ("，已有新版本" if not entry.latest else "")


MAX_PROBLEMS = 20  # listed for a flagged row; the check of the file itself lists them all


def problems_text(entry: "Entry") -> str:
    """What a flagged row (errors, or a warning across files) is flagged for, one per line."""
    if entry.status != OK or not (entry.errors or entry.cross):
        return ""
    lines = entry.problems[:MAX_PROBLEMS] + [f"跨表核对：{c}" for c in entry.cross]
    more = len(entry.problems) - MAX_PROBLEMS
    return "\n".join(lines + ([f"等 {len(entry.problems)} 项"] if more > 0 else []))


def notes(entry: "Entry") -> str:
    """Why a file could not be used, or what the check across files found about it."""
    return "；".join([entry.reason] if entry.reason else entry.cross)


# -- one file -----------------------------------------------------------------------------------

class Entry(Record, frozen=False):
    path: Path                         # as found under the folder
    relative: str                      # shown: the path below the folder
    status: str = OK
    reason: str = ""
    format: str = ""                   # the form's format id
    family: str = ""                   # its family's key (its format id for a form of its own)
    kind: str = ""                     # its short title
    unit: str = ""
    owner: str = ""
    year: int | None = None
    amounts: dict[str, object] = field(factory=dict)  # KeyAmount.key of its family -> value
    amount_paths: dict[str, str] = field(factory=dict)  # KeyAmount.key -> its own path
    errors: int = 0
    warnings: int = 0
    comments: int = 0                  # unresolved review comments
    fingerprint: str = ""
    verdict: str = ""
    reviewer: str = ""
    review_date: str = ""
    summary: str = ""                  # the overall 审核意见
    problems: list[str] = field(factory=list)  # the check's errors and warnings, one line each
    form_id: str = ""                  # core.identity: "" for a form saved before identities
    revision: int = 0
    resolved: int = 0                  # review comments the clerk marked 已处理
    latest: bool = True                # of the files of its form_id, the latest
    review_begun: bool = False         # (the window) its review is under way in this program
    modified: float | None = None
    size: int | None = None
    cross: list[str] = field(factory=list)   # warnings across files
    facts: dict[str, object] = field(factory=dict)  # values the cross check reads
    figures: dict[str, object] = field(factory=dict)  # the form's declared figures (FormSpec.figures)

    @property
    def file_type(self) -> str:
        return self.path.suffix.lower().lstrip(".")

    def as_dict(self) -> dict:
        amounts = [{"key": self.amount_paths.get(a.key, a.key), "label": a.label,
                    "value": _plain(self.amounts.get(a.key))} for a in key_amounts() if a.family == self.family]
        return {
            "path": str(self.path), "relative": self.relative, "file_type": self.file_type,
            "format": self.format, "form": self.kind, "status": self.status, "reason": self.reason,
            "unit": self.unit, "owner": self.owner, "year": self.year, "amounts": amounts,
            # An unreadable file has no counts (null), not a clean bill (0).
            **{k: getattr(self, k) if self.status == OK else None for k in ("errors", "warnings", "comments")},
            "fingerprint": self.fingerprint, "verdict": self.verdict, "reviewer": self.reviewer,
            "review_date": self.review_date, "review_summary": self.summary,
            "form_id": self.form_id or None, "revision": self.revision if self.status == OK else None,
            "submission": self.submission, "resolved_comments": self.resolved if self.status == OK else None,
            "latest": self.latest,
            "modified": _iso(self.modified), "size": self.size, "cross_checks": list(self.cross),
            **{key: _plain(value) for key, value in self.figures.items()},
        }

    @property
    def submission(self) -> int | None:
        """报送次数: which submission of its form this file is (None: unreadable)."""
        return Identity(self.form_id, self.revision).submission if self.status == OK else None

    def line(self) -> str:
        """One line of the text output."""
        if self.status != OK:
            return f"{self.relative}：无法读取（{self.reason}）"
        amounts = "，".join(f"{a.label} {_shown(self.amounts.get(a.key))}" for a in key_amounts()
                           if a.family == self.family)
        text = (f"{self.relative}：{self.kind}　{self.unit or '（未填单位）'}　"
                f"{self.year if self.year is not None else '未填'}年度　{amounts}　"
                f"{self.errors} 个错误，{self.warnings} 个提示")
        if self.comments:
            text += f"，{self.comments} 条未处理的审核意见"
        for key, label, kind in _figures_of(self.format):
            value = self.figures.get(key)
            text += f"　{label} {_figure_text(kind, value)}"
        if self.verdict:
            text += f"　审核结论 {self.verdict}"
        if self.revision:
            text += f"　第 {self.submission} 次报送" + ("（退回件）" if self.revision % 2 else "")
        if not self.latest:
            text += "　（已有更新的版本）"
        return text + f"　指纹 {self.fingerprint}"


def _figures_of(format_id: str) -> tuple:
    return next((s.figures for s in _forms() if s.format_id == format_id), ())


def _figure_text(kind: str, value) -> str:
    if value is None:
        return "—"
    if kind == S.FIGURE_RATE:
        return f"{(value * 100).quantize(Decimal('0.01'))}%"
    return format_amount(value) if isinstance(value, Decimal) else str(value)


def _plain(value):
    return plain_amount(value) if isinstance(value, Decimal) else value


def _shown(value) -> str:
    if value is None:
        return "未填"
    return format_amount(value) if isinstance(value, Decimal) else f"「{quoted(value, 20)}」"


def _iso(mtime: float | None) -> str | None:
    if mtime is None:
        return None
    return datetime.datetime.fromtimestamp(mtime).isoformat(timespec="seconds")


def _relative(path: Path, root: Path) -> str:
    try:
        text = path.relative_to(root).as_posix()
    except ValueError:
        text = str(path)
    return quoted(text, 200)


def _read_denied(err: OSError) -> str:
    return "没有读取权限" if isinstance(err, PermissionError) else reason(err)


def read_entry(path: Path, root: Path) -> Entry:
    """The summary row of one file; never raises for what the file holds."""
    entry = Entry(path, _relative(path, root))
    try:
        st = os.stat(path)  # through a link: what it leads to
    except OSError as err:
        entry.status = UNREADABLE
        if err.errno == errno.ELOOP:
            entry.reason = "链接循环指向自身，找不到文件"
        elif isinstance(err, FileNotFoundError) and os.path.islink(path):
            entry.reason = "链接指向的文件不存在"
        else:
            entry.reason = _read_denied(err) if not isinstance(err, FileNotFoundError) else MISSING
        return entry
    entry.modified, entry.size = st.st_mtime, st.st_size
    if not stat.S_ISREG(st.st_mode):
        entry.status, entry.reason = UNREADABLE, "不是普通文件"
        return entry
    if st.st_size == 0:
        entry.status, entry.reason = UNREADABLE, "是空文件，不是表单"
        return entry
    try:
        with open(path, "rb") as fh:  # a file that cannot be read says so in the reader's words
            fh.read(1)
    except OSError as err:
        entry.status, entry.reason = UNREADABLE, _read_denied(err)
        return entry
    try:
        form = load_form(path)
    except FormError as err:
        entry.status, entry.reason = UNREADABLE, err.message
        return entry
    except Exception:  # a hostile file must end in a row, whatever it trips over
        log.exception("reviewing %s failed", path)
        entry.status, entry.reason = UNREADABLE, "文件已损坏或不是本程序的表单文件"
        return entry
    try:
        summarise(entry, form)
    except Exception:
        log.exception("summarising %s failed", path)
        entry.status, entry.reason = UNREADABLE, "无法检查这份表单的内容"
    return entry


def summarise(entry: Entry, form: FormBase) -> None:
    spec = form.spec
    plan = _plan(spec, tuple(_forms()))
    entry.format, entry.family, entry.kind = spec.format_id, spec.kin.key, spec.kin.short_title
    entry.unit = " / ".join(v for p in spec.unit if (v := _one_line(form.get(p))))
    entry.owner = _one_line(form.get(plan.owner)) if plan.owner else ""
    year = form.get(spec.print_layout.header.year)
    entry.year = year if isinstance(year, int) else None
    totals = compute_totals(form) if plan.totals else {}
    entry.amounts = {a.key: totals[path] if path in plan.totals else amount_at(form, path)
                     for a, path in plan.amounts}
    entry.amount_paths = {a.key: path for a, path in plan.amounts}
    problems = checks.check(form)
    n = counts(problems)
    entry.errors, entry.warnings, entry.comments = n[S.ERROR], n[S.WARNING], n[COMMENT]
    entry.problems = [f"{'错误' if p.severity == S.ERROR else '提示'}：{_one_line(p.label or p.path)}：{_one_line(p.message)}"
                      for p in problems if p.severity in (S.ERROR, S.WARNING)]
    entry.fingerprint = fingerprint.fingerprint(form)
    entry.figures = dict(spec.rules.figures(form))
    entry.verdict, entry.reviewer = form.review.verdict, _one_line(form.review.reviewer)
    entry.review_date, entry.summary = _one_line(form.review.date), quoted(form.review.summary, 2000)
    entry.form_id, entry.revision = form.identity.form_id, form.identity.revision
    entry.resolved = len(form.review.comments) - len(form.review.unresolved)
    entry.facts = {name: amount_at(form, p) if decimal else form.get(p) for name, p, decimal in plan.facts}


class _Plan(NamedTuple):
    """What ``summarise`` reads of a form of one kind, worked out once for each kind: the path
    of the unit it is filed under, its key amounts (and which of them are totals), the facts."""
    owner: str | None
    amounts: tuple[tuple[KeyAmount, str], ...]
    totals: frozenset[str]
    facts: tuple[tuple[str, str, bool], ...]


@lru_cache(maxsize=32)
def _plan(spec: S.FormSpec, forms: tuple[S.FormSpec, ...]) -> _Plan:
    amounts = tuple((a, a.path(spec)) for a in _key_amounts(forms) if a.family == spec.kin.key)
    totals = frozenset(path for _, path in amounts if any(t.key == path for t in spec.totals))
    # The facts the check across files reads, by the name it reads them by: a role of the
    # form's family (its own path for a form of its own family), or a path of a form added into.
    wanted = {name: spec.path_of(name) for name in (*spec.kin.unit, *spec.unit)}
    for r in spec.kin.rolls_up:
        wanted |= {name: spec.path_of(name) for name in (*(here for here, _ in r.match), r.amount)}
    for _, r in _rollups():
        if r.into == spec.format_id:
            wanted |= {p: p for p in (*(there for _, there in r.match), r.limit)}
    for other in forms:  # a form that must agree with this one's family, and that form itself
        for a in other.agrees:
            if a.family == spec.kin.key:
                wanted |= {role: spec.path_of(role) for role in (*(there for _, there in a.match), a.other)}
            if other is spec:
                wanted |= {p: p for p in (*(here for here, _ in a.match), a.amount)}
    facts = tuple((name, p, (f := spec.field_at(p)) is not None and f.kind.decimal) for name, p in wanted.items())
    return _Plan(_owner_paths(forms).get(spec.format_id), amounts, totals, facts)


def _one_line(value) -> str:
    return quoted(value, 120) if isinstance(value, str) else ("" if value is None else str(value))


# -- the folder ---------------------------------------------------------------------------------

def list_files(folder: Path) -> tuple[list[Path], list[Entry]]:
    """Every file of ours by name under ``folder`` (sorted), and a row for each subfolder that
    could not be listed; ``FormError`` if the folder itself cannot be."""
    folder = Path(folder)
    shown = quoted(folder, 160)
    try:
        st = os.stat(folder)
    except OSError as err:
        raise FormError(f"无法打开文件夹 {shown}：{_read_denied(err) if not isinstance(err, FileNotFoundError) else MISSING}") from None
    if not stat.S_ISDIR(st.st_mode):
        raise FormError(f"{shown} 不是文件夹")
    found: list[Path] = []
    failed: list[Entry] = []

    def unlisted(err: OSError) -> None:
        where = Path(err.filename) if err.filename else folder
        if where == folder:
            raise FormError(f"无法列出文件夹 {shown} 中的文件：{_read_denied(err)}")
        failed.append(Entry(where, _relative(where, folder), UNREADABLE, f"无法列出此文件夹中的文件：{_read_denied(err)}"))

    for top, dirs, files in os.walk(folder, onerror=unlisted, followlinks=False):
        dirs.sort()
        for name in sorted(files):
            if name.lower().endswith(SUFFIXES):
                found.append(Path(top) / name)
    return found, failed


def review_folder(folder: Path, progress: Callable[[int, int], None] | None = None,
                  cancelled: Callable[[], bool] | None = None, parallel: bool = False) -> list[Entry]:
    """Every row of ``folder``, sorted by path, with the cross-file warnings. ``progress(done,
    total)`` is told after each file; ``cancelled()`` true stops early (the rows so far).
    ``parallel``: read in worker processes where that is possible (``inbox_workers``)."""
    files, entries = list_files(folder)
    if parallel:
        from .inbox_workers import read_entries

        rows = read_entries(files, Path(folder))
    else:
        rows = (read_entry(path, Path(folder)) for path in files)
    for done, entry in enumerate(rows, 1):
        if cancelled is not None and cancelled():
            break
        entries.append(entry)
        if progress is not None:
            progress(done, len(files))
    entries.sort(key=natural)
    mark_latest(entries)
    cross_check(entries)
    return entries


def mark_latest(entries: list[Entry]) -> None:
    """Of the files that share a ``form_id``, only the highest revision (then the last
    modified, then the last by path) stays ``latest``."""
    latest: dict[str, Entry] = {}
    for e in entries:
        if e.status != OK or not e.form_id:
            continue
        kept = latest.get(e.form_id)
        if kept is None or (e.revision, e.modified or 0) >= (kept.revision, kept.modified or 0):
            if kept is not None:
                kept.latest = False
            latest[e.form_id] = e
        else:
            e.latest = False


_DIGITS = lazy(r"(\d+)")


def natural(entry: Entry) -> list:
    """项目2 before 项目10: numbers in a path compare as numbers."""
    return [(0, int(part), "") if part.isdigit() else (1, 0, part) for part in _DIGITS.split(entry.relative)]


# -- across files ---------------------------------------------------------------------------------

def _same_name(value) -> object:
    """Names as written by different clerks: Unicode compatibility forms and blanks aside."""
    if isinstance(value, str):
        return "".join(unicodedata.normalize("NFKC", value).split())
    return value


def cross_check(entries: list[Entry]) -> None:
    """Adds to ``Entry.cross`` the warnings of every declared ``RollUp``: a form added into, and
    the forms of the family that rolls up (any edition) of the same unit and year that add up
    to more than its limit. Of several files of one form (``mark_latest``) only the latest
    counts; of files without an identity, of the same form and unit (a resubmission beside the
    first version), the last modified. Linear in the number of files: the forms that add up are
    indexed once by what they match on, each name normalised once (a folder of thousands was
    quadratic: 8× the files, 60× the time)."""
    for family, _ in _families():  # every member of a family counts, whichever edition it is
        for r in family.rolls_up:
            sources = [e for e in entries if e.status == OK and e.family == family.key]
            targets = [e for e in entries if e.status == OK and e.format == r.into]
            latest: dict[tuple, Entry] = {}
            for e in sources:
                if not e.latest:
                    continue
                who = ("form_id", e.form_id) if e.form_id else tuple(_same_name(e.facts.get(p)) for p in family.unit)
                kept = latest.get(who)
                if kept is None or (e.modified or 0) >= (kept.modified or 0):
                    latest[who] = e
            by_key: dict[tuple, list[Entry]] = {}
            for e in latest.values():
                by_key.setdefault(tuple(_same_name(e.facts.get(here)) for here, _ in r.match), []).append(e)
            for target in targets:
                key = tuple(_same_name(target.facts.get(there)) for _, there in r.match)
                if any(k in (None, "") for k in key):
                    continue
                counted = by_key.get(key, [])
                limit = target.facts.get(r.limit)
                if not counted or not isinstance(limit, Decimal):
                    continue
                amounts = [e.facts.get(r.amount) for e in counted]
                summed = total(amounts)
                if summed > limit:
                    text = r.message.format(unit=quoted(target.facts.get(r.match[0][1]), 60), count=len(counted),
                                            total=format_amount(summed), limit=format_amount(limit))
                    files = "、".join(e.relative for e in counted[:5]) + (f" 等 {len(counted)} 份" if len(counted) > 5 else "")
                    target.cross.append(f"{text}（{files}）")
                    for e in counted:
                        e.cross.append(f"{text}（{target.relative}）")
    agreement_check(entries)


def agreement_check(entries: list[Entry]) -> None:
    """Adds to ``Entry.cross`` where a form's declared ``Agrees`` does not hold: its amount and
    that of the form it was made from (the last modified of those that match it) differ."""
    for spec in _forms():
        for a in spec.agrees:
            others = [e for e in entries if e.status == OK and e.family == a.family]
            for e in (e for e in entries if e.status == OK and e.format == spec.format_id):
                key = tuple(_same_name(e.facts.get(here)) for here, _ in a.match)
                if any(k in (None, "") for k in key):
                    continue
                found = [o for o in others if tuple(_same_name(o.facts.get(there)) for _, there in a.match) == key]
                if not found:
                    continue
                source = max(found, key=lambda o: o.modified or 0)
                here, there = e.facts.get(a.amount), source.facts.get(a.other)
                if isinstance(here, Decimal) and isinstance(there, Decimal) and here != there:
                    text = a.message.format(here=format_amount(here), there=format_amount(there), file=source.relative)
                    e.cross.append(text)
                    source.cross.append(f"{text}（{e.relative}）")


def summary_line(entries: list[Entry]) -> str:
    ok = sum(e.status == OK for e in entries)
    text = f"共 {len(entries)} 份文件：{ok} 份可用，{len(entries) - ok} 份无法读取"
    crossed = sum(bool(e.cross) and e.format in {r.into for _, r in _rollups()} for e in entries)
    return text + (f"；{crossed} 处跨表核对提示" if crossed else "")
