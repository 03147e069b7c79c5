"""项目绩效目标表（湖南式）: the central project form's regional edition used around 长沙."""

from ...core.model import build_model
from .declaration import form_spec
from .rules import RULES

FORM = form_spec(RULES)
MODEL = build_model(FORM)
