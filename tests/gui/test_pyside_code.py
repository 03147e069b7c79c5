"""PySide6's signature support is compiled at the first start and read back at the next; what
compiles while PySide6 loads is otherwise left to the built-in ``compile``."""

from __future__ import annotations

import builtins
import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from desktop_app.core import codecache
from desktop_app.gui.pyside_code import kept_support_code

ROOT = Path(__file__).resolve().parents[2]

# A start of the window as far as PySide6: which of its modules were compiled in this process,
# and a signature its support works out (Qt's own argument names, from the support's parser).
PROBE = textwrap.dedent("""
    import json, sys
    compiled = []
    sys.addaudithook(lambda event, args: compiled.append(args[1]) if event == "compile" else None)
    import desktop_app.gui
    from PySide6.QtCore import QObject
    from shibokensupport.signature import get_signature
    print(json.dumps({"compiled": [str(name) for name in compiled],
                      "signature": str(get_signature(QObject.setObjectName)),
                      "compile": repr(compile)}))
""")


def _start(data: Path) -> dict:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "BUDGET_FORM_DATA_DIR": str(data), "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=ROOT, env=env, check=False, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-3000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def _support(names: list[str]) -> list[str]:
    return [name for name in names if name.startswith("shibokensupport/") or name == "signature_bootstrap.py"]


def test_the_second_start_compiles_none_of_pyside6_s_support(tmp_path):
    first = _start(tmp_path)
    assert len(_support(first["compiled"])) >= 10  # as PySide6 loads them
    kept = list((tmp_path / codecache.FOLDER).iterdir())
    assert len(kept) >= len(set(_support(first["compiled"])))
    second = _start(tmp_path)
    assert _support(second["compiled"]) == []
    assert second["signature"] == first["signature"] and "name" in second["signature"]
    assert second["compile"] == first["compile"] == "<built-in function compile>"  # given back
    assert sorted(kept) == sorted((tmp_path / codecache.FOLDER).iterdir())  # nothing written again


def _value(code) -> int:
    env: dict = {}
    exec(code, env)
    return env["x"]


def test_changed_support_source_is_compiled_anew_and_the_built_in_given_back(code_cache):
    own = builtins.compile
    with kept_support_code():
        assert builtins.compile is not own
        assert _value(compile(b"x = 1\n", "shibokensupport/probe.py", "exec")) == 1
        assert _value(compile(b"x = 2\n", "shibokensupport/probe.py", "exec")) == 2  # PySide6 updated
        assert _value(compile("x = 3\n", "signature_bootstrap.py", "exec")) == 3
    assert builtins.compile is own
    assert len(list(code_cache.iterdir())) == 3


def test_the_support_is_compiled_under_its_caller_s_future_flags(code_cache):
    """As the built-in would: shiboken's importer postpones annotations, its bootstrap does not
    (an annotation naming nothing fails only where annotations are evaluated)."""
    source = b"def f(x: nothing_named_so):\n    pass\n"
    plain = compile("code = compile(source, 'shibokensupport/probe.py', 'exec')", "<caller>", "exec",
                    dont_inherit=True)  # a caller without ``from __future__ import annotations``
    with kept_support_code():
        postponed = compile(source, "shibokensupport/probe.py", "exec")  # this module postpones them
        env = {"source": source}
        exec(plain, env)
    exec(postponed, {})
    with pytest.raises(NameError):
        exec(env["code"], {})
    assert len(list(code_cache.iterdir())) == 2  # kept apart


def test_only_the_support_s_own_modules_are_kept(code_cache):
    with kept_support_code():
        assert _value(compile(b"x = 1\n", "elsewhere.py", "exec")) == 1
        assert eval(compile("1 + 1", "shibokensupport/probe.py", "eval")) == 2  # another mode
        tree = compile(b"x = 1\n", "shibokensupport/probe.py", "exec", 0x400)  # ast.PyCF_ONLY_AST
        assert type(tree).__name__ == "Module"
        with pytest.raises(SyntaxError):
            compile(b"x = \n", "shibokensupport/probe.py", "exec")
    assert not code_cache.exists()


def test_the_built_in_is_given_back_when_loading_fails():
    own = builtins.compile
    with pytest.raises(ImportError):
        with kept_support_code():
            raise ImportError("no PySide6")
    assert builtins.compile is own
