"""The reviewer's side of a self-evaluation: ``review`` rows carry its 总分, 自评等级 and 执行率
(``--json``: score_total, grade, execution_rate as a decimal fraction), and the summary workbook
holds them as numbers."""

from __future__ import annotations

import json
import shutil
from decimal import Decimal

from desktop_app.core import inbox, jsonio
from desktop_app.core.workbook import summary_xlsx
from tests.conftest import ROOT
from tests.robustness.support import run_cli

FIXTURE = ROOT / "tests" / "fixtures" / "self-eval-form.json"
PROJECT = ROOT / "resources" / "samples" / "project-form.json"


def _folder(tmp_path):
    box = tmp_path / "inbox"
    box.mkdir()
    shutil.copy(FIXTURE, box / "self.json")
    data = json.loads(FIXTURE.read_text(encoding="utf-8"))
    data["funds"]["total"]["executed"] = data["funds"]["fiscal"]["executed"] = "7.27"
    data["execution_score"] = None  # 10 × 7.27 / 7.29 = 9.97; 总分 9.97 + 84 = 93.97
    (box / "spent-less.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    shutil.copy(PROJECT, box / "project.json")
    return box


def test_review_json_gives_score_total_grade_and_execution_rate_of_a_self_evaluation(tmp_path):
    r = run_cli("review", str(_folder(tmp_path)), "--json")
    assert r.returncode == 0
    rows = {row["relative"]: row for row in json.loads(r.stdout)}
    assert (rows["self.json"]["score_total"], rows["self.json"]["grade"], rows["self.json"]["execution_rate"]) \
        == ("94.00", "优", "1.0000")
    # 7.27 / 7.29 = 0.99725... -> 0.9973
    assert (rows["spent-less.json"]["score_total"], rows["spent-less.json"]["execution_rate"]) == ("93.97", "0.9973")
    assert "score_total" not in rows["project.json"]  # another form's row has no such figures


def test_the_text_summary_names_them(tmp_path):
    r = run_cli("review", str(_folder(tmp_path)))
    line = next(x for x in r.stdout.decode("utf-8").splitlines() if x.startswith("spent-less.json"))
    assert "总分 93.97" in line and "自评等级 优" in line and "执行率 99.73%" in line


def test_the_workbook_holds_them_as_numbers(tmp_path):
    from openpyxl import load_workbook

    path = tmp_path / "summary.xlsx"
    path.write_bytes(summary_xlsx(inbox.review_folder(_folder(tmp_path))))
    ws = load_workbook(path).active
    header = [c.value for c in ws[1]]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    total, grade, rate = (rows["spent-less.json"][header.index(name)] for name in ("总分", "自评等级", "执行率"))
    assert isinstance(total.value, float) and Decimal(str(total.value)) == Decimal("93.97")
    assert isinstance(rate.value, float) and rate.number_format == "0.00%" and Decimal(str(rate.value)) == Decimal("0.9973")
    assert grade.value == "优"
    assert rows["project.json"][header.index("总分")].value is None


def test_figures_come_from_the_same_evaluation_as_the_check(tmp_path):
    form = jsonio.load(FIXTURE)
    entry = inbox.Entry(FIXTURE, "self.json")
    inbox.summarise(entry, form)
    assert entry.figures == {"score_total": Decimal("94.00"), "grade": "优", "execution_rate": Decimal("1.0000")}


def test_a_self_evaluation_whose_initial_budget_is_not_its_targets_annual_total_is_pointed_out(tmp_path):
    from desktop_app.core.draftfile import save_draft
    from desktop_app.forms.selfeval.start import self_evaluation_of

    target = jsonio.load(PROJECT)
    box = tmp_path / "box"
    box.mkdir()
    shutil.copy(PROJECT, box / "target.json")
    agreeing = self_evaluation_of(target)
    save_draft(box / "agreeing.jxmb", agreeing)
    rows = {e.relative: e for e in inbox.review_folder(box)}
    assert rows["agreeing.jxmb"].cross == [] and rows["target.json"].cross == []

    differing = self_evaluation_of(target)
    differing.funds.total_initial = differing.funds.fiscal_initial = Decimal(1100)
    save_draft(box / "agreeing.jxmb", differing)
    rows = {e.relative: e for e in inbox.review_folder(box)}
    assert len(rows["agreeing.jxmb"].cross) == 1
    assert "1,100.00" in rows["agreeing.jxmb"].cross[0] and "1,125.00" in rows["agreeing.jxmb"].cross[0]
    assert "target.json" in rows["agreeing.jxmb"].cross[0] and "agreeing.jxmb" in rows["target.json"].cross[0]
    r = run_cli("review", str(box))
    assert r.stdout.decode("utf-8").count("跨表核对：") == 1  # said once, on the self-evaluation

    differing.project_name = "另一个项目"  # not made from this target: nothing to compare
    save_draft(box / "agreeing.jxmb", differing)
    assert [e.cross for e in inbox.review_folder(box)] == [[], []]
