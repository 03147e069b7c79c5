"""What ``check`` reports: a problem names its field by path, so the window can take the
clerk there, and carries that field's label for messages."""

from __future__ import annotations

from .record import Record, field
from .spec import ERROR, WARNING

COMMENT = "comment"  # an unresolved review comment: listed, never an error
SEVERITY_LABELS = {ERROR: "错误", WARNING: "提示", COMMENT: "审核意见"}


class Problem(Record):
    severity: str  # ERROR, WARNING or COMMENT
    path: str
    message: str
    label: str = field(default="", compare=False)  # the field's label, filled in by ``check``

    def as_dict(self) -> dict:
        return {"severity": self.severity, "path": self.path, "message": self.message}

    def __str__(self) -> str:
        return f"{SEVERITY_LABELS[self.severity]}  {self.label or self.path}：{self.message}"


def has_errors(problems) -> bool:
    return any(p.severity == ERROR for p in problems)


def counts(problems) -> dict[str, int]:
    """How many problems of each severity."""
    out = {ERROR: 0, WARNING: 0, COMMENT: 0}
    for p in problems:
        out[p.severity] += 1
    return out


def summary(problems) -> str:
    """``共 1 个错误，3 个提示``, and the unresolved comments when there are any."""
    n = counts(problems)
    text = f"共 {n[ERROR]} 个错误，{n[WARNING]} 个提示"
    return text + (f"，{n[COMMENT]} 条未处理的审核意见" if n[COMMENT] else "")
