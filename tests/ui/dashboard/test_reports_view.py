"""Targets and reports (desktop/ui/dashboard/reports_view.py): an enterprise list import."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


def test_an_enterprise_list_import_shows_in_the_ledger(
    window: MainWindow, qtbot: QtBot, tmp_path: Path
) -> None:
    from openpyxl import Workbook

    from desktop.ui.dashboard.screen import TargetsAndReports

    enterprises = window.ledger_views["enterprises"]
    before = enterprises.model.total or 0
    screen = window.show_screen("dashboard")
    assert isinstance(screen, TargetsAndReports)
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["企业名称", "统一社会信用代码", "所属乡镇"])
    sheet.append(["泰顺县导入测试有限公司", "91330329MA2H00006J", "罗阳镇"])
    source = tmp_path / "list.xlsx"
    book.save(source)
    screen.reports.check_workbook(source)
    with qtbot.waitSignal(enterprises.model.refreshed, timeout=20000):
        screen.reports.import_good_rows()
    assert screen.reports.imported == 1
    qtbot.waitUntil(lambda: enterprises.model.total == before + 1)
