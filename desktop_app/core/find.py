"""Find (Ctrl+F): every place a text occurs in a form, in the order the window shows them — tab by
tab, field by field, a row table row by row (an indicator table in its tree's order), each
row's cells left to right. Case and the width of letters and digits are ignored (``ａｂｃ１``
finds ``abc1``), so what the clerk types finds what a colleague typed."""

from __future__ import annotations

import unicodedata

from . import spec as S
from .fieldpath import format_path
from .lookup import table_of
from .model import FormBase
from .record import Record


class Match(Record):
    path: str
    start: int    # in the field's text as shown
    end: int


def _fold(text: str) -> str:
    # NFKC maps full-width letters and digits to their plain forms, one character each for the
    # characters a clerk searches for, so positions in the folded text are positions in the text.
    return unicodedata.normalize("NFKC", text).casefold()


def shown_text(form: FormBase, path: str) -> str:
    """A value as the window shows it (an amount with its separators, as typed if not a number)."""
    f = form.spec.field_at(path)
    value = form.get(path)
    return f.kind.show(value) if f is not None else "" if value is None else str(value)


def searched_paths(form: FormBase) -> list[str]:
    """Every value's path in the window's order."""
    paths: list[str] = []
    for page in form.spec.pages:
        for part in page.parts:
            if isinstance(part, (S.Fields, S.Grid)):
                paths += part.paths
            elif isinstance(part, S.LongText):
                paths.append(part.path)
            elif isinstance(part, S.Rows):
                table = table_of(form.spec, part.table)
                columns = [c.key for c in table.value_columns]
                if table.tree is not None:
                    order = [index for _, slots in form.indicator_groups(table.key)
                             for _, items in slots for index, _ in items]
                else:
                    order = list(range(len(form.rows(table.key))))
                paths += [format_path(table.key, i, key) for i in order for key in columns]
    return paths


def find_all(form: FormBase, text: str) -> list[Match]:
    """Every occurrence of ``text`` (none for an empty text)."""
    needle = _fold(text)
    if not needle.strip():
        return []
    found = []
    for path in searched_paths(form):
        shown = shown_text(form, path)
        hay = _fold(shown)
        if len(hay) != len(shown):  # a character that folds to several: match, but select it all
            if needle in hay:
                found.append(Match(path, 0, len(shown)))
            continue
        start = hay.find(needle)
        while start >= 0:
            found.append(Match(path, start, start + len(needle)))
            start = hay.find(needle, start + max(1, len(needle)))
    return found
