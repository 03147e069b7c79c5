"""The forms whose outputs are pinned: the seed, edits of it made at the interchange level (so
they mean the same whatever the model looks like), and drafts holding what JSON cannot (an
amount kept as typed text), made by editing a draft's rows with plain SQL."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SEED_PATH = ROOT / "resources" / "samples" / "seed-form.json"


def seed() -> dict:
    return json.loads(SEED_PATH.read_text(encoding="utf-8"))


def _edit(**changes):
    def make():
        data = seed()
        for path, value in changes.items():
            target = data
            *parents, last = path.split("/")
            for part in parents:
                target = target[int(part)] if part.isdigit() else target[part]
            if value is _DELETE:
                if isinstance(target, list):
                    del target[int(last)]
                else:
                    del target[last]
            else:
                target[int(last) if last.isdigit() else last] = value
        return data
    return make


_DELETE = object()


def _without_satisfaction():
    data = seed()
    data["indicators"] = [i for i in data["indicators"] if i["level1"] != "满意度指标"]
    return data


def _empty():
    data = seed()
    data.update(year=None, department="", overall_goal="", tasks=[], other_tasks="", indicators=[],
                signoff=None)
    data["budget"] = {k: None for k in data["budget"]}
    return data


def _extra_rows():
    data = seed()
    data["tasks"].append({"name": "", "content": "", "amount": "1.00", "goal": ""})
    data["indicators"].append({"level1": "效益指标", "level2": "环境效益指标", "name": "绿化覆盖率",
                               "period_value": "≥40%", "annual_value": "≥40%"})
    data["indicators"].append({"level1": "产出指标", "level2": "经济成本指标", "name": "单位成本",
                               "period_value": "", "annual_value": "≤10万元"})
    return data


# name -> interchange dict
JSON_VARIANTS = {
    "seed": seed,
    "unbalanced_income": _edit(**{"budget/fiscal_appropriation": "150000.00"}),
    "unbalanced_expenditure": _edit(**{"budget/basic_expenditure": "3738.12"}),
    "all_three_differ": _edit(**{"budget/basic_expenditure": "1", "budget/fiscal_appropriation": "2"}),
    "development_over_project": _edit(**{"budget/special_funds": "153811.52"}),
    "task_sum_over_project": _edit(**{"tasks/0/amount": "153811.51"}),
    "negative_and_precise": _edit(**{"tasks/2/amount": "-1.00", "budget/other_funds": "0.0000001"}),
    "six_decimals": _edit(**{"budget/basic_expenditure": "3738.110000"}),
    "missing_amount": _edit(**{"tasks/2/amount": None, "budget/transfer_to_lower": None}),
    "required_parts": _edit(department="  ", overall_goal="", tasks=[]),
    "without_satisfaction": _without_satisfaction,
    "annual_over_period": _edit(**{"indicators/1/annual_value": "≥5000人"}),
    "bad_date": _edit(**{"signoff/date": "2026年1月15日"}),
    "rare_character": _edit(department="𠮷野家（某某局）\u200b"),
    "extra_rows": _extra_rows,
    "empty": _empty,
    "grouped_amounts": _edit(**{"budget/basic_expenditure": "3,738.11", "budget/project_expenditure": "１５３８１１.５１"}),
}

# name -> (table, column, SQL value) applied to the seed's draft
DRAFT_VARIANTS = {
    "typed_text_amount": [("budget", "basic_expenditure", "3,7a8.11"), ("tasks", "amount", "五百")],
}


def make_draft_variant(name: str, path: Path, save_draft, from_dict) -> Path:
    save_draft(path, from_dict(seed()))
    with closing(sqlite3.connect(path)) as conn:
        for table, column, value in DRAFT_VARIANTS[name]:
            key = "id" if table in ("budget", "form", "signoff") else "position"
            conn.execute(f"UPDATE [{table}] SET [{column}] = ? WHERE [{key}] = (SELECT min([{key}]) FROM [{table}])",
                         (value,))
        conn.commit()
    return path
