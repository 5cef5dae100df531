"""Demonstration projects: the project ledger, the chosen project's monthly progress and a chart.

The chart plots percent complete (line, left axis) and investment to date (bars, right axis) by
month, read from the progress records of the selected project.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QApplication, QLabel, QSplitter, QVBoxLayout, QWidget

from desktop.services.fields import LEDGERS
from desktop.services.ledger import LedgerService
from desktop.services.reads import LedgerReads
from desktop.services.search_index import SearchIndex
from desktop.ui.display import ReferenceLabels
from desktop.ui.errors import ErrorReporter
from desktop.ui.ledger_view import LedgerView
from desktop.ui.settings import UiSettings
from desktop.ui.shortcuts import shortcut
from desktop.ui.tasks import TaskRunner

PERCENT_COLOUR = QColor("#1f6fb2")
INVESTMENT_COLOUR = QColor("#9cc3e6")


def progress_series(service: LedgerService, project_id: str) -> list[tuple[str, float, float]]:
    """(period, percent complete, investment to date) of a project's live progress, by month."""
    points = LedgerReads(service.database).progress_series(project_id)
    return [(p.period, p.percent_complete, p.investment_to_date) for p in points]


class ProgressChart(QChartView):
    """Percent complete and investment to date of one project over the months."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(220)
        self.show_series("", [])

    def show_series(self, title: str, points: list[tuple[str, float, float]]) -> None:
        chart = QChart()
        chart.setTitle(title or self.tr("Choose a project to see its progress"))
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        periods = [p for p, _, _ in points]
        bars = QBarSet(self.tr("Investment to date (10k yuan)"))
        bars.setColor(INVESTMENT_COLOUR)
        for _, _, investment in points:
            bars.append(investment)
        bar_series = QBarSeries()
        bar_series.append(bars)
        line = QLineSeries()
        line.setName(self.tr("Percent complete (%)"))
        line.setPen(QPen(PERCENT_COLOUR, 2.5))
        line.setPointsVisible(True)
        for number, (_, percent, _) in enumerate(points):
            line.append(number, percent)
        chart.addSeries(bar_series)
        chart.addSeries(line)
        months = QBarCategoryAxis()
        months.append([period[2:] for period in periods] or [""])  # "24-06": fits when tilted
        months.setTruncateLabels(False)  # two years of months were all drawn as "…"
        months.setLabelsAngle(-60)
        small = months.labelsFont()
        small.setPointSizeF(8)
        months.setLabelsFont(small)
        chart.addAxis(months, Qt.AlignmentFlag.AlignBottom)
        percent_axis = QValueAxis()
        percent_axis.setRange(0, 100)
        percent_axis.setLabelFormat("%d%%")
        percent_axis.setTitleText(self.tr("Percent complete"))
        chart.addAxis(percent_axis, Qt.AlignmentFlag.AlignLeft)
        money_axis = QValueAxis()
        money_axis.setRange(0, max([i for _, _, i in points] + [1.0]) * 1.05)
        money_axis.applyNiceNumbers()
        money_axis.setLabelFormat("%.5g")  # "0.5" and "2435", never "1, 1" for 0.5 and 1.5
        money_axis.setTitleText(self.tr("10k yuan"))
        chart.addAxis(money_axis, Qt.AlignmentFlag.AlignRight)
        bar_series.attachAxis(months)
        bar_series.attachAxis(money_axis)
        line.attachAxis(months)
        line.attachAxis(percent_axis)
        old = self.chart()
        self.setChart(chart)
        if old is not None:
            old.deleteLater()
        self.points = points


class ProjectsView(QWidget):
    """Projects above; the selected project's monthly progress and chart below."""

    def __init__(
        self,
        service: LedgerService,
        labels: ReferenceLabels,
        settings: UiSettings,
        runner: TaskRunner,
        errors: ErrorReporter,
        language: str = "zh",
        today: Callable[[], date] = date.today,
        parent: QWidget | None = None,
        search: SearchIndex | None = None,
    ) -> None:
        super().__init__(parent)
        self.service = service
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        splitter = QSplitter(Qt.Orientation.Vertical)
        common = (service, labels, settings, runner, errors, language, today)
        self.projects = LedgerView(
            LEDGERS["projects"], *common, window_shortcuts=False, search=search
        )
        self.progress = LedgerView(
            LEDGERS["project_progress"], *common, window_shortcuts=False, search=search
        )
        self.progress.filter_bar.hide()
        self.progress.new_button.setEnabled(False)
        lower = QSplitter(Qt.Orientation.Horizontal)
        progress_box = QWidget()
        progress_layout = QVBoxLayout(progress_box)
        progress_layout.setContentsMargins(0, 0, 0, 0)
        self.progress_title = QLabel(self.tr("Monthly progress"))
        self.progress_title.setStyleSheet("font-weight: bold; padding: 4px 6px 0 6px;")
        progress_layout.addWidget(self.progress_title)
        progress_layout.addWidget(self.progress, 1)
        lower.addWidget(progress_box)
        self.chart = ProgressChart()
        lower.addWidget(self.chart)
        lower.setSizes([520, 480])
        splitter.addWidget(self.projects)
        splitter.addWidget(lower)
        splitter.setSizes([330, 330])
        layout.addWidget(splitter)
        self.project_id: str | None = None
        self.projects.selection_changed.connect(self.show_project)
        self.progress.records_changed.connect(lambda _changes: self._redraw())
        self.show_project(None)
        # Ctrl+N follows the table the clerk is in: a project, or a month of its progress
        shortcut("Ctrl+N", self, self.new_in_focused_table)
        shortcut("Ctrl+F", self, self.projects.focus_filter)

    def new_in_focused_table(self) -> object:
        focus = QApplication.focusWidget()
        in_progress = focus is not None and (
            focus is self.progress or self.progress.isAncestorOf(focus)
        )
        if in_progress and self.progress.new_button.isEnabled():
            return self.progress.new_record()
        return self.projects.new_record()

    def show_project(self, project_id: object) -> None:
        self.project_id = str(project_id) if project_id else None
        self.progress.preset = {"project_id": self.project_id} if self.project_id else {}
        self.progress.new_button.setEnabled(self.project_id is not None)
        self.progress.set_base_filter(project_id=self.project_id or "")
        self._redraw()

    def _redraw(self) -> None:
        if self.project_id is None:
            self.progress_title.setText(self.tr("Monthly progress — choose a project above"))
            self.chart.show_series("", [])
            return
        name = LedgerReads(self.service.database).project_name(self.project_id) or ""
        self.progress_title.setText(self.tr("Monthly progress — {name}").format(name=name))
        self.chart.show_series(name, progress_series(self.service, self.project_id))
