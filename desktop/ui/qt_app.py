"""The process's one QApplication, created on first use (the launcher, the app and the tests)."""

from __future__ import annotations

import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication


def application() -> QApplication:
    """The process's QApplication (created once)."""
    existing = QCoreApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication(sys.argv[:1])
    app.setApplicationName("QualityDesk")
    app.setOrganizationName("QualityDesk")
    return app
