"""What a script reads from the command line is UTF-8 with LF line ends, whatever the console's
code page: a Chinese Windows writes redirected output in GBK (code page 936) with CRLF. The child
processes here are given that code page (PYTHONIOENCODING=gbk) on every system; under Wine the
whole run has it too (build_scripts/wine_check.sh)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys

from desktop_app import cli
from tests.conftest import ROOT, SEED_PATH


def run_in_gbk_console(*args):
    env = dict(os.environ, PYTHONIOENCODING="gbk")
    return subprocess.run([sys.executable, "-m", "desktop_app", *map(str, args)], cwd=ROOT,
                          capture_output=True, env=env, timeout=120)


def test_review_json_is_utf8_with_lf(tmp_path, seed_draft):
    done = run_in_gbk_console("review", tmp_path, "--json")
    assert done.returncode == 0, done.stderr.decode("utf-8", "replace")
    assert b"\r" not in done.stdout
    rows = json.loads(done.stdout.decode("utf-8"))
    assert [row["status"] for row in rows] == ["ok"]
    assert "部门" in done.stdout.decode("utf-8")


def test_check_json_and_schema_are_utf8_with_lf():
    checked = run_in_gbk_console("check", SEED_PATH, "--json")
    assert checked.returncode in (0, 1) and b"\r" not in checked.stdout
    problems = json.loads(checked.stdout.decode("utf-8"))
    assert any("\u4e00" <= c <= "\u9fff" for problem in problems for c in json.dumps(problem, ensure_ascii=False))
    schema = run_in_gbk_console("schema", "budget-performance-form/1")
    assert schema.returncode == 0 and b"\r" not in schema.stdout
    assert "部门" in json.loads(schema.stdout.decode("utf-8"))["title"]


def test_the_plain_check_and_a_refusal_are_utf8_lines(tmp_path):
    checked = run_in_gbk_console("check", SEED_PATH)
    assert b"\r" not in checked.stdout and "内容指纹" in checked.stdout.decode("utf-8")
    refused = run_in_gbk_console("check", tmp_path / "没有这个文件.jxmb")
    assert refused.returncode == 2 and b"\r" not in refused.stderr
    assert "找不到文件" in refused.stderr.decode("utf-8")


class _Console(io.TextIOWrapper):
    def isatty(self) -> bool:
        return True


def test_a_console_keeps_its_own_encoding(monkeypatch):
    console = _Console(io.BytesIO(), encoding="gbk")
    piped = io.TextIOWrapper(io.BytesIO(), encoding="gbk", newline="\r\n")
    monkeypatch.setattr(sys, "stdout", console)
    monkeypatch.setattr(sys, "stderr", piped)
    cli._utf8_output()
    assert console.encoding == "gbk"
    assert piped.encoding == "utf-8"
    piped.write("审核\n")
    piped.flush()
    assert piped.buffer.getvalue() == "审核\n".encode("utf-8")
