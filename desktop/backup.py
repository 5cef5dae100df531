"""Backups of an office's SQLite database: before every schema upgrade, on demand, and restore.

Copies are made with SQLite's online backup API (``sqlite3.Connection.backup``), which gives a
consistent snapshot even while the window has the database open, and includes what is still in
the write-ahead log. A finished backup is a single self-contained file (journal mode DELETE,
checked with ``PRAGMA quick_check``), written under a temporary name and renamed into place, so a
half-written file never looks like a backup.

Names are timestamped: ``quality-desk-20261129-151500-before-upgrade-0001.sqlite3`` in the data
folder's ``backups/``. Nothing here deletes backups: they are small and upgrades are rare.
"""

from __future__ import annotations

import logging
import re
import sqlite3
import time
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from desktop import files, storage_errors
from desktop.errors import SchemaTooNewError, StorageError
from desktop.paths import backups_dir, ensure_writable

BACKUP_PREFIX = "quality-desk-"
BACKUP_SUFFIX = ".sqlite3"
REQUIRED_TABLES = ("alembic_version", "installation")
LOCK_TIMEOUT_S = 5.0
"""How long a restore waits for another program (an open window) to release the database."""

log = logging.getLogger(__name__)


class NotADatabaseError(StorageError):
    """The file given to restore is not a Quality Desk database."""


class BackupFailedError(StorageError):
    """A backup could not be written (disk full, unreadable source, ...)."""


@dataclass(frozen=True)
class DatabaseInfo:
    """What a database file is, read without changing it."""

    path: Path
    revision: str
    office_kind: str
    township_code: str | None
    records: int

    def describe(self) -> str:
        who = self.township_code or "county"
        return f"{self.path} (schema {self.revision}, office {who}, {self.records} records)"


def backup_name(label: str, now: datetime | None = None) -> str:
    """Timestamped file name of a backup; ``label`` says why it was made."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    safe = re.sub(r"[^A-Za-z0-9_.-]+", "-", label).strip("-") or "backup"
    return f"{BACKUP_PREFIX}{stamp}-{safe}{BACKUP_SUFFIX}"


def unique_path(path: Path) -> Path:
    """``path``, or the first free ``name-N`` beside it."""
    if not path.exists():
        return path
    for n in range(2, 1000):
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        if not candidate.exists():
            return candidate
    raise BackupFailedError(f"备份文件名已用尽：{path}", f"No free backup file name near {path}")


def _storage_failure(action_zh: str, action_en: str, path: Path, exc: Exception) -> StorageError:
    """A backup or restore failure with the reason from the one storage classification."""
    known = storage_errors.classify(exc)
    if known is not None and not isinstance(known, storage_errors.StorageFailureError):
        return known
    if isinstance(known, storage_errors.StorageFailureError) and (
        known.kind is not storage_errors.StorageKind.OTHER
    ):
        return BackupFailedError(
            f"{action_zh}失败（{path}）：{known.message_zh}",
            f"{action_en} failed ({path}): {known.message_en}",
        )
    return BackupFailedError(
        f"{action_zh}失败（{path}）：{exc}", f"{action_en} failed ({path}): {exc}"
    )


def _give_up_after(seconds: float) -> Callable[[int, int, int], None]:
    """A backup progress callback that stops a copy kept waiting on a lock.

    Python's ``Connection.backup`` retries a busy or locked database forever; the callback runs
    after every step, and raising there ends the copy.
    """
    deadline = time.monotonic() + seconds

    def progress(status: int, _remaining: int, _total: int) -> None:
        if status in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) and time.monotonic() > deadline:
            busy = sqlite3.OperationalError("database is locked")
            busy.sqlite_errorcode = status
            raise busy

    return progress


def copy_database(source: Path, destination: Path) -> Path:
    """Copy a SQLite database with the backup API into a new single file; returns its path."""
    destination = unique_path(destination)
    ensure_writable(destination.parent)
    with files.atomic_path(destination) as partial:
        try:
            # closing(): a sqlite3 connection's own "with" only commits; Windows cannot rename
            # or delete a file that is still open.
            with (
                closing(_connect(source, False)) as src,
                closing(sqlite3.connect(partial)) as dst,
            ):
                src.backup(dst, progress=_give_up_after(LOCK_TIMEOUT_S))
                dst.execute("PRAGMA journal_mode=DELETE")
                check = dst.execute("PRAGMA quick_check").fetchone()[0]
            if check != "ok":
                raise sqlite3.DatabaseError(f"quick_check: {check}")
        except (sqlite3.Error, OSError) as exc:
            raise _storage_failure("备份数据库", "Backing up the database", source, exc) from exc
    log.info("backed up %s to %s", source, destination)
    return destination


def backup_database(database_file: Path, label: str = "manual", out: Path | None = None) -> Path:
    """Back up an office's database into its ``backups/`` folder (or to ``out``)."""
    if not database_file.exists():
        raise NotADatabaseError(
            f"没有可备份的数据库：{database_file}",
            f"There is no database to back up: {database_file}",
        )
    if out is not None and out.is_dir():
        out = out / backup_name(label)
    target = out or backups_dir(database_file.parent) / backup_name(label)
    return copy_database(database_file, target)


def _connect(path: Path, read_only: bool) -> sqlite3.Connection:
    if read_only:
        uri = path.resolve().as_uri() + "?mode=ro"
        if not Path(f"{path}-wal").exists():
            # immutable: reads a file on read-only media as is (no -shm needed); only safe when
            # no write-ahead log holds newer pages.
            uri += "&immutable=1"
        return sqlite3.connect(uri, uri=True)
    return sqlite3.connect(path)


def inspect_database(path: Path, known_revision: Callable[[str], bool]) -> DatabaseInfo:
    """Check that ``path`` is a Quality Desk database this release can open; describe it.

    ``known_revision`` tells whether a schema revision belongs to this release (the current one
    or an older one). A newer schema raises :class:`SchemaTooNewError`.
    """
    if not path.is_file():
        raise NotADatabaseError(f"文件不存在：{path}", f"No such file: {path}")
    with open(path, "rb") as handle:
        header = handle.read(16)
    if header != b"SQLite format 3\x00":
        raise NotADatabaseError(
            f"{path} 不是质量提升台账的数据库文件（不是 SQLite 文件）。",
            f"{path} is not a Quality Desk database (not a SQLite file).",
        )
    try:
        with closing(_connect(path, read_only=True)) as connection:
            tables = {
                row[0]
                for row in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")
            }
            missing = [t for t in REQUIRED_TABLES if t not in tables]
            if missing:
                raise NotADatabaseError(
                    f"{path} 不是质量提升台账的数据库（缺少表 {'、'.join(missing)}）。",
                    f"{path} is not a Quality Desk database (missing {', '.join(missing)}).",
                )
            revision_row = connection.execute("SELECT version_num FROM alembic_version").fetchone()
            office = connection.execute(
                "SELECT office_kind, township_code FROM installation"
            ).fetchone()
            ledgers = [t for t in tables if t in _LEDGER_TABLES]
            records = sum(
                connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in ledgers
            )
    except sqlite3.DatabaseError as exc:
        raise NotADatabaseError(
            f"{path} 无法读取，文件可能已损坏：{exc}",
            f"{path} cannot be read, it may be damaged: {exc}",
        ) from exc
    if revision_row is None or office is None:
        raise NotADatabaseError(
            f"{path} 是一个未完成初始化的数据库。",
            f"{path} is a database that was never initialised.",
        )
    revision = str(revision_row[0])
    if not known_revision(revision):
        raise SchemaTooNewError(
            f"{path} 由更新版本的质量提升台账创建（结构版本 {revision}），请先升级本软件。",
            f"{path} was written by a newer Quality Desk (schema {revision}); "
            "upgrade the app first.",
        )
    return DatabaseInfo(path, revision, str(office[0]), office[1], int(records))


_LEDGER_TABLES = frozenset(
    (
        "enterprises",
        "inspections",
        "certifications",
        "projects",
        "project_progress",
        "manual_statistics",
    )
)


def restore_into(source: Path, database_file: Path) -> None:
    """Overwrite ``database_file`` with ``source`` through the backup API (WAL-safe).

    The caller has checked ``source`` and closed its own connections to ``database_file``.
    """
    ensure_writable(database_file.parent)
    try:
        with (
            closing(_connect(source, read_only=True)) as src,
            closing(sqlite3.connect(database_file, timeout=LOCK_TIMEOUT_S)) as dst,
        ):
            src.backup(dst, progress=_give_up_after(LOCK_TIMEOUT_S))
            dst.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    except (sqlite3.Error, OSError) as exc:
        raise _storage_failure("恢复数据库", "Restoring the database", database_file, exc) from exc


@dataclass(frozen=True)
class RestoreResult:
    """What a restore did: the file now in place and where the replaced state was saved."""

    restored: DatabaseInfo
    previous_backup: Path | None


def restore_database(
    source: Path, database_file: Path, known_revision: Callable[[str], bool]
) -> RestoreResult:
    """Replace an office's database with a backup, after saving the current state.

    The source is checked first (a Quality Desk database of this or an older schema); the current
    database, if any, is backed up to ``backups/`` with label ``before-restore``.
    """
    source = source.resolve()
    info = inspect_database(source, known_revision)
    if database_file.exists() and source == database_file.resolve():
        raise NotADatabaseError(
            "不能用数据库自身来恢复。", "A database cannot be restored from itself."
        )
    previous = (
        backup_database(database_file, label="before-restore") if database_file.exists() else None
    )
    restore_into(source, database_file)
    return RestoreResult(info, previous)
