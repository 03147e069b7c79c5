"""Run by test_crash_safety in its own process, to be killed: opens a draft and edits and
autosaves it through ``DraftWriter`` for ever, as the window does.

Before each save it appends ``saving <fingerprint>`` to a side file and after the save
returns ``saved <fingerprint>``, each line written and fsync'd before going on; so whenever it
is killed, the side file tells which state was last fully saved and which (if any) was in
flight. Usage: ``autosave_worker.py DRAFT SIDEFILE SEED``.
"""

from __future__ import annotations

import os
import random
import sys
from decimal import Decimal

from desktop_app.core import draftfile
from desktop_app.core.fingerprint import fingerprint
from tests import department as labels
from tests.department import Indicator, Task

SLOTS = [(l1.name, l2.name) for l1 in labels.INDICATOR_TREE for l2 in l1.children]


def record(fd: int, tag: str, value: str) -> None:
    os.write(fd, f"{tag} {value}\n".encode("ascii"))
    os.fsync(fd)


def edit(form, rng: random.Random, n: int) -> None:
    """One change a clerk could make: mostly one field, sometimes a row added or removed."""
    roll = rng.random()
    if roll < 0.15 and len(form.tasks) < 90:
        form.tasks.insert(rng.randrange(len(form.tasks) + 1),
                          Task(name=f"新增任务{n}", content="内容" * rng.randint(1, 400),
                               amount=Decimal(rng.randint(0, 10**8)) / 100, goal=f"目标{n}"))
    elif roll < 0.30 and len(form.tasks) > 1:
        del form.tasks[rng.randrange(len(form.tasks))]
    elif roll < 0.40:
        level1, level2 = rng.choice(SLOTS)
        form.indicators.insert(rng.randrange(len(form.indicators) + 1),
                               Indicator(level1, level2, name=f"指标{n}", period_value="≥1", annual_value="≥1"))
    elif roll < 0.50 and len(form.indicators) > 1:
        del form.indicators[rng.randrange(len(form.indicators))]
    elif roll < 0.55:
        form.overall_goal = f"总体目标第{n}版：" + "推进各项工作。" * rng.randint(0, 6000)
    else:
        choice = rng.randrange(5)
        if choice == 0:
            form.department = f"某某局（第{n}次修改）"
        elif choice == 1 and form.tasks:
            form.tasks[rng.randrange(len(form.tasks))].content = f"修改{n}：" + "实施" * rng.randint(1, 300)
        elif choice == 2 and form.indicators:
            form.indicators[rng.randrange(len(form.indicators))].name = f"三级指标{n}"
        elif choice == 3:
            name = rng.choice(labels.BUDGET_FIELDS)
            form.set(f"budget.{name}", Decimal(rng.randint(0, 10**9)) / 100)
        else:
            form.signoff.date = f"2026-01-{n % 28 + 1:02d}（{n}）"


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
