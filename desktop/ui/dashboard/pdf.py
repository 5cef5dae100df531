"""The dashboard as an A4 landscape PDF (QPdfWriter): the targets table, then the two charts.

The table is drawn with QPainter (vector text, a progress bar per target in its status colour,
page breaks with the header repeated); the charts are rendered from their views. The file is
written beside the target under a temporary name and renamed, like the Excel reports.
"""

from __future__ import annotations

import os
from pathlib import Path

from PySide6.QtCharts import QChartView
from PySide6.QtCore import QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPageLayout, QPageSize, QPainter, QPdfWriter, QPen

from desktop import files
from desktop.errors import StorageError
from desktop.reports import figures
from desktop.reports.indicators import Indicator, Status
from desktop.reports.reads import DashboardData
from desktop.ui.dashboard.charts import figure_text, goal_text

COLOURS = {
    Status.REACHED: "#2e7d32",
    Status.ON_TRACK: "#1f6fb2",
    Status.BEHIND: "#c62828",
    Status.NO_DATA: "#8a8f98",
}
RESOLUTION = 300
COLUMNS = (0.50, 0.10, 0.10, 0.20, 0.10)
"""Shares of the page width: target, value, goal, progress, status."""


def _font(size: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(size)
    font.setBold(bold)
    return font


def export_pdf(path: Path, data: DashboardData, scope: str, *charts: QChartView) -> Path:
    """Write the dashboard to ``path``; the previous file stays if writing fails."""
    folder = path.parent
    if not folder.is_dir() or not os.access(folder, os.W_OK):
        raise StorageError(f"无法写入文件夹 {folder}", f"cannot write to the folder {folder}")
    with files.atomic_path(path) as temporary:
        _write(temporary, data, scope, charts)
    return path


def _write(path: Path, data: DashboardData, scope: str, charts: tuple[QChartView, ...]) -> None:
    writer = QPdfWriter(str(path))
    writer.setResolution(RESOLUTION)
    writer.setTitle(f"{scope} 质量提升行动目标完成情况")
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4),
            QPageLayout.Orientation.Landscape,
            QMarginsF(12, 12, 12, 12),
            QPageLayout.Unit.Millimeter,
        )
    )
    painter = QPainter(writer)
    if not painter.isActive():
        raise OSError(f"cannot open {path}")
    try:
        _draw(painter, writer, data, scope, charts)
    finally:
        painter.end()


def _draw(
    painter: QPainter,
    writer: QPdfWriter,
    data: DashboardData,
    scope: str,
    charts: tuple[QChartView, ...],
) -> None:
    page = writer.pageLayout().paintRectPixels(writer.resolution())
    width, height = float(page.width()), float(page.height())
    dots = writer.resolution() / 72.0
    row = 15 * dots
    report = data.report
    day = report.as_of
    title = f"{scope}质量提升行动目标完成情况（截至{day.year}年{day.month}月{day.day}日）"
    plan = report.plan
    plan_line = (
        f"规划：{plan.name_zh}　计数期 {plan.window.start.isoformat()} 至 "
        f"{plan.window.end.isoformat()}"
    )
    note = report.window_note()
    if note:
        plan_line += f"　注意：{note}"

    def header(top: float) -> float:
        painter.setFont(_font(14, True))
        painter.setPen(QColor("#000000"))
        painter.drawText(QRectF(0, top, width, 24 * dots), Qt.AlignmentFlag.AlignCenter, title)
        top += 26 * dots
        painter.setFont(_font(9, False))
        painter.drawText(
            QRectF(0, top, width, 2 * row),
            Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap,
            plan_line,
        )
        top += (2 if note else 1) * row + 4 * dots
        painter.setFont(_font(9, True))
        labels = ("指标", "当前值", "目标", "完成进度", "状态")
        left = 0.0
        painter.fillRect(QRectF(0, top, width, row), QColor("#ddebf7"))
        for share, label in zip(COLUMNS, labels, strict=True):
            painter.drawText(
                QRectF(left + 4 * dots, top, share * width - 8 * dots, row),
                Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                label,
            )
            left += share * width
        return top + row

    top = header(0.0)
    section = None
    for indicator in report.indicators:
        needs = row * (2 if indicator.target.section != section else 1)
        if top + needs > height:
            writer.newPage()
            top = header(0.0)
        if indicator.target.section != section:
            section = indicator.target.section
            painter.setFont(_font(9, True))
            painter.setPen(QColor("#000000"))
            painter.drawText(
                QRectF(2 * dots, top, width, row),
                Qt.AlignmentFlag.AlignVCenter,
                f"第{section}部分",
            )
            top += row
        _draw_row(painter, indicator, top, width, row, dots)
        top += row
    for chart in charts:
        writer.newPage()
        painter.setFont(_font(14, True))
        painter.setPen(QColor("#000000"))
        painter.drawText(QRectF(0, 0, width, 24 * dots), Qt.AlignmentFlag.AlignCenter, title)
        chart.render(painter, QRectF(0, 30 * dots, width, height - 30 * dots))


def _draw_row(
    painter: QPainter, indicator: Indicator, top: float, width: float, row: float, dots: float
) -> None:
    painter.setPen(QPen(QColor("#d0d4da"), 1))
    painter.drawLine(0, int(top + row), int(width), int(top + row))
    painter.setFont(_font(8.5))
    painter.setPen(QColor("#222222"))
    cells = (
        indicator.target.name_zh,
        figure_text(indicator, indicator.total.value),
        goal_text(indicator),
    )
    left = 0.0
    for index, text in enumerate(cells):
        share = COLUMNS[index]
        align = Qt.AlignmentFlag.AlignLeft if index == 0 else Qt.AlignmentFlag.AlignRight
        elided = painter.fontMetrics().elidedText(
            text, Qt.TextElideMode.ElideRight, int(share * width - 10 * dots)
        )
        painter.drawText(
            QRectF(left + 4 * dots, top, share * width - 8 * dots, row),
            align | Qt.AlignmentFlag.AlignVCenter,
            elided,
        )
        left += share * width
    colour = QColor(COLOURS[indicator.status])
    bar = QRectF(left + 6 * dots, top + 3 * dots, COLUMNS[3] * width - 12 * dots, row - 6 * dots)
    painter.fillRect(bar, QColor("#f0f1f3"))
    percent = indicator.percent_of_target
    if percent:
        filled = QRectF(
            bar.left(), bar.top(), bar.width() * min(100.0, percent) / 100, bar.height()
        )
        painter.fillRect(filled, colour)
    painter.setPen(QColor("#222222"))
    painter.setFont(_font(7.5))
    painter.drawText(bar, Qt.AlignmentFlag.AlignCenter, figures.figure_text(percent, percent=True))
    left += COLUMNS[3] * width
    painter.setFont(_font(8.5, True))
    painter.setPen(colour)
    painter.drawText(
        QRectF(left + 4 * dots, top, COLUMNS[4] * width - 8 * dots, row),
        Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
        indicator.status.label(),
    )
