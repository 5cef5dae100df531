"""The sync page's entry in the main window's navigation (see ``desktop.ui.screens``)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication

from desktop.ui.screens import Screen, ScreenContext
from desktop.ui.sync.page import SyncPage


def create_screen(context: ScreenContext) -> Screen:
    """Every office has it: townships export, the county imports and reviews."""
    title = QCoreApplication.translate("SyncScreen", "Sync packages")
    return Screen("sync", title, SyncPage(context))
