"""Dates as clerks write them — ``2026-01-15``, ``2026年1月15日``, ``2026.1.15``, ``2026/1/15`` —
read as one date, and printed in one form."""

from __future__ import annotations

import datetime
from .lazyre import lazy

_DATE = lazy(r"\s*(\d{4})\s*(?:[-./／．]|年)\s*(\d{1,2})\s*(?:[-./／．]|月)\s*(\d{1,2})\s*日?\s*")
_FULL_WIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def parse_date(text: str | None) -> datetime.date | None:
    """The date ``text`` names, or None when it names none (or no real day: 2026-02-30)."""
    m = _DATE.fullmatch((text or "").translate(_FULL_WIDTH))
    if not m:
        return None
    try:
        return datetime.date(*map(int, m.groups()))
    except ValueError:
        return None


def printed_date(date: datetime.date) -> str:
    """The form of the paper copy's sign-off line: 2026年1月15日."""
    return f"{date.year}年{date.month}月{date.day}日"
