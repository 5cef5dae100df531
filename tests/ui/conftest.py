"""Fixtures of the window tests: a township data folder with a little demo data, opened in a
:class:`DesktopApp` whose task helper runs synchronously and whose dialogs are switched off."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.db import Database
from desktop.services import demo
from desktop.services.office import init_office
from desktop.ui.app import DesktopApp
from desktop.ui.main_window import MainWindow
from desktop.ui.tasks import ImmediateTaskRunner

TODAY = date(2022, 6, 30)
TOWNSHIP = "330329100000"


def make_data_dir(root: Path, records: int = 200, county: bool = False) -> Path:
    data_dir = root / ("county" if county else "township")
    database = Database.for_data_dir(data_dir)
    office = (
        init_office(database, county=True, operator="县办")
        if county
        else init_office(database, township_code=TOWNSHIP, operator="张三")
    )
    demo.generate(
        database,
        office,
        records=records,
        seed=3,
        today=TODAY,
        townships=["330329100000", "330329102000"] if county else None,
    )
    database.dispose()
    return data_dir


def open_desktop(data_dir: Path, language: str = "zh") -> DesktopApp:
    desktop = DesktopApp(data_dir, dialogs=False, runner=ImmediateTaskRunner(), today=lambda: TODAY)
    desktop.settings.language = language
    desktop.auto_backup = False  # the daily backup on closing has its own test
    desktop.language.install(desktop.app, language)
    assert desktop.open_database()
    return desktop


@pytest.fixture
def desktop(tmp_path: Path) -> Iterator[DesktopApp]:
    app = open_desktop(make_data_dir(tmp_path))
    yield app
    app.close()


@pytest.fixture
def county_desktop(tmp_path: Path) -> Iterator[DesktopApp]:
    app = open_desktop(make_data_dir(tmp_path, records=60, county=True))
    yield app
    app.close()


@pytest.fixture
def window(desktop: DesktopApp, qtbot: QtBot) -> MainWindow:
    window = desktop.build_window()
    qtbot.addWidget(window)
    window.show()
    return window
