"""Short horizontal bars of scores against what they are out of (得分 against 分值), drawn
beside a status line: a clerk sees at a glance which part lost points, faster than in the table.
Painted directly; no charting library for a handful of bars."""

from __future__ import annotations

from decimal import Decimal

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QPainter
from PySide6.QtWidgets import QSizePolicy, QWidget

from ..core.amounts import format_amount

FULL = QColor("#2e7d32")    # got all of it
SHORT = QColor("#e0a100")   # got part of it
TRACK = QColor("#e6e6e6")
BAR_CHARS = 10              # width of a bar, in average characters


class ScoreBars(QWidget):
    def __init__(self, parent=None):
        super().__init__(parent)
        self.bars: tuple[tuple[str, Decimal, Decimal], ...] = ()
        self.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.hide()

    def set_bars(self, bars) -> None:
        bars = tuple(bars)
        if bars == self.bars:
            return
        resized = len(bars) != len(self.bars)
        self.bars = bars
        self.setToolTip("\n".join(f"{name}：{format_amount(got)} / {format_amount(full)}" for name, got, full in bars))
        self.setAccessibleName("；".join(f"{name} {format_amount(got)} / {format_amount(full)}"
                                         for name, got, full in bars))
        self.setVisible(bool(bars))
        if resized:
            self.updateGeometry()
        self.update()

    def _metrics(self):
        fm = self.fontMetrics()
        name_width = max((fm.horizontalAdvance(name) for name, _, _ in self.bars), default=0)
        figure_width = fm.horizontalAdvance("100.00/100")
        return fm, name_width + 6, fm.averageCharWidth() * BAR_CHARS, figure_width + 6

    def sizeHint(self) -> QSize:
        fm, name_width, bar_width, figure_width = self._metrics()
        return QSize(name_width + bar_width + figure_width, fm.height() * len(self.bars))

    def paintEvent(self, event) -> None:
        fm, name_width, bar_width, _ = self._metrics()
        line = fm.height()
        p = QPainter(self)
        for i, (name, got, full) in enumerate(self.bars):
            top = i * line
            p.setPen(self.palette().windowText().color())
            p.drawText(QRectF(0, top, name_width - 6, line), Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                       name)
            track = QRectF(name_width, top + line * 0.2, bar_width, line * 0.6)
            p.fillRect(track, TRACK)
            share = float(min(max(got / full, Decimal(0)), Decimal(1))) if full > 0 else 0.0
            p.fillRect(QRectF(track.left(), track.top(), track.width() * share, track.height()),
                       FULL if got >= full else SHORT)
            p.drawText(QRectF(name_width + bar_width + 6, top, self.width(), line),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                       f"{format_amount(got)}/{format_amount(full).removesuffix('.00')}")
        p.end()
