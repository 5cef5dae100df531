"""The window warns at start, in the chosen language, when this PC's clock looks wrong."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot
from sqlalchemy import update

from desktop.db import Database
from desktop.ids import hlc_from_datetime
from desktop.models import Installation
from desktop.services.office import init_office
from desktop.ui.app import DesktopApp

pytestmark = pytest.mark.gui


def _office(folder: Path, ahead: timedelta) -> None:
    database = Database.for_data_dir(folder)
    init_office(database, township_code="330329100000", operator="张三")
    with database.session() as session:
        moment = datetime.now() + ahead
        session.execute(update(Installation).values(hlc_last=hlc_from_datetime(moment)))
    database.dispose()


def test_a_clock_earlier_than_the_database_is_reported_at_start(
    tmp_path: Path, qtbot: QtBot
) -> None:
    _office(tmp_path / "data", timedelta(days=400))
    desktop = DesktopApp(tmp_path / "data", dialogs=False)
    assert desktop.start()
    assert desktop.window is not None
    qtbot.addWidget(desktop.window)
    assert any("电脑时钟可能不对" in shown for shown in desktop.errors.shown)
    desktop.close()


def test_a_right_clock_says_nothing(tmp_path: Path, qtbot: QtBot) -> None:
    _office(tmp_path / "data", timedelta(minutes=-1))
    desktop = DesktopApp(tmp_path / "data", dialogs=False)
    assert desktop.start()
    assert desktop.window is not None
    qtbot.addWidget(desktop.window)
    assert desktop.errors.shown == []
    desktop.close()
