"""Screens built on first use: the window comes up without the reports and sync pages (and the
sync page's cryptography)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.ui.dashboard.screen import TargetsAndReports
from desktop.ui.main_window import MainWindow
from desktop.ui.screens import LazyScreen

pytestmark = pytest.mark.gui

PROBE = """
import sys
from pathlib import Path
from desktop.ui.app import DesktopApp
from desktop.ui.tasks import ImmediateTaskRunner
app = DesktopApp(Path(sys.argv[1]), dialogs=False, runner=ImmediateTaskRunner())
assert app.open_database()
window = app.build_window()
window.show()
app.app.processEvents()
pages = {"desktop.ui.dashboard.reports_view", "desktop.ui.sync.page"}
roots = {m.split(".")[0] for m in sys.modules}
heavy = sorted((roots & {"cryptography"}) | (set(sys.modules) & pages))
print("before", *heavy)
window.show_screen("dashboard")
window.show_screen("sync")
app.app.processEvents()
roots = {m.split(".")[0] for m in sys.modules}
heavy = sorted((roots & {"cryptography"}) | (set(sys.modules) & pages))
print("after", *heavy)
app.close()
"""


def test_the_window_starts_without_the_reports_and_sync_pages(tmp_path: Path) -> None:
    from desktop.db import Database
    from desktop.services.office import init_office

    database = Database.for_data_dir(tmp_path)
    init_office(database, township_code="330329100000", operator="测试")
    database.dispose()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE, str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines == [
        "before",
        "after cryptography desktop.ui.dashboard.reports_view desktop.ui.sync.page",
    ], result.stdout


def test_a_lazy_screen_is_built_when_first_shown(window: MainWindow, qtbot: QtBot) -> None:
    page = window.screens["dashboard"]
    assert isinstance(page, LazyScreen)
    assert not page.built
    window.navigation.setCurrentRow(window.stack.indexOf(page))
    qtbot.waitUntil(lambda: page.built)
    assert isinstance(page.widget(), TargetsAndReports)
    assert window.show_screen("dashboard") is page.widget()
