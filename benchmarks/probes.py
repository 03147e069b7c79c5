"""What ``run.py`` runs in a fresh process: one probe per call, one JSON line on stdout.

    python benchmarks/probes.py bare_window                  # a bare QMainWindow (under the hook)
    python benchmarks/probes.py check_inproc DRAFT           # core.checks.check alone, in-process
    python benchmarks/probes.py render_floor FONT TEXT PDF   # the seed's text set in the font
    python benchmarks/probes.py render_inproc DRAFT          # render_pdf alone, for the notes
    python benchmarks/probes.py window_large DRAFT ...       # open, keystrokes, autosave, RSS
    python benchmarks/probes.py version_info                 # PySide6 and its None bug
    python benchmarks/probes.py selfeval_keys DRAFT KEYS     # an 实际完成值 typed -> 总分 painted

Start-up is timed by benchmarks/firstpaint/sitecustomize.py, loaded by ``site`` in the program
(``python -m desktop_app DRAFT``), in benchmarks/skeleton.py and in ``bare_window`` alike: it
reports ``time.monotonic()`` when the window has painted; on Linux that clock is system-wide, so
the parent subtracts the moment it spawned the process. Nothing heavy is imported at module
level here: the interpreter start is the floor's.
"""

from __future__ import annotations

import json
import re
import sys
import time


def _emit(result: dict) -> None:
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()


def _peak_rss_bytes() -> int:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024  # Linux reports KiB


def none_refcount_bug() -> bool:
    """Whether this PySide6 drops a reference to ``None`` on every call of a void method.

    PySide6 6.12.0 does on Python 3.11 (3.12 made ``None`` immortal, which hides it): after
    about ten thousand such calls the process aborts with "deallocating None". Seen with a bare
    QObject, so it is the binding's bug, not the program's.
    """
    if sys.version_info >= (3, 12):
        return False
    from PySide6.QtCore import QObject

    probe = QObject()
    before = sys.getrefcount(None)
    for _ in range(100):
        probe.setObjectName("x")
    return sys.getrefcount(None) - before <= -90


def pin_none() -> None:
    """Make ``None`` (and the booleans) as good as immortal, as Python 3.12 does, so a long
    in-process measurement can run on the buggy binding; speed is unaffected. The result records
    that it was needed."""
    import ctypes

    for obj in (None, True, False):  # the same bug drops references to the booleans
        ctypes.c_ssize_t.from_address(id(obj)).value += 1 << 40


def version_info() -> None:
    import PySide6

    _emit({"pyside6": PySide6.__version__, "python": sys.version.split()[0],
           "none_refcount_bug": none_refcount_bug()})


# -- start-up: the floors (the hook is benchmarks/firstpaint/sitecustomize.py) -----------------

def bare_window() -> None:
    """The old floor, kept for reference: a bare QApplication and QMainWindow, shown; the
    first-paint hook (loaded by ``site``, as for the program) ends the process at its first paint."""
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication([sys.argv[0]])
    window = QMainWindow()
    window.show()
    app.exec()
    _emit({"error": "the bare window closed before it painted (is the first-paint hook loaded?)"})


# -- render ------------------------------------------------------------------------------------

FLOOR_LINE_CHARS, FLOOR_PAGE_LINES = 40, 45  # about a printed form's cell width and page


def render_floor(font_path: str, text_path: str, pdf_path: str) -> None:
    """The floor of ``render``: a minimal reportlab script that sets the seed's text (TEXT_PATH:
    every text and amount of the form, one per line) in the bundled font, read with the
    program's own loader (``printing.lazyfont``, as ``printing.fonts`` registers it), cut into
    lines and pages, compressed as the program writes its PDF, and saved to PDF_PATH. No form
    model, no layout, no check: what any program printing this text with this font must do."""
    # The program's font loader first: importing its package leaves out what reportlab imports
    # for pictures and its safe eval (printing.deferred), as the program does; the floor paying
    # for Pillow and inspect would no longer bound the program from below.
    from desktop_app.printing.lazyfont import LazyTTFont
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfgen.canvas import Canvas

    pdfmetrics.registerFont(LazyTTFont("NotoSerifSC", font_path))
    with open(text_path, encoding="utf-8") as fh:
        texts = fh.read().splitlines()
    lines = [text[i:i + FLOOR_LINE_CHARS] for text in texts for i in range(0, max(len(text), 1), FLOOR_LINE_CHARS)]
    canvas = Canvas(pdf_path, pagesize=A4, invariant=1, pageCompression=1)
    pages = 0
    for start in range(0, len(lines), FLOOR_PAGE_LINES):
        canvas.setFont("NotoSerifSC", 10)
        for n, line in enumerate(lines[start:start + FLOOR_PAGE_LINES]):
            canvas.drawString(40, A4[1] - 50 - 16 * n, line)
        canvas.showPage()
        pages += 1
    canvas.save()
    _emit({"ok": True, "pages": pages, "lines": len(lines)})


def render_inproc(draft: str) -> None:
    """``render_pdf`` alone, after imports and a first warm call (the font loaded)."""
    from desktop_app.core.files import load_form
    from desktop_app.printing.render import render_pdf

    form = load_form(draft)
    t0 = time.perf_counter()
    render_pdf(form)
    first = time.perf_counter() - t0
    times = []
    for _ in range(3):
        t0 = time.perf_counter()
        render_pdf(form)
        times.append(time.perf_counter() - t0)
    _emit({"first": first, "warm": times})


def check_inproc(draft: str, repeats: str = "5") -> None:
    """``core.checks.check`` on a draft's form, in-process: the first check of the form (its texts
    new to the caches; the font's coverage read before, on another form) and the repeats, as on
    every pause in typing."""
    from desktop_app.core import checks, jsonio
    from desktop_app.core.files import load_form
    from desktop_app.paths import resource

    checks.check(jsonio.load(resource("samples", "seed-form.json")))  # the font's cmap, imports
    form = load_form(draft)
    t0 = time.perf_counter()
    problems = checks.check(form)
    first = time.perf_counter() - t0
    times = []
    for _ in range(int(repeats)):
        t0 = time.perf_counter()
        checks.check(form)
        times.append(time.perf_counter() - t0)
    _emit({"first": first, "warm": times, "problems": len(problems), "indicators": len(form.indicators)})


# -- in the window, on the large draft ---------------------------------------------------------

_NUMBER = re.compile(r"-?[\d,]+\.\d+")


def _spin_until(app, condition, timeout: float) -> bool:
    end = time.perf_counter() + timeout
    while not condition():
        if time.perf_counter() > end:
            return False
        app.processEvents()
    return True


class _Painted:
    """Counts the paint events one widget (or every widget of one window) receives."""

    def __init__(self, target, window=None):
        from PySide6.QtCore import QEvent, QObject

        counter = self

        class Filter(QObject):
            def eventFilter(self, obj, event):
                if event.type() == QEvent.Type.Paint and (
                        window is None or (obj.isWidgetType() and obj.window() is window)):
                    counter.n += 1
                return False

        self.n = 0
        self.target = target
        self.filter = Filter(target)
        target.installEventFilter(self.filter)

    def remove(self) -> None:
        self.target.removeEventFilter(self.filter)


def _autosave_pending(window) -> bool | None:
    if hasattr(window, "autosaver"):
        return bool(window.autosaver.pending())
    if hasattr(window, "_autosave"):
        return bool(window._autosave.isActive())
    return None


def selfeval_keys(draft: str, keys: int) -> None:
    """Open a large self-evaluation in a shown window; type an 实际完成值 into a row's
    cell as a clerk does (a digit opens the editor, Enter commits it) and time, from the Enter,
    until the 总分 line shows the new total and until it has been painted."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication, QLabel

    from desktop_app.gui.app import create_application
    from desktop_app.gui.main_window import MainWindow, show_new_window

    app = create_application([])
    if none_refcount_bug() and not sys.getrefcount(None) > 1 << 39:
        pin_none()
    window = show_new_window(MainWindow())
    if not window.open_path(draft):
        _emit({"error": f"open_path refused {draft}"})
        return
    page = next(i for i, p in enumerate(window.form.spec.pages) if any(getattr(x, "status", "") == "score"
                                                                       for x in p.parts))
    window.tabs.setCurrentIndex(page)
    window.activateWindow()
    _spin_until(app, lambda: all(getattr(p, "built", True) for p in getattr(window, "pages", [])), 60)
    part = window.part_for("indicators")
    label = window.findChild(QLabel, "status__score")
    if part is None or label is None:
        _emit({"error": "no 绩效指标 grid or 总分 line (status__score)"})
        return
    _spin_until(app, lambda: label.text() != "", 30)
    paints = _Painted(label)
    rows = len(window.form.indicators)
    text_s, paint_s = [], []
    first = Qt.Key.Key_5 if window.form.indicators[3].actual != "50" else Qt.Key.Key_6
    for i in range(keys + 1):  # the first is not counted
        part.view.go_to(part.model.index_for_path("indicators[3].actual"))
        part.view.setFocus()
        QTest.keyClick(part.view, first if i % 2 == 0 else ({Qt.Key.Key_5, Qt.Key.Key_6} - {first}).pop())
        editor = QApplication.focusWidget()
        if editor is None or editor is part.view:
            _emit({"error": "typing on the 实际完成值 cell opened no editor"})
            return
        QTest.keyClick(editor, Qt.Key.Key_0)
        before, painted_before = label.text(), paints.n
        t0 = time.perf_counter()
        QTest.keyClick(editor, Qt.Key.Key_Return)
        if not _spin_until(app, lambda: label.text() != before, 30):
            _emit({"error": f"the 总分 line never changed from {before!r}"})
            return
        t_text = time.perf_counter()
        if not _spin_until(app, lambda: paints.n > painted_before, 30):
            _emit({"error": "the 总分 line was never repainted"})
            return
        if i:
            text_s.append(t_text - t0)
            paint_s.append(time.perf_counter() - t0)
    _emit({"rows": rows, "key_text_s": text_s, "key_paint_s": paint_s, "shown": label.text(),
           "peak_rss": _peak_rss_bytes()})
    window.close()


def window_large(draft: str, keys: int, saves: int) -> None:
    """Open the large draft in a shown window; type into 基本支出 and time each keystroke until
    the 部门预算支出 total holds the new sum, and until it has been painted; let autosave run and
    time each ``DraftWriter.save``; compare with a bare QLineEdit feeding a QLabel."""
    from decimal import Decimal

    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QLabel, QLineEdit, QVBoxLayout, QWidget

    from desktop_app.core import draftfile
    from desktop_app.core.amounts import format_amount
    from desktop_app.gui.app import create_application
    from desktop_app.gui.main_window import MainWindow, show_new_window

    save_log: list[tuple[float, float]] = []  # (start, duration) of every DraftWriter.save
    original_save = draftfile.DraftWriter.save

    def timed_save(self, *args, **kwargs):  # (form, touched, overwrite): whatever the writer takes
        t0 = time.perf_counter()
        try:
            return original_save(self, *args, **kwargs)
        finally:
            save_log.append((t0, time.perf_counter() - t0))

    draftfile.DraftWriter.save = timed_save
    buggy = none_refcount_bug()
    none_refs_at_start = sys.getrefcount(None)
    app = create_application([])
    program_pins = sys.getrefcount(None) > 1 << 39  # the program guards itself against the bug
    pinned = buggy and not program_pins
    if pinned:
        pin_none()
    window = show_new_window(MainWindow())
    whole = _Painted(app, window)  # app-wide while opening; removed before typing
    if not _spin_until(app, lambda: whole.n > 0, 30):
        _emit({"error": "the empty window never painted"})
        return
    rss_empty = _peak_rss_bytes()

    # Opening: from the call until the window has painted the new form.
    whole.n = 0
    t0 = time.perf_counter()
    if not window.open_path(draft):
        _emit({"error": f"open_path refused {draft}"})
        return
    opened = _spin_until(app, lambda: whole.n > 0, 60)
    open_s = time.perf_counter() - t0
    whole.remove()
    if not opened:
        _emit({"error": "the window never painted the opened draft"})
        return
    # The hidden tabs are built after the first paint, one per turn of the event loop: until the
    # last is built, and the longest turn meanwhile (the window does not answer during it).
    # A large indicator tree opens its levels over a few turns too (``levels_open``).
    pages = getattr(window, "pages", [])
    stall = 0.0

    def checking() -> bool:
        # (A window whose panel checks in one go has no ``checking``.)
        return bool(getattr(getattr(window, "problems", None), "checking", False))

    def building() -> bool:
        from PySide6.QtWidgets import QTreeView

        return (not all(getattr(page, "built", True) for page in pages) or checking()
                or not all(getattr(view, "levels_open", True) for view in window.findChildren(QTreeView)))

    # The problems panel's check of the opened form runs in these turns too (in one, or a step
    # a turn): the turns that ran some of it are noted apart (the form's first check, not the
    # building of its tabs).
    from desktop_app.gui.problems import ProblemsPanel

    checks_run: list[float] = []
    patched = {name: getattr(ProblemsPanel, name) for name in ("refresh", "_step") if hasattr(ProblemsPanel, name)}

    def timed(real):
        def run(self, *args):
            t = time.perf_counter()
            try:
                return real(self, *args)
            finally:
                checks_run.append(time.perf_counter() - t)
        return run

    for name, real in patched.items():
        setattr(ProblemsPanel, name, timed(real))
    build_stall, check_turns, built_s, stall_cpu = 0.0, [], None, 0.0
    # Until every tab is built and a turn has passed without work (the check, if it comes later).
    quiet = 0
    while building() or quiet < 3:
        if time.perf_counter() - t0 > 120:
            break
        t_turn, cpu_turn, before = time.perf_counter(), time.thread_time(), len(checks_run)
        app.processEvents()
        turn = time.perf_counter() - t_turn
        stall = max(stall, turn)
        # The same in the CPU time of the window's thread: on a loaded machine the wall time of
        # a turn is mostly waiting for a core.
        stall_cpu = max(stall_cpu, time.thread_time() - cpu_turn)
        if len(checks_run) > before:
            check_turns.append(turn)
        else:
            build_stall = max(build_stall, turn)
        if building():
            quiet, built_s = 0, None
        else:
            quiet += 1
            built_s = built_s or time.perf_counter() - t0
    for name, real in patched.items():
        setattr(ProblemsPanel, name, real)
    built_s = built_s or time.perf_counter() - t0
    shown_tasks = len(window.form.tasks)

    # Inputs carry their interchange path as object name (gui.amountgrid).
    edit = (window.findChild(QLineEdit, "budget.basic_expenditure")
            or window.findChild(QLineEdit, "budget__basic_expenditure"))
    label = window.findChild(QLabel, "total__expenditure")
    if edit is None or label is None:
        _emit({"error": "no 基本支出 field (budget.basic_expenditure) or total label (total__expenditure)",
               "open_s": open_s, "peak_rss": _peak_rss_bytes()})
        return
    if hasattr(window, "focus_path"):
        window.focus_path("budget.basic_expenditure")
    window.activateWindow()
    edit.setFocus()
    edit.end(False)
    for _ in range(5):
        app.processEvents()
    label_paints = _Painted(label)
    budget = window.form.budget

    def keystroke(key) -> tuple[float, float]:
        """One key into 基本支出: seconds until the total label holds the new sum, and until it
        has been painted since (30 s without either is a failure)."""
        before = budget.basic_expenditure
        painted_before = label_paints.n
        t0 = time.perf_counter()
        QTest.keyClick(edit, key)
        if budget.basic_expenditure == before:
            raise RuntimeError(f"the key did not change 基本支出 ({edit.text()!r})")
        want = format_amount(budget.basic_expenditure + budget.project_expenditure)
        if not _spin_until(app, lambda: want in _NUMBER.findall(label.text()), 30):
            raise RuntimeError(f"the total never showed {want} (it shows {label.text()!r})")
        t_text = time.perf_counter()
        if not _spin_until(app, lambda: label_paints.n > painted_before, 30):
            raise RuntimeError("the total label was never repainted")
        return t_text - t0, time.perf_counter() - t0

    def saves_between(t_from: float, t_to: float) -> int:
        return sum(1 for start, _ in save_log if t_from <= start <= t_to)

    # A clerk typing an amount mostly sees unbalanced totals until the last key; start there
    # (one untimed key) and keep it so: two digits typed, two erased, at most six decimals.
    try:
        keystroke(Qt.Key.Key_9)
        pattern = [Qt.Key.Key_1, Qt.Key.Key_2, Qt.Key.Key_Backspace, Qt.Key.Key_Backspace]
        text_s, paint_s, saves_on_key_path = [], [], 0
        for i in range(keys):
            t_start = time.perf_counter()
            t_text, t_paint = keystroke(pattern[i % 4])
            saves_on_key_path += saves_between(t_start, time.perf_counter())
            text_s.append(t_text)
            paint_s.append(t_paint)
        # Typing fast restarts the autosave timer at every key: it must still be waiting now.
        autosave_pending = _autosave_pending(window)

        # Keys that flip the totals between balanced and not (the 9 typed above, erased, retyped).
        flip_text, flip_paint = [], []
        for i in range(20):
            t_text, t_paint = keystroke(Qt.Key.Key_Backspace if i % 2 == 0 else Qt.Key.Key_9)
            flip_text.append(t_text)
            flip_paint.append(t_paint)

        # One edit, then let the window's own autosave timer fire.
        cycle_saves = []
        for i in range(saves):
            keystroke(Qt.Key.Key_5 if i % 2 == 0 else Qt.Key.Key_Backspace)
            n_before = len(save_log)
            if not _spin_until(app, lambda n=n_before: len(save_log) > n, 30):
                raise RuntimeError("autosave never ran")
            cycle_saves.append([d for _, d in save_log[n_before:]])

        # The check after an edit (a pause in typing): the longest turn until its problems are
        # listed, the window not answering meanwhile.
        keystroke(Qt.Key.Key_7)  # (its check is asked for at once, run after a pause)
        t_edit, edit_turn = time.perf_counter(), 0.0
        while checking() and time.perf_counter() - t_edit < 60:
            t_turn = time.perf_counter()
            app.processEvents()
            edit_turn = max(edit_turn, time.perf_counter() - t_turn)
    except RuntimeError as err:
        _emit({"error": str(err), "open_s": open_s, "peak_rss": _peak_rss_bytes()})
        return
    peak_rss = _peak_rss_bytes()

    # References to None the bindings release per keystroke (0 on a sound binding): keyClick
    # itself is one void call, so one is the harness's own.
    released = []
    for i in range(20):
        before = sys.getrefcount(None)
        QTest.keyClick(edit, pattern[i % 4])
        released.append(before - sys.getrefcount(None) - 1)

    # The same keystroke on the toolkit alone: a bare QLineEdit whose edit sets a QLabel.
    bare = QWidget()
    bare_edit, bare_label = QLineEdit("3,738.11", bare), QLabel("3,738.11", bare)
    layout = QVBoxLayout(bare)
    layout.addWidget(bare_edit)
    layout.addWidget(bare_label)
    bare_edit.textEdited.connect(bare_label.setText)
    bare.show()
    bare_edit.setFocus()
    bare_edit.end(False)
    for _ in range(5):
        app.processEvents()
    bare_paints = _Painted(bare_label)
    floor_text, floor_paint = [], []
    for i in range(keys):
        painted_before = bare_paints.n
        t0 = time.perf_counter()
        QTest.keyClick(bare_edit, pattern[i % 4])
        _spin_until(app, lambda: bare_label.text() == bare_edit.text(), 5)
        floor_text.append(time.perf_counter() - t0)
        _spin_until(app, lambda n=painted_before: bare_paints.n > n, 5)
        floor_paint.append(time.perf_counter() - t0)

    _emit({
        "open_s": open_s,
        "built_s": built_s,
        "longest_turn_s": stall,
        "longest_turn_cpu_s": stall_cpu,
        "longest_build_turn_s": build_stall,  # turns that ran no check
        "check_turns_s": check_turns,  # turns that ran the problems panel's check
        "checks_s": checks_run,
        "edit_check_turn_s": edit_turn,  # the longest turn of the check after an edit
        "tasks_shown": shown_tasks,
        "indicators": len(window.form.indicators),
        "key_text_s": text_s,
        "key_paint_s": paint_s,
        "flip_text_s": flip_text,
        "flip_paint_s": flip_paint,
        "floor_text_s": floor_text,
        "floor_paint_s": floor_paint,
        "saves_on_key_path": saves_on_key_path,
        "autosave_pending_after_typing": autosave_pending,
        "autosave_s": cycle_saves,
        "rss_empty_window": rss_empty,
        "peak_rss": peak_rss,
        "total_label": label.text(),
        "basic_now": str(window.form.budget.basic_expenditure),
        "decimal_ok": isinstance(window.form.budget.basic_expenditure, Decimal),
        "none_pinned": pinned,
        "program_pins_none": program_pins,
        "none_refs_at_start": none_refs_at_start,
        "none_refs_released_per_key": sorted(released)[len(released) // 2],
    })


if __name__ == "__main__":
    probe, args = sys.argv[1], sys.argv[2:]
    if probe == "bare_window":
        bare_window()
    elif probe == "check_inproc":
        check_inproc(*args)
    elif probe == "render_floor":
        render_floor(*args)
    elif probe == "render_inproc":
        render_inproc(*args)
    elif probe == "version_info":
        version_info()
    elif probe == "window_large":
        window_large(args[0], int(args[1]), int(args[2]))
    elif probe == "selfeval_keys":
        selfeval_keys(args[0], int(args[1]))
    else:
        sys.exit(f"unknown probe {probe}")
