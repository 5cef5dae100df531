"""The workspace of the main window (desktop/ui/main_window.py): imports and exports refresh
the ledgers and the status bar."""

from __future__ import annotations

from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from desktop.db import Database
from desktop.services.office import init_office, load_office
from desktop.sync import export
from desktop.ui.main_window import MainWindow
from desktop.ui.sync.page import SyncPage
from tests.ui.conftest import make_data_dir, open_desktop

pytestmark = pytest.mark.gui


def test_an_import_refreshes_the_ledgers_and_the_status_bar(tmp_path: Path, qtbot: QtBot) -> None:
    township_dir = make_data_dir(tmp_path, records=30)
    township_db = Database.for_data_dir(township_dir)
    package = export.export_data(
        township_db, load_office(township_db), tmp_path / "usb", period="2022-05"
    ).path
    township_db.dispose()
    county_dir = tmp_path / "county-empty"
    county_db = Database.for_data_dir(county_dir)
    init_office(county_db, county=True, operator="县办")
    county_db.dispose()
    county = open_desktop(county_dir)
    window = county.build_window()
    qtbot.addWidget(window)
    window.show()
    inspections = window.ledger_views["inspections"]
    assert inspections.model.total == 0
    assert "尚无记录" in inspections.empty_hint.text()
    page = window.show_screen("sync")  # built when first opened
    assert isinstance(page, SyncPage)
    assert page is not None
    dialog = page.open_import()
    dialog.set_paths([package])
    with qtbot.waitSignal(window.changes_applied, timeout=20000):
        dialog.commit()
    qtbot.waitUntil(lambda: (inspections.model.total or 0) > 0)
    assert inspections.empty_hint.isHidden()
    qtbot.waitUntil(lambda: "上次导入:无" not in window.sync_label.text().replace(" ", ""))
    county.close()


def test_an_export_updates_the_last_export_date(window: MainWindow, qtbot: QtBot) -> None:
    page = window.show_screen("sync")  # built when first opened
    assert isinstance(page, SyncPage)
    assert page is not None
    dialog = page.open_export()
    dialog.folder.setText(str(Path(window.context.data_dir) / "out"))  # type: ignore[union-attr]
    with qtbot.waitSignal(page.records_changed, timeout=20000):
        dialog.export_button.click()
    assert dialog.written is not None
    qtbot.waitUntil(lambda: "上次导出:无" not in window.sync_label.text().replace(" ", ""))
