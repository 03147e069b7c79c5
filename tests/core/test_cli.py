"""The command line as the finance bureau scripts it: real processes, real exit codes."""

import json
import re
import os
import subprocess
import sys

import pytest

from tests.conftest import ROOT, SEED_PATH


def run(*args, timeout=60):
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-m", "desktop_app", *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", timeout=timeout, env=env)


def assert_refused(result):
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and any("\u4e00" <= c <= "\u9fff" for c in lines[0])
    assert "Traceback" not in result.stderr


def test_import_export_round_trip(tmp_path, seed_dict):
    draft = tmp_path / "seed.jxmb"
    assert run("import", SEED_PATH, "-o", draft).returncode == 0
    result = run("export", draft, "-o", "-")
    assert result.returncode == 0
    exported = json.loads(result.stdout)
    # The draft made by import is a form created now: it has an identity, the JSON had none.
    made = {k: exported.pop(k) for k in ("form_id", "form_revision")}
    assert re.fullmatch("[0-9a-f]{32}", made["form_id"]) and made["form_revision"] == 0
    assert exported == seed_dict
    assert run("export", draft, "-o", tmp_path / "back.json").returncode == 0
    back = json.loads((tmp_path / "back.json").read_text(encoding="utf-8"))
    assert back == {**seed_dict, **made}
    again = tmp_path / "again.jxmb"  # the identity survives the round trip through JSON
    assert run("import", tmp_path / "back.json", "-o", again).returncode == 0
    assert json.loads(run("export", again, "-o", "-").stdout) == back


def test_check_of_the_seed(seed_draft):
    result = run("check", seed_draft)
    assert result.returncode == 0
    assert "共 0 个错误" in result.stdout and "内容指纹" in result.stdout
    result = run("check", seed_draft, "--json")
    # The real copy has no year and no sign-off: warnings, which do not change the exit status.
    assert result.returncode == 0 and {p["severity"] for p in json.loads(result.stdout)} == {"warning"}


def test_check_of_an_unbalanced_copy_exits_1_and_names_the_field(tmp_path, seed_data):
    seed_data["budget"]["fiscal_appropriation"] = "150000.00"
    path = tmp_path / "un.json"
    path.write_text(json.dumps(seed_data, ensure_ascii=False), encoding="utf-8")
    result = run("check", path, "--json")
    assert result.returncode == 1
    problems = json.loads(result.stdout)
    # Filed under the total that disagrees, naming all three.
    assert [p["path"] for p in problems if p["severity"] == "error"] == ["budget.income"]
    plain = run("check", path)
    assert plain.returncode == 1 and "收入来源合计：三个合计不相等" in plain.stdout
    assert all(t in plain.stdout for t in ("部门预算支出", "收入来源", "按预算级次划分"))


def test_a_malformed_amount_is_refused(tmp_path, seed_data):
    seed_data["budget"]["basic_expenditure"] = "3,7a8.11"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(seed_data, ensure_ascii=False), encoding="utf-8")
    result = run("import", path, "-o", tmp_path / "bad.jxmb")
    assert_refused(result)
    assert "基本支出" in result.stderr
    assert not (tmp_path / "bad.jxmb").exists()


@pytest.mark.parametrize("args", [
    ("check", "missing.jxmb"),
    ("frobnicate", "x"),
    ("import",),
    ("export", "x.jxmb"),
])
def test_usage_and_missing_files(args, tmp_path):
    assert_refused(run(*[tmp_path / a if a.endswith(".jxmb") else a for a in args]))


def test_empty_draft_is_refused(tmp_path):
    (tmp_path / "empty.jxmb").write_bytes(b"")
    assert_refused(run("check", tmp_path / "empty.jxmb"))


def test_unwritable_output_is_a_message(tmp_path, seed_draft):
    assert_refused(run("export", seed_draft, "-o", tmp_path / "no" / "such" / "dir" / "x.json"))


@pytest.mark.parametrize("argv, command", [
    ([], False), (["draft.jxmb"], False), (["--self-test"], False),
    (["check", "x.jxmb"], True), (["render", "x.jxmb", "-o", "x.pdf"], True), (["frobnicate", "x"], True),
])
def test_which_arguments_run_a_command(argv, command):
    from desktop_app import cli

    assert cli.is_command(argv) is command


def test_a_command_is_parsed_by_a_parser_of_that_command_alone(monkeypatch):
    """Each argument argparse adds costs it a help formatter: plain arguments are read without
    argparse, and what is left to it builds its own command's parser only; a name that is no
    command still gets every command's, to list them."""
    from desktop_app import cli

    def commands(parser):
        return set(next(a for a in parser._actions if a.dest == "command").choices)

    assert commands(cli._parser("render")) == {"render"}
    assert commands(cli._parser()) == set(cli.COMMANDS)
    built = []
    real = cli._parser
    monkeypatch.setattr(cli, "_parser", lambda command=None: built.append(command) or real(command))
    cli.main(["render", "x.jxmb", "-o", "x.pdf"])
    cli.main(["render", "x.jxmb"])
    cli.main(["frobnicate", "x"])
    assert built == ["render", None]


PLAIN_AND_NOT = [
    ["render", "a.jxmb", "-o", "a.pdf"], ["render", "-o", "a.pdf", "a.jxmb"], ["render", "a.jxmb", "--output", "-"],
    ["render", "a.jxmb", "--output=a.pdf"], ["render", "a.jxmb", "--output="], ["render", "--", "-a.jxmb", "-o"],
    ["render", "a.jxmb", "-o", "a.pdf", "-o", "b.pdf"], ["render", "-", "-o", "-"], ["export", "a.jxmb", "-o", "-"],
    ["check", "a.jxmb", "--json"], ["check", "--json", "a.jxmb"], ["check", "a.jxmb", "--json", "--json"],
    ["review", "inbox"], ["review", "inbox", "--json", "-o", "s.xlsx"], ["diff", "a", "b", "--review", "--json"],
    ["schema", "project"], ["next-year", "a.jxmb", "-o", "b.jxmb"], ["self-eval", "a.jxmb", "-o", "b.jxmb"],
    ["import", "a.json", "-o", "a.jxmb"], ["xlsx", "a.jxmb", "-o", "a.xlsx"], ["diff", "--", "a", "--", "b"],
    # argparse's to answer (an error or help), so never read here
    ["render", "a.jxmb"], ["render", "a.jxmb", "-o"], ["render", "a.jxmb", "-o", "--json"], ["render", "-h"],
    ["render", "a.jxmb", "--out", "a.pdf"], ["render", "a.jxmb", "-oa.pdf"], ["check", "a.jxmb", "--json=1"],
    ["check"], ["check", "a", "b"], ["diff", "a"], ["review", "--help"], ["check", "-1"], ["frobnicate", "x"],
]


@pytest.mark.parametrize("argv", PLAIN_AND_NOT)
def test_plain_arguments_are_read_as_argparse_reads_them(argv):
    from desktop_app import cli
    from desktop_app.core.errors import FormError

    plain = cli._plain_arguments(argv)
    try:
        expected = vars(cli._parser(argv[0] if argv[0] in cli.COMMANDS else None).parse_args(argv))
    except (FormError, SystemExit):  # an error, or --help printed
        assert plain is None
        return
    assert plain is None or vars(plain) == expected, "read differently from argparse"
    if not {"--out", "-oa.pdf", "-1"} & set(argv):  # abbreviations, a number-like name: left to argparse
        assert plain is not None


# python -m desktop_app, with an exit handler that tells whether the interpreter was torn down
WITH_TEARDOWN_MARK = ("import atexit, runpy, sys\n"
                      "atexit.register(lambda: sys.stderr.write('torn down\\n'))\n"
                      "runpy.run_module('desktop_app', run_name='__main__', alter_sys=True)\n")


def run_marked(*args):
    env = dict(os.environ, PYTHONIOENCODING="utf-8")
    return subprocess.run([sys.executable, "-c", WITH_TEARDOWN_MARK, *map(str, args)], cwd=ROOT,
                          capture_output=True, text=True, encoding="utf-8", timeout=60, env=env)


# The window turns the collector on once painted (tests/gui/test_startup.py).
@pytest.mark.parametrize("argv, collects", [(["check", "x.jxmb"], False), (["--self-test"], True), ([], False)])
def test_only_the_self_test_collects_cycles_from_the_start(argv, collects):
    code = ("import gc, runpy, sys\n"
            "import desktop_app.cli as cli\n"
            "cli.main = lambda argv: print(gc.isenabled()) or 0\n"
            "runpy.run_module('desktop_app', run_name='__main__', alter_sys=True)\n")
    out = subprocess.run([sys.executable, "-c", code, *argv], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert out.stdout.strip() == str(collects)


def test_a_finished_command_ends_without_teardown_and_its_output_is_whole(tmp_path, seed_draft, seed_dict):
    from desktop_app.core import jsonio
    from desktop_app.printing.render import render_pdf

    result = run_marked("export", seed_draft, "-o", "-")
    assert result.returncode == 0 and json.loads(result.stdout) == seed_dict
    assert "torn down" not in result.stderr
    result = run_marked("render", seed_draft, "-o", tmp_path / "seed.pdf")
    assert result.returncode == 0 and "torn down" not in result.stderr
    assert (tmp_path / "seed.pdf").read_bytes() == render_pdf(jsonio.load(SEED_PATH))
    refused = run_marked("check", tmp_path / "missing.jxmb")
    assert refused.returncode == 2 and refused.stderr.strip() and "torn down" not in refused.stderr
    assert_refused(refused)


@pytest.mark.parametrize("command", [("check", "project-form-hunan.json"), ("export", "project-form-hunan.json", "-o", "-"),
                                     ("review", ".")])
def test_a_reader_that_stops_early_is_not_an_internal_error(tmp_path, command):
    """``check … | head -1``: the reader closes the pipe before all is written (here before
    anything, so no pipe buffer can hide it); the command stops quietly with a pipe's exit
    status, and logs no internal error."""
    samples = ROOT / "resources" / "samples"
    args = [str(samples / a) if a.endswith(".json") else (str(samples) if a == "." else a) for a in command]
    env = dict(os.environ, PYTHONIOENCODING="utf-8", BUDGET_FORM_DATA_DIR=str(tmp_path))
    child = subprocess.Popen([sys.executable, "-m", "desktop_app", *args], cwd=ROOT, env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0)
    child.stdout.close()
    with child.stderr:
        stderr = child.stderr.read().decode("utf-8")
    assert child.wait(timeout=60) == 141, stderr
    assert stderr == ""
    assert not (tmp_path / "error.log").exists() or "Traceback" not in (tmp_path / "error.log").read_text("utf-8")
