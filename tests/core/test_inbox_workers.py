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

from desktop_app.core import inbox, inbox_workers
from tests.conftest import ROOT

from .test_inbox import _bad_folder


def _review_in_a_fresh_process(folder, pids) -> list[dict]:
    """The command line's review of ``folder``, every file read noting its process in ``pids``."""
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
        sys.exit(cli.main(["review", sys.argv[1], "--json"]))
    """)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run([sys.executable, "-c", code, str(folder), str(pids)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout)


def test_a_large_folder_read_by_workers_gives_the_rows_of_one_process(tmp_path):
    box = _bad_folder(tmp_path)
    for i in range(inbox_workers.PARALLEL_FROM + 6):
        shutil.copyfile(box / "seed.jxmb", box / "sub" / f"unit{i}.jxmb")
    pids = tmp_path / "pids.txt"
    rows = _review_in_a_fresh_process(box, pids)
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
