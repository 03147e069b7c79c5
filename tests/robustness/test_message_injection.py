"""Content a file carries cannot act on the clerk's terminal or forge lines in what the command
line prints: every piece of content in a message is escaped and cut short, and JSON output spells
every character that could act on a terminal as an escape."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

import pytest

from . import support


def run_cli(*args):
    result = support.run_cli(*args)
    result.stdout, result.stderr = result.stdout.decode("utf-8"), result.stderr.decode("utf-8")
    return result

FORGED = "12\x1b[2J\n共 0 个错误，0 个提示。内容指纹 0000-0000\u202e"
ACTING = ("\x1b", "\x9b", "\u202e", "\u2028", "\r")


def _with_typed_amount(draft, text):
    with closing(sqlite3.connect(draft)) as conn:
        conn.execute("UPDATE budget SET basic_expenditure = ?", (text,))
        conn.execute("UPDATE tasks SET name = ? WHERE position = 0", ("甲\u202e乙\x9b丙\u2028丁",))
        conn.commit()


def test_check_prints_one_line_per_problem_whatever_the_content(seed_draft):
    _with_typed_amount(seed_draft, FORGED)
    result = run_cli("check", str(seed_draft))
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert not any(ch in result.stdout for ch in ACTING)
    assert sum(line.startswith("共 ") for line in lines) == 1 and lines[-1].startswith("共 ")
    as_json = run_cli("check", str(seed_draft), "--json")
    assert not any(ch in as_json.stdout for ch in ACTING)
    problems = json.loads(as_json.stdout)
    assert any(p["path"] == "budget.basic_expenditure" for p in problems)
    assert all(len(p["message"]) < 300 for p in problems)


def test_export_spells_acting_characters_as_escapes(seed_draft):
    with closing(sqlite3.connect(seed_draft)) as conn:
        conn.execute("UPDATE form SET overall_goal = ?", ("目标\u202e反转\x9b\u2028下一段",))
        conn.commit()
    result = run_cli("export", str(seed_draft), "-o", "-")
    assert result.returncode == 0 and not any(ch in result.stdout for ch in ACTING)
    assert json.loads(result.stdout)["overall_goal"] == "目标\u202e反转\x9b\u2028下一段"  # the same value


@pytest.mark.parametrize("size", [1_000, 333_043])
def test_a_refusal_quotes_at_most_a_short_piece(seed_draft, tmp_path, size):
    _with_typed_amount(seed_draft, "9" * 20 + "元" * size)  # typed text that is no amount
    result = run_cli("export", str(seed_draft), "-o", str(tmp_path / "out.json"))
    assert result.returncode == 2
    assert len(result.stderr) < 300 and result.stderr.count("\n") == 1
    assert not (tmp_path / "out.json").exists()
