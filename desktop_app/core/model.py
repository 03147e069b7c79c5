"""The form as plain Python objects.

Every field is addressed by its interchange path (``department``, ``budget.basic_expenditure``,
``tasks[2].amount``, ``signoff.preparer``): the JSON file, the checks, the draft file and the
window's widget names all use the same paths.

An amount slot holds a ``Decimal``, ``None`` when empty, or — when the clerk typed something
that is not a number — that text as a ``str``, so nothing typed is lost and the checks can say
what is wrong with it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Union

from . import labels
from .amounts import AmountError, parse_amount

AmountValue = Union[Decimal, str, None]


@dataclass
class Budget:
    basic_expenditure: AmountValue = None
    project_expenditure: AmountValue = None
    fiscal_appropriation: AmountValue = None
    other_funds: AmountValue = None
    special_funds: AmountValue = None
    other_development: AmountValue = None
    district_level: AmountValue = None
    transfer_to_lower: AmountValue = None


@dataclass
class Task:
    name: str = ""
    content: str = ""
    amount: AmountValue = None
    goal: str = ""


@dataclass
class Indicator:
    level1: str
    level2: str
    name: str = ""
    period_value: str = ""
    annual_value: str = ""


@dataclass
class Signoff:
    preparer: str = ""
    phone: str = ""
    head: str = ""
    date: str = ""


@dataclass
class Form:
    year: int | None = None
    department: str = ""
    budget: Budget = field(default_factory=Budget)
    overall_goal: str = ""
    tasks: list[Task] = field(default_factory=list)
    other_tasks: str = ""
    indicators: list[Indicator] = field(default_factory=list)
    signoff: Signoff = field(default_factory=Signoff)

    # -- access by interchange path -------------------------------------------------------

    def get(self, path: str):
        obj, name = self._resolve(path)
        return getattr(obj, name)

    def set(self, path: str, value) -> None:
        obj, name = self._resolve(path)
        setattr(obj, name, value)

    def _resolve(self, path: str):
        obj: object = self
        parts = path.split(".")
        for part in parts[:-1]:
            obj = _step(obj, part)
        last = parts[-1]
        if "[" in last or not hasattr(obj, last):
            raise KeyError(path)
        return obj, last

    # -- indicators under the fixed tree -------------------------------------------------

    def indicator_groups(self) -> list[tuple[str, list[tuple[str, list[tuple[int, Indicator]]]]]]:
        """三级指标 grouped under the fixed 一级/二级 tree, in print order.

        Every 二级指标 slot appears, empty or not. A slot's label is the wording the draft used
        (环境效益指标 stays 环境效益指标); a slot filled under several wordings (the later split
        of 成本指标) prints one row group per wording. Each indicator comes with its index in
        ``self.indicators`` so a printed or listed row can lead back to the field.
        """
        groups = []
        for l1 in labels.INDICATOR_TREE:
            rows = []
            for l2 in l1.children:
                by_wording: dict[str, list[tuple[int, Indicator]]] = {}
                for index, ind in enumerate(self.indicators):
                    if ind.level1 == l1.name and ind.level2 in l2.names:
                        by_wording.setdefault(ind.level2, []).append((index, ind))
                if not by_wording:
                    by_wording[l2.name] = []
                rows.extend(by_wording.items())
            groups.append((l1.name, rows))
        return groups


_INDEXED = re.compile(r"(\w+)\[(\d+)\]")


def _step(obj: object, part: str) -> object:
    m = _INDEXED.fullmatch(part)
    if m:
        return getattr(obj, m.group(1))[int(m.group(2))]
    if not hasattr(obj, part):
        raise KeyError(part)
    return getattr(obj, part)


def amount_from_text(text: str) -> tuple[AmountValue, str | None]:
    """What an amount field holds once ``text`` is typed into it, and what is wrong with it.

    Text that is not a number is kept as typed (so it is saved and can be corrected), with the
    message that explains it.
    """
    try:
        return parse_amount(text), None
    except AmountError as err:
        return text, err.message


def new_form() -> Form:
    """An empty form, as a clerk starts it."""
    return Form()

