"""The signature block under the grid on the last page (the declaration's ``Signature``): the
fields of who filled it in on one line; the head of the unit with room to sign; and room for
the unit's seal with 年 月 日 under it."""

from __future__ import annotations

from reportlab.pdfgen.canvas import Canvas

from ..core.model import FormBase
from ..core.lookup import field_of
from . import fonts
from .grid import value_text
from .paginate import wrap_cell

SIZE = 10.5
LINE = 18.0
GAP = 10.0  # between a label and its line
SEAL_WIDTH = 170.0
# Below the head's line: the seal's caption and 年 月 日 under it. A 42 mm seal (119 pt) is stamped
# over them and the space above, as on paper.
SEAL_HEIGHT = 64.0
HEAD_GAP = 34.0
HEAD_SIGN_ROOM = 150.0


class SignatureBlock:
    def __init__(self, form: FormBase, left: float, width: float):
        self.left, self.width = left, width
        self.spec = spec = form.spec.print_layout.signature
        column = width / len(spec.line)
        self.fields = []  # (x, label, lines, line width)
        for i, path in enumerate(spec.line):
            label = field_of(form.spec, path).label + "："
            x = left + i * column
            room = column - fonts.text_width(label, SIZE) - GAP
            self.fields.append((x, label, wrap_cell(value_text(form, path).strip(), room, SIZE), room))
        head_label = spec.head_label + "："
        room = width - SEAL_WIDTH - fonts.text_width(head_label, SIZE) - GAP
        self.head = (left, head_label, wrap_cell(value_text(form, spec.head).strip(), room, SIZE),
                     min(room, HEAD_SIGN_ROOM))
        self.first_height = LINE * max(len(lines) for _, _, lines, _ in self.fields)
        self.height = self.first_height + HEAD_GAP + max(LINE * len(self.head[2]), SEAL_HEIGHT)

    def draw(self, canvas: Canvas, font: str, top: float) -> None:
        canvas.setFont(font, SIZE)
        canvas.setLineWidth(0.5)
        baseline = top - SIZE
        for field in self.fields:
            self._field(canvas, baseline, *field)
        baseline -= self.first_height + HEAD_GAP
        self._field(canvas, baseline, *self.head)
        seal_x = self.left + self.width - SEAL_WIDTH
        canvas.drawCentredString(seal_x + SEAL_WIDTH / 2, baseline, self.spec.seal)
        canvas.drawCentredString(seal_x + SEAL_WIDTH / 2, baseline - 28, self.spec.seal_date)

    @staticmethod
    def _field(canvas: Canvas, baseline: float, x: float, label: str, lines: list[str], room: float) -> None:
        canvas.drawString(x, baseline, label)
        x += fonts.text_width(label, SIZE)
        for i, line in enumerate(lines):
            y = baseline - i * LINE
            canvas.drawString(x + 2, y, line)
            width = max(fonts.text_width(line, SIZE) + 4, min(room, 100.0))
            canvas.line(x, y - 3, x + width, y - 3)
