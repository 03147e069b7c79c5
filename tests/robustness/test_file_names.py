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
