"""Patterns compiled on first use behave as compiled ones, and importing the domain compiles none
(json and the other standard modules compile their own)."""

from __future__ import annotations

import re
import subprocess
import sys

from desktop_app.core.lazyre import lazy


def test_a_lazy_pattern_answers_as_the_compiled_one():
    pattern = lazy(r"(\d+)年", re.ASCII)
    compiled = re.compile(r"(\d+)年", re.ASCII)
    for text in ("2026年度", "年", "１２年"):
        assert bool(pattern.search(text)) == bool(compiled.search(text))
        assert pattern.sub("-", text) == compiled.sub("-", text)
        assert pattern.findall(text) == compiled.findall(text)
    assert (pattern.pattern, pattern.flags, pattern.groups) == (compiled.pattern, compiled.flags, compiled.groups)


def test_importing_the_domain_compiles_no_pattern():
    code = """
import re, sys
compiled = []
real = re._compile
def spy(*args):
    caller = sys._getframe(1)
    while caller.f_code.co_filename.endswith(("re/__init__.py", "re\\__init__.py")):
        caller = caller.f_back
    if "desktop_app" in caller.f_code.co_filename:
        compiled.append(args[0])
    return real(*args)
re._compile = spy
import desktop_app.core.files, desktop_app.core.checks, desktop_app.core.jsonio, desktop_app.core.targets
import desktop_app.core.workbook, desktop_app.core.formbook, desktop_app.core.indicator_values, desktop_app.forms
print(len(compiled), compiled[:3])
"""
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.startswith("0 "), out
