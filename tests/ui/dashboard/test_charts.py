"""The dashboard's charts (desktop/ui/dashboard/charts.py)."""

from __future__ import annotations

import pytest
from PySide6.QtCharts import QXYSeries

from desktop.ui.dashboard.charts import TownshipChart
from desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


def test_township_chart_labels_are_short_and_above_the_bars(window: MainWindow) -> None:
    """Values read 92.3 (not 92.3077), level, just above each bar — never on the bar."""
    window.show_screen("dashboard")
    window.show_screen("dashboard")  # built when first opened
    chart = window.findChild(TownshipChart)
    assert chart is not None
    series = chart.chart().series()
    assert series, "the first computable target is charted"
    labels = chart.value_labels
    assert labels is not None and labels.count() == len(chart.values)
    for index, value in enumerate(chart.values):
        text = labels.pointConfiguration(index)[QXYSeries.PointConfiguration.LabelFormat]
        assert text == "—" or len(text.partition(".")[2]) <= 1, text
        assert labels.at(index).y() > value
