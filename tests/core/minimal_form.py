"""A small form declared in the test, for the engine's vocabulary (kinds, declared rules) on
values no real form holds yet."""

from __future__ import annotations

from desktop_app.core import spec as S
from desktop_app.core.model import build_model

PRINT = S.PrintLayout(column_widths=(100.0, 100.0), header=S.Header(year="year", year_style="right", unit_label="单位",
                                                                      unit=""),
                      sections=(), signature=S.Signature(line=(), head="goal", head_label="负责人（签字）"))


def model(fields=(), groups=(), tables=(), declared=(), format_id="test-minimal/1"):
    spec = S.FormSpec(format_id=format_id, title="测试表", short_title="测试", members=(
        S.Field("year", "年度", S.YEAR), *fields, *groups, *tables), totals=(), print_layout=PRINT, pages=(),
        rules=S.Rules(declared=tuple(declared)), sample="", schema_file="", class_name="MinimalForm")
    return build_model(spec)
