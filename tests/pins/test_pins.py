"""The clerk-visible outputs pinned before the form became a declaration: the seed's PDF bytes,
its draft's rows, its export, its 内容指纹, a large synthetic form's export, rows and PDF, and
the check output of the seed and of every variant in ``variants.py``. Any difference is a
change the clerk would see (a signed paper copy carries the fingerprint)."""

from __future__ import annotations

import json

import pytest

from . import pinned

PINS = json.loads(pinned.PINS_PATH.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def now() -> dict:
    return pinned.compute()


@pytest.mark.parametrize("key", sorted(k for k in PINS if k not in ("check", "check_text")))
def test_pinned_output(now, key):
    assert now[key] == PINS[key]


@pytest.mark.parametrize("variant", sorted(PINS["check"]))
def test_pinned_check_json(now, variant):
    assert now["check"][variant] == PINS["check"][variant]


@pytest.mark.parametrize("variant", sorted(PINS["check_text"]))
def test_pinned_check_text(now, variant):
    assert now["check_text"][variant] == PINS["check_text"][variant]
