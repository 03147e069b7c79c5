"""Drafts live where clerks put them: names with spaces, #, ?, %, Chinese, and on the
office's network share. Opening goes through an SQLite URI, where each of those means
something; every one must still open and save."""

from __future__ import annotations

import os
import sqlite3
from urllib.parse import quote

import pytest

from desktop_app.core.draftfile import DraftWriter, file_uri, load_draft
from desktop_app.core.fingerprint import fingerprint

NAMES = ["预算 草稿.jxmb", "50%完成#2?.jxmb", "a%20b.jxmb", "[1] (2) {3} &;'.jxmb", "x\ny.jxmb",
         "ＡＢＣ　全角.jxmb"]


@pytest.mark.parametrize("name", NAMES)
def test_awkward_names_open_and_save(name, seed_form, tmp_path):
    if os.name == "nt" and any(c in name for c in '?\n'):
        pytest.skip("not a valid Windows file name")
    folder = tmp_path / "共享 #文件夹%"
    folder.mkdir()
    draft = folder / name
    writer = DraftWriter(draft)
    writer.save(seed_form)
    seed_form.department = "改名后"
    writer.save(seed_form)
    assert fingerprint(load_draft(draft)) == fingerprint(seed_form)
    assert sorted(p.name for p in folder.iterdir()) == [name]


def test_network_share_uri_has_no_authority():
    """``Path.as_uri()`` makes ``file://server/share/…``, which SQLite refuses ("invalid uri
    authority"): every draft on a UNC share (or a mapped drive, which resolve() turns into
    UNC) would have been reported as damaged."""
    assert file_uri(r"\\server\share\预算 #1.jxmb", windows=True) == \
        "file:////server/share/%E9%A2%84%E7%AE%97%20%231.jxmb"
    assert file_uri(r"C:\Users\张三\a?.jxmb", windows=True) == \
        "file:///C:/Users/%E5%BC%A0%E4%B8%89/a%3F.jxmb"
    assert file_uri("/home/a b/c#.jxmb", windows=False) == "file:///home/a%20b/c%23.jxmb"
    with pytest.raises(sqlite3.OperationalError, match="authority"):
        sqlite3.connect("file://server/share/x.jxmb?mode=ro", uri=True)


def test_empty_authority_with_a_double_slash_path_opens(seed_draft):
    """The UNC form: empty authority, path starting with two slashes. On POSIX ``//tmp/x`` is
    ``/tmp/x``, so this shows SQLite takes that URI shape (on Windows it is the share)."""
    uri = "file:///" + quote(str(seed_draft), safe="/") + "?mode=ro"
    assert uri.startswith("file:////")
    with sqlite3.connect(uri, uri=True) as conn:
        assert conn.execute("SELECT count(*) FROM form").fetchone() == (1,)


# -- names that are not UTF-8 (a zip made on a Chinese Windows, unpacked here) ------------------------

GBK_NAME = "预算草稿".encode("gbk")  # not valid UTF-8


def _bytes_folder(tmp_path):
    if os.name == "nt":
        pytest.skip("Windows names are UTF-16: a name is always text there")
    folder = os.fsencode(tmp_path)
    try:
        with open(os.path.join(folder, GBK_NAME + b".probe"), "wb"):
            pass
    except OSError:
        pytest.skip("this file system takes only UTF-8 names")
    return folder


def test_a_name_that_is_not_utf8_is_read_written_and_named_in_one_line(tmp_path, seed_draft):
    from .support import assert_cli_refused, run_cli

    folder = _bytes_folder(tmp_path)
    name = lambda suffix: os.fsdecode(os.path.join(folder, GBK_NAME + suffix))  # noqa: E731
    draft = name(b".jxmb")
    with open(os.fsencode(draft), "wb") as fh:
        fh.write(seed_draft.read_bytes())
    log = tmp_path / "data"
    env = {"BUDGET_FORM_DATA_DIR": str(log)}
    for args in (["check", draft], ["render", draft, "-o", name(b".pdf")], ["export", draft, "-o", name(b".json")],
                 ["import", name(b".json"), "-o", name(b"2.jxmb")], ["next-year", draft, "-o", name(b"3.jxmb")],
                 ["review", str(tmp_path)], ["diff", draft, name(b"2.jxmb")]):
        done = run_cli(*args, env=env)
        assert done.returncode == 0, (args, done.stderr.decode(errors="replace"))
        assert b"Traceback" not in done.stderr and b"Logging error" not in done.stderr
    assert fingerprint(load_draft(name(b"2.jxmb"))) == fingerprint(load_draft(draft))
    # A damaged one is refused in one line that names it as its Chinese Windows did.
    with open(os.fsencode(draft), "wb") as fh:
        fh.write(b"SQLite format 3\x00" + b"\x00" * 200)
    message = assert_cli_refused(run_cli("check", draft, env=env))
    assert "预算草稿.jxmb" in message
    message = assert_cli_refused(run_cli("render", draft, "-o", name(b"4.pdf"), env=env))
    assert "预算草稿.jxmb" in message


def test_a_name_that_is_not_utf8_is_logged_without_a_logging_error(tmp_path, capfd):
    import logging

    from desktop_app import logsetup
    from desktop_app.core.lazylog import LazyLogger

    folder = _bytes_folder(tmp_path)
    logger = logging.getLogger("desktop_app")
    saved = logger.handlers[:]
    logger.handlers.clear()
    try:
        logsetup._setup()
        LazyLogger("desktop_app.test").warning("reading %s failed", os.fsdecode(os.path.join(folder, GBK_NAME)))
        for handler in logger.handlers:
            handler.close()
    finally:
        logger.handlers[:] = saved
    assert "Logging error" not in capfd.readouterr().err
    from desktop_app import paths

    assert "reading" in paths.log_path().read_text(encoding="utf-8")
