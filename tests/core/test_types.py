"""The type checker sees a declaration's records as the dataclasses they stand for
(``core.record.Record`` is a ``dataclass_transform``): a misspelt field is an error before the
program runs. And the Qt-free code (core, forms, printing) type-checks clean under pyproject's
``[tool.mypy]``."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytest.importorskip("mypy")  # in the test extras; a checkout installed before they named it skips


def _mypy(tmp_path, source: str) -> str:
    path = tmp_path / "declared.py"
    path.write_text(source, encoding="utf-8")
    out = subprocess.run([sys.executable, "-m", "mypy", "--follow-imports=silent", "--no-error-summary",
                          "--cache-dir", str(tmp_path / "cache"), str(path)],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    return out.stdout


def test_a_misspelt_field_of_a_declaration_is_a_type_error(tmp_path):
    found = _mypy(tmp_path, "from desktop_app.core.spec import ERROR, Field\n"
                            "ok = Field('a', '甲', required=ERROR)\n"
                            "typo = Field('b', '乙', requird=ERROR)\n"
                            "ok.label = '丙'\n")
    lines = [line for line in found.splitlines() if "declared.py" in line and "error" in line]
    assert len(lines) == 2
    assert 'Unexpected keyword argument "requird"' in lines[0]
    assert "read-only" in lines[1] or "frozen" in lines[1] or "Property" in lines[1]


TYPED = ("desktop_app/core", "desktop_app/forms", "desktop_app/printing")


def test_core_forms_and_printing_type_check_clean(tmp_path):
    # A cache of its own, cold: some 4 s of CPU for the 75 modules (a warm cache would hide
    # nothing, but tmp_path is new on every run).
    out = subprocess.run([sys.executable, "-m", "mypy", "--config-file", "pyproject.toml",
                          "--cache-dir", str(tmp_path / "cache"), *TYPED],
                         cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, f"mypy finds errors:\n{out.stdout}{out.stderr}"
    assert "Success" in out.stdout
