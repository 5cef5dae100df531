"""The one classification of storage failures: SQLite result codes, PostgreSQL SQLSTATEs, errno.

Every path that touches the database or the disk — the ORM, SQLAlchemy Core, the raw ``sqlite3``
cursors of the fast sync paths, file writes — ends here when it fails: :func:`classify` turns a
failure the clerk can act on (the database is busy or locked, the medium is read-only, the disk
is full, an I/O error, the file cannot be opened, the file is damaged) into a
:class:`StorageFailureError` with a zh/en message and exit code 2. Anything else is a bug and
:func:`classify` returns ``None``.

The decision is made from the machine-readable code, never from message text (messages differ
between SQLite versions, drivers and languages): ``sqlite3.Error.sqlite_errorcode`` (primary
code = the low byte of the extended code), psycopg's ``sqlstate``, ``OSError.errno``. It is
applied in :meth:`desktop.db.Database.session` and once more at each edge (the command line, the
window), so a path that bypasses the session is classified all the same.
"""

from __future__ import annotations

import errno
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from enum import StrEnum

from desktop.errors import QualityDeskError, StorageError


class StorageKind(StrEnum):
    """What went wrong with the storage, independent of the engine."""

    BUSY = "busy"
    LOCKED = "locked"
    READ_ONLY = "read_only"
    FULL = "full"
    IO = "io"
    CANT_OPEN = "cant_open"
    CORRUPT = "corrupt"
    OTHER = "other"


MESSAGES: dict[StorageKind, tuple[str, str]] = {
    StorageKind.BUSY: (
        "数据库正被另一个程序使用，请先关闭质量提升台账窗口（或其他正在使用它的程序）后重试。",
        "The database is in use by another program. "
        "Close the Quality Desk window (or the other program using it) first and retry.",
    ),
    StorageKind.LOCKED: (
        "数据库被锁定，请先关闭质量提升台账窗口（或其他正在使用它的程序）后重试。",
        "The database is locked. "
        "Close the Quality Desk window (or the other program using it) first and retry.",
    ),
    StorageKind.READ_ONLY: (
        "数据文件夹或数据库是只读的（例如写保护的U盘），无法保存。",
        "The data folder or database is read-only (e.g. a write-protected USB stick); "
        "nothing was saved.",
    ),
    StorageKind.FULL: (
        "磁盘空间已满，无法保存。请清理磁盘后重试，已保存的数据没有丢失。",
        "The disk is full; nothing was saved. Free some space and retry; "
        "the data saved before is intact.",
    ),
    StorageKind.IO: (
        "读写磁盘出错（U盘被拔出或磁盘故障），本次操作没有保存。请检查磁盘后重试。",
        "A disk read/write error (USB stick pulled out, or a failing disk); "
        "nothing was saved. Check the disk and retry.",
    ),
    StorageKind.CANT_OPEN: (
        "无法打开数据库，请检查数据文件夹是否存在、可写，或数据库服务器是否可以连接。",
        "Cannot open the database; check that the data folder exists and is writable, "
        "or that the database server can be reached.",
    ),
    StorageKind.CORRUPT: (
        "数据库文件已损坏，请用“恢复”从备份恢复（backups 文件夹中有自动备份）。",
        "The database file is damaged; restore it from a backup "
        "(automatic backups are in the backups folder).",
    ),
    StorageKind.OTHER: ("数据库错误", "Database error"),
}

SQLITE_KINDS: dict[int, StorageKind] = {
    sqlite3.SQLITE_PERM: StorageKind.READ_ONLY,
    sqlite3.SQLITE_BUSY: StorageKind.BUSY,
    sqlite3.SQLITE_LOCKED: StorageKind.LOCKED,
    sqlite3.SQLITE_READONLY: StorageKind.READ_ONLY,
    sqlite3.SQLITE_IOERR: StorageKind.IO,
    sqlite3.SQLITE_CORRUPT: StorageKind.CORRUPT,
    sqlite3.SQLITE_FULL: StorageKind.FULL,
    sqlite3.SQLITE_CANTOPEN: StorageKind.CANT_OPEN,
    sqlite3.SQLITE_PROTOCOL: StorageKind.BUSY,
    sqlite3.SQLITE_NOTADB: StorageKind.CORRUPT,
}
"""Primary SQLite result codes (https://sqlite.org/rescode.html) the clerk can act on."""

SQLSTATE_KINDS: dict[str, StorageKind] = {
    "53100": StorageKind.FULL,  # disk_full
    "53200": StorageKind.FULL,  # out_of_memory
    "53400": StorageKind.FULL,  # configuration_limit_exceeded
    "55P03": StorageKind.LOCKED,  # lock_not_available
    "40P01": StorageKind.BUSY,  # deadlock_detected
    "40001": StorageKind.BUSY,  # serialization_failure
    "57014": StorageKind.BUSY,  # query_canceled (statement/lock timeout)
    "53300": StorageKind.BUSY,  # too_many_connections
    "25006": StorageKind.READ_ONLY,  # read_only_sql_transaction
    "42501": StorageKind.READ_ONLY,  # insufficient_privilege
    "58030": StorageKind.IO,  # io_error
    "58P01": StorageKind.IO,  # undefined_file
    "XX001": StorageKind.CORRUPT,  # data_corrupted
    "XX002": StorageKind.CORRUPT,  # index_corrupted
    "3D000": StorageKind.CANT_OPEN,  # invalid_catalog_name (no such database)
    "57P01": StorageKind.CANT_OPEN,  # admin_shutdown
    "57P02": StorageKind.CANT_OPEN,  # crash_shutdown
    "57P03": StorageKind.CANT_OPEN,  # cannot_connect_now
}
"""PostgreSQL SQLSTATEs (Appendix A of its manual); classes 08 and 28 are matched by prefix."""

SQLSTATE_CLASS_KINDS: dict[str, StorageKind] = {
    "08": StorageKind.CANT_OPEN,  # connection exception
    "28": StorageKind.CANT_OPEN,  # invalid authorization specification
}

ERRNO_KINDS: dict[int, StorageKind] = {
    errno.ENOSPC: StorageKind.FULL,
    errno.EDQUOT: StorageKind.FULL,
    errno.EROFS: StorageKind.READ_ONLY,
    errno.EACCES: StorageKind.READ_ONLY,
    errno.EPERM: StorageKind.READ_ONLY,
    errno.EIO: StorageKind.IO,
    errno.ENXIO: StorageKind.IO,
    errno.ENODEV: StorageKind.IO,
}


class StorageFailureError(StorageError):
    """A classified storage failure; ``kind`` says which, ``code`` the engine's own code."""

    def __init__(
        self, kind: StorageKind, code: str | None = None, detail: str = "", where: str = ""
    ) -> None:
        zh, en = MESSAGES[kind]
        place_zh = f"（{where}）" if where else ""
        place_en = f" ({where})" if where else ""
        if kind is StorageKind.OTHER:
            zh, en = f"{zh}{place_zh}：{detail}", f"{en}{place_en}: {detail}"
        else:
            zh, en = f"{zh}{place_zh}", f"{en}{place_en}"
        super().__init__(zh, en)
        self.kind = kind
        self.code = code
        self.detail = detail


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """``exc``, the driver error SQLAlchemy wraps (``orig``), and their causes."""
    seen: set[int] = set()
    todo: list[BaseException] = [exc]
    while todo and len(seen) < 16:
        current = todo.pop(0)
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        orig = getattr(current, "orig", None)
        if isinstance(orig, BaseException):
            todo.append(orig)
        if current.__cause__ is not None:
            todo.append(current.__cause__)


def sqlite_kind(code: int | None) -> StorageKind | None:
    """The kind of a SQLite (extended) result code, or None when the clerk cannot fix it."""
    if code is None:
        return None
    return SQLITE_KINDS.get(code & 0xFF)


def sqlstate_kind(sqlstate: str | None) -> StorageKind | None:
    """The kind of a PostgreSQL SQLSTATE, or None."""
    if not sqlstate:
        return None
    return SQLSTATE_KINDS.get(sqlstate) or SQLSTATE_CLASS_KINDS.get(sqlstate[:2])


def _is_operational(exc: BaseException) -> bool:
    from sqlalchemy.exc import OperationalError

    return isinstance(exc, OperationalError | sqlite3.OperationalError)


def classify(exc: BaseException, where: str = "") -> StorageError | None:
    """The storage failure ``exc`` stands for, or ``None`` when it is not one (a bug).

    ``where`` (a file or the database) is named in the message when given.
    """
    if isinstance(exc, QualityDeskError) and not isinstance(exc, StorageError):
        return None  # already a message for the clerk (its cause is only context)
    for cause in _causes(exc):
        if isinstance(cause, StorageError):
            return cause
        detail = str(cause)
        if isinstance(cause, sqlite3.Error):
            code = getattr(cause, "sqlite_errorcode", None)
            kind = sqlite_kind(code)
            if kind is not None:
                name = getattr(cause, "sqlite_errorname", None) or str(code)
                return StorageFailureError(kind, name, detail, where)
        sqlstate = getattr(cause, "sqlstate", None)
        if isinstance(sqlstate, str):
            kind = sqlstate_kind(sqlstate)
            if kind is not None:
                return StorageFailureError(kind, sqlstate, detail, where)
        if isinstance(cause, OSError) and cause.errno is not None:
            kind = ERRNO_KINDS.get(cause.errno)
            if kind is not None:
                return StorageFailureError(
                    kind, errno.errorcode.get(cause.errno), detail, where or (cause.filename or "")
                )
    # A driver-level operational failure without a code we know (a connection refused before
    # any SQLSTATE, a closed database): the environment, not a bug in the ledger.
    for cause in _causes(exc):
        if _is_operational(cause):
            driver = getattr(cause, "orig", None) or cause
            if type(driver).__module__.startswith("psycopg") and not getattr(
                driver, "sqlstate", None
            ):  # refused before the server said anything: no server, or no such database
                return StorageFailureError(StorageKind.CANT_OPEN, None, str(driver), where)
            return StorageFailureError(StorageKind.OTHER, None, str(driver), where)
    return None


@contextmanager
def translated(where: str = "") -> Iterator[None]:
    """Re-raise storage failures inside the block as :class:`StorageError`; others unchanged."""
    try:
        yield
    except QualityDeskError:
        raise
    except Exception as exc:
        failure = classify(exc, where)
        if failure is None:
            raise
        raise failure from exc
