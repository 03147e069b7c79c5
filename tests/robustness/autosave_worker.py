"""Run by test_crash_safety in its own process, to be killed: opens a draft and edits and
autosaves it through ``DraftWriter`` for ever, as the window does.

Before each save it appends ``saving <fingerprint>`` to a side file and after the save
returns ``saved <fingerprint>``, each line written and fsync'd before going on; so whenever it
is killed, the side file tells which state was last fully saved and which (if any) was in
flight. Usage: ``autosave_worker.py DRAFT SIDEFILE SEED``.
"""

from __future__ import annotations

import copy
import os
import random
import sys
from decimal import Decimal

from desktop_app.core import draftfile
from desktop_app.core import spec as S
from desktop_app.core.fingerprint import fingerprint
from tests.forms import shape


def record(fd: int, tag: str, value: str) -> None:
    os.write(fd, f"{tag} {value}\n".encode("ascii"))
    os.fsync(fd)


def edit(form, rng: random.Random, n: int) -> None:
    """One change a clerk could make to any form: mostly one field, sometimes a row added or
    removed (a copy of a row of the same table, so an indicator stays under its 二级指标)."""
    sh = shape(form.spec)
    tables = [t for t in form.spec.tables if form.rows(t.key)]
    table = rng.choice(tables)
    rows = form.rows(table.key)
    text_column = next(c.key for c in table.value_columns if c.kind in (S.TEXT, S.LONG_TEXT))
    roll = rng.random()
    if roll < 0.25 and len(rows) < 500:
        row = copy.copy(rng.choice(rows))
        setattr(row, text_column, f"新增{n}：" + "内容" * rng.randint(1, 400))
        rows.insert(rng.randrange(len(rows) + 1), row)
    elif roll < 0.50 and len(rows) > 1:
        del rows[rng.randrange(len(rows))]
    elif roll < 0.55:
        form.set(sh.long_text, f"第{n}版：" + "推进各项工作。" * rng.randint(0, 6000))
    else:
        choice = rng.randrange(4)
        if choice == 0:
            form.set(sh.text, f"某某局（第{n}次修改）")
        elif choice == 1:
            setattr(rng.choice(rows), text_column, f"修改{n}：" + "实施" * rng.randint(1, 300))
        elif choice == 2:
            form.set(f"{sh.group}.{sh.amount}", Decimal(rng.randint(0, 10**9)) / 100)
        else:
            form.set(f"{sh.last_group}.{sh.last_field}", f"第{n}次填写")


def main(draft: str, side: str, seed: int) -> None:
    rng = random.Random(seed)
    form = draftfile.load_draft(draft)
    writer = draftfile.DraftWriter(draft)
    fd = os.open(side, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    record(fd, "saved", fingerprint(form))  # what the draft holds as we start
    n = 0
    while True:
        edit(form, rng, n)
        value = fingerprint(form)
        record(fd, "saving", value)
        writer.save(form)
        record(fd, "saved", value)
        n += 1


if __name__ == "__main__":  # run with PYTHONPATH at the source tree
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
