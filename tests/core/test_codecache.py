"""A form's generated classes are compiled once and read back in later runs; a kept copy that is
damaged, of another interpreter or of other source is never used."""

from __future__ import annotations

import builtins
import marshal
import os

import pytest

from desktop_app.core import codecache

SOURCE = "class Row:\n    def __init__(self, a=1):\n        self.a = a\n"


@pytest.fixture
def data(tmp_path, monkeypatch):
    monkeypatch.setenv("BUDGET_FORM_DATA_DIR", str(tmp_path))
    return tmp_path / codecache.FOLDER


def _run(code) -> int:
    env: dict = {}
    exec(code, env)
    return env["Row"]().a


def test_compiled_once_then_read_back(data, monkeypatch):
    assert _run(codecache.compiled(SOURCE, "<model of x>")) == 1
    assert len(list(data.iterdir())) == 1
    monkeypatch.setattr(builtins, "compile", lambda *a, **k: pytest.fail("compiled again"))
    assert _run(codecache.compiled(SOURCE, "<model of x>")) == 1


@pytest.mark.parametrize("spoil", [
    lambda path: path.write_bytes(b"\x00garbage"),
    lambda path: path.write_bytes(path.read_bytes()[:40]),
    lambda path: path.write_bytes(marshal.dumps(("another python", SOURCE, compile(SOURCE, "<model of x>", "exec")))),
    lambda path: path.write_bytes(marshal.dumps((codecache._TAG, SOURCE, compile(SOURCE, "<model of y>", "exec")))),
    lambda path: path.write_bytes(marshal.dumps((codecache._TAG, SOURCE, "not code"))),
])
def test_a_kept_copy_that_does_not_answer_for_this_source_is_compiled_anew(data, spoil):
    codecache.compiled(SOURCE, "<model of x>")
    (path,) = data.iterdir()
    spoil(path)
    code = codecache.compiled(SOURCE, "<model of x>")
    assert _run(code) == 1
    assert marshal.loads(path.read_bytes())[1] == SOURCE  # written again, whole


def test_another_source_of_the_same_length_and_checksum_is_not_taken_for_it(data):
    codecache.compiled(SOURCE, "<model of x>")
    (path,) = data.iterdir()
    other = SOURCE.replace("a=1", "a=2")
    path.write_bytes(marshal.dumps((codecache._TAG, other, compile(other, "<model of x>", "exec"))))
    assert _run(codecache.compiled(SOURCE, "<model of x>")) == 1


def test_a_folder_that_cannot_be_written_only_means_compiling(tmp_path, monkeypatch):
    blocked = tmp_path / "file"
    blocked.write_text("not a folder")
    monkeypatch.setenv("BUDGET_FORM_DATA_DIR", str(blocked))
    assert _run(codecache.compiled(SOURCE, "<model of x>")) == 1


def test_a_link_left_at_the_temporary_name_is_not_written_through(data, tmp_path):
    from desktop_app.core import atomic
    from tests.conftest import symlink_or_skip

    data.mkdir(parents=True)
    target = data / "code-x.bin"
    victim = tmp_path / "victim.txt"
    victim.write_text("untouched")
    symlink_or_skip(target.with_name(f"{target.name}.{os.getpid()}.partial"), victim)
    atomic.write_cache(target, b"whole")
    assert target.read_bytes() == b"whole" and not target.is_symlink()
    assert victim.read_text() == "untouched"
    assert sorted(p.name for p in data.iterdir()) == ["code-x.bin"]



PATTERN = r"\s*(\d{4})\s*(?:[-./／．]|年)\s*(?P<month>\d{1,2})"


@pytest.fixture
def fresh_re(monkeypatch):
    """``re``'s cache and what was put in it, as at the start of a run."""
    import re

    re.purge()
    monkeypatch.setattr(codecache, "_PRIMED", {})
    yield
    re.purge()


def _next_run(monkeypatch) -> None:
    import re

    re.purge()
    monkeypatch.setattr(codecache, "_PRIMED", {})


def test_a_run_finds_the_patterns_the_last_run_of_its_kind_compiled(data, fresh_re, monkeypatch):
    import re

    re.compile(PATTERN, re.IGNORECASE)
    codecache.keep_patterns("check")  # met once: noted, not kept
    assert [p.name for p in data.iterdir()] == ["re-check.seen"]
    _next_run(monkeypatch)
    codecache.prime_patterns("check")
    assert (str, PATTERN, re.IGNORECASE.value) not in re._cache
    first = re.compile(PATTERN, re.IGNORECASE)
    codecache.keep_patterns("check")  # met again: kept
    assert sorted(p.name for p in data.iterdir()) == ["re-check.bin", "re-check.seen"]
    _next_run(monkeypatch)
    codecache.prime_patterns("render")  # another kind: nothing kept for it
    assert (str, PATTERN, re.IGNORECASE.value) not in re._cache
    codecache.prime_patterns("check")
    monkeypatch.setattr(re._compiler, "compile", lambda *a: pytest.fail("compiled again"))
    kept = re.compile(PATTERN, re.IGNORECASE)
    assert kept == first and kept is not first
    assert (kept.pattern, kept.flags, kept.groups, kept.groupindex) == (first.pattern, first.flags, 2, {"month": 2})
    assert kept.fullmatch(" 2026年 7").groups() == ("2026", "7")
    before = (data / "re-check.bin").read_bytes()
    codecache.keep_patterns("check")  # nothing new: not written again
    assert (data / "re-check.bin").read_bytes() == before


@pytest.mark.parametrize("spoil", [
    lambda path, kept: path.write_bytes(b"\x00garbage"),
    lambda path, kept: path.write_bytes(marshal.dumps(("another python", *kept[1:]))),
    lambda path, kept: path.write_bytes(marshal.dumps((kept[0], [(kept[1][0][0], [r"(\d+)", *kept[1][0][1][1:]])]))),
    lambda path, kept: path.write_bytes(marshal.dumps(
        (kept[0], [(kept[1][0][0], [*kept[1][0][1][:2], [999999], *kept[1][0][1][3:]])]))),  # code the engine refuses
])
def test_a_kept_pattern_that_does_not_answer_for_its_key_is_compiled_anew(data, fresh_re, monkeypatch, spoil):
    import re

    for _ in range(2):
        _next_run(monkeypatch)
        re.compile(PATTERN)
        codecache.keep_patterns("check")
    path = data / "re-check.bin"
    spoil(path, marshal.loads(path.read_bytes()))
    _next_run(monkeypatch)
    codecache.prime_patterns("check")
    assert (str, PATTERN, 0) not in re._cache
    assert re.compile(PATTERN).fullmatch("2026-7").groups() == ("2026", "7")


def test_a_pattern_made_afresh_in_every_run_is_not_kept(data, fresh_re, monkeypatch):
    import re

    for run in range(3 * codecache.SEEN_PATTERNS // 2):
        re.compile(f"(?:a|b)?{run}")  # as a pattern joined from a set, in another order each run
        codecache.keep_patterns("check")
        _next_run(monkeypatch)
    assert [p.name for p in data.iterdir()] == ["re-check.seen"]
    assert len(marshal.loads((data / "re-check.seen").read_bytes())[1]) == codecache.SEEN_PATTERNS


def test_a_kind_is_a_name_not_a_path(data):
    with pytest.raises(ValueError):
        codecache.prime_patterns("../../elsewhere")
