"""The backup service in-process: snapshots of a live WAL database, locked targets."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from desktop import backup as backup_service
from desktop import db as dbmod
from desktop.db import Database
from desktop.services.ledger import LedgerService
from desktop.services.office import Office

VALID_CODE = "91330329MA2H00006J"


def test_backup_of_a_live_database_includes_what_is_still_in_the_wal(
    township_db: tuple[Database, Office], tmp_path: Path
) -> None:
    database, office = township_db
    service = LedgerService(database, office)
    with database.engine.connect() as keep_open:  # the window holds the database open
        keep_open.exec_driver_sql("SELECT 1")
        service.create("enterprises", {"credit_code": VALID_CODE, "name": "仍在预写日志里的企业"})
        source = dbmod.sqlite_file(database)
        assert source is not None and Path(f"{source}-wal").stat().st_size > 0
        copy = backup_service.backup_database(source, out=tmp_path / "copy.sqlite3")
    with sqlite3.connect(copy) as connection:
        names = {r[0] for r in connection.execute("SELECT name FROM enterprises")}
        assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    assert "仍在预写日志里的企业" in names
    assert not Path(f"{copy}-wal").exists()
    info = backup_service.inspect_database(copy, dbmod.is_known_revision)
    assert info.township_code == office.township_code and info.records == 1


def test_backups_made_in_the_same_second_do_not_overwrite_each_other(
    township_db: tuple[Database, Office],
) -> None:
    database, _office = township_db
    source = dbmod.sqlite_file(database)
    assert source is not None
    made = {backup_service.backup_database(source) for _ in range(3)}
    assert len(made) == 3 and all(p.parent == source.parent / "backups" for p in made)


def test_restore_into_a_database_another_program_locks_says_to_close_it(
    township_db: tuple[Database, Office], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    database, _office = township_db
    source = dbmod.sqlite_file(database)
    assert source is not None
    copy = backup_service.backup_database(source, out=tmp_path / "copy.sqlite3")
    monkeypatch.setattr(backup_service, "LOCK_TIMEOUT_S", 0.1)
    locker = sqlite3.connect(source)
    locker.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(backup_service.BackupFailedError) as excinfo:
            backup_service.restore_into(copy, source)
    finally:
        locker.rollback()
        locker.close()
    assert "关闭质量提升台账窗口" in excinfo.value.message_zh
    assert "Close the Quality Desk window" in excinfo.value.message_en


def test_backup_names_are_timestamped_and_safe() -> None:
    from datetime import datetime

    name = backup_service.backup_name("before upgrade/0001", datetime(2026, 11, 29, 15, 30, 5))
    assert name == "quality-desk-20261129-153005-before-upgrade-0001.sqlite3"
