"""A form's identity: which form a file holds, whatever it is called and whatever its content.

A reviewer's folder holds several files of one form (what the clerk sent, the copy sent back,
the resubmission), and unit or project names are no key: the clerk may correct them. So a form
carries ``form_id``, made once when the form is first created and kept by every copy, save-as,
export/import round trip, return and resubmission; and ``revision``, the number of hand-overs so
far, which each side advances when it hands the form over:

- 0: the clerk's first version (the 1st submission);
- odd: a reviewer returned it (``returned``): the reviewer's side advanced it on 退回;
- even above 0: the clerk's side advanced it when first changing a returned copy, so the file
  the clerk sends is submission ``revision // 2 + 1`` (``submission``).

A form made from another (next year's, a self-evaluation) is a new form: a new ``form_id`` and
``source_id`` naming the one it came from. A form saved before identities existed has none
(``form_id`` ""): it gets one the first time the window or ``import`` creates a draft of it.

The identity is about the form, not in it: it never changes the 内容指纹 (``fingerprint``).
The limits below are shared by the JSON reader and writer and the draft reader and writer.
"""

from __future__ import annotations

from decimal import Decimal

from .errors import FormError
from .fileerrors import quoted
from .record import Record
from .lazyre import lazy

KEY = "identity"            # the draft's table
ID_KEY, REVISION_KEY, SOURCE_KEY = "form_id", "form_revision", "source_form_id"  # interchange keys
JSON_KEYS = (ID_KEY, REVISION_KEY, SOURCE_KEY)
ID_PATTERN = "^[0-9a-f]{32}$"
MAX_REVISION = 1_000_000    # hand-overs: far beyond any review season
_ID = lazy(ID_PATTERN)


class IdentityError(FormError):
    """An identity that no file of ours holds."""


class Identity(Record, frozen=False):
    form_id: str = ""
    revision: int = 0
    source_id: str = ""

    @property
    def submission(self) -> int:
        """Which submission of the form this is (报送次数): 1 for the first version."""
        return self.revision // 2 + 1

    @property
    def returned(self) -> bool:
        """Whether this is a copy a reviewer sent back and the clerk has not changed yet."""
        return self.revision % 2 == 1


def new_id() -> str:
    import uuid  # (with platform) some 11 M instructions: only a new form needs it, not every reader

    return uuid.uuid4().hex


def created() -> Identity:
    """The identity of a form created now."""
    return Identity(new_id())


def derived(source: Identity) -> Identity:
    """The identity of a new form made from one with ``source`` (next year's, a
    self-evaluation): its own ``form_id``, recording the one it came from."""
    return Identity(new_id(), 0, source.form_id)


def ensure(form) -> bool:
    """Gives ``form`` an identity if it has none (one saved before identities existed);
    whether it did."""
    if form.identity.form_id:
        return False
    form.identity = Identity(new_id(), form.identity.revision, form.identity.source_id)
    return True


def handed_back(identity: Identity) -> Identity:
    """The identity of the copy a reviewer returns (退回): the reviewer's side's hand-over."""
    revision = identity.revision + 1 if not identity.returned else identity.revision
    return Identity(identity.form_id or new_id(), min(revision, MAX_REVISION), identity.source_id)


def resubmitted(identity: Identity) -> Identity:
    """The identity once the clerk starts changing a returned copy: the clerk's side's
    hand-over (the file the clerk sends next is the next submission)."""
    if not identity.returned:
        return identity
    return Identity(identity.form_id, min(identity.revision + 1, MAX_REVISION), identity.source_id)


# -- one set of rules for every reader and writer ------------------------------------------------

def validated(identity: Identity) -> Identity:
    """``identity`` itself when a reader would take it; ``IdentityError`` saying what is not."""
    for key, label in (("form_id", "表单标识"), ("source_id", "来源表单标识")):
        value = getattr(identity, key)
        if not isinstance(value, str) or (value and not _ID.fullmatch(value)):
            raise IdentityError(f"{label}「{quoted(value, 40)}」无效（应为 32 位小写十六进制数字）")
    revision = identity.revision
    if isinstance(revision, bool) or not isinstance(revision, int) or not 0 <= revision <= MAX_REVISION:
        raise IdentityError(f"表单修订号「{quoted(revision, 20)}」无效（应为 0 到 {MAX_REVISION} 的整数）")
    if not identity.form_id and (revision or identity.source_id):
        raise IdentityError("有修订号或来源却没有表单标识，文件可能已损坏")
    return identity


def from_json(data: dict) -> Identity:
    """The identity of an interchange file's top level (none when it has no ``form_id``)."""
    form_id, revision, source = (data.get(k) for k in JSON_KEYS)
    if revision is not None:
        # JSON numbers are read as Decimal; only a whole number in range is a revision (and it
        # is bounded before ``int``: 1e999999 would be a number of a million digits).
        if not (isinstance(revision, Decimal) and revision.is_finite()
                and revision == revision.to_integral_value() and 0 <= revision <= MAX_REVISION):
            raise IdentityError(f"表单修订号（{REVISION_KEY}）应为 0 到 {MAX_REVISION} 的整数")
        revision = int(revision)
    for key, value in ((ID_KEY, form_id), (SOURCE_KEY, source)):
        if value is not None and not isinstance(value, str):
            raise IdentityError(f"{key} 应为文字")
    return validated(Identity(form_id or "", revision or 0, source or ""))


def to_json(identity: Identity) -> dict:
    """The keys an interchange file carries (none for a form without an identity)."""
    if not identity.form_id:
        return {}
    out: dict = {ID_KEY: identity.form_id, REVISION_KEY: identity.revision}
    if identity.source_id:
        out[SOURCE_KEY] = identity.source_id
    return out


def json_schema() -> dict:
    """The top-level properties in the generated JSON Schema, with the reader's limits."""
    text = {"type": ["string", "null"], "pattern": ID_PATTERN}
    return {
        ID_KEY: {**text, "description": "表单标识：表单首次创建时生成，复制、另存、导出导入、退回和重新报送都保留；不计入内容指纹"},
        REVISION_KEY: {"type": ["integer", "null"], "minimum": 0, "maximum": MAX_REVISION,
                       "description": "交接次数：填报单位报送、审核人退回时各加一（0 为首次报送）"},
        SOURCE_KEY: {**text, "description": "由另一份表单生成（下一年度、自评）时，那份表单的标识"},
    }
