"""Projects and their monthly progress (desktop/ui/projects_view.py)."""

from __future__ import annotations

import pytest

from desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


def test_progress_months_are_readable(window: MainWindow) -> None:
    from desktop.ui.projects_view import ProgressChart

    chart = window.findChild(ProgressChart)
    assert chart is not None
    chart.show_series("项目", [("2024-05", 40.0, 0.5), ("2024-06", 60.0, 1.5)])
    axis = chart.chart().axes()[0]
    assert axis.categories() == ["24-05", "24-06"]  # type: ignore[attr-defined]
    assert not axis.truncateLabels()  # type: ignore[attr-defined]
