"""The dashboard's two charts: one target across the townships, and the monthly pass rates."""

from __future__ import annotations

import math

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QChartView,
    QLineSeries,
    QScatterSeries,
    QValueAxis,
    QXYSeries,
)
from PySide6.QtCore import QMargins, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QWidget

from desktop.reports import figures
from desktop.reports.indicators import Indicator
from desktop.reports.trends import Trend
from desktop.ui.dashboard import colours

BAR_COLOUR = QColor(colours.CHART_BAR)
GOAL_COLOUR = QColor(colours.CHART_GOAL)
TREND_COLOURS = (QColor("#1f6fb2"), QColor("#2e7d32"), QColor("#8e44ad"), QColor("#d9822b"))


def figure_text(indicator: Indicator, value: float | None) -> str:
    """A figure as the clerk reads it: 96.5%, 12, 是/否, — (:mod:`desktop.reports.figures`)."""
    return figures.indicator_text(indicator, value)


def goal_text(indicator: Indicator) -> str:
    return indicator.target.goal_label()


def _small_font() -> QFont:
    font = QFont()
    font.setPointSizeF(8)
    return font


class TownshipChart(QChartView):
    """One target's figure for each township, as bars with the target as a dashed red line.

    The values are written above the bars, turned upright, with head-room kept above the tallest
    bar, so a label never sits on a bar or on its neighbour's. Click a bar to drill down.
    """

    township_clicked = Signal(str)
    """The township code of a clicked bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(260)
        self.codes: list[str] = []
        self.values: list[float] = []
        self.goal: float | None = None
        """The target drawn as a line (None for yes/no targets and no target)."""
        self.value_labels: QScatterSeries | None = None
        self.show_indicator(None, {})

    def show_indicator(self, indicator: Indicator | None, names: dict[str, str]) -> None:
        chart = QChart()
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.legend().hide()
        if indicator is None or not indicator.by_township:
            chart.setTitle(self.tr("Choose a target computed from the records"))
            self.codes, self.values, self.goal = [], [], None
            self._install(chart)
            return
        chart.setTitle(self.tr("{target} by township").format(target=indicator.target.name_zh))
        items = list(indicator.by_township.items())
        self.codes = [code for code, _ in items]
        self.values = [figure.value or 0.0 for _, figure in items]
        bars = QBarSet(indicator.target.name_zh)
        bars.setColor(BAR_COLOUR)
        bars.setLabelColor(QColor(colours.CHART_LABEL))
        for value in self.values:
            bars.append(value)
        bars.clicked.connect(self._clicked)
        series = QBarSeries()
        series.append(bars)
        chart.addSeries(series)
        towns = QBarCategoryAxis()
        towns.setTruncateLabels(False)
        towns.setLabelsAngle(-90)
        towns.setLabelsFont(_small_font())
        towns.append([names.get(code, code) for code in self.codes])
        chart.addAxis(towns, Qt.AlignmentFlag.AlignBottom)
        series.attachAxis(towns)
        values = QValueAxis()
        values.setLabelFormat("%.0f")
        goal = indicator.target.target_value
        self.goal = goal if not indicator.target.is_flag else None
        top_value = max([*self.values, self.goal or 0.0, 1.0])
        if indicator.rule.is_rate:
            values.setRange(0, 120 if top_value > 85 else 100)
            values.setTickCount(7 if top_value > 85 else 6)
        else:
            top = math.ceil(top_value * 1.3)  # room for the upright labels above the bars
            values.setRange(0, top)
            if top <= 10:
                values.setTickCount(top + 1)
            else:
                values.applyNiceNumbers()
        chart.addAxis(values, Qt.AlignmentFlag.AlignLeft)
        series.attachAxis(values)
        self._value_labels(chart, indicator, towns, values)
        if self.goal is not None:
            line = QLineSeries()
            line.setName(self.tr("Target {value}").format(value=goal_text(indicator)))
            line.setPen(QPen(GOAL_COLOUR, 2, Qt.PenStyle.DashLine))
            span = QValueAxis()
            span.setRange(-0.5, len(self.codes) - 0.5)
            span.setVisible(False)
            line.append(-0.5, self.goal)
            line.append(len(self.codes) - 0.5, self.goal)
            chart.addSeries(line)
            chart.addAxis(span, Qt.AlignmentFlag.AlignTop)
            line.attachAxis(span)
            line.attachAxis(values)
            chart.legend().show()
            chart.legend().setAlignment(Qt.AlignmentFlag.AlignTop)
            for hidden in (series, self.value_labels):
                for marker in chart.legend().markers(hidden):
                    marker.setVisible(False)
        self._install(chart)

    def _value_labels(
        self, chart: QChart, indicator: Indicator, towns: QBarCategoryAxis, values: QValueAxis
    ) -> None:
        """Each bar's value written level, just above its top (never on the bar itself)."""
        labels = QScatterSeries()
        labels.setMarkerSize(1)
        labels.setColor(QColor(0, 0, 0, 0))
        labels.setBorderColor(QColor(0, 0, 0, 0))
        labels.setPointLabelsVisible(True)
        labels.setPointLabelsColor(QColor(colours.CHART_LABEL))
        labels.setPointLabelsFont(_small_font())
        labels.setPointLabelsClipping(False)
        lift = (values.max() - values.min()) * 0.02
        for index, (code, value) in enumerate(zip(self.codes, self.values, strict=True)):
            labels.append(index, value + lift)
            figure = indicator.by_township[code]
            text = "—" if figure.value is None else figures.number_text(figure.value)
            labels.setPointConfiguration(index, {QXYSeries.PointConfiguration.LabelFormat: text})
        self.value_labels = labels
        chart.addSeries(labels)
        labels.attachAxis(towns)
        labels.attachAxis(values)

    def _clicked(self, index: int) -> None:
        if 0 <= index < len(self.codes):
            self.township_clicked.emit(self.codes[index])

    def _install(self, chart: QChart) -> None:
        old = self.chart()
        self.setChart(chart)
        if old is not None:
            old.deleteLater()


class TrendChart(QChartView):
    """Monthly pass rates of the pass-rate targets, with each target as a dashed line."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setRenderHint(QPainter.RenderHint.Antialiasing)
        self.setMinimumHeight(260)
        self.show_trends([])

    def show_trends(self, trends: list[Trend]) -> None:
        chart = QChart()
        chart.setMargins(QMargins(4, 4, 4, 4))
        chart.setTitle(self.tr("Pass rate by month"))
        chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
        periods = [p.period for p in trends[0].points] if trends else []
        axis_x = QBarCategoryAxis()
        axis_x.setTruncateLabels(False)
        axis_x.setLabelsAngle(-60)
        axis_x.setLabelsFont(_small_font())
        axis_x.append([p[2:] for p in periods] or [""])
        axis_y = QValueAxis()
        rates = [p.rate for t in trends for p in t.points if p.rate is not None]
        goals = [t.goal for t in trends if t.goal is not None]
        low = min([*rates, *goals, 100.0])
        axis_y.setRange(max(0.0, (int(low) // 5) * 5 - 5), 100)
        axis_y.setLabelFormat("%.0f%%")
        chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(axis_y, Qt.AlignmentFlag.AlignLeft)
        for number, trend in enumerate(trends):
            colour = TREND_COLOURS[number % len(TREND_COLOURS)]
            line = QLineSeries()
            line.setName(trend.name_zh)
            line.setPen(QPen(colour, 2.2))
            line.setPointsVisible(True)
            for index, point in enumerate(trend.points):
                if point.rate is not None:
                    line.append(index, point.rate)
            chart.addSeries(line)
            line.attachAxis(axis_x)
            line.attachAxis(axis_y)
            if trend.goal is not None and periods:
                goal = QLineSeries()
                goal.setName(self.tr("Target {value:g}%").format(value=trend.goal))
                pen = QPen(colour, 1.2, Qt.PenStyle.DashLine)
                goal.setPen(pen)
                goal.append(0, trend.goal)
                goal.append(len(periods) - 1, trend.goal)
                chart.addSeries(goal)
                goal.attachAxis(axis_x)
                goal.attachAxis(axis_y)
        old = self.chart()
        self.setChart(chart)
        if old is not None:
            old.deleteLater()
        self.trends = trends
