"""The sync page's entry in the main window's navigation (see ``desktop.ui.screens``)."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QWidget

from desktop.ui.screens import LazyScreen, Screen, ScreenContext


def create_screen(context: ScreenContext) -> Screen:
    """Every office has it: townships export, the county imports and reviews. Built, with the
    signing keys' cryptography, when first opened."""
    title = QCoreApplication.translate("SyncScreen", "Sync packages")

    def build() -> QWidget:
        from desktop.ui.sync.page import SyncPage

        return SyncPage(context)

    return Screen("sync", title, LazyScreen(build))
