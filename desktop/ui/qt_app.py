"""The process's one QApplication, created on first use (the launcher, the app and the tests)."""

from __future__ import annotations

import os
import sys

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QApplication

from desktop.errors import UsageError


class NoDisplayError(UsageError):
    """Linux without a graphical session: Qt would abort with a misleading message."""


def check_display() -> None:
    """On Linux, a window needs an X11 or Wayland display unless a platform is chosen.

    Without one Qt prints that ``libxcb-cursor0`` may be missing and aborts (exit 134); say what
    is really wrong instead (exit 2).
    """
    if not sys.platform.startswith("linux") or os.environ.get("QT_QPA_PLATFORM"):
        return
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return
    raise NoDisplayError(
        "没有图形显示（DISPLAY 未设置）：请在桌面会话中运行，或设置 QT_QPA_PLATFORM=offscreen",
        "no graphical display (DISPLAY is not set): run it in a desktop session, "
        "or set QT_QPA_PLATFORM=offscreen",
    )


def application() -> QApplication:
    """The process's QApplication (created once)."""
    existing = QCoreApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    check_display()
    app = QApplication(sys.argv[:1])
    app.setApplicationName("QualityDesk")
    app.setOrganizationName("QualityDesk")
    return app
