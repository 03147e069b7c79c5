"""The 内容指纹: a digest of a form's content, printed on every page and by ``check``, so the
holder of a signed paper copy can tell whether a draft is the one that was signed.

What it proves: a draft whose fingerprint equals the one on the paper holds the same content —
every field and row, amounts with the precision typed, text as written (Unicode-normalised, so
two spellings of the same character do not differ). 128 bits of SHA-256: finding a second form
with a given fingerprint (an edited amount, padded with invisible characters until it matches)
is beyond any computer. What it does not prove: who wrote or signed it (that is the stamp and
the signatures on the paper), or that the content is right (that is ``check`` and the
reviewer). Review comments and the form's identity are not content and never change it.

Copies signed before this version carry a 12-digit fingerprint (48 bits); ``legacy`` computes it
the old way so such a copy can still be compared (``check`` prints both).
"""

from __future__ import annotations

import hashlib
import json
import unicodedata

from .model import FormBase

BITS = 128
# Interchange keys that are about the form, not in it: its review and its identity (which form it
# is, and how often it changed hands).
NOT_CONTENT = ("review", "form_id", "form_revision", "source_form_id")


def _normalised(value):
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value)
    if isinstance(value, dict):
        return {k: _normalised(v) for k, v in value.items() if k not in NOT_CONTENT}
    if isinstance(value, list):
        return [_normalised(v) for v in value]
    return value


def canonical(form: FormBase) -> bytes:
    """The form's content as one byte string: interchange JSON (amounts as typed, text kept even
    where it is not valid), Unicode NFC, keys sorted, no blanks."""
    from .jsonio import to_dict

    return json.dumps(_normalised(to_dict(form, lenient=True)), ensure_ascii=False, sort_keys=True,
                      separators=(",", ":")).encode("utf-8", "surrogatepass")


def fingerprint(form: FormBase) -> str:
    """``4b5c-5406-b8b7-…``: 128 bits in eight groups of four hex digits."""
    digest = hashlib.sha256(canonical(form)).hexdigest()[:BITS // 4]
    return "-".join(digest[i:i + 4] for i in range(0, len(digest), 4))


def legacy(form: FormBase) -> str:
    """The 12-digit fingerprint that copies printed before version 0.2 carry."""
    from .jsonio import to_dict

    data = {k: v for k, v in to_dict(form, lenient=True).items() if k not in NOT_CONTENT}
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


def matches(printed: str, form: FormBase) -> bool:
    """Whether a fingerprint read off paper (either kind, any case, blanks and dashes ignored)
    is this form's."""
    typed = "".join(ch for ch in printed.lower() if ch in "0123456789abcdef")
    return typed in (fingerprint(form).replace("-", ""), legacy(form))
