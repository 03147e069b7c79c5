"""Computes every pinned output from the program's outside interfaces (the command line, the
draft file's tables, the printed bytes), so a refactor that keeps them is invisible to the
clerk. ``python -m tests.pins.pinned --write`` records them anew: only when a change of output
is intended, and say so in the commit."""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import re
import sqlite3
import sys
import tempfile
from contextlib import closing
from pathlib import Path

from desktop_app.core import fingerprint

from . import variants

PINS_PATH = Path(__file__).with_name("department.json")
LARGE_PATH = Path(__file__).resolve().parents[1] / "fixtures" / "large-department.json"


def _cli(*argv: str) -> tuple[int, str]:
    from desktop_app import cli

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        status = cli.main(list(argv))
    return status, out.getvalue()


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _tables(path: Path) -> dict:
    with closing(sqlite3.connect(path)) as conn:
        names = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' ORDER BY name")]
        out = {}
        for name in names:
            if name == "identity":  # made at import, different every time: not what was pinned
                continue
            cols = [r[1] for r in conn.execute(f"PRAGMA table_info([{name}])")]
            rows = conn.execute(f"SELECT * FROM [{name}] ORDER BY 1").fetchall()
            out[name] = {"columns": cols, "rows": [list(r) for r in rows]}
        return out


def compute() -> dict:
    from desktop_app.core import draftfile, jsonio

    pins: dict = {"check": {}, "check_text": {}}
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        sources = {}
        for name, make in variants.JSON_VARIANTS.items():
            path = tmp / f"{name}.json"
            path.write_text(json.dumps(make(), ensure_ascii=False), encoding="utf-8")
            sources[name] = path
        for name in variants.DRAFT_VARIANTS:
            sources[name] = variants.make_draft_variant(name, tmp / f"{name}.jxmb", draftfile.save_draft,
                                                        jsonio.from_dict)
        for name, path in sources.items():
            status, text = _cli("check", str(path), "--json")
            pins["check"][name] = {"status": status, "problems": json.loads(text)}
            status, text = _cli("check", str(path))
            pins["check_text"][name] = {"status": status, "lines": text.splitlines()}

        seed_draft = tmp / "seed.jxmb"
        assert _cli("import", str(variants.SEED_PATH), "-o", str(seed_draft))[0] == 0
        pins["seed_tables"] = _tables(seed_draft)
        assert _cli("export", str(seed_draft), "-o", str(tmp / "back.json"))[0] == 0
        # Without the identity import made (random; core/identity.py), as the output was pinned.
        pins["seed_export"] = re.sub(r'\n  "form_id": "[0-9a-f]{32}",\n  "form_revision": 0,', "",
                                     (tmp / "back.json").read_text(encoding="utf-8"))
        assert _cli("render", str(seed_draft), "-o", str(tmp / "seed.pdf"))[0] == 0
        pins["seed_pdf_sha256"] = _sha((tmp / "seed.pdf").read_bytes())

        # Frozen output of the former ``synthetic.large_form()``: the pin is of the program, not of
        # the generator.
        large = jsonio.load(LARGE_PATH)
        pins["large_export_sha256"] = _sha(jsonio.dumps(large).encode("utf-8"))
        draftfile.save_draft(tmp / "large.jxmb", large)
        pins["large_tables_sha256"] = _sha(json.dumps(_tables(tmp / "large.jxmb"), ensure_ascii=False).encode())
        assert _cli("render", str(tmp / "large.jxmb"), "-o", str(tmp / "large.pdf"))[0] == 0
        pins["large_pdf_sha256"] = _sha((tmp / "large.pdf").read_bytes())
        status, text = _cli("check", str(tmp / "large.jxmb"), "--json")
        pins["check"]["large"] = {"status": status, "problems": json.loads(text)}
        pins["large_fingerprint"] = fingerprint.fingerprint(large)
        pins["seed_fingerprint"] = fingerprint.fingerprint(jsonio.load(variants.SEED_PATH))
    return pins


if __name__ == "__main__":
    if "--write" not in sys.argv:
        sys.exit("usage: python -m tests.pins.pinned --write   (records the current outputs as the pins)")
    PINS_PATH.write_text(json.dumps(compute(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {PINS_PATH}")
