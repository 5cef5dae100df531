"""Where this office's data lives: one place resolves the folder, with overrides for tests.

Order: an explicit ``--data-dir``, then ``QUALITY_DESK_HOME``, then portable mode (a file named
``portable.txt`` beside the executable keeps data *and* settings beside it, for USB sticks), then
the platform's user data folder.

Portable layout (beside ``quality-desk.exe``)::

    portable.txt            the marker (its content is ignored)
    data/                   the data folder: database, backups/, logs/, ui-settings.ini

Read-only media (a write-protected USB stick, a CD, a folder without write permission) cannot
hold a database: :func:`ensure_writable` says so clearly instead of failing deep inside SQLite.
"""

from __future__ import annotations

import errno
import os
import sys
import tempfile
from pathlib import Path

import platformdirs

from desktop.errors import StorageError

ENV_HOME = "QUALITY_DESK_HOME"
PORTABLE_MARKER = "portable.txt"
PORTABLE_DATA_DIRNAME = "data"
DB_FILENAME = "quality-desk.sqlite3"
BACKUPS_DIRNAME = "backups"


class ReadOnlyLocationError(StorageError):
    """The data folder is on read-only media or lacks write permission."""


def executable_dir() -> Path:
    """Folder of the frozen executable, or of the source tree when not frozen."""
    if getattr(sys, "frozen", False):
        return Path(sys.executable).resolve().parent
    return Path(__file__).resolve().parent.parent


def is_portable() -> bool:
    """True when the portable marker file stands beside the executable."""
    return (executable_dir() / PORTABLE_MARKER).exists()


def portable_data_dir() -> Path:
    """The data folder of portable mode (beside the executable)."""
    return executable_dir() / PORTABLE_DATA_DIRNAME


def resolve_data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Return the data folder for this run (not created here)."""
    if explicit:
        return Path(explicit).expanduser().resolve()
    env = os.environ.get(ENV_HOME)
    if env:
        return Path(env).expanduser().resolve()
    if is_portable():
        return portable_data_dir()
    return Path(platformdirs.user_data_dir("QualityDesk", appauthor=False, roaming=False))


def database_path(data_dir: Path) -> Path:
    """The SQLite file inside a data folder."""
    return data_dir / DB_FILENAME


def logs_dir(data_dir: Path) -> Path:
    """Folder for crash and error logs."""
    return data_dir / "logs"


def backups_dir(data_dir: Path) -> Path:
    """Folder for database backups (automatic before upgrades, and ``quality-desk backup``)."""
    return data_dir / BACKUPS_DIRNAME


def _read_only_error(folder: Path, reason: str) -> ReadOnlyLocationError:
    if is_portable() and folder.resolve().is_relative_to(executable_dir()):
        return ReadOnlyLocationError(
            f"便携版所在的位置是只读的（例如U盘的写保护开关已打开，或在光盘上）：{folder}。"
            "请关闭U盘写保护，或把整个程序文件夹复制到电脑上再运行。",
            f"The portable copy is on read-only media (write-protected USB stick or a CD): "
            f"{folder}. Turn off the stick's write protection, or copy the whole program folder "
            "to the PC and run it from there.",
        )
    return ReadOnlyLocationError(
        f"数据文件夹是只读的，无法保存数据：{folder}（{reason}）。"
        "请检查U盘写保护或文件夹权限，或用 --data-dir 指定一个可写的文件夹。",
        f"The data folder is read-only, nothing can be saved: {folder} ({reason}). "
        "Check the USB stick's write protection or the folder's permissions, or choose a "
        "writable folder with --data-dir.",
    )


_READ_ONLY_ERRNOS = {errno.EROFS, errno.EACCES, errno.EPERM}


def ensure_writable(folder: Path) -> None:
    """Create ``folder`` if needed and prove a file can be written there.

    A probe file is written and removed, because on Windows the permission bits do not reveal a
    write-protected stick. Raises :class:`ReadOnlyLocationError` with a clear zh/en message.
    """
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, probe = tempfile.mkstemp(prefix=".quality-desk-write-test-", dir=folder)
        try:
            os.write(handle, b"ok")
        finally:
            os.close(handle)
            os.unlink(probe)
    except OSError as exc:
        if exc.errno in _READ_ONLY_ERRNOS or isinstance(exc, PermissionError):
            raise _read_only_error(folder, exc.strerror or str(exc)) from exc
        raise StorageError(
            f"无法使用数据文件夹 {folder}：{exc.strerror or exc}",
            f"Cannot use the data folder {folder}: {exc.strerror or exc}",
        ) from exc
