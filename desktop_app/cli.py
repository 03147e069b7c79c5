"""The command line: ``python -m desktop_app COMMAND …`` (``COMMANDS``); no command (or a file
path) starts the window.

Exit status: 0 done (warnings allowed), 1 the check found errors (``diff``: the contents
differ), 2 the input could not be used. Messages are one line of Chinese on stderr; tracebacks
go to the log file only.
"""

from __future__ import annotations

import contextlib
import errno
import os
import sys
from pathlib import Path
from types import SimpleNamespace
from typing import TYPE_CHECKING

from . import APP_NAME
from .core.errors import FormError
from .logsetup import log, setup_logging

# Each command imports what it uses: the window starts through here too, and must not wait for
# the modules of commands it does not run.

EXIT_OK, EXIT_ERRORS, EXIT_UNUSABLE = 0, 1, 2
# The reader of our output stopped reading (``check … | head -1``): what a POSIX tool killed by
# SIGPIPE exits with, so a script's ``set -o pipefail`` still sees that not all was delivered.
EXIT_READER_GONE = 141


class ReaderGone(Exception):
    """Standard output's reader closed its end before everything was written."""


if TYPE_CHECKING:
    import argparse


def _parser(command: str | None = None) -> argparse.ArgumentParser:
    """The parser of every command, or only of ``command`` (a name in ``COMMANDS``): each
    argument added costs argparse a help formatter, and a command's run needs only its own."""
    import argparse  # only for what ``_plain_arguments`` leaves: help, and wrong arguments

    class _Parser(argparse.ArgumentParser):
        def error(self, message: str):  # argparse's own text is English and multi-line
            raise FormError(f"命令行参数有误：{message}（用 --help 查看用法）")

    p = _Parser(prog="desktop_app", description=APP_NAME)
    sub = p.add_subparsers(dest="command", parser_class=_Parser)
    for name, (text, arguments, _) in COMMANDS.items():
        if command is not None and name != command:
            continue
        c = sub.add_parser(name, help=text)
        for args, kwargs in arguments:
            c.add_argument(*args, **kwargs)
    return p


def _plain_arguments(argv: list[str]) -> SimpleNamespace | None:
    """``argv`` read as argparse reads it, when it is the plain case: a command, its positional
    arguments, its options each given whole (``-o X``, ``--output X``, ``--output=X``,
    ``--json``). Anything else (help, an abbreviation, a missing or unknown argument) is None,
    for argparse to answer as it always has. argparse with its help formatters and gettext's
    search for translations was a twentieth of a ``render``."""
    command = COMMANDS.get(argv[0]) if argv else None
    if command is None:
        return None
    positional: list[str] = []
    options: dict[str, tuple[str, bool]] = {}  # option string -> (its name, whether it takes a value)
    values: dict[str, object] = {"command": argv[0]}
    required = set()
    for names, kwargs in command[1]:
        if not names[0].startswith("-"):
            positional.append(names[0])
            continue
        name = next(n for n in names if n.startswith("--"))[2:].replace("-", "_")
        flag = kwargs.get("action") == "store_true"
        values[name] = False if flag else None
        options.update((n, (name, not flag)) for n in names)
        if kwargs.get("required"):
            required.add(name)
    given: list[str] = []
    rest = iter(argv[1:])
    for token in rest:
        if token == "--":  # everything after it is positional
            given += rest
            break
        if token == "-" or not token.startswith("-"):
            given.append(token)
            continue
        text, joined, value = token.partition("=")
        if text not in options or (joined and not options[text][1]):
            return None
        name, takes_value = options[text]
        if not takes_value:
            values[name] = True
            continue
        if not joined:
            following = next(rest, None)
            if following is None or (following.startswith("-") and following != "-"):
                return None  # no value, or another option: argparse says what is wrong
            value = following
        values[name] = value
        required.discard(name)
    if len(given) != len(positional) or required:
        return None
    values.update(zip(positional, given))
    return SimpleNamespace(**values)


def _say(text: str, stream=None) -> None:
    """One line (or a JSON document) to the terminal; text lines are made safe first, so
    content quoted in them cannot move the cursor, recolour or forge a line."""
    stream = stream or sys.stdout
    with _to_stdout_reader(stream):
        try:
            stream.write(text + "\n")
        except UnicodeEncodeError:  # a legacy console code page
            stream.buffer.write((text + "\n").encode(stream.encoding or "utf-8", "replace"))
        stream.flush()


@contextlib.contextmanager
def _to_stdout_reader(stream):
    """A closed pipe on standard output is the reader's choice, not our failure; anywhere else
    (a worker's pipe, a file) it stays an error. Windows reports it as EINVAL, not EPIPE."""
    try:
        yield
    except OSError as err:
        closed = isinstance(err, BrokenPipeError) or (os.name == "nt" and err.errno == errno.EINVAL)
        if closed and stream is sys.stdout:
            raise ReaderGone from err
        raise


def _read_by_every_command() -> list:
    """Files of the program's own that its commands read (the font, for the check and the
    print): ``-o`` never replaces one either."""
    from . import paths

    return [paths.font_path()]


def _utf8_output() -> None:
    """A command's output read by another program (a pipe, a file) is UTF-8 with LF line ends on
    every system: Windows would write it in the console's code page (GBK on a Chinese system)
    with CRLF, and a script reading ``review --json`` would break. A console keeps its own
    settings: Windows writes to it in UTF-16, readable whatever its code page."""
    for stream in (sys.stdout, sys.stderr):
        if stream is None or not hasattr(stream, "reconfigure"):
            continue  # a windowed program has no console; a test may capture into a StringIO
        try:
            if stream.isatty():
                continue
            stream.reconfigure(encoding="utf-8", errors=stream.errors, newline="\n")
        except (OSError, ValueError):
            pass  # a closed stream: nothing will be read from it


def _target(args, draft: bool = False):
    """Where ``-o`` writes, checked before any work is done (``-`` is standard output)."""
    from .core.targets import check_target

    if draft and Path(args.output).suffix.lower() == ".xlsx":  # the draft would pass for a workbook
        raise FormError("草稿文件不能以 .xlsx 为扩展名；要导出 Excel 工作簿，请用 xlsx 命令")
    if args.output == "-" and not draft:
        return None
    return check_target(args.output, [args.source, *_read_by_every_command()], draft=draft)


def _write_output(target, data: bytes) -> None:
    from .core.files import write_file_atomically

    if target is None:
        with _to_stdout_reader(sys.stdout):
            sys.stdout.buffer.write(data)
            sys.stdout.flush()
        return
    write_file_atomically(target, data)


def cmd_import(args) -> int:
    from .core import draftfile, identity, locks
    from .core.files import is_xlsx_path

    target = _target(args, draft=True)
    if is_xlsx_path(args.source):
        from .core.formbook import read_form_xlsx

        form = read_form_xlsx(args.source)
    else:
        from .core import jsonio

        form = jsonio.load(args.source)
    identity.ensure(form)  # a draft is made: a form that has no identity yet gets its own here
    with locks.writing(target):  # not under a window that is editing it
        draftfile.save_draft(target, form)
    return EXIT_OK


def cmd_export(args) -> int:
    from .core import jsonio
    from .core.files import load_form

    target = _target(args)
    form = load_form(args.source)
    _write_output(target, jsonio.dumps(form).encode("utf-8"))
    return EXIT_OK


def cmd_check(args) -> int:
    from .core import checks, fingerprint, jsonio
    from .core.fileerrors import one_line
    from .core.files import load_form
    from .core.labels import field_label
    from .core.problems import summary

    form = load_form(args.source)
    problems = checks.check(form)
    worked_out = form.spec.rules.report(form)  # what the form's rules computed: not problems
    if args.json:
        _say(jsonio.json_text([p.as_dict() for p in problems]
                              + [{"severity": "info", "path": path, "message": text} for path, text in worked_out]))
    else:
        for problem in problems:
            _say(one_line(str(problem)))
        for path, text in worked_out:
            _say(one_line(f"计算  {field_label(form.spec, path)}：{text}"))
        _say(f"{summary(problems)}。内容指纹 {fingerprint.fingerprint(form)}"
             f"（旧版 12 位：{fingerprint.legacy(form)}）")
    return EXIT_ERRORS if checks.has_errors(problems) else EXIT_OK


def cmd_render(args) -> int:
    from .core.files import load_form
    from .printing.render import render_pdf  # reportlab loads only when printing

    target = _target(args)
    form = load_form(args.source)
    _write_output(target, render_pdf(form))
    return EXIT_OK


def cmd_xlsx(args) -> int:
    from .core.files import load_form
    from .printing.sheet import form_xlsx  # openpyxl and the printed grid load only here

    target = _target(args)
    form = load_form(args.source)
    _write_output(target, form_xlsx(form))
    return EXIT_OK


def cmd_schema(args) -> int:
    from .core.fileerrors import quoted
    from .core.schema import schema_text
    from .forms import MODELS, model_for

    model = model_for(args.format)
    if model is None:
        raise FormError(f"不认识的表单格式：{quoted(args.format)}（可选：{'、'.join(MODELS)}）")
    with _to_stdout_reader(sys.stdout):
        sys.stdout.write(schema_text(model.spec))
        sys.stdout.flush()
    return EXIT_OK


def cmd_diff(args) -> int:
    from .core import diff, fingerprint, jsonio
    from .core.fileerrors import one_line, quoted
    from .core.files import load_form

    old, new = load_form(args.old), load_form(args.new)
    diff.same_kind(old, new, quoted(Path(args.old).name, 80), quoted(Path(args.new).name, 80))
    changes = diff.compare(old, new)
    review = diff.review_changes(old, new) if args.review else []
    if args.json:
        _say(jsonio.json_text([c.as_dict() for c in changes + review]))
    else:
        for change in changes:
            _say(one_line(str(change)))
        if review:
            _say("审核意见的变化（不属于表单内容，不影响比较结果）：")
            for change in review:
                _say(one_line(f"  {change}"))
        if changes:
            _say(f"共 {len(changes)} 处不同。")
        else:
            same = fingerprint.fingerprint(old) == fingerprint.fingerprint(new)
            _say("两份文件的内容相同。" + ("" if same else "（金额的写法不同，如 3738.1 与 3738.10，因此内容指纹不同）"))
    return EXIT_ERRORS if changes else EXIT_OK


def cmd_review(args) -> int:
    from .core import inbox, jsonio
    from .core.fileerrors import one_line, quoted
    from .core.files import write_file_atomically
    from .core.targets import check_target

    target = None
    if args.output:
        # Every file the review reads is a source: the summary never replaces one of them.
        target = check_target(args.output, [*inbox.list_files(Path(args.folder))[0], *_read_by_every_command()])
    entries = inbox.review_folder(Path(args.folder), parallel=True)
    if target is not None:
        from .core.workbook import summary_xlsx

        write_file_atomically(target, summary_xlsx(entries, quoted(args.folder, 160)))
    if args.json:
        _say(jsonio.json_text([e.as_dict() for e in entries]))
        return EXIT_OK
    if target is None:
        for entry in entries:
            _say(one_line(entry.line()))
        for entry in entries:
            for text in entry.cross if entry.format in _said_across() else ():
                _say(one_line(f"跨表核对：{text}"))
    _say(inbox.summary_line(entries) + (f"。汇总表已写入 {quoted(target, 160)}" if target is not None else ""))
    return EXIT_OK


def _forms():
    from .forms import all_forms

    return all_forms()


def _said_across() -> set[str]:
    """The forms whose rows say what the checks across files found (once, not on every file)."""
    return {r.into for f in _forms() for r in f.kin.rolls_up} | {f.format_id for f in _forms() if f.agrees}


def cmd_next_year(args) -> int:
    from .core import draftfile, locks
    from .core.fileerrors import one_line, quoted
    from .core.files import load_form
    from .core.nextyear import next_year

    target = _target(args, draft=True)
    form = next_year(load_form(args.source))
    with locks.writing(target):  # not under a window that is editing it
        draftfile.write_fresh_draft(target, form)
    year = form.get(form.spec.print_layout.header.year)
    _say(one_line(f"已生成{f' {year} 年度' if year is not None else '下一年度'}的草稿 {quoted(target.name, 80)}："
                  f"金额、日期和审核意见已清空，请重新填写"))
    return EXIT_OK


def cmd_self_eval(args) -> int:
    from .core import draftfile, locks
    from .core.fileerrors import one_line, quoted
    from .core.files import load_form
    from .forms.selfeval.start import self_evaluation_of, what_was_carried

    target = _target(args, draft=True)
    form = self_evaluation_of(load_form(args.source))  # the target is only read
    with locks.writing(target):  # not under a window that is editing it
        draftfile.write_fresh_draft(target, form)
    _say(one_line(f"已生成绩效自评表草稿 {quoted(target.name, 80)}：{what_was_carried(form)}"))
    return EXIT_OK


SOURCE = (("source",), {})
OUTPUT = (("-o", "--output"), {"required": True})
# name -> (help, its arguments, what it runs)
COMMANDS = {
    "import": ("从 JSON 或 Excel 工作簿（本程序导出的 .xlsx）创建草稿", (SOURCE, OUTPUT), cmd_import),
    "export": ("把草稿导出为 JSON（-o - 输出到标准输出）", (SOURCE, OUTPUT), cmd_export),
    "check": ("检查表单，列出错误和提示",
              (SOURCE, (("--json",), {"action": "store_true", "help": "以 JSON 数组输出"})), cmd_check),
    "render": ("生成打印用的 PDF", (SOURCE, OUTPUT), cmd_render),
    "xlsx": ("把表单导出为与打印件版式相同的 Excel 工作簿（.xlsx）", (SOURCE, OUTPUT), cmd_xlsx),
    "schema": ("输出某种表单格式的 JSON Schema", ((("format",), {}),), cmd_schema),
    "review": ("审核文件夹：列出其中（含子文件夹）每份草稿和 JSON 表单的汇总",
               ((("folder",), {}), (("--json",), {"action": "store_true", "help": "以 JSON 数组输出"}),
                (("-o", "--output"), {"help": "把汇总表写入 .xlsx 文件"})), cmd_review),
    "diff": ("比较两份表单（旧稿 新稿），逐项列出不同之处",
             ((("old",), {}), (("new",), {}), (("--json",), {"action": "store_true", "help": "以 JSON 数组输出"}),
              (("--review",), {"action": "store_true", "help": "同时列出审核意见的变化（不影响比较结果）"})),
             cmd_diff),
    "next-year": ("以此为基础生成下一年度的草稿（年度加一，金额、日期和审核意见清空）", (SOURCE, OUTPUT), cmd_next_year),
    "self-eval": ("以绩效目标申报表为基础生成绩效自评表草稿（申报表只读不改）", (SOURCE, OUTPUT), cmd_self_eval),
}


def _opens_window(argv: list[str]) -> bool:
    return not argv or (len(argv) == 1 and argv[0] not in COMMANDS and not argv[0].startswith("-"))


def is_command(argv: list[str]) -> bool:
    """Whether ``argv`` runs a command of the command line: not the window, not --self-test."""
    return not _opens_window(argv) and argv[0] != "--self-test"


def run_kind(argv: list[str]) -> str:
    """What ``argv`` runs, as a name: "window", "self-test", a command's, or "other" (help, an
    unknown command). Runs of one kind import and compile the same (``core.patterncache``)."""
    if _opens_window(argv):
        return "window"
    if argv[0] == "--self-test":
        return "self-test"
    return argv[0] if argv[0] in COMMANDS else "other"


def main(argv: list[str] | None = None) -> int:
    argv = list(sys.argv[1:] if argv is None else argv)
    setup_logging()
    if not _opens_window(argv):
        _utf8_output()
    if argv and argv[0] == "--self-test":
        from .selftest import run_self_test  # the smoke test of a frozen build

        return run_self_test()
    if _opens_window(argv):
        from .gui.app import run_gui  # Qt loads only for the window

        return run_gui(argv)
    try:
        args = _plain_arguments(argv) or _parser(argv[0] if argv[0] in COMMANDS else None).parse_args(argv)
        if args.command is None:
            raise FormError("请指定要执行的命令（用 --help 查看用法）")
        return COMMANDS[args.command][2](args)
    except FormError as err:
        from .core.fileerrors import one_line

        _say(one_line(err.message), sys.stderr)
        return EXIT_UNUSABLE
    except KeyboardInterrupt:
        return EXIT_UNUSABLE
    except ReaderGone:
        # Python flushes stdout once more at exit, into the same closed pipe: point it elsewhere.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_READER_GONE
    except Exception:
        log.exception("unexpected error in %s", argv)
        from . import paths

        _say(f"程序内部错误，未完成操作。详情已记录在 {paths.log_path()}", sys.stderr)
        return EXIT_UNUSABLE
