"""A declared grid (``spec.Grid``) checked when its form is declared: a name the form lacks,
two cells on one square or a path placed twice would otherwise surface only when the tab is
built, as a widget that is not there."""

from __future__ import annotations

from . import spec as S


class GridError(ValueError):
    """A form's grid cannot be built as declared."""


def grid_problems(form_spec: S.FormSpec) -> list[str]:
    """What is wrong with the grids of ``form_spec``'s pages, one line each (none: all well)."""
    problems: list[str] = []
    shown: dict[str, list[str]] = {}  # path -> the pages that show it, over every part
    in_grids: set[str] = set()
    for page in form_spec.pages:
        for part in page.parts:
            if isinstance(part, S.Grid):
                problems += _problems(form_spec, page.title, part)
                in_grids.update(part.paths)
            paths = part.paths if isinstance(part, (S.Fields, S.Grid)) else \
                (part.path,) if isinstance(part, S.LongText) else ()
            for path in paths:
                shown.setdefault(path, []).append(page.title)
    for path in sorted(in_grids):
        if len(shown[path]) > 1:
            problems.append(f"{path} is placed {len(shown[path])} times (on {', '.join(shown[path])})")
    return problems


def check_grids(form_spec: S.FormSpec) -> None:
    problems = grid_problems(form_spec)
    if problems:
        raise GridError(f"{form_spec.format_id}: " + "; ".join(problems))


def _problems(form_spec: S.FormSpec, title: str, grid: S.Grid) -> list[str]:
    out: list[str] = []
    totals = {t.key for t in form_spec.totals}
    lines = set(form_spec.rules.lines)
    taken: dict[tuple[int, int], S.GridCell] = {}
    for cell in grid.cells:
        where = f"{title}: cell ({cell.row}, {cell.col})"
        if cell.row < 0 or cell.col < 0 or cell.span < 1:
            out.append(f"{where} is outside the grid (span {cell.span})")
            continue
        content = cell.content
        if len(content) != 1:
            out.append(f"{where} holds {len(content)} things, not one: {content}")
        for what, value in content:
            if what in ("label", "path") and form_spec.field_at(value) is None:
                out.append(f"{where}: no field {value!r}")
            elif what in ("heading", "caption", "total") and value not in totals:
                out.append(f"{where}: no total {value!r}")
            elif what == "status" and value not in lines:
                out.append(f"{where}: no status line {value!r} (Rules.lines)")
        for col in range(cell.col, cell.col + cell.span):
            other = taken.setdefault((cell.row, col), cell)
            if other is not cell:
                out.append(f"{where} overlaps the cell at ({other.row}, {other.col})")
                break
    for path in grid.head:
        if form_spec.field_at(path) is None:
            out.append(f"{title}: no field {path!r} above the grid")
    for key in grid.below:
        if key not in lines:
            out.append(f"{title}: no status line {key!r} (Rules.lines)")
    seen = set(grid.paths)  # a path placed twice is said once, over every page
    if grid.group:
        try:
            group = form_spec.member(grid.group)
        except KeyError:
            out.append(f"{title}: no group {grid.group!r} to title the grid")
        else:
            fields = group.fields if isinstance(group, S.Group) else ()
            missing = [f"{grid.group}.{f.key}" for f in fields if f"{grid.group}.{f.key}" not in seen]
            if not isinstance(group, S.Group):
                out.append(f"{title}: {grid.group!r} is not a group")
            elif missing:
                out.append(f"{title}: the grid of {grid.group!r} leaves out {', '.join(missing)}")
    return out
