"""The command line's own outputs (export JSON, render PDF, import draft) when the place to
write them is missing, read-only or full: one Chinese line, exit 2, and an earlier file at that
place left whole."""

from __future__ import annotations

import errno
import os

import pytest

from .support import assert_cli_refused, folder_state, run_cli, sha256


@pytest.mark.parametrize("command", ["export", "render", "import"])
def test_output_into_a_missing_folder(command, seed_draft, tmp_path):
    source = str(seed_draft) if command != "import" else str(tmp_path / "form.json")
    if command == "import":
        assert run_cli("export", str(seed_draft), "-o", source).returncode == 0
    message = assert_cli_refused(run_cli(command, source, "-o", str(tmp_path / "没有" / "out.x")))
    assert "没有" in message  # names the place


def test_export_over_a_file_on_a_full_disk_keeps_it(tmpfs, seed_draft):
    """An export that does not fit must not destroy the previous export of the same name."""
    previous = tmpfs / "导出.json"
    previous.write_bytes(b'{"earlier": "export"}\n')
    filler = tmpfs / "filler"
    with open(filler, "wb", buffering=0) as fh:
        try:
            while True:
                fh.write(b"\0" * 4096)
        except OSError as err:
            assert err.errno == errno.ENOSPC
    before = folder_state(tmpfs)
    message = assert_cli_refused(run_cli("export", str(seed_draft), "-o", str(previous)))
    assert "磁盘空间已满" in message
    assert folder_state(tmpfs) == before
    os.unlink(filler)
    assert run_cli("export", str(seed_draft), "-o", str(previous)).returncode == 0
    assert sha256(previous) != before["导出.json"]
