"""A small edition of the central project form, declared in a few dozen lines as its base plus
changes: 上年结转资金 in both fund columns, 项目负责人 and 联系电话, 项目属性 in another region's
words. No rule is copied: the base's declared rules and its own functions run on it."""

from __future__ import annotations

from desktop_app.core import spec as S
from desktop_app.core.editions import Add, Replace, edition, replaced
from desktop_app.core.model import build_model
from desktop_app.forms.project import FORM as BASE
from desktop_app.forms.project import declaration as P
from desktop_app.core.ruleset import NotAbove

FORMAT_ID = "project-performance-target-carryover/1"
PERIOD_CARRIED = S.Field("period_carryover", "中期上年结转资金", S.AMOUNT, placeholder="0.00")
ANNUAL_CARRIED = S.Field("annual_carryover", "年度上年结转资金", S.AMOUNT, placeholder="0.00")
PERIOD_TOTAL = replaced(P.PERIOD_TOTAL, computed_from=(*P.PERIOD_TOTAL.computed_from, "funds.period_carryover"))
ANNUAL_TOTAL = replaced(P.ANNUAL_TOTAL, computed_from=(*P.ANNUAL_TOTAL.computed_from, "funds.annual_carryover"))
LEADER = S.Field("project_leader", "项目负责人", required=S.WARNING, max_chars=40)
LEADER_PHONE = S.Field("leader_phone", "联系电话", max_chars=40)
ATTRIBUTE = replaced(P.ATTRIBUTE, choices=("常年性项目", "一次性项目"), placeholder="常年性项目或一次性项目")

_funds, _attribute, *_rest = (s for s in P.PRINT.sections if s.label in (P.FUNDS.label, P.ATTRIBUTE.label))
FUNDS_SECTION = replaced(_funds, rows=(*_funds.rows, P._fund_row(PERIOD_CARRIED, ANNUAL_CARRIED, "上年结转资金", "上年结转资金")))
LEADER_SECTION = S.PrintSection(LEADER.label, (S.CellRow((
    S.Cell(1, 3, field=LEADER.key), S.Cell(4, 1, LEADER_PHONE.label, align=S.CENTER), S.Cell(5, 2, field=LEADER_PHONE.key))),))
SECTIONS = tuple(s for x in P.PRINT.sections for s in ((FUNDS_SECTION,) if x is _funds else (x, LEADER_SECTION)
                                                         if x is _attribute else (x,)))
FUNDS_PAGE = S.Page("项目资金", (S.Fields(tuple(f"funds.{f}" for f in (
    "period_total", "period_fiscal", "period_other", "period_carryover",
    "annual_total", "annual_fiscal", "annual_other", "annual_carryover"))),))
PAGES = tuple(FUNDS_PAGE if p.title == "项目资金" else replaced(p, parts=(S.Fields((*p.parts[0].paths, LEADER.key, LEADER_PHONE.key)),))
              if p.title == "项目基本信息" else p for p in P.PAGES)

SPEC = edition(BASE, format_id=FORMAT_ID, title=P.TITLE, class_name="CarryoverProjectForm",
               changes=(Add(PERIOD_CARRIED, after="funds.period_other"), Add(ANNUAL_CARRIED, after="funds.annual_other"),
                        Replace("funds.period_total", PERIOD_TOTAL), Replace("funds.annual_total", ANNUAL_TOTAL),
                        Add(LEADER, after="implementing_unit"), Add(LEADER_PHONE, after="project_leader"),
                        Replace("project_attribute", ATTRIBUTE)),
               declared=(NotAbove("funds.annual_carryover", "funds.period_carryover"),),
               print_layout=replaced(P.PRINT, sections=SECTIONS), pages=PAGES)
MODEL = build_model(SPEC)
