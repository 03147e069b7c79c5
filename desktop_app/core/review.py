"""The reviewer's block, the same for every form: a verdict, who reviewed and when, an overall
审核意见, and comments on fields or rows that travel back to the clerk inside the draft.

Review practice (财政 guidance on 绩效目标审核) grades a declaration 优 (goes ahead), 良 (after
minor fixes), 中 (back to the unit to revise and resubmit) or 差 (not funded). The block is about
the form, not in it: it is not part of the 内容指纹 (``fingerprint.NOT_CONTENT``), and a form
compares equal to another only if their reviews are equal too (``model.build_model`` gives every
form class a ``review`` field).

A comment names its place by a path of ``fieldpath``'s grammar (``group.field``, ``table[2]``,
``table[2].column``, a total's path). A path the form no longer has (its row was deleted since)
is kept, and shown under its section: the member of its path.

The limits below are shared by the JSON reader and writer, the draft reader and writer, the
generated JSON Schema and the window; whatever holds more is refused with one message.
"""

from __future__ import annotations

from .errors import FormError, text_value
from .fieldpath import PATH_PATTERN, is_path, parse
from .fileerrors import quoted
from .record import Record, field

KEY = "review"              # the interchange key of the block, and the draft's table
COMMENTS_TABLE = "review_comments"

VERDICTS = ("优", "良", "中", "差")
# What each verdict means for the unit, as review guidance puts it.
VERDICT_MEANINGS = {"优": "可以实施", "良": "小幅修改后实施", "中": "退回修改后重新报送", "差": "不予安排资金"}

MAX_COMMENTS = 2_000        # far beyond one per field and row of a real form
MAX_COMMENT_CHARS = 2_000
MAX_SUMMARY_CHARS = 20_000  # as a long text of a form
MAX_REVIEWER_CHARS = 100
MAX_DATE_CHARS = 100
LIMITS = {"verdict": 1, "reviewer": MAX_REVIEWER_CHARS, "date": MAX_DATE_CHARS, "summary": MAX_SUMMARY_CHARS}
FIELD_LABELS = {"verdict": "审核结论", "reviewer": "审核人", "date": "审核日期", "summary": "总体审核意见"}
COMMENT_KEYS = ("path", "text", "resolved")



class ReviewError(FormError):
    """A review block that no file of ours holds (the caller says which file)."""


class Comment(Record, frozen=False):
    path: str
    text: str
    resolved: bool = False


class Review(Record, frozen=False):
    verdict: str = ""
    reviewer: str = ""
    date: str = ""
    summary: str = ""
    comments: list[Comment] = field(factory=list)

    def is_empty(self) -> bool:
        return not (self.verdict or self.reviewer or self.date or self.summary or self.comments)

    def has_header(self) -> bool:
        """Whether anything but comments is filled in (the draft's ``review`` row)."""
        return bool(self.verdict or self.reviewer or self.date or self.summary)

    @property
    def unresolved(self) -> list[Comment]:
        return [c for c in self.comments if not c.resolved]


def verdict_text(verdict: str) -> str:
    return f"{verdict}（{VERDICT_MEANINGS[verdict]}）" if verdict in VERDICT_MEANINGS else verdict


# -- one set of rules for every reader and writer ------------------------------------------------

def validated(review: Review) -> Review:
    """``review`` itself when it is within the limits; ``ReviewError`` saying what is not."""
    if review.verdict not in ("", *VERDICTS):
        raise ReviewError(f"审核结论「{quoted(review.verdict, 20)}」无效，应为 {'、'.join(VERDICTS)} 之一或留空")
    for key in ("reviewer", "date", "summary"):
        value = getattr(review, key)
        if not isinstance(value, str):
            raise ReviewError(f"{FIELD_LABELS[key]}应为文字")
        if len(value) > LIMITS[key]:
            raise ReviewError(f"{FIELD_LABELS[key]}超过{LIMITS[key]}字的上限（现有{len(value)}字）")
    if len(review.comments) > MAX_COMMENTS:
        raise ReviewError(f"审核意见有 {len(review.comments)} 条，超过每份表最多 {MAX_COMMENTS} 条的上限")
    for i, c in enumerate(review.comments):
        where = f"第 {i + 1} 条审核意见"
        if not is_path(c.path):
            raise ReviewError(f"{where}的位置「{quoted(c.path)}」不是有效的字段位置（应如 group.field 或 table[0].column）")
        if not isinstance(c.text, str):
            raise ReviewError(f"{where}应为文字")
        if len(c.text) > MAX_COMMENT_CHARS:
            raise ReviewError(f"{where}超过{MAX_COMMENT_CHARS}字的上限（现有{len(c.text)}字）")
        if not isinstance(c.resolved, bool):
            raise ReviewError(f"{where}的“已处理”应为真假值")
    return review


# -- interchange JSON -------------------------------------------------------------------------

def _text(value: object, what: str) -> str:
    return text_value(value, what, ReviewError)


def _unknown(obj: dict, allowed, what: str) -> None:
    unknown = sorted(set(obj) - set(allowed))
    if unknown:
        shown = "、".join(quoted(k, 30) for k in unknown[:5]) + (f" 等 {len(unknown)} 个" if len(unknown) > 5 else "")
        raise ReviewError(f"{what}含有未知字段：{shown}")


def from_json(value: object) -> Review:
    """The block of an interchange file (``None`` for none); ``ReviewError`` when it is not one."""
    if value is None:
        return Review()
    if not isinstance(value, dict):
        raise ReviewError("审核意见（review）应为对象")
    _unknown(value, (*LIMITS, "comments"), "审核意见（review）")
    items = value.get("comments")
    if items is None:
        items = []
    if not isinstance(items, list):
        raise ReviewError("审核意见的 comments 应为列表")
    if len(items) > MAX_COMMENTS:  # before reading any of them
        raise ReviewError(f"审核意见有 {len(items)} 条，超过每份表最多 {MAX_COMMENTS} 条的上限")
    comments = []
    for i, item in enumerate(items):
        where = f"第 {i + 1} 条审核意见"
        if not isinstance(item, dict):
            raise ReviewError(f"{where}应为对象")
        _unknown(item, COMMENT_KEYS, where)
        for key in ("path", "text"):
            if key not in item:
                raise ReviewError(f"{where}缺少字段 {key}")
        path = item["path"]
        if not isinstance(path, str):
            raise ReviewError(f"{where}的位置（path）应为文字")
        resolved = item.get("resolved")
        if resolved is not None and not isinstance(resolved, bool):
            raise ReviewError(f"{where}的“已处理”（resolved）应为 true 或 false")
        comments.append(Comment(path, _text(item["text"], where), bool(resolved)))
    verdict = value.get("verdict")
    if verdict is not None and not isinstance(verdict, str):
        raise ReviewError("审核结论（verdict）应为文字")
    reviewer, date, summary = (_text(value.get(k), FIELD_LABELS[k]) for k in ("reviewer", "date", "summary"))
    return validated(Review(verdict or "", reviewer, date, summary, comments))


def to_json(review: Review, check: bool = True) -> dict:
    if check:
        validated(review)
    return {"verdict": review.verdict, "reviewer": review.reviewer, "date": review.date, "summary": review.summary,
            "comments": [{"path": c.path, "text": c.text, "resolved": c.resolved} for c in review.comments]}


def json_schema() -> dict:
    """The block in the generated JSON Schema, with the reader's limits."""
    def text(limit: int, label: str) -> dict:
        return {"type": ["string", "null"], "maxLength": limit, "description": label}

    return {
        "type": ["object", "null"],
        "description": "审核意见：审核人填写，随草稿退回填报单位；不属于表单内容，不计入内容指纹",
        "additionalProperties": False,
        "properties": {
            "verdict": {"enum": [*VERDICTS, "", None], "description": FIELD_LABELS["verdict"]},
            "reviewer": text(MAX_REVIEWER_CHARS, FIELD_LABELS["reviewer"]),
            "date": text(MAX_DATE_CHARS, FIELD_LABELS["date"]),
            "summary": text(MAX_SUMMARY_CHARS, FIELD_LABELS["summary"]),
            "comments": {
                "type": ["array", "null"], "maxItems": MAX_COMMENTS, "description": "对字段或行的审核意见",
                "items": {
                    "type": "object", "additionalProperties": False, "required": ["path", "text"],
                    "properties": {
                        "path": {"type": "string", "pattern": PATH_PATTERN, "description": "字段或行的路径"},
                        "text": text(MAX_COMMENT_CHARS, "意见"),
                        "resolved": {"type": ["boolean", "null"], "description": "填报单位已处理"},
                    },
                },
            },
        },
    }


# -- where a comment sits ---------------------------------------------------------------------

def section_of(path: str) -> str:
    """The member a comment's path names (its section on screen), "" if it is not a path."""
    try:
        return parse(path).member
    except ValueError:
        return ""


def path_exists(form, path: str) -> bool:
    """Whether the form still has the field, row, table or total a comment is on."""
    if form.spec.total_at(path) is not None:
        return True
    try:
        form.get(path)
        return True
    except KeyError:
        return False


def comment_problems(form) -> list:
    """Each unresolved comment as a problem of severity ``comment`` (never an error)."""
    from .problems import COMMENT, Problem

    out = []
    for c in form.review.unresolved:
        text = " ".join(c.text.split()) or "（空白意见）"
        if not path_exists(form, c.path):
            tables = {t.key for t in form.spec.tables}
            text += ("（原位置已不存在，可能已删除该行）" if section_of(c.path) in tables
                     else "（本表没有这一栏，意见仍予保留）")
        out.append(Problem(COMMENT, c.path, text))
    return out
