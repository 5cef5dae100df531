"""Automatic daily backups: one a day, the newest N kept, other backups never touched."""

from __future__ import annotations

from datetime import datetime, timedelta
from pathlib import Path

from desktop import backup
from desktop.db import Database
from desktop.paths import backups_dir, database_path
from desktop.services import auto_backup
from desktop.services.office import init_office


def test_one_backup_a_day_and_the_last_n_kept(tmp_path: Path) -> None:
    database = Database.for_data_dir(tmp_path)
    init_office(database, township_code="330329100000", operator="张三")
    database.dispose()
    source = database_path(tmp_path)
    folder = backups_dir(tmp_path)
    manual = backup.backup_database(source, label="manual")
    start = datetime(2026, 11, 1, 17, 30)
    for day in range(5):
        made = auto_backup.daily_backup(source, "330329100000", keep=3, now=start + timedelta(day))
        assert made is not None and made.name.endswith("-daily-330329100000.sqlite3")
    again = auto_backup.daily_backup(source, "330329100000", keep=3, now=start + timedelta(4, 60))
    assert again is None  # today's is there already
    names = [p.name[13:21] for p in auto_backup.daily_backups(folder)]
    assert names == ["20261103", "20261104", "20261105"]
    assert manual.exists()  # a backup made by hand is never rotated away
    assert auto_backup.last_backup_day(folder) == (start + timedelta(4)).date()
    info = backup.inspect_database(auto_backup.daily_backups(folder)[-1], lambda _rev: True)
    assert info.township_code == "330329100000"


def test_no_database_no_backup(tmp_path: Path) -> None:
    assert auto_backup.daily_backup(tmp_path / "none.sqlite3") is None
