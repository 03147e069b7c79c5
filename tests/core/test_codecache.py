"""A form's generated classes are compiled once and read back in later runs; a kept copy that is
damaged, of another interpreter or of other source is never used."""

from __future__ import annotations

import marshal
import os

import pytest

from desktop_app.core import codecache

SOURCE = "class Row:\n    def __init__(self, a=1):\n        self.a = a\n"


def _run(code) -> int:
    env: dict = {}
    exec(code, env)
    return env["Row"]().a


def test_compiled_once_then_read_back(code_cache, monkeypatch):
    assert _run(codecache.compiled(SOURCE, "<model of x>")) == 1
    assert len(list(code_cache.iterdir())) == 1
    monkeypatch.setattr(codecache, "_compile", lambda *a, **k: pytest.fail("compiled again"))
    assert _run(codecache.compiled(SOURCE, "<model of x>")) == 1


@pytest.mark.parametrize("spoil", [
    lambda path: path.write_bytes(b"\x00garbage"),
    lambda path: path.write_bytes(path.read_bytes()[:40]),
    lambda path: path.write_bytes(marshal.dumps(("another python", SOURCE, compile(SOURCE, "<model of x>", "exec")))),
    lambda path: path.write_bytes(marshal.dumps((codecache._TAG, SOURCE, compile(SOURCE, "<model of y>", "exec")))),
    lambda path: path.write_bytes(marshal.dumps((codecache._TAG, SOURCE, "not code"))),
])
def test_a_kept_copy_that_does_not_answer_for_this_source_is_compiled_anew(code_cache, spoil):
    codecache.compiled(SOURCE, "<model of x>")
    (path,) = code_cache.iterdir()
    spoil(path)
    code = codecache.compiled(SOURCE, "<model of x>")
    assert _run(code) == 1
    assert marshal.loads(path.read_bytes())[1] == SOURCE  # written again, whole


def test_another_source_of_the_same_length_and_checksum_is_not_taken_for_it(code_cache):
    codecache.compiled(SOURCE, "<model of x>")
    (path,) = code_cache.iterdir()
    other = SOURCE.replace("a=1", "a=2")
    path.write_bytes(marshal.dumps((codecache._TAG, other, compile(other, "<model of x>", "exec"))))
    assert _run(codecache.compiled(SOURCE, "<model of x>")) == 1


def test_a_folder_that_cannot_be_written_only_means_compiling(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("BUDGET_FORM_DATA_DIR", str(blocked))
    assert _run(codecache.compiled(SOURCE, "<model of x>")) == 1


def test_a_link_left_at_the_temporary_name_is_not_written_through(code_cache, tmp_path):
    from desktop_app.core import atomic
    from tests.conftest import symlink_or_skip

    code_cache.mkdir(parents=True)
    target = code_cache / "code-x.bin"
    victim = tmp_path / "victim.txt"
    victim.write_text("untouched")
    symlink_or_skip(target.with_name(f"{target.name}.{os.getpid()}.partial"), victim)
    atomic.write_cache(target, b"whole")
    assert target.read_bytes() == b"whole" and not target.is_symlink()
    assert victim.read_text() == "untouched"
    assert sorted(p.name for p in code_cache.iterdir()) == ["code-x.bin"]


def test_the_same_source_under_two_names_is_kept_twice(code_cache, monkeypatch):
    """Two of PySide6's modules have the very same source: each is read back as its own, not
    written over the other's at every start."""
    first = codecache.compiled(SOURCE, "shibokensupport/__init__.py")
    second = codecache.compiled(SOURCE, "shibokensupport/signature/lib/__init__.py")
    assert (first.co_filename, second.co_filename) == ("shibokensupport/__init__.py",
                                                       "shibokensupport/signature/lib/__init__.py")
    assert len(list(code_cache.iterdir())) == 2
    monkeypatch.setattr(codecache, "_compile", lambda *a, **k: pytest.fail("compiled again"))
    assert codecache.compiled(SOURCE, "shibokensupport/__init__.py").co_filename == "shibokensupport/__init__.py"
