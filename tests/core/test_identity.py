"""A form's identity (``core.identity``): made when a form is first created, kept by a copy, a
save, export/import, held to one set of limits by every reader and writer, never part of the
内容指纹; a draft of format 2.0 opens without one and is saved as 2.1; ``next-year`` makes a new
one recording its source; ``review --json`` marks the latest file of each identity, and the check
across forms counts only that one."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from contextlib import closing
from decimal import Decimal

import pytest

from desktop_app.core import draftfile, fingerprint, identity as I, inbox, jsonio
from desktop_app.core.draftfile import DraftError, load_draft, save_draft
from desktop_app.core.errors import FormError
from desktop_app.forms import department, project
from tests.forms import IDS, MODELS, sample_dict

from ..robustness.support import run_cli, sha256

FORM_ID = "0123456789abcdef0123456789abcdef"
SOURCE_ID = "fedcba9876543210fedcba9876543210"


def _form(form_spec, **ident):
    form = jsonio.loads(json.dumps(sample_dict(form_spec), ensure_ascii=False))
    if ident:
        form.identity = I.Identity(**ident)
    return form


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_the_identity_travels_through_draft_json_and_a_plain_copy(model, tmp_path):
    form = _form(model.spec, form_id=FORM_ID, revision=3, source_id=SOURCE_ID)
    save_draft(tmp_path / "a.jxmb", form)
    shutil.copyfile(tmp_path / "a.jxmb", tmp_path / "copy.jxmb")  # what `cp` does
    assert load_draft(tmp_path / "copy.jxmb").identity == form.identity
    data = jsonio.to_dict(load_draft(tmp_path / "a.jxmb"))
    assert (data["form_id"], data["form_revision"], data["source_form_id"]) == (FORM_ID, 3, SOURCE_ID)
    back = jsonio.loads(jsonio.dumps(form))
    assert back == form and back.identity == form.identity


def test_the_identity_is_not_content(seed_form):
    before = fingerprint.fingerprint(seed_form), fingerprint.legacy(seed_form)
    seed_form.identity = I.Identity(FORM_ID, 5, SOURCE_ID)
    assert (fingerprint.fingerprint(seed_form), fingerprint.legacy(seed_form)) == before


def test_two_copies_of_one_form_with_different_identities_are_equal_forms(seed_form):
    import copy

    other = copy.deepcopy(seed_form)
    other.identity = I.Identity(FORM_ID, 2)
    assert other == seed_form
    other.review.verdict = "良"  # the review, unlike the identity, is part of a form's equality
    assert other != seed_form


def test_a_form_without_an_identity_is_written_as_before(seed_form, tmp_path):
    assert "form_id" not in jsonio.to_dict(seed_form)
    save_draft(tmp_path / "d.jxmb", seed_form)
    with closing(sqlite3.connect(tmp_path / "d.jxmb")) as conn:
        assert conn.execute("SELECT count(*) FROM identity").fetchone()[0] == 0


def test_import_gives_a_new_form_an_identity_and_keeps_one_it_has(tmp_path, seed_data):
    src = tmp_path / "seed.json"
    src.write_text(json.dumps(seed_data, ensure_ascii=False), encoding="utf-8")
    assert run_cli("import", str(src), "-o", str(tmp_path / "a.jxmb")).returncode == 0
    assert run_cli("import", str(src), "-o", str(tmp_path / "b.jxmb")).returncode == 0
    a, b = (load_draft(tmp_path / n).identity for n in ("a.jxmb", "b.jxmb"))
    assert a.form_id and b.form_id and a.form_id != b.form_id  # two forms created
    seed_data.update(form_id=FORM_ID, form_revision=2)
    src.write_text(json.dumps(seed_data, ensure_ascii=False), encoding="utf-8")
    assert run_cli("import", str(src), "-o", str(tmp_path / "c.jxmb")).returncode == 0
    assert load_draft(tmp_path / "c.jxmb").identity == I.Identity(FORM_ID, 2)


@pytest.mark.parametrize("change, words", [
    ({"form_id": "not-an-id"}, "表单标识"),
    ({"form_id": FORM_ID.upper()}, "表单标识"),
    ({"form_id": 12}, "form_id"),
    ({"form_id": FORM_ID, "form_revision": 2.5}, "修订号"),
    ({"form_id": FORM_ID, "form_revision": -1}, "修订号"),
    ({"form_id": FORM_ID, "form_revision": 10 ** 400}, "修订号"),
    ({"form_id": FORM_ID, "form_revision": "1"}, "修订号"),
    ({"form_revision": 1}, "没有表单标识"),
    ({"form_id": FORM_ID, "source_form_id": "x" * 32}, "来源表单标识"),
])
def test_json_with_an_identity_no_writer_makes_is_refused(seed_data, change, words):
    seed_data.update(change)
    with pytest.raises(FormError) as info:
        jsonio.loads(json.dumps(seed_data, ensure_ascii=False))
    assert words in info.value.message


def test_the_writer_refuses_what_the_reader_would(seed_form, tmp_path):
    seed_form.identity = I.Identity("x" * 32)
    with pytest.raises(DraftError) as info:
        save_draft(tmp_path / "d.jxmb", seed_form)
    assert "表单标识" in info.value.message and not (tmp_path / "d.jxmb").exists()
    with pytest.raises(FormError):
        jsonio.to_dict(seed_form)


@pytest.mark.parametrize("sql", [
    f"INSERT INTO identity VALUES (1, 'nope', 0, '')",
    f"INSERT INTO identity VALUES (1, '{FORM_ID}', -3, '')",
    f"INSERT INTO identity VALUES (1, '{FORM_ID}', 0, ''), (2, '{SOURCE_ID}', 0, '')",
    f"INSERT INTO identity VALUES (1, '{FORM_ID}', 'x2', '')",
])
def test_a_draft_with_an_identity_no_writer_makes_is_refused_untouched(seed_draft, sql):
    with closing(sqlite3.connect(seed_draft)) as conn:
        conn.execute(sql)
        conn.commit()
    before = sha256(seed_draft)
    with pytest.raises(DraftError):
        load_draft(seed_draft)
    assert sha256(seed_draft) == before


def _as_version_2_0(path):
    with closing(sqlite3.connect(path)) as conn:
        conn.execute("DROP TABLE identity")
        conn.execute("PRAGMA user_version=2")
        conn.commit()


def test_a_version_2_0_draft_opens_without_an_identity_and_is_saved_as_2_1(seed_draft, seed_form):
    _as_version_2_0(seed_draft)
    before = sha256(seed_draft)
    form = load_draft(seed_draft)
    assert form == seed_form and form.identity == I.Identity()
    assert sha256(seed_draft) == before
    I.ensure(form)
    save_draft(seed_draft, form)
    with closing(sqlite3.connect(seed_draft)) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == draftfile.SCHEMA_VERSION == 2001
    assert load_draft(seed_draft).identity == form.identity != I.Identity()


def test_a_version_2_0_draft_with_the_new_table_already_is_refused(seed_draft):
    with closing(sqlite3.connect(seed_draft)) as conn:
        conn.execute("PRAGMA user_version=2")
        conn.commit()
    with pytest.raises(DraftError):
        load_draft(seed_draft)


def test_the_sides_advance_the_revision_when_they_hand_the_form_over():
    sent = I.created()
    assert (sent.revision, sent.submission, sent.returned) == (0, 1, False)
    back = I.handed_back(sent)
    assert (back.form_id, back.revision, back.returned) == (sent.form_id, 1, True)
    assert I.handed_back(back) == back  # returning the returned copy again is the same hand-over
    again = I.resubmitted(back)
    assert (again.form_id, again.revision, again.submission, again.returned) == (sent.form_id, 2, 2, False)
    assert I.resubmitted(again) == again  # further edits are the same submission
    made = I.derived(again)
    assert made.form_id != sent.form_id and (made.source_id, made.revision) == (sent.form_id, 0)


def test_next_year_is_a_new_form_recording_its_source(seed_form):
    from desktop_app.core.nextyear import next_year

    seed_form.identity = I.Identity(FORM_ID, 4)
    new = next_year(seed_form)
    assert new.identity.form_id not in ("", FORM_ID) and new.identity.source_id == FORM_ID
    assert seed_form.identity == I.Identity(FORM_ID, 4)


# -- the folder -----------------------------------------------------------------------------------

def test_review_json_gives_a_returned_copy_and_its_resubmission_one_form_id_the_latter_latest(tmp_path):
    box = tmp_path / "inbox"
    box.mkdir()
    sent = _form(project.FORM, form_id=FORM_ID, revision=0)
    save_draft(box / "sent.jxmb", sent)
    returned = _form(project.FORM, **vars_of(I.handed_back(sent.identity)))
    save_draft(box / "returned.jxmb", returned)
    again = _form(project.FORM, **vars_of(I.resubmitted(returned.identity)))
    again.review.comments = []
    save_draft(box / "again.jxmb", again)
    # The resubmission is the oldest file: its revision, not its time, makes it the latest.
    os.utime(box / "again.jxmb", (1_000_000, 1_000_000))
    shutil.copyfile(box / "sent.jxmb", box / "cp-of-sent.jxmb")
    r = run_cli("review", str(box), "--json")
    rows = {row["relative"]: row for row in json.loads(r.stdout)}
    assert {row["form_id"] for row in rows.values()} == {FORM_ID}
    assert [n for n, row in rows.items() if row["latest"]] == ["again.jxmb"]
    assert (rows["again.jxmb"]["submission"], rows["returned.jxmb"]["submission"]) == (2, 1)
    assert rows["again.jxmb"]["revision"] == 2 and rows["returned.jxmb"]["revision"] == 1


def vars_of(ident: I.Identity) -> dict:
    return {"form_id": ident.form_id, "revision": ident.revision, "source_id": ident.source_id}


def test_the_cross_check_counts_the_latest_of_each_form_even_when_its_names_changed(tmp_path):
    dept = _form(department.FORM)
    dept.department, dept.year = "县财政局", 2026
    dept.budget.project_expenditure = Decimal("1000")
    first = _form(project.FORM, form_id=FORM_ID, revision=0)
    first.project_name, first.department, first.year = "甲项目", "县财政局", 2026
    first.funds.annual_total = Decimal("600")
    again = _form(project.FORM, form_id=FORM_ID, revision=2)
    # The clerk corrected the project's name: the same form all the same.
    again.project_name, again.department, again.year = "甲项目（更正）", "县财政局", 2026
    again.funds.annual_total = Decimal("700")
    for name, form in (("dept.jxmb", dept), ("p1.jxmb", first), ("p1-again.jxmb", again)):
        save_draft(tmp_path / name, form)
    os.utime(tmp_path / "p1-again.jxmb", (1_000_000, 1_000_000))  # older on disk, newer by revision
    found = {e.relative: e for e in inbox.review_folder(tmp_path)}
    assert found["dept.jxmb"].cross == []  # 700, not 1300
    assert not found["p1.jxmb"].latest and found["p1-again.jxmb"].latest
    again.funds.annual_total = Decimal("1200")
    save_draft(tmp_path / "p1-again.jxmb", again)
    found = {e.relative: e for e in inbox.review_folder(tmp_path)}
    assert len(found["dept.jxmb"].cross) == 1 and "p1-again.jxmb" in found["dept.jxmb"].cross[0]
    assert "p1.jxmb" not in found["dept.jxmb"].cross[0].replace("p1-again.jxmb", "")


def test_the_workbook_says_who_reviewed_when_what_the_submission_is_and_why_a_row_is_flagged(tmp_path):
    import openpyxl

    from desktop_app.core import review as R

    box = tmp_path / "box"
    box.mkdir()
    reviewed = _form(department.FORM, form_id=FORM_ID, revision=2)
    reviewed.budget.basic_expenditure = Decimal("968.1918")  # unbalances the three totals: flagged
    reviewed.review = R.Review("中", "张审核", "2026-03-01", "目标需细化，\n请修改后重新报送。",
                               [R.Comment("department", "全称？", True), R.Comment("year", "？")])
    save_draft(box / "reviewed.jxmb", reviewed)
    save_draft(box / "clean.jxmb", _form(project.FORM))
    out = tmp_path / "summary.xlsx"
    assert run_cli("review", str(box), "-o", str(out)).returncode == 0
    ws = openpyxl.load_workbook(out).active
    headers = [c.value.replace("\n", "") for c in ws[1]]
    rows = {ws.cell(r, 1).value: {h: ws.cell(r, c + 1).value for c, h in enumerate(headers)} for r in (2, 3)}
    row = rows["reviewed.jxmb"]
    assert (row["审核人"], row["审核日期"], row["报送次数"]) == ("张审核", "2026-03-01", "第 2 次（已处理 1/2）")
    assert row["审核意见"] == "目标需细化， 请修改后重新报送。"
    assert "错误：" in row["问题"] and "部门预算支出" in row["问题"]
    assert rows["clean.jxmb"]["问题"] is None and rows["clean.jxmb"]["报送次数"] == "第 1 次"


def test_a_self_evaluation_is_a_new_form_recording_its_target():
    from desktop_app.forms.selfeval.start import self_evaluation_of

    target = _form(project.FORM, form_id=FORM_ID, revision=2)
    made = self_evaluation_of(target)
    assert made.identity.form_id not in ("", FORM_ID)
    assert (made.identity.source_id, made.identity.revision) == (FORM_ID, 0)
