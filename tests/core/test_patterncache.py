"""Patterns a run compiled are found compiled by the next run of its kind, once met twice; a
kept pattern that does not rebuild its key's is compiled anew, and a kind names no path."""

from __future__ import annotations

import marshal
import re

import pytest

from desktop_app.core import codecache, patterncache


PATTERN = r"\s*(\d{4})\s*(?:[-./／．]|年)\s*(?P<month>\d{1,2})"


@pytest.fixture
def fresh_re(monkeypatch):
    """``re``'s cache and what was put in it, as at the start of a run."""
    re.purge()
    monkeypatch.setattr(patterncache, "_PRIMED", {})
    yield
    re.purge()


def _next_run(monkeypatch) -> None:
    re.purge()
    monkeypatch.setattr(patterncache, "_PRIMED", {})


def test_a_run_finds_the_patterns_the_last_run_of_its_kind_compiled(code_cache, fresh_re, monkeypatch):
    re.compile(PATTERN, re.IGNORECASE)
    patterncache.keep_patterns("check")  # met once: noted, not kept
    assert [p.name for p in code_cache.iterdir()] == ["re-check.seen"]
    _next_run(monkeypatch)
    patterncache.prime_patterns("check")
    assert (str, PATTERN, re.IGNORECASE.value) not in re._cache
    first = re.compile(PATTERN, re.IGNORECASE)
    patterncache.keep_patterns("check")  # met again: kept
    assert sorted(p.name for p in code_cache.iterdir()) == ["re-check.bin", "re-check.seen"]
    _next_run(monkeypatch)
    patterncache.prime_patterns("render")  # another kind: nothing kept for it
    assert (str, PATTERN, re.IGNORECASE.value) not in re._cache
    patterncache.prime_patterns("check")
    monkeypatch.setattr(re._compiler, "compile", lambda *a: pytest.fail("compiled again"))
    kept = re.compile(PATTERN, re.IGNORECASE)
    assert kept == first and kept is not first
    assert (kept.pattern, kept.flags, kept.groups, kept.groupindex) == (first.pattern, first.flags, 2, {"month": 2})
    assert kept.fullmatch(" 2026年 7").groups() == ("2026", "7")
    before = (code_cache / "re-check.bin").read_bytes()
    patterncache.keep_patterns("check")  # nothing new: not written again
    assert (code_cache / "re-check.bin").read_bytes() == before


@pytest.mark.parametrize("spoil", [
    lambda path, kept: path.write_bytes(b"\x00garbage"),
    lambda path, kept: path.write_bytes(marshal.dumps(("another python", *kept[1:]))),
    lambda path, kept: path.write_bytes(marshal.dumps((kept[0], [(kept[1][0][0], [r"(\d+)", *kept[1][0][1][1:]])]))),
    lambda path, kept: path.write_bytes(marshal.dumps(
        (kept[0], [(kept[1][0][0], [*kept[1][0][1][:2], [999999], *kept[1][0][1][3:]])]))),  # code the engine refuses
])
def test_a_kept_pattern_that_does_not_answer_for_its_key_is_compiled_anew(code_cache, fresh_re, monkeypatch, spoil):
    for _ in range(2):
        _next_run(monkeypatch)
        re.compile(PATTERN)
        patterncache.keep_patterns("check")
    path = code_cache / "re-check.bin"
    spoil(path, marshal.loads(path.read_bytes()))
    _next_run(monkeypatch)
    patterncache.prime_patterns("check")
    assert (str, PATTERN, 0) not in re._cache
    assert re.compile(PATTERN).fullmatch("2026-7").groups() == ("2026", "7")


def test_a_pattern_made_afresh_in_every_run_is_not_kept(code_cache, fresh_re, monkeypatch):
    for run in range(3 * patterncache.SEEN_PATTERNS // 2):
        re.compile(f"(?:a|b)?{run}")  # as a pattern joined from a set, in another order each run
        patterncache.keep_patterns("check")
        _next_run(monkeypatch)
    assert [p.name for p in code_cache.iterdir()] == ["re-check.seen"]
    assert len(marshal.loads((code_cache / "re-check.seen").read_bytes())[1]) == patterncache.SEEN_PATTERNS


def test_a_kind_is_a_name_not_a_path(code_cache):
    with pytest.raises(ValueError):
        patterncache.prime_patterns("../../elsewhere")



def test_a_kept_pattern_compiled_before_the_start_is_kept_and_not_written_again(code_cache, fresh_re, monkeypatch):
    """The modules the entry point imports before it primes compile theirs (json's): each start
    of the window once found them new and wrote the file again."""
    other = r"(\d+)年"
    for _ in range(2):
        _next_run(monkeypatch)
        re.compile(PATTERN)
        patterncache.keep_patterns("check")
    path = code_cache / "re-check.bin"
    before = path.read_bytes()
    written: list[str] = []
    monkeypatch.setattr(patterncache, "keep",
                        lambda name, payload: (written.append(name), codecache.keep(name, payload)))
    _next_run(monkeypatch)
    re.compile(PATTERN)  # compiled before the start primes
    patterncache.prime_patterns("check")
    re.compile(other)  # met once: noted
    patterncache.keep_patterns("check")
    assert written == ["re-check.seen"]
    _next_run(monkeypatch)
    re.compile(PATTERN)
    patterncache.prime_patterns("check")
    re.compile(other)  # met again: kept beside the one compiled before the start
    patterncache.keep_patterns("check")
    assert written == ["re-check.seen", "re-check.bin"] and path.read_bytes() != before
    _next_run(monkeypatch)
    patterncache.prime_patterns("check")
    assert {(str, PATTERN, 0), (str, other, 0)} <= set(re._cache)
