"""The sync page in the real main window (offscreen): export at a township, import with a dry-run
preview at the county, the conflict review side by side, and the completeness grid."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from desktop.db import Database
from desktop.services import demo
from desktop.services.ledger import LedgerService
from desktop.services.office import init_office, load_office
from desktop.sync import export
from desktop.ui.app import DesktopApp
from desktop.ui.sync.page import SyncPage
from desktop.ui.tasks import ImmediateTaskRunner

pytestmark = pytest.mark.gui
TODAY = date.today()
TOWNSHIP = "330329100000"


def _app(data_dir: Path) -> DesktopApp:
    app = DesktopApp(data_dir, dialogs=False, runner=ImmediateTaskRunner(), today=lambda: TODAY)
    app.settings.language = "zh"
    app.language.install(app.app, "zh")
    assert app.open_database()
    return app


def _page(app: DesktopApp, qtbot: QtBot) -> SyncPage:
    window = app.build_window()
    qtbot.addWidget(window)
    window.resize(1200, 800)
    window.show()
    page = window.show_screen("sync")
    assert isinstance(page, SyncPage)
    return page


@pytest.fixture
def folders(tmp_path: Path) -> Iterator[dict[str, Path]]:
    """A township with records (and a backup of it), a county, two real packages."""
    township, county = tmp_path / "township", tmp_path / "county"
    database = Database.for_data_dir(township)
    office = init_office(database, township_code=TOWNSHIP, operator="张三")
    demo.generate(database, office, records=40, seed=5)
    database.dispose()
    shutil.copy(township / "quality-desk.sqlite3", tmp_path / "backup.sqlite3")
    first = export.export_data(database, office, tmp_path / "usb", period="2026-09").path
    record = LedgerService(database, office).create(
        "enterprises", {"credit_code": "91330329MA2H00006J", "name": "原电脑上的名称"}
    )
    second = export.export_data(database, office, tmp_path / "usb", period="2026-10").path
    database.dispose()
    county_db = Database.for_data_dir(county)
    init_office(county_db, county=True, operator="县办")
    county_db.dispose()
    yield {
        "township": township,
        "county": county,
        "first": first,
        "second": second,
        "record": Path(str(record.record["id"])),
        "root": tmp_path,
    }


def test_export_dialog_at_the_township(folders: dict[str, Path], qtbot: QtBot) -> None:
    app = _app(folders["township"])
    try:
        page = _page(app, qtbot)
        assert "指纹" in page.key_label.text()
        assert page.history.rowCount() == 2
        dialog = page.open_export()
        dialog.folder.setText(str(folders["root"] / "out"))
        dialog.export_button.click()
        assert dialog.written is not None and dialog.written.path.exists()
        assert dialog.written.nothing_to_report
        assert "无数据上报" in dialog.message.text()
        assert page.history.rowCount() == 3
    finally:
        app.close()


def test_import_preview_then_commit_and_review_a_conflict(
    folders: dict[str, Path], qtbot: QtBot
) -> None:
    # A restored backup of the township edits the record the original PC also created/edited.
    restored = folders["root"] / "restored"
    restored.mkdir()
    shutil.copy(folders["root"] / "backup.sqlite3", restored / "quality-desk.sqlite3")
    database = Database.for_data_dir(restored)
    office = load_office(database)
    service = LedgerService(database, office)
    from sqlalchemy import select

    from desktop.models import Enterprise

    with database.session() as session:
        target = str(session.scalars(select(Enterprise.id).order_by(Enterprise.id)).first())
    service.update(target, {"name": "恢复备份后改的名称"})
    fork = export.export_data(database, office, folders["root"] / "usb2").path
    database.dispose()
    database = Database.for_data_dir(folders["township"])
    office = load_office(database)
    LedgerService(database, office).update(target, {"name": "原电脑改的名称"})
    third = export.export_data(database, office, folders["root"] / "usb").path
    database.dispose()

    app = _app(folders["county"])
    try:
        page = _page(app, qtbot)
        dialog = page.open_import()
        bad = folders["root"] / "bad.qdpkg"
        bad.write_bytes(b"not a package")
        dialog.set_paths([folders["first"], folders["second"], third, fork, bad])
        assert [dialog.table.item(r, 4).text() for r in range(5)] == [
            "可以导入",
            "可以导入",
            "可以导入",
            "可以导入",
            "已拒收",
        ]
        assert int(dialog.table.item(0, 5).text()) > 0
        assert page.history.rowCount() == 0  # the dry run saved nothing
        assert dialog.import_button.isEnabled()
        dialog.import_button.click()
        assert [dialog.table.item(r, 4).text() for r in range(4)] == ["已导入"] * 4, [
            (r.reason_en, r.rejected_rows) for r in dialog.results
        ]
        assert page.history.rowCount() == 4

        conflicts = page.conflicts
        assert conflicts is not None and len(conflicts.conflicts) == 1
        compare = conflicts.compare
        names = {compare.item(r, 0).text(): r for r in range(compare.rowCount())}
        row = names["企业名称"]
        pair = {compare.item(row, 1).text(), compare.item(row, 2).text()}
        assert pair == {"恢复备份后改的名称", "原电脑改的名称"}
        assert compare.item(row, 1).font().bold()
        conflicts.keep_mine.click()
        assert conflicts.conflicts == []

        grid = page.completeness
        assert grid is not None and grid.grid is not None
        luoyang = [c for c, _n in grid.grid.townships].index(TOWNSHIP)
        months = grid.grid.months
        states = {
            months[c]: grid.table.item(luoyang, c).data(Qt.ItemDataRole.UserRole)
            for c in range(len(months))
        }
        assert states["2026-09"] in ("received", "late")
        assert grid.issues.count() >= 1
        texts = [grid.issues.item(i).text() for i in range(grid.issues.count())]
        assert all("）：" in text and ", " not in text for text in texts), texts
    finally:
        app.close()


def test_held_package_and_the_installations_tab(tmp_path: Path, qtbot: QtBot) -> None:
    """A second PC's package shows as held, the 终端登记 tab names it, approving merges it."""
    county, pc1, pc2 = tmp_path / "county", tmp_path / "pc1", tmp_path / "pc2"
    packages = []
    for folder, label in ((pc1, "质量办"), (pc2, "市场监管所")):
        database = Database.for_data_dir(folder)
        office = init_office(database, township_code=TOWNSHIP, pc_label=label)
        LedgerService(database, office).create(
            "enterprises", {"credit_code": "91330329MA2H00006J", "name": f"{label}录入的企业"}
        )
        packages.append(export.export_data(database, office, tmp_path / "usb").path)
        database.dispose()
    county_db = Database.for_data_dir(county)
    init_office(county_db, county=True, operator="县办")
    county_db.dispose()
    app = _app(county)
    try:
        page = _page(app, qtbot)
        dialog = page.open_import()
        dialog.set_paths(packages)
        # Each file's dry run is on its own: either PC alone would be the township's first.
        assert [dialog.table.item(r, 4).text() for r in range(2)] == ["可以导入"] * 2
        dialog.import_button.click()
        statuses = [dialog.table.item(r, 4).text() for r in range(2)]
        assert statuses == ["已导入", "已暂存：新电脑待批准"]
        reason = dialog.table.item(1, 10).text()
        assert "市场监管所" in reason and "key" not in reason and "keys" not in reason
        assert "已暂存" in dialog.summary.text()
        view = page.installations
        assert view is not None
        index = page.tabs.indexOf(view)
        assert page.tabs.tabText(index) == "终端登记（1 台待批准）"
        assert view.table.item(0, 1).text() == "市场监管所"
        assert view.table.item(0, 3).text() == "待批准"
        view.select_row(0)
        assert view.approve_button.isEnabled() and view.decline_button.isEnabled()
        assert "电话" in view.question("approve", view.entries[0])
        view.decide("approve", confirmed=True)
        assert "已合并 1 个暂存的包" in view.message.text()
        assert "可能重复" in view.message.text()  # both PCs entered 91330329MA2H00006J
        assert page.tabs.tabText(index) == "终端登记"
        assert {view.table.item(r, 3).text() for r in range(2)} == {"在用"}
    finally:
        app.close()
