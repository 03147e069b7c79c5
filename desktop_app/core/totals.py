"""The derived totals of 预算整体情况 and of the task amounts."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from . import labels
from .amounts import total
from .model import Form

# The rule "these totals must be equal" (FORM.md): one place, read by checks and the window.
BALANCED_TOTALS: tuple[str, ...] = (labels.EXPENDITURE_TOTAL, labels.INCOME_TOTAL, labels.LEVEL_TOTAL)


@dataclass(frozen=True)
class Totals:
    by_group: dict[str, Decimal]  # keyed by the group heading, e.g. 部门预算支出
    task_sum: Decimal
    project_expenditure: Decimal | None

    def __getitem__(self, heading: str) -> Decimal:
        return self.by_group[heading]

    @property
    def balanced(self) -> bool:
        """The three totals agree (missing amounts count as zero)."""
        return len({self.by_group[h] for h in BALANCED_TOTALS}) == 1

    @property
    def development(self) -> Decimal:
        return self.by_group[labels.DEVELOPMENT_TOTAL]


def compute_totals(form: Form) -> Totals:
    b = form.budget
    by_group = {heading: total(getattr(b, name) for name in names)
                for heading, names in labels.BUDGET_GROUPS}
    project = b.project_expenditure if isinstance(b.project_expenditure, Decimal) else None
    return Totals(by_group, total(t.amount for t in form.tasks), project)
