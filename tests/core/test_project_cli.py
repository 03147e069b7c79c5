"""Both forms through the command line (real processes, real exit codes), the project form's bad
input, and a program that knows only the department form meeting a project draft."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing

import pytest

from desktop_app.core import draftfile, jsonio
from desktop_app.core.draftfile import DraftError
from desktop_app.core.errors import FormError
from desktop_app.core.fingerprint import fingerprint
from desktop_app.printing.render import render_pdf
from tests import project as P
from tests.forms import IDS, MODELS, sample_dict, sample_path
from tests.robustness.support import assert_cli_refused, folder_state, run_cli, sha256


@pytest.mark.parametrize("model", MODELS, ids=IDS)
def test_import_export_check_render_of_each_form(tmp_path, model):
    source = sample_path(model.spec)
    draft = tmp_path / "d.jxmb"
    assert run_cli("import", str(source), "-o", str(draft)).returncode == 0
    exported = run_cli("export", str(draft), "-o", "-")
    assert exported.returncode == 0
    back = json.loads(exported.stdout)
    assert back.pop("form_id") and back.pop("form_revision") == 0  # import made the form: it has an identity
    assert back == sample_dict(model.spec)
    checked = run_cli("check", str(draft))
    assert checked.returncode == 0, checked.stdout
    assert f"内容指纹 {fingerprint(jsonio.load(source))}" in checked.stdout.decode("utf-8")
    for name, given in (("from-draft.pdf", draft), ("from-json.pdf", source)):
        assert run_cli("render", str(given), "-o", str(tmp_path / name)).returncode == 0
    assert (tmp_path / "from-draft.pdf").read_bytes() == (tmp_path / "from-json.pdf").read_bytes() \
        == render_pdf(jsonio.load(source))


def test_an_annual_total_that_disagrees_exits_1_naming_funds(tmp_path):
    data = sample_dict(P.FORM)
    data["funds"]["annual_fiscal"], data["funds"]["annual_other"] = "1000", "100"
    path = tmp_path / "un.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    result = run_cli("check", str(path), "--json")
    assert result.returncode == 1
    errors = [p for p in json.loads(result.stdout) if p["severity"] == "error"]
    assert [p["path"] for p in errors] == [P.ANNUAL_TOTAL]
    plain = run_cli("check", str(path)).stdout.decode("utf-8")
    assert "年度资金总额" in plain and "1,100.00" in plain


BAD_INPUT = {
    "a department-form key": (lambda d: d.__setitem__("budget", {}), "budget"),
    "a funds amount 1,1a25": (lambda d: d["funds"].__setitem__("annual_total", "1,1a25"), "funds.annual_total"),
    "a 10,000-character 项目属性": (lambda d: d.__setitem__("project_attribute", "新" * 10_000), "项目属性"),
    "an unknown 二级指标": (lambda d: d["indicators"][1].__setitem__("level2", "胡乱指标"), "绩效指标第2行"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUT))
def test_bad_project_input_is_refused_in_one_line_and_nothing_is_written(tmp_path, case):
    mutate, named = BAD_INPUT[case]
    data = sample_dict(P.FORM)
    mutate(data)
    source = tmp_path / "form.json"
    source.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    before = folder_state(tmp_path)
    message = assert_cli_refused(run_cli("import", str(source), "-o", str(tmp_path / "p.jxmb")))
    assert named in message
    assert folder_state(tmp_path) == before
    assert named in assert_cli_refused(run_cli("check", str(source)))


def test_a_draft_naming_an_unknown_format_is_refused_and_left_untouched(tmp_path):
    draft = tmp_path / "p.jxmb"
    draftfile.save_draft(draft, jsonio.load(P.SAMPLE_PATH))
    with closing(sqlite3.connect(draft)) as conn:
        conn.execute("UPDATE form SET format = 'project-performance-target/9'")
        conn.commit()
    before = sha256(draft)
    message = assert_cli_refused(run_cli("check", str(draft)))
    assert "project-performance-target/9" in message
    assert sha256(draft) == before


def test_a_build_that_knows_only_the_department_form_refuses_a_project_draft(tmp_path, monkeypatch):
    import desktop_app.forms as forms

    draft = tmp_path / "项目.jxmb"
    draftfile.save_draft(draft, jsonio.load(P.SAMPLE_PATH))
    before = sha256(draft)
    monkeypatch.setattr(forms, "MODELS", {forms.DEFAULT.spec.format_id: forms.DEFAULT})
    with pytest.raises(DraftError) as err:
        draftfile.load_draft(draft)
    assert P.FORMAT_ID in err.value.message and "不受本程序支持" in err.value.message
    assert "\n" not in err.value.message
    from desktop_app import cli

    assert cli.main(["check", str(draft)]) == cli.EXIT_UNUSABLE
    with pytest.raises(FormError) as json_err:
        jsonio.load(P.SAMPLE_PATH)
    assert P.FORMAT_ID in json_err.value.message
    assert sha256(draft) == before
