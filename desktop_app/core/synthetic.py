"""A large, realistic form made up on demand, for any declared form: its sample, enlarged.

For pagination and robustness tests and for benchmarks. Deterministic for given arguments, so
two runs measure and print the same thing. The sample's own values (which pass the form's
rules) are kept; each row table gets the number of rows asked for, with generated text, amounts
that together stay within the sample's, and indicator rows spread over every slot of its tree.
"""

from __future__ import annotations

import random
from decimal import ROUND_DOWN, Decimal

from . import registry, spec as S
from .amounts import total
from .lookup import tree_of
from .model import FormBase

_PHRASES = (
    "推进知识城科技创新及知识产权工作", "做好企业跟踪联系服务", "强化各重点领域的项目合作",
    "统筹对外形象策划与品牌推广（含专项经费）", "加快各级规划报审报批，协助基础设施建设",
    "保障住户居住环境的安全、干净卫生", "提高居民生活的幸福感、获得感", "打造粤港澳大湾区创新策源地",
    "《知识产权综合改革试验方案》落实", "推动高水平科技创新载体和平台建设；", "建设全球知识产权高地。",
)
DEFAULT_ROWS, DEFAULT_TREE_ROWS = 60, 400


def _text(rng: random.Random, length: int) -> str:
    out = ""
    while len(out) < length:
        out += rng.choice(_PHRASES) + rng.choice("，，。；、")
    return out[:length]


def sample_form(form_spec: S.FormSpec) -> FormBase:
    from .. import paths
    from . import jsonio

    return jsonio.load(paths.resource("samples", form_spec.sample))


def large_form(form_spec: S.FormSpec | None = None, *, text_length: int = 160, seed: int = 1,
               **rows: int) -> FormBase:
    """The sample of ``form_spec`` (the program's first form by default) with ``rows[table]`` rows in
    each row table (60, or 400 for an indicator table, when not given)."""
    if form_spec is None:
        form_spec = registry.forms().DEFAULT.spec
    rng = random.Random(seed)
    form = sample_form(form_spec)
    for table in form_spec.tables:
        count = rows.get(table.key, DEFAULT_TREE_ROWS if table.tree else DEFAULT_ROWS)
        if table.tree:
            items = _tree_rows(form, table, count, rng)
        else:
            items = _plain_rows(form, table, count, text_length, rng)
        setattr(form, table.key, items)
    return form


def _plain_rows(form: FormBase, table: S.Table, count: int, text_length: int, rng: random.Random) -> list:
    make = form.model.rows[table.key]
    shares = {}
    for c in table.columns:
        if c.kind.decimal:
            # Together the rows stay within what the sample's rows add up to, so rules such as
            # "the rows' amounts cannot exceed <a field>" still hold.
            within = total(getattr(r, c.key) for r in form.rows(table.key)) or Decimal(count)
            shares[c.key] = (within / max(count, 1)).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    out = []
    for i in range(count):
        values: dict[str, object] = {}
        for c in table.columns:
            if c.kind.decimal:
                values[c.key] = shares[c.key]
            elif c.kind.multiline:
                values[c.key] = _text(rng, text_length)
            else:
                values[c.key] = f"{table.label[:4]}{i + 1}：" + _text(rng, 14)
        out.append(make(**values))
    return out


def _tree_rows(form: FormBase, table: S.Table, count: int, rng: random.Random) -> list:
    make = form.model.rows[table.key]
    tree = tree_of(table)
    slots = tree.slots()
    k1, k2 = tree.level_keys
    name, *quantities = table.value_columns
    # A value column the sample leaves empty (the 中期 column of a one-year project) stays empty.
    used = [any(getattr(r, c.key) for r in form.rows(table.key)) for c in quantities]
    out = []
    for i in range(count):
        level1, level2 = slots[i % len(slots)]
        n = rng.randint(1, 5000)
        values: dict[str, object] = {k1: level1, k2: level2, name.key: f"指标{i + 1}：" + _text(rng, 24)}
        for j, c in enumerate(quantities):
            if c.kind.decimal:  # a number (a weight, a score): the sample's first row's
                values[c.key] = getattr(form.rows(table.key)[0], c.key) if used[j] else None
                continue
            # Larger first: the whole period's target, then the year's.
            values[c.key] = f"≥{n * 10 ** (len(quantities) - 1 - j)}人次" if used[j] else ""
        out.append(make(**values))
    out.sort(key=lambda r: slots.index((getattr(r, k1), getattr(r, k2))))
    return out
