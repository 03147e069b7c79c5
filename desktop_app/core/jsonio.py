"""The interchange format ``budget-performance-form/1`` (resources/spec/form.schema.json).

Reading is strict about shape and lenient about emptiness: any value may be null or "", but a
wrong type, an unknown key or an amount that is not a number is refused with a message that
names the field.
"""

from __future__ import annotations

import hashlib
import json
import re
from decimal import Decimal
from pathlib import Path

from . import labels
from .amounts import AmountError, parse_amount, plain_amount
from .errors import FormError
from .fileerrors import quoted, reason
from .model import Budget, Form, Indicator, Signoff, Task

FORMAT = "budget-performance-form/1"
MAX_JSON_BYTES = 50 * 1024 * 1024

_TOP_KEYS = {"format", "year", "department", "budget", "overall_goal", "tasks", "other_tasks",
             "indicators", "signoff"}
_REQUIRED_TOP = ("format", "department", "budget", "overall_goal", "tasks", "indicators")
_SURROGATE = re.compile(r"[\ud800-\udfff]")  # from a "\ud800" escape: not text, cannot be saved


def _refuse_constant(name: str):
    raise FormError(f"文件含有非法数值 {name}")


def loads(text: str | bytes) -> Form:
    """A form from interchange JSON text; ``FormError`` when it cannot be used."""
    if isinstance(text, bytes):
        if len(text) > MAX_JSON_BYTES:
            raise FormError("文件过大，不是本程序的表单文件")
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise FormError("文件不是 UTF-8 编码的 JSON 表单") from None
    try:
        data = json.loads(text, parse_float=Decimal, parse_int=Decimal, parse_constant=_refuse_constant)
    except FormError:
        raise
    except RecursionError:
        raise FormError("JSON 嵌套过深，不是本程序的表单文件") from None
    except ValueError as err:
        raise FormError(f"文件不是有效的 JSON（第 {getattr(err, 'lineno', '?')} 行）") from None
    return from_dict(data)


def load(path: str | Path) -> Form:
    path = Path(path)
    name = quoted(path.name, 80)
    try:
        # A folder, a pipe or a device is not a form (and reading a pipe would never end).
        if not path.is_file():
            raise FormError(f"找不到文件：{name}" if not path.exists() else f"{name} 不是文件")
        if path.stat().st_size > MAX_JSON_BYTES:
            raise FormError(f"{name} 过大，不是本程序的表单文件")
        data = path.read_bytes()
    except OSError as err:
        raise FormError(f"无法读取文件 {name}：{reason(err)}") from None
    return loads(data)


def from_dict(data: object) -> Form:
    _expect(data, dict, "")
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise FormError(f"未知的字段：{_names(unknown)}")
    for key in _REQUIRED_TOP:
        if key not in data:
            raise FormError(f"缺少字段 {key}（{labels.field_label(key)}）")
    if data["format"] != FORMAT:
        raise FormError(f"不支持的表单格式：{quoted(data['format'])}（应为 {FORMAT}）")
    form = Form()
    year = data.get("year")
    if year is not None:
        if not isinstance(year, Decimal) or year != year.to_integral_value() or not 1900 <= year <= 2999:
            raise FormError("字段 year（年度）应为四位年份")
        form.year = int(year)
    form.department = _text(data, "department", "department")
    form.overall_goal = _text(data, "overall_goal", "overall_goal")
    form.other_tasks = _text(data, "other_tasks", "other_tasks")

    budget = data["budget"]
    _expect(budget, dict, "budget")
    _keys(budget, set(labels.BUDGET_FIELDS), "budget", required=labels.BUDGET_FIELDS)
    form.budget = Budget(**{name: _amount(budget[name], f"budget.{name}") for name in labels.BUDGET_FIELDS})

    _expect(data["tasks"], list, "tasks")
    for i, item in enumerate(data["tasks"]):
        path = f"tasks[{i}]"
        _expect(item, dict, path)
        _keys(item, {"name", "content", "amount", "goal"}, path, required=("name", "content", "amount", "goal"))
        form.tasks.append(Task(name=_text(item, "name", f"{path}.name"),
                               content=_text(item, "content", f"{path}.content"),
                               amount=_amount(item["amount"], f"{path}.amount"),
                               goal=_text(item, "goal", f"{path}.goal")))

    _expect(data["indicators"], list, "indicators")
    for i, item in enumerate(data["indicators"]):
        path = f"indicators[{i}]"
        _expect(item, dict, path)
        cols = ("level1", "level2", "name", "period_value", "annual_value")
        _keys(item, set(cols), path, required=cols)
        ind = Indicator(**{c: _text(item, c, f"{path}.{c}") for c in cols})
        if labels.find_level2(ind.level1, ind.level2) is None:
            raise FormError(f"{_where(path)}：「{quoted(ind.level1)} / {quoted(ind.level2)}」不是本表的一级、二级指标")
        form.indicators.append(ind)

    signoff = data.get("signoff")
    if signoff is not None:
        _expect(signoff, dict, "signoff")
        _keys(signoff, set(labels.SIGNOFF_LABELS), "signoff", required=())
        form.signoff = Signoff(**{k: _text(signoff, k, f"signoff.{k}") for k in labels.SIGNOFF_LABELS})
    return form


def _where(path: str) -> str:
    return f"{labels.field_label(path)}（{path}）" if path else "文件"


def _expect(value: object, kind: type, path: str) -> None:
    if not isinstance(value, kind):
        what = "对象" if kind is dict else "列表"
        raise FormError(f"{_where(path)}应为{what}")


def _keys(obj: dict, allowed: set, path: str, required) -> None:
    unknown = set(obj) - allowed
    if unknown:
        raise FormError(f"{_where(path)}含有未知字段：{_names(unknown)}")
    for key in required:
        if key not in obj:
            raise FormError(f"{_where(path)}缺少字段 {key}")


def _text(obj: dict, key: str, path: str) -> str:
    value = obj.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise FormError(f"{_where(path)}应为文字")
    if _SURROGATE.search(value):
        raise FormError(f"{_where(path)}含有无效的字符（不成对的 Unicode 代理项）")
    return value


def _names(keys) -> str:
    """Unknown keys of a hostile file, listed on one bounded line."""
    shown = [quoted(k, 30) for k in sorted(map(str, keys))]
    return "、".join(shown[:5]) + (f" 等 {len(shown)} 个" if len(shown) > 5 else "")


def _amount(value: object, path: str) -> Decimal | None:
    if value is not None and not isinstance(value, (str, Decimal)):
        raise FormError(f"{_where(path)}应为金额")
    try:
        return parse_amount(value)
    except AmountError as err:
        # The message quotes the value; a hostile one may be a megabyte long or hold newlines.
        shown = value.strip() if isinstance(value, str) else str(value)
        raise FormError(f"{_where(path)}：{err.message.replace(shown, quoted(shown))}") from None


def to_dict(form: Form, lenient: bool = False) -> dict:
    """The form in the interchange format. Amounts are plain decimal strings with the precision
    they were entered with. An amount kept as typed text that is not a number is refused, or,
    with ``lenient`` (for digests), kept as that text."""
    def amount(value, path):
        if isinstance(value, str):
            if lenient:
                return value
            raise FormError(f"{_where(path)}：「{value}」不是有效的金额，请先改正再导出")
        return plain_amount(value)

    return {
        "format": FORMAT,
        "year": form.year,
        "department": form.department,
        "budget": {name: amount(getattr(form.budget, name), f"budget.{name}") for name in labels.BUDGET_FIELDS},
        "overall_goal": form.overall_goal,
        "tasks": [{"name": t.name, "content": t.content, "amount": amount(t.amount, f"tasks[{i}].amount"),
                   "goal": t.goal} for i, t in enumerate(form.tasks)],
        "other_tasks": form.other_tasks,
        "indicators": [{"level1": x.level1, "level2": x.level2, "name": x.name,
                        "period_value": x.period_value, "annual_value": x.annual_value}
                       for x in form.indicators],
        "signoff": {k: getattr(form.signoff, k) for k in labels.SIGNOFF_LABELS},
    }


def dumps(form: Form) -> str:
    return json.dumps(to_dict(form), ensure_ascii=False, indent=2) + "\n"


def fingerprint(form: Form) -> str:
    """A short digest of the form's content, printed on every page and by ``check``, so the
    holder of a signed paper copy can tell whether a draft is the one that was signed."""
    canonical = json.dumps(to_dict(form, lenient=True), ensure_ascii=False, sort_keys=True,
                           separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()[:12]
