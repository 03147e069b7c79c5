"""``next-year DRAFT -o NEW`` for every declared form: the year one later, every amount and date
empty, texts, rows and indicators kept with their values, the review gone; the output checked
and locked as ``import -o`` does."""

from __future__ import annotations

import json

import pytest

from desktop_app.core import checks, identity, jsonio, locks
from desktop_app.core import spec as S
from desktop_app.core.draftfile import load_draft, save_draft
from desktop_app.core.errors import FormError
from desktop_app.core.nextyear import next_year
from desktop_app.core.review import Comment, Review
from tests.forms import IDS, MODELS, sample_dict

from ..robustness.support import assert_cli_refused, run_cli, sha256


def _reviewed_sample(model):
    form = jsonio.loads(json.dumps(sample_dict(model.spec), ensure_ascii=False))
    form.year = 2026
    for path, f in model.spec.scalar_paths():
        if f.kind == S.DATE:
            form.set(path, "2026-01-15")
    form.review = Review("良", "张审核", "2026-03-01", "小幅修改后实施", [Comment("year", "？")])
    return form


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_next_year_keeps_what_was_written_and_clears_this_year_s_filing(model):
    form = _reviewed_sample(model)
    new = next_year(form)
    assert form.year == 2026 and form.review.verdict == "良"  # the source is left as it was
    assert new.year == 2027
    assert new.review == Review()
    for path, f in model.spec.scalar_paths():
        if f.kind.decimal:  # amounts, and a self-evaluation's scores: this year's
            assert new.get(path) is None, path
        elif f.kind == S.DATE:
            assert new.get(path) == "", path
        elif f.kind != S.YEAR:
            assert new.get(path) == form.get(path), path
    for table in model.spec.tables:
        assert len(new.rows(table.key)) == len(form.rows(table.key)) > 0
        for old_row, new_row in zip(form.rows(table.key), new.rows(table.key)):
            for c in table.columns:
                want = None if c.kind.decimal else getattr(old_row, c.key)
                assert getattr(new_row, c.key) == want
    # what is left to fill in next year: the amounts
    assert any(p.severity == checks.ERROR for p in checks.check(new)) or not any(
        f.required for _, f in model.spec.scalar_paths() if f.kind == S.AMOUNT)


def test_a_form_without_a_year_stays_without_one(seed_form):
    assert seed_form.year is None and next_year(seed_form).year is None


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_the_command_writes_a_new_draft(model, tmp_path):
    source, target = tmp_path / "this.jxmb", tmp_path / "next.jxmb"
    form = _reviewed_sample(model)
    form.identity = identity.Identity(identity.new_id(), 3)
    save_draft(source, form)
    before = sha256(source)
    r = run_cli("next-year", str(source), "-o", str(target))
    assert r.returncode == 0, r.stderr.decode()
    assert "2027" in r.stdout.decode()
    made = load_draft(target)
    expected = next_year(form)
    # A new form: its own identity, recording the one it came from.
    assert made.identity.form_id not in ("", form.identity.form_id)
    assert (made.identity.source_id, made.identity.revision) == (form.identity.form_id, 0)
    expected.identity = made.identity
    assert made == expected
    assert sha256(source) == before


def test_the_command_takes_json_too(tmp_path, seed_data):
    seed_data["year"] = 2025
    source = tmp_path / "seed.json"
    source.write_text(json.dumps(seed_data, ensure_ascii=False), encoding="utf-8")
    assert run_cli("next-year", str(source), "-o", str(tmp_path / "n.jxmb")).returncode == 0
    assert load_draft(tmp_path / "n.jxmb").year == 2026


def test_the_output_is_checked_and_locked_like_import(tmp_path, seed_draft):
    assert "就是要读取的文件" in assert_cli_refused(run_cli("next-year", str(seed_draft), "-o", str(seed_draft)))
    assert "保留的设备名" in assert_cli_refused(run_cli("next-year", str(seed_draft), "-o", str(tmp_path / "CON.jxmb")))
    assert "文件夹" in assert_cli_refused(run_cli("next-year", str(seed_draft), "-o", str(tmp_path)))
    busy = tmp_path / "open.jxmb"
    save_draft(busy, load_draft(seed_draft))
    before = sha256(busy)
    held = locks.acquire(busy)
    try:
        assert "正在" in assert_cli_refused(run_cli("next-year", str(seed_draft), "-o", str(busy)))
    finally:
        held.lock.release()
    assert sha256(busy) == before
    (tmp_path / "empty.jxmb").write_bytes(b"")
    assert_cli_refused(run_cli("next-year", str(tmp_path / "empty.jxmb"), "-o", str(tmp_path / "x.jxmb")))
    assert not (tmp_path / "x.jxmb").exists()


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_the_last_year_a_field_holds_has_no_next_one(model, tmp_path):
    form = _reviewed_sample(model)
    form.year = 9998
    assert next_year(form).year == 9999
    form.year = 9999
    with pytest.raises(FormError, match="9999"):
        next_year(form)
    source, target = tmp_path / "this.jxmb", tmp_path / "next.jxmb"
    save_draft(source, form)
    assert "最后一个年度" in assert_cli_refused(run_cli("next-year", str(source), "-o", str(target)))
    assert not target.exists()
