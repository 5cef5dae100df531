"""The one storage-error classification: each SQLite code, SQLSTATE and errno, and real failures.

Parametrised per code as qutebrowser tests its SQL errors (``tests/unit/misc/test_sql.py``):
an error carrying the code becomes a :class:`StorageFailureError` of the expected kind with a
zh/en message and exit code 2; codes that are bugs stay unclassified.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError, OperationalError, ProgrammingError

from desktop import db as dbmod
from desktop.cli import main
from desktop.db import Database
from desktop.errors import StorageError, UsageError
from desktop.services import demo
from desktop.storage_errors import (
    MESSAGES,
    StorageFailureError,
    StorageKind,
    classify,
    translated,
)
from desktop.sync import export
from tests.sync.helpers import TOWNSHIP_A, make_site


def sqlite_error(code: int, name: str, kind: type[sqlite3.Error] = sqlite3.OperationalError) -> Any:
    error = kind(f"message text that says nothing useful ({name})")
    error.sqlite_errorcode = code
    error.sqlite_errorname = name
    return error


SQLITE_CASES = [
    (sqlite3.SQLITE_BUSY, "SQLITE_BUSY", StorageKind.BUSY),
    (sqlite3.SQLITE_LOCKED, "SQLITE_LOCKED", StorageKind.LOCKED),
    (sqlite3.SQLITE_READONLY, "SQLITE_READONLY", StorageKind.READ_ONLY),
    (sqlite3.SQLITE_READONLY_DBMOVED, "SQLITE_READONLY_DBMOVED", StorageKind.READ_ONLY),
    (sqlite3.SQLITE_PERM, "SQLITE_PERM", StorageKind.READ_ONLY),
    (sqlite3.SQLITE_FULL, "SQLITE_FULL", StorageKind.FULL),
    (sqlite3.SQLITE_IOERR, "SQLITE_IOERR", StorageKind.IO),
    (sqlite3.SQLITE_IOERR_WRITE, "SQLITE_IOERR_WRITE", StorageKind.IO),
    (sqlite3.SQLITE_IOERR_FSYNC, "SQLITE_IOERR_FSYNC", StorageKind.IO),
    (sqlite3.SQLITE_CANTOPEN, "SQLITE_CANTOPEN", StorageKind.CANT_OPEN),
    (sqlite3.SQLITE_CORRUPT, "SQLITE_CORRUPT", StorageKind.CORRUPT),
    (sqlite3.SQLITE_NOTADB, "SQLITE_NOTADB", StorageKind.CORRUPT),
    (sqlite3.SQLITE_BUSY_SNAPSHOT, "SQLITE_BUSY_SNAPSHOT", StorageKind.BUSY),
]


@pytest.mark.parametrize(("code", "name", "kind"), SQLITE_CASES)
@pytest.mark.parametrize("wrapped", [False, True], ids=["raw-cursor", "sqlalchemy"])
def test_sqlite_codes(code: int, name: str, kind: StorageKind, wrapped: bool) -> None:
    error: BaseException = sqlite_error(code, name)
    if wrapped:
        error = OperationalError("INSERT ...", {}, error)
    failure = classify(error)
    assert isinstance(failure, StorageFailureError)
    assert failure.kind is kind and failure.code == name
    assert failure.exit_code == 2
    assert failure.message_zh.startswith(MESSAGES[kind][0][:6])
    assert failure.message_en.startswith(MESSAGES[kind][1][:6])


@pytest.mark.parametrize(
    ("code", "name", "kind"),
    [
        (sqlite3.SQLITE_CONSTRAINT, "SQLITE_CONSTRAINT", sqlite3.IntegrityError),
        (sqlite3.SQLITE_ERROR, "SQLITE_ERROR", sqlite3.ProgrammingError),
        (sqlite3.SQLITE_MISMATCH, "SQLITE_MISMATCH", sqlite3.IntegrityError),
    ],
)
def test_bugs_are_not_storage_failures(code: int, name: str, kind: type[sqlite3.Error]) -> None:
    assert classify(sqlite_error(code, name, kind)) is None
    assert classify(IntegrityError("x", {}, sqlite_error(code, name, kind))) is None
    assert classify(ProgrammingError("x", {}, sqlite_error(code, name, kind))) is None
    assert classify(ValueError("a bug")) is None


def test_message_text_alone_decides_nothing() -> None:
    # "locked" or "full" in a message, without the code, is not a classification
    assert classify(sqlite3.IntegrityError("database is locked and disk is full")) is None


class FakePsycopgError(Exception):
    def __init__(self, sqlstate: str | None) -> None:
        super().__init__(f"server said something ({sqlstate})")
        self.sqlstate = sqlstate


@pytest.mark.parametrize(
    ("sqlstate", "kind"),
    [
        ("53100", StorageKind.FULL),
        ("53200", StorageKind.FULL),
        ("55P03", StorageKind.LOCKED),
        ("40P01", StorageKind.BUSY),
        ("40001", StorageKind.BUSY),
        ("57014", StorageKind.BUSY),
        ("25006", StorageKind.READ_ONLY),
        ("42501", StorageKind.READ_ONLY),
        ("58030", StorageKind.IO),
        ("XX001", StorageKind.CORRUPT),
        ("XX002", StorageKind.CORRUPT),
        ("08006", StorageKind.CANT_OPEN),
        ("08001", StorageKind.CANT_OPEN),
        ("28P01", StorageKind.CANT_OPEN),
        ("3D000", StorageKind.CANT_OPEN),
        ("57P01", StorageKind.CANT_OPEN),
    ],
)
def test_postgres_sqlstates(sqlstate: str, kind: StorageKind) -> None:
    failure = classify(OperationalError("SELECT 1", {}, FakePsycopgError(sqlstate)))
    assert isinstance(failure, StorageFailureError)
    assert failure.kind is kind and failure.code == sqlstate and failure.exit_code == 2


@pytest.mark.parametrize("sqlstate", ["23505", "23503", "42P01", "22P02"])
def test_postgres_bugs_are_not_storage_failures(sqlstate: str) -> None:
    assert classify(IntegrityError("x", {}, FakePsycopgError(sqlstate))) is None
    assert classify(FakePsycopgError(sqlstate)) is None


@pytest.mark.parametrize(
    ("number", "kind"),
    [
        (errno.ENOSPC, StorageKind.FULL),
        (errno.EDQUOT, StorageKind.FULL),
        (errno.EROFS, StorageKind.READ_ONLY),
        (errno.EACCES, StorageKind.READ_ONLY),
        (errno.EIO, StorageKind.IO),
    ],
)
def test_os_errors(number: int, kind: StorageKind) -> None:
    failure = classify(OSError(number, "whatever", "/media/usb/file"))
    assert isinstance(failure, StorageFailureError) and failure.kind is kind
    assert "/media/usb/file" in failure.message_zh


def test_a_message_for_the_clerk_is_not_reclassified() -> None:
    try:
        try:
            raise OSError(errno.ENOSPC, "No space left on device")
        except OSError as cause:
            raise UsageError("无法写入", "cannot write") from cause
    except UsageError as error:
        assert classify(error) is None


def test_translated_turns_raw_cursor_failures_into_storage_errors() -> None:
    with pytest.raises(StorageError) as caught, translated():
        raise sqlite_error(sqlite3.SQLITE_FULL, "SQLITE_FULL")
    assert "磁盘空间已满" in caught.value.message_zh
    with pytest.raises(KeyError), translated():
        raise KeyError("a bug stays a bug")


# ---- real failures through the session ----------------------------------------------------------


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    database = Database(dbmod.sqlite_url(tmp_path / "x.sqlite3"))
    with database.session() as session:
        session.execute(text("CREATE TABLE t (x TEXT)"))
    yield database
    database.dispose()


def test_locked_database_through_orm_and_raw_cursor(database: Database, tmp_path: Path) -> None:
    holder = sqlite3.connect(tmp_path / "x.sqlite3")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StorageFailureError) as caught, database.session() as session:
            session.execute(text("PRAGMA busy_timeout=50"))
            session.execute(text("INSERT INTO t VALUES ('a')"))
        assert caught.value.kind is StorageKind.BUSY
        with pytest.raises(StorageFailureError) as raw, database.session() as session:
            session.execute(text("PRAGMA busy_timeout=50"))
            cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
            cursor.execute("BEGIN IMMEDIATE")
        assert raw.value.kind is StorageKind.BUSY
    finally:
        holder.rollback()
        holder.close()


def test_full_database_through_raw_cursor(database: Database) -> None:
    with pytest.raises(StorageFailureError) as caught, database.session() as session:
        cursor = session.connection().connection.driver_connection.cursor()  # type: ignore[union-attr]
        cursor.execute("PRAGMA max_page_count = 3")
        cursor.executemany("INSERT INTO t VALUES (?)", [("x" * 2000,)] * 50)
    assert caught.value.kind is StorageKind.FULL


def test_read_only_database(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "ro.sqlite3"
    with sqlite3.connect(path) as connection:
        connection.execute("CREATE TABLE t (x TEXT)")
    monkeypatch.chdir(tmp_path)
    database = Database(f"sqlite+pysqlite:///file:{path}?mode=ro&uri=true")
    assert dbmod.sqlite_file(database) == path
    assert not (tmp_path / "file:").exists(), "a URI is not a folder to create"
    try:
        with pytest.raises(StorageFailureError) as caught, database.session() as session:
            session.execute(text("INSERT INTO t VALUES ('a')"))
        assert caught.value.kind is StorageKind.READ_ONLY
    finally:
        database.dispose()


def test_damaged_database_file(tmp_path: Path) -> None:
    path = tmp_path / "bad.sqlite3"
    path.write_bytes(b"this is not a database at all" * 200)
    database = Database(dbmod.sqlite_url(path))
    try:
        with pytest.raises(StorageFailureError) as caught, database.session() as session:
            session.execute(text("SELECT * FROM sqlite_master"))
        assert caught.value.kind is StorageKind.CORRUPT
    finally:
        database.dispose()


def test_full_disk_during_import_is_a_clear_message_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """merge.write_rows writes through the raw cursor: it must be classified like the ORM."""
    township = make_site(tmp_path / "t", TOWNSHIP_A)
    with township.open() as (database, office):
        demo.generate(database, office, 60, 5)
        path = export.export_data(database, office, tmp_path / "out", period="2026-09").path
    county = make_site(tmp_path / "c", None)
    original = dbmod._sqlite_on_connect

    def tiny_disk(connection: sqlite3.Connection, record: Any) -> None:
        original(connection, record)
        pages = connection.execute("PRAGMA page_count").fetchone()[0]
        connection.execute(f"PRAGMA max_page_count = {pages + 2}")

    monkeypatch.setattr(dbmod, "_sqlite_on_connect", tiny_disk)
    code = main(["--data-dir", str(county.folder), "import", str(path)])
    captured = capsys.readouterr()
    assert code == 2, captured.err
    assert "磁盘空间已满" in captured.err and "disk is full" in captured.err
    assert "unexpected" not in captured.err
    monkeypatch.undo()
    with county.open() as (database, _office), database.session() as session:
        inbox = session.execute(text("SELECT count(*) FROM sync_inbox")).scalar_one()
        rows = session.execute(text("SELECT count(*) FROM inspections")).scalar_one()
    assert inbox == 0 and rows == 0, "nothing of the package may stay behind"


# ---- PostgreSQL: real SQLSTATEs from a real server --------------------------------------------


@pytest.mark.postgres
def test_postgres_failures_through_the_session(pg_url: str) -> None:
    database = Database(pg_url)
    try:
        with database.session() as session:
            session.execute(text("CREATE TABLE t (x TEXT)"))
        with pytest.raises(StorageFailureError) as read_only, database.session() as session:
            session.execute(text("SET TRANSACTION READ ONLY"))
            session.execute(text("INSERT INTO t VALUES ('a')"))
        assert read_only.value.kind is StorageKind.READ_ONLY and read_only.value.code == "25006"
        with pytest.raises(StorageFailureError) as busy, database.session() as session:
            session.execute(text("SET LOCAL statement_timeout = 1"))
            session.execute(text("SELECT pg_sleep(1)"))
        assert busy.value.kind is StorageKind.BUSY and busy.value.code == "57014"
    finally:
        database.dispose()


@pytest.mark.postgres
def test_postgres_server_not_there_is_cant_open(pg_url: str) -> None:
    database = Database(pg_url.rsplit("/", 1)[0] + "/qd_no_such_database")
    try:
        with pytest.raises(StorageFailureError) as caught, database.session() as session:
            session.execute(text("SELECT 1"))
        assert caught.value.kind is StorageKind.CANT_OPEN
    finally:
        database.dispose()
