"""文件 → 备份 / 恢复 in the window, the daily backup on closing, 打开文件夹 and 复制到U盘."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QStorageInfo
from pytestqt.qtbot import QtBot

from desktop.paths import backups_dir
from desktop.services import auto_backup
from desktop.ui.app import DesktopApp
from desktop.ui.file_actions import FileDoneBar, Volume, copy_to, removable_volumes
from desktop.ui.main_window import MainWindow

pytestmark = pytest.mark.gui


@pytest.mark.qt_log_ignore("This plugin does not support.*")  # the drive menu, offscreen
def test_back_up_from_the_file_menu_and_copy_to_a_usb_drive(
    window: MainWindow, desktop: DesktopApp, qtbot: QtBot, tmp_path: Path
) -> None:
    dialog = desktop.show_backup()
    assert dialog is not None
    written = dialog.run_backup()
    assert written is not None and written.parent == backups_dir(desktop.data_dir)
    assert "罗阳镇-330329100000" in written.name
    assert dialog.done_bar.isVisible() and written.name in dialog.done_bar.name.text()
    stick = tmp_path / "usb"
    stick.mkdir()
    bar = dialog.done_bar
    bar.volumes = [Volume(stick, "KINGSTON", 8 * 1024**3)]
    menu = bar.choose_drive()
    assert [a.text() for a in menu.actions()] == [f"KINGSTON ({stick})  8.0 GB"]
    menu.actions()[0].trigger()
    assert (stick / written.name).read_bytes() == written.read_bytes()
    assert not list(stick.glob("*.part"))
    assert "U" in bar.name.text() or str(stick) in bar.name.text()
    dialog.close()


@pytest.mark.qt_log_ignore("This plugin does not support.*")
def test_no_usb_drive_says_so(qtbot: QtBot, tmp_path: Path) -> None:
    bar = FileDoneBar()
    qtbot.addWidget(bar)
    bar.show_file(tmp_path / "x.qdpkg")
    bar.volumes = []
    menu = bar.choose_drive()
    assert len(menu.actions()) == 1 and not menu.actions()[0].isEnabled()


def test_the_system_disk_is_not_a_usb_drive() -> None:
    root = QStorageInfo.root()
    assert all(v.root != Path(root.rootPath()) for v in removable_volumes([root]))


def test_copy_replaces_an_older_copy(tmp_path: Path) -> None:
    source = tmp_path / "a.qdpkg"
    source.write_bytes(b"new")
    folder = tmp_path / "stick"
    folder.mkdir()
    (folder / "a.qdpkg").write_bytes(b"old")
    assert copy_to(source, folder).read_bytes() == b"new"


def test_restore_from_a_backup_reopens_the_window_on_it(
    window: MainWindow, desktop: DesktopApp, qtbot: QtBot
) -> None:
    dialog = desktop.show_backup()
    assert dialog is not None
    saved = dialog.run_backup()
    assert saved is not None
    dialog.close()
    view = window.ledger_views["enterprises"]
    before = view.model.total
    view.table.selectRow(0)
    view.confirm = lambda _question: True
    assert view.delete_selected()
    assert desktop.restore_from(saved)
    reopened = desktop.window
    assert reopened is not None and reopened is not window
    qtbot.addWidget(reopened)
    assert reopened.ledger_views["enterprises"].model.total == before
    before_restore = [
        p for p in backups_dir(desktop.data_dir).iterdir() if "before-restore" in p.name
    ]
    assert before_restore  # the state replaced by the restore was saved first


def test_closing_makes_the_daily_backup(desktop: DesktopApp) -> None:
    desktop.auto_backup = True
    desktop.close()
    made = auto_backup.daily_backups(backups_dir(desktop.data_dir))
    assert len(made) == 1 and made[0].name.endswith("-daily-330329100000.sqlite3")
