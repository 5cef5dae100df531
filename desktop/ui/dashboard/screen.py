"""The dashboard's entry in the main window's navigation (see ``desktop.ui.screens``).

One navigation entry, two tabs: the targets dashboard, and the monthly report with the enterprise
list import.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QTabWidget

from desktop.ui.screens import LazyScreen, Screen, ScreenContext


class TargetsAndReports(QTabWidget):
    """The targets dashboard and the reports tab."""

    records_changed = Signal(str)
    """Passed on from the reports tab's enterprise import (see desktop.ui.screens)."""

    def __init__(self, context: ScreenContext) -> None:
        from desktop.ui.dashboard.reports_view import ReportsView
        from desktop.ui.dashboard.view import DashboardView

        super().__init__()
        self.dashboard = DashboardView(context)
        self.reports = ReportsView(context)
        self.reports.records_changed.connect(self.records_changed)
        self.addTab(self.dashboard, QCoreApplication.translate("Dashboard", "Targets"))
        self.addTab(
            self.reports, QCoreApplication.translate("Dashboard", "Monthly report and imports")
        )


def create_screen(context: ScreenContext) -> Screen:
    """Every office has one (a township sees and reports its own records); built, with the
    reports' openpyxl, when first opened."""
    title = QCoreApplication.translate("Dashboard", "Targets and reports")
    return Screen("dashboard", title, LazyScreen(lambda: TargetsAndReports(context)))
