"""A command loads what it uses and no more (each is a whole process, timed against LibreOffice);
what it puts off must still work when it is needed."""

import json
import os
import subprocess
import sys
import textwrap

from desktop_app.core import draftfile, jsonio
from tests.conftest import ROOT, SEED_PATH

# (hashlib it needs: the 内容指纹 is printed, and reportlab names the document with a digest.
# Windows has no os.uname: the computer's name, which a written file's temporary name carries,
# comes from socket there.)
PUT_OFF = ["logging", "dataclasses", *(["socket"] if os.name != "nt" else []), "secrets", "desktop_app.forms.project",
           "argparse", "desktop_app.core.draftfile.writer"]


def _python(code: str, tmp_path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT), "BUDGET_FORM_DATA_DIR": str(tmp_path / "data"),
           "PYTHONIOENCODING": "utf-8"}
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code), *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, encoding="utf-8", timeout=120)


def test_printing_a_department_draft_loads_neither_logging_nor_the_other_form(tmp_path):
    draft = tmp_path / "seed.jxmb"
    draftfile.save_draft(draft, jsonio.load(SEED_PATH))
    done = _python("""
        import json, sys
        from desktop_app import cli
        status = cli.main(["render", sys.argv[1], "-o", sys.argv[2]])
        print(json.dumps([status, sorted(m for m in sys.argv[3:] if m in sys.modules)]))
    """, tmp_path, str(draft), str(tmp_path / "seed.pdf"), *PUT_OFF)
    assert done.returncode == 0, done.stderr[-2000:]
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [0, []]
    assert (tmp_path / "seed.pdf").read_bytes().startswith(b"%PDF")


def test_the_draft_writer_is_there_when_asked_for(tmp_path):
    done = _python("""
        import sys
        from desktop_app.core import draftfile
        before = "desktop_app.core.draftfile.writer" in sys.modules
        print(before, draftfile.DraftWriter.__module__, draftfile.save_draft.__name__)
    """, tmp_path)
    assert done.stdout.split() == ["False", "desktop_app.core.draftfile.writer", "save_draft"], done.stderr[-2000:]


def test_the_other_form_is_built_when_a_file_of_it_is_opened(tmp_path):
    done = _python("""
        import sys
        from desktop_app import forms
        from desktop_app.core.files import load_form
        first = "desktop_app.forms.project" in sys.modules
        form = load_form(sys.argv[1])
        print(first, type(form).__name__, sorted(forms.MODELS) == sorted(m.spec.format_id for m in forms.MODELS.values()))
    """, tmp_path, str(ROOT / "resources" / "samples" / "project-form.json"))
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.split() == ["False", "ProjectForm", "True"]


def test_an_unexpected_error_in_a_command_is_still_logged_with_its_traceback(tmp_path):
    done = _python("""
        import sys
        from desktop_app import cli

        def broken(args):
            raise RuntimeError("boom in a command")

        text, arguments, _ = cli.COMMANDS["check"]
        cli.COMMANDS["check"] = (text, arguments, broken)
        sys.exit(cli.main(["check", sys.argv[1]]))
    """, tmp_path, str(SEED_PATH))
    assert done.returncode == 2
    assert "程序内部错误" in done.stderr and "Traceback" not in done.stderr
    log = (tmp_path / "data").rglob("*.log")
    text = "".join(path.read_text(encoding="utf-8") for path in log)
    assert "RuntimeError: boom in a command" in text and "Traceback" in text
