"""项目支出绩效自评表: the year-end self-evaluation of one budget project."""

from ...core.model import build_model
from .declaration import form_spec
from .rules import RULES

FORM = form_spec(RULES)
MODEL = build_model(FORM)
