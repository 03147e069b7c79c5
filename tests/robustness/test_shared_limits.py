"""What the program writes, it reads back: the writers refuse what the readers would refuse —
a table of more rows than a draft may hold, a draft larger than a draft may be — with one clear
line, writing nothing."""

from __future__ import annotations

import copy
import json

import pytest

from desktop_app import cli
from desktop_app.core import draftfile, spec
from desktop_app.core.draftfile import DraftError, load_draft, writer
from desktop_app.core.synthetic import large_form

from .support import sha256


def test_json_with_more_rows_than_a_draft_holds_is_refused(tmp_path, seed_data, capsys):
    row = seed_data["indicators"][0]
    seed_data["indicators"] = [row] * (spec.MAX_ROWS + 1)
    source = tmp_path / "many.json"
    source.write_text(json.dumps(seed_data, ensure_ascii=False), encoding="utf-8")
    assert cli.main(["import", str(source), "-o", str(tmp_path / "d.jxmb")]) == 2
    assert f"{spec.MAX_ROWS} 行" in capsys.readouterr().err and not (tmp_path / "d.jxmb").exists()


def test_every_row_count_the_writer_takes_the_reader_takes(tmp_path, seed_form):
    seed_form.indicators = [copy.deepcopy(seed_form.indicators[0]) for _ in range(spec.MAX_ROWS)]
    draftfile.save_draft(tmp_path / "d.jxmb", seed_form)
    assert len(load_draft(tmp_path / "d.jxmb").indicators) == spec.MAX_ROWS
    seed_form.indicators.append(copy.deepcopy(seed_form.indicators[0]))
    with pytest.raises(DraftError, match="上限"):
        draftfile.save_draft(tmp_path / "d.jxmb", seed_form)
    assert len(load_draft(tmp_path / "d.jxmb").indicators) == spec.MAX_ROWS  # the last good save


@pytest.mark.parametrize("in_place", [False, True])
def test_a_draft_larger_than_a_draft_may_be_is_not_written(tmp_path, monkeypatch, in_place):
    draft = tmp_path / "d.jxmb"
    form = large_form(tasks=5, indicators=20)
    if in_place:
        draftfile.save_draft(draft, form)
    before = sha256(draft) if in_place else None
    monkeypatch.setattr(writer, "MAX_FILE_BYTES", 200_000)
    form.overall_goal = "目标" * 10_000
    form.tasks[0].content = "内容" * 10_000
    for task in form.tasks:
        task.goal = "甲" * 19_000
    with pytest.raises(DraftError, match="MB 的上限"):
        draftfile.DraftWriter(draft).save(form)
    assert (sha256(draft) if in_place else draft.exists()) == (before if in_place else False)
