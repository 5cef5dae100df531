"""The dashboard's entry in the main window's navigation (see ``desktop.ui.screens``)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.ui.dashboard.view import DashboardView
from desktop.ui.screens import Screen, ScreenContext


def create_screen(context: ScreenContext) -> Screen:
    """The targets dashboard: every office has one (a township sees its own records)."""
    title = QCoreApplication.translate("Dashboard", "Targets")
    return Screen("dashboard", title, DashboardView(context))
