"""A large, realistic form made up on demand: for pagination tests and benchmarks.

Deterministic for given arguments, so two runs measure and print the same thing. Budget figures
balance and the indicator tree is filled in every 二级指标 slot.
"""

from __future__ import annotations

import random
from decimal import Decimal

from . import labels
from .model import Budget, Form, Indicator, Signoff, Task

_PHRASES = (
    "推进知识城科技创新及知识产权工作", "做好企业跟踪联系服务", "强化各重点领域的项目合作",
    "统筹对外形象策划与品牌推广（含专项经费）", "加快各级规划报审报批，协助基础设施建设",
    "保障住户居住环境的安全、干净卫生", "提高居民生活的幸福感、获得感", "打造粤港澳大湾区创新策源地",
    "《知识产权综合改革试验方案》落实", "推动高水平科技创新载体和平台建设；", "建设全球知识产权高地。",
)


def _text(rng: random.Random, length: int) -> str:
    out = ""
    while len(out) < length:
        out += rng.choice(_PHRASES) + rng.choice("，，。；、")
    return out[:length]


def large_form(tasks: int = 60, indicators: int = 400, text_length: int = 160, seed: int = 1) -> Form:
    rng = random.Random(seed)
    task_rows = [Task(name=f"重点任务{i + 1}：" + _text(rng, 14), content=_text(rng, text_length),
                      amount=Decimal(rng.randint(100, 999999)) / 100, goal=_text(rng, text_length // 2))
                 for i in range(tasks)]
    task_sum = sum((t.amount for t in task_rows), Decimal("0.00"))
    project = task_sum + Decimal("12345.67")
    basic = Decimal("3738.1100")
    total = basic + project
    slots = [(l1.name, l2.name) for l1 in labels.INDICATOR_TREE for l2 in l1.children]
    rows = []
    for i in range(indicators):
        level1, level2 = slots[i % len(slots)]
        n = rng.randint(1, 5000)
        rows.append(Indicator(level1, level2, name=f"指标{i + 1}：" + _text(rng, 24),
                              period_value=f"≥{n * 10}人次", annual_value=f"≥{n}人次"))
    rows.sort(key=lambda x: slots.index((x.level1, x.level2)))
    return Form(
        year=2026,
        department="广州市黄埔区某某局（部门）",
        budget=Budget(basic_expenditure=basic, project_expenditure=project, fiscal_appropriation=total,
                      other_funds=Decimal("0.00"), special_funds=Decimal("968.1918"),
                      other_development=Decimal("0.00"), district_level=total,
                      transfer_to_lower=Decimal("0.00")),
        overall_goal=_text(rng, text_length * 4),
        tasks=task_rows,
        other_tasks=_text(rng, text_length),
        indicators=rows,
        signoff=Signoff(preparer="张三", phone="020-12345678", head="李四", date="2026-01-15"),
    )
