"""``review`` of a large folder reads its files in worker processes (``core.inbox_workers``):
the rows, their order and their reasons are those of the reading in one process."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import textwrap
import threading

import pytest

from desktop_app.core import inbox, inbox_workers
from tests.conftest import ROOT

from .test_inbox import _bad_folder


def _review_in_a_fresh_process(folder, pids, *args: str, one_process: bool = False) -> str:
    """The command line's review of ``folder`` (its standard output), every file read noting its
    process in ``pids``; ``one_process``: with the workers turned off."""
    code = textwrap.dedent("""
        import json, os, sys
        from desktop_app import cli
        from desktop_app.core import inbox_workers

        real = inbox_workers.read_entry

        def noted(path, root):
            with open(sys.argv[2], "a") as fh:
                fh.write(f"{os.getpid()}\\n")
            return real(path, root)

        inbox_workers.read_entry = noted
        if sys.argv[3] == "one":
            inbox_workers.workers_for = lambda files: 1
        sys.exit(cli.main(["review", sys.argv[1], *sys.argv[4:]]))
    """)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, "-c", code, str(folder), str(pids), "one" if one_process else "many", *args],
                          cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def _cells(path) -> list[list]:
    import openpyxl

    book = openpyxl.load_workbook(path)
    return [[[c.value for c in row] for row in sheet.iter_rows()] for sheet in book.worksheets]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="Windows reads in one process and has no named pipes in folders")
def test_a_large_folder_read_by_workers_gives_the_rows_of_one_process(tmp_path):
    box = _bad_folder(tmp_path)
    for i in range(inbox_workers.PARALLEL_FROM + 6):
        shutil.copyfile(box / "seed.jxmb", box / "sub" / f"unit{i}.jxmb")
    pids = tmp_path / "pids.txt"
    rows = json.loads(_review_in_a_fresh_process(box, pids, "--json"))
    alone = [e.as_dict() for e in inbox.review_folder(box)]
    assert rows == json.loads(json.dumps(alone, ensure_ascii=False, default=str))
    read_by = pids.read_text().split()
    assert len(read_by) == len(rows)  # every file once
    if (os.cpu_count() or 1) > 1 and hasattr(os, "fork") and sys.platform != "win32":
        assert len(set(read_by)) > 2  # the command's own process and its workers
    else:
        assert len(set(read_by)) == 1


def test_a_small_folder_or_a_process_with_threads_is_read_in_the_process_itself():
    assert inbox_workers.workers_for(inbox_workers.PARALLEL_FROM - 1) == 1
    stop = threading.Event()
    thread = threading.Thread(target=stop.wait)
    thread.start()
    try:
        assert inbox_workers.workers_for(10_000) == 1
    finally:
        stop.set()
        thread.join()


@pytest.mark.skipif(not hasattr(os, "fork") or sys.platform == "win32", reason="workers are forked")
def test_the_table_and_the_workbook_of_workers_are_those_of_one_process(tmp_path):
    box = _bad_folder(tmp_path)
    for i in range(inbox_workers.PARALLEL_FROM + 6):
        shutil.copyfile(box / "project.json", box / "sub" / f"project{i}.json")
        shutil.copyfile(box / "seed.jxmb", box / "sub" / f"unit{i}.jxmb")
    many, one = tmp_path / "many.txt", tmp_path / "one.txt"
    table = _review_in_a_fresh_process(box, many)
    assert table == _review_in_a_fresh_process(box, one, one_process=True)
    assert "项目支出" in table and "部门整体" in table
    assert len(set(many.read_text().split())) > 2 and len(set(one.read_text().split())) == 1
    _review_in_a_fresh_process(box, tmp_path / "pids.txt", "-o", str(tmp_path / "many.xlsx"))
    _review_in_a_fresh_process(box, tmp_path / "pids.txt", "-o", str(tmp_path / "one.xlsx"), one_process=True)
    assert _cells(tmp_path / "many.xlsx") == _cells(tmp_path / "one.xlsx")
