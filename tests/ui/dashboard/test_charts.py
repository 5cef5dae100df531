"""The dashboard's charts (desktop/ui/dashboard/charts.py)."""

from __future__ import annotations

import pytest

from desktop.ui.dashboard.charts import TownshipChart
from desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


def test_township_chart_labels_keep_three_digits(window: MainWindow) -> None:
    window.show_screen("dashboard")
    chart = window.findChild(TownshipChart)
    assert chart is not None
    series = chart.chart().series()
    assert series, "the first computable target is charted"
    assert series[0].labelsPrecision() == 3
