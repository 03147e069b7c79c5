"""项目支出绩效目标申报表: one per budget project a year."""

from ...core.model import build_model
from .declaration import form_spec
from .rules import RULES

FORM = form_spec(RULES)
MODEL = build_model(FORM)
